"""The claims registry: levels, sources and claims loaded from claims/ and checked against each other.

Every problem carries the file, line and column of the value at fault, so an editor can jump to it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlnodes
from .problems import Problem
from .sourcefile import read_text, relative
from .wording import check_wording

LEVELS_FILE = "levels.yml"
SOURCES_FILE = "sources.yml"
POLICY_FILE = "policy.yml"
OMITTED_DIR = "omitted"
SPECIAL_FILES = {LEVELS_FILE, SOURCES_FILE, POLICY_FILE}

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
URL_RE = re.compile(r"https?://[^\s<>\"']+\Z")
DOI_RE = re.compile(r"10\.\d{4,9}/\S+\Z")
PMID_RE = re.compile(r"\d{1,9}\Z")
NCT_RE = re.compile(r"NCT\d{8}\Z")
HTML_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#|\bon[a-z]{3,}\s*=", re.I)
MD_LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^\s>()]*(?:\([^\s()]*\)[^\s>()]*)*)")
REFERENCE_RE = re.compile(r"\{\s*claim\s*:", re.I)
PLAIN_LABEL_RE = re.compile(r"[^<>{}\[\]\"`*_|\\]+\Z")


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    meaning: str
    rank: int
    accepts: tuple[str, ...]
    icon: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: str
    level_hint: str
    verified_at: tuple[str, ...]
    authors: str = ""
    container: str = ""
    year: int | None = None
    doi: str = ""
    pmid: str = ""
    nct: str = ""
    url: str = ""
    supports: str = ""

    def link(self) -> str:
        """Where a reader can check the source: DOI, then PubMed, then the trial registry, else the URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.nct:
            return f"https://clinicaltrials.gov/study/{self.nct}"
        return self.url


@dataclass(frozen=True)
class Claim:
    id: str
    statement: str
    level: str
    sources: tuple[str, ...]
    reviewed: dt.date
    path: str
    line: int
    column: int
    note: str = ""
    reviewed_at: tuple[int, int] = (0, 0)  # line and column of the `reviewed` value


@dataclass(frozen=True)
class Omission:
    seed: str
    section: str
    text: str
    reason: str
    path: str
    line: int


@dataclass
class Registry:
    levels: dict[str, Level] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    omissions: list[Omission] = field(default_factory=list)
    review_months: int = 12
    source_lines: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    claim_lines: dict[str, tuple[str, int]] = field(default_factory=dict)  # every claim id seen, valid or not

    def levels_by_strength(self) -> list[Level]:
        return sorted(self.levels.values(), key=lambda lv: -lv.rank)


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


# Field tables: name -> (python types, required). Unknown keys are errors (a misspelt key must not pass).
LEVEL_FIELDS = {"id": (str, True), "label": (str, True), "meaning": (str, True), "rank": (int, True),
                "accepts": (list, True), "icon": (str, False)}
SOURCE_FIELDS = {"id": (str, True), "kind": (str, True), "title": (str, True), "level_hint": (str, True),
                 "verified_at": (list, True), "authors": (str, False), "container": (str, False),
                 "year": (int, False), "doi": (str, False), "pmid": ((str, int), False), "nct": (str, False),
                 "url": (str, False), "supports": (str, False)}
CLAIM_FIELDS = {"id": (str, True), "statement": (str, True), "level": (str, True), "sources": (list, True),
                "reviewed": (dt.date, True), "note": (str, False)}
OMISSION_FIELDS = {"seed": (str, True), "section": (str, True), "text": (str, True), "reason": (str, True)}
POLICY_FIELDS = {"review_interval_months": (int, True)}

TYPE_WORDS = {str: "text", int: "a whole number", list: "a list", dt.date: "a date (YYYY-MM-DD)"}


class _Loader:
    """Loads one claims folder, collecting every problem instead of stopping at the first."""

    def __init__(self, root: Path, claims_dir: Path):
        self.root, self.claims_dir = root, claims_dir
        self.problems: list[Problem] = []
        self.registry = Registry()
        self.broken: set[str] = set()  # files that could not be read: don't blame every claim for them

    def problem(self, path: str, line: int, column: int, rule: str, message: str, severity="error") -> None:
        self.problems.append(Problem(path, line, column, rule, message, severity))

    def read_list(self, path: Path) -> tuple[str, list[yamlnodes.Node]]:
        """The top-level list of a file, or no entries after reporting why not."""
        shown = relative(path, self.root)
        self.broken.add(path.name)
        text, problem = read_text(path, shown)
        if problem:
            self.problems.append(problem)
            return shown, []
        if not text.strip():
            self.problem(shown, 1, 1, "yaml-error", "the file is empty; add a YAML list of entries or delete the file")
            return shown, []
        try:
            root = yamlnodes.load(text)
        except yamlnodes.YamlProblem as exc:
            self.problem(shown, exc.line, exc.column, "yaml-error", exc.message)
            return shown, []
        if root.kind != "list":
            self.problem(shown, root.line, root.column, "yaml-error",
                         "the file must be a YAML list of entries, each starting with '- id:'; make each entry a list item")
            return shown, []
        self.broken.discard(path.name)
        return shown, root.value

    def fields(self, shown: str, node: yamlnodes.Node, table: dict, rule: str, what: str) -> dict | None:
        """Check an entry against its field table; return plain values of the well-typed fields."""
        if node.kind != "map":
            self.problem(shown, node.line, node.column, rule, f"each {what} must be a mapping of fields; write '- id: ...' with fields below it")
            return None
        ident = node.value.get("id")
        name = f"{what} '{ident.value}'" if ident is not None and isinstance(ident.value, str) else f"this {what}"
        values = {}
        for key, value in node.value.items():
            if key not in table:
                keynode = node.keys[key]
                known = ", ".join(table)
                self.problem(shown, keynode.line, keynode.column, rule,
                             f"{name} has an unknown field '{key}'; {did_you_mean(key, table)}allowed fields are: {known}")
                continue
            types, _ = table[key]
            if value.kind == "list" and (types is list or (isinstance(types, tuple) and list in types)):
                values[key] = value
            elif value.kind == "scalar" and not isinstance(value.value, bool) and _is(value.value, types):
                values[key] = value
            else:
                want = TYPE_WORDS.get(types, "text") if not isinstance(types, tuple) else "text"
                self.problem(shown, value.line, value.column, rule,
                             f"{name}: '{key}' must be {want}; write {key}: followed by {want}")
        for key, (_, required) in table.items():
            if required and key not in node.value:
                self.problem(shown, node.line, node.column, rule, f"{name} has no '{key}'; add {key}: to it")
        return values

    def string_list(self, shown: str, node: yamlnodes.Node, name: str, key: str, rule: str) -> list[tuple[str, yamlnodes.Node]]:
        items = []
        for item in node.value:
            if item.kind != "scalar" or not isinstance(item.value, str) or not item.value.strip():
                self.problem(shown, item.line, item.column, rule, f"{name}: each entry of '{key}' must be text; write it as a list of words")
            else:
                items.append((item.value, item))
        if not node.value:
            self.problem(shown, node.line, node.column, rule, f"{name}: '{key}' is empty; list at least one entry")
        return items


def _is(value, types) -> bool:
    if types is dt.date:
        return isinstance(value, dt.date)
    return isinstance(value, types)


def _text_problems(text: str, what: str) -> list[tuple[int, str]]:
    """Offsets and messages for what patient-facing text from YAML may not contain."""
    found = []
    if (m := REFERENCE_RE.search(text)) is not None:
        found.append((m.start(), f"{what} contains a claim reference; write the words out, claims cannot nest"))
    if (m := HTML_RE.search(text)) is not None:
        found.append((m.start(), f"{what} contains raw HTML; write plain text with Markdown only"))
    for m in MD_LINK_TARGET_RE.finditer(text):
        if not URL_RE.match(m.group(1)):
            found.append((m.start(1), f"{what} links to '{m.group(1)}'; only http(s) links are allowed, write the full https:// address"))
    return found


class RegistryLoader(_Loader):
    def load(self) -> Registry:
        self.load_policy()
        self.load_levels()
        self.load_sources()
        for path in sorted(self.claims_dir.glob("*.y*ml")):
            if path.name not in SPECIAL_FILES and path.suffix in (".yml", ".yaml"):
                self.load_claims(path)
        for path in sorted((self.claims_dir / OMITTED_DIR).glob("*.y*ml")):
            self.load_omissions(path)
        return self.registry

    def load_policy(self) -> None:
        path = self.claims_dir / POLICY_FILE
        if not path.exists():
            return
        shown = relative(path, self.root)
        text, problem = read_text(path, shown)
        if problem:
            self.problems.append(problem)
            return
        try:
            node = yamlnodes.load(text)
        except yamlnodes.YamlProblem as exc:
            self.problem(shown, exc.line, exc.column, "yaml-error", exc.message)
            return
        values = self.fields(shown, node, POLICY_FIELDS, "invalid-policy", "policy")
        if values and "review_interval_months" in values:
            months = values["review_interval_months"]
            if not 1 <= months.value <= 60:
                self.problem(shown, months.line, months.column, "invalid-policy",
                             "review_interval_months must be between 1 and 60; set a whole number of months")
            else:
                self.registry.review_months = months.value

    def load_levels(self) -> None:
        path = self.claims_dir / LEVELS_FILE
        if not path.exists():
            self.problem(relative(path, self.root), 1, 1, "invalid-level", "the evidence scale is missing; create claims/levels.yml")
            self.broken.add(LEVELS_FILE)
            return
        shown, entries = self.read_list(path)
        ranks: dict[int, str] = {}
        for node in entries:
            values = self.fields(shown, node, LEVEL_FIELDS, "invalid-level", "level")
            if not values or not {"id", "label", "meaning", "rank", "accepts"} <= values.keys():
                continue
            ident = values["id"].value
            for key in ("label", "icon"):
                if key in values and not PLAIN_LABEL_RE.match(values[key].value):
                    v = values[key]
                    self.problem(shown, v.line, v.column, "invalid-level",
                                 f"level '{ident}': '{key}' must be plain text; remove <, >, {{, }}, [, ], quotes and Markdown marks")
            if ident in self.registry.levels:
                self.problem(shown, node.line, node.column, "duplicate-level", f"level '{ident}' is defined twice; keep one")
                continue
            rank = values["rank"].value
            if rank in ranks:
                self.problem(shown, values["rank"].line, values["rank"].column, "invalid-level",
                             f"level '{ident}' has the same rank as '{ranks[rank]}'; give each level its own rank")
            ranks[rank] = ident
            accepts = tuple(v for v, _ in self.string_list(shown, values["accepts"], f"level '{ident}'", "accepts", "invalid-level"))
            self.registry.levels[ident] = Level(
                ident, values["label"].value, values["meaning"].value, rank, accepts,
                values["icon"].value if "icon" in values else "",
            )

    def load_sources(self) -> None:
        path = self.claims_dir / SOURCES_FILE
        if not path.exists():
            self.problem(relative(path, self.root), 1, 1, "invalid-source", "the source list is missing; create claims/sources.yml")
            self.broken.add(SOURCES_FILE)
            return
        shown, entries = self.read_list(path)
        kinds = {k for level in self.registry.levels.values() for k in level.accepts}
        for node in entries:
            values = self.fields(shown, node, SOURCE_FIELDS, "invalid-source", "source")
            if not values or "id" not in values:
                continue
            ident = values["id"].value
            name = f"source '{ident}'"
            ok = {"id", "kind", "title", "level_hint", "verified_at"} <= values.keys()
            if ident in self.registry.sources or ident in self.registry.source_lines:
                first = self.registry.source_lines[ident]
                self.problem(shown, node.line, node.column, "duplicate-source",
                             f"{name} is defined twice (first at {first[0]}:{first[1]}); keep one")
                continue
            self.registry.source_lines[ident] = (shown, node.line, node.column)
            if not ID_RE.match(ident):
                v = values["id"]
                self.problem(shown, v.line, v.column, "invalid-source", f"{name}: ids are lowercase words joined by hyphens; rename it")
            ok &= self._check_source_fields(shown, name, values, kinds)
            if ok:
                plain = {k: v.value for k, v in values.items() if v.kind == "scalar"}
                plain["pmid"] = str(plain.get("pmid", ""))
                plain["verified_at"] = tuple(v for v, _ in self.string_list(shown, values["verified_at"], name, "verified_at", "invalid-source"))
                self.registry.sources[ident] = Source(**plain)

    def _check_source_fields(self, shown, name, values, kinds) -> bool:
        ok = True
        checks = (("url", URL_RE, "only http(s) addresses are allowed; write the full https:// address"),
                  ("doi", DOI_RE, "a DOI looks like 10.1234/abc; write it without https://doi.org/"),
                  ("pmid", PMID_RE, "a PMID is digits only; write just the number"),
                  ("nct", NCT_RE, "an NCT number is NCT and 8 digits; write it like NCT01234567"))
        for key, pattern, fix in checks:
            if key in values and not pattern.match(str(values[key].value)):
                v = values[key]
                self.problem(shown, v.line, v.column, "invalid-source", f"{name}: '{key}' value '{v.value}' is not valid; {fix}")
                ok = False
        for key in ("title", "authors", "container", "supports"):
            if key in values and HTML_RE.search(values[key].value):
                v = values[key]
                self.problem(shown, v.line, v.column, "invalid-source", f"{name}: '{key}' contains raw HTML; write plain text")
                ok = False
        if "kind" in values and kinds and values["kind"].value not in kinds:
            v = values["kind"]
            self.problem(shown, v.line, v.column, "invalid-source",
                         f"{name}: kind '{v.value}' is not accepted by any level; {did_you_mean(v.value, kinds)}use one of: {', '.join(sorted(kinds))}")
            ok = False
        if "level_hint" in values and values["level_hint"].value not in self.registry.levels:
            v = values["level_hint"]
            self.problem(shown, v.line, v.column, "unknown-level",
                         f"{name}: level_hint '{v.value}' is not a level; {did_you_mean(v.value, self.registry.levels)}use one of: {', '.join(self.registry.levels)}")
            ok = False
        return ok

    def load_claims(self, path: Path) -> None:
        shown, entries = self.read_list(path)
        for node in entries:
            values = self.fields(shown, node, CLAIM_FIELDS, "invalid-claim", "claim")
            if not values or "id" not in values:
                continue
            ident = values["id"].value
            name = f"claim '{ident}'"
            if ident in self.registry.claim_lines:
                first = self.registry.claim_lines[ident]
                self.problem(shown, node.line, node.column, "duplicate-claim",
                             f"{name} is already defined at {first[0]}:{first[1]}; rename one or merge them")
                continue
            ok = {"id", "statement", "level", "sources", "reviewed"} <= values.keys()
            self.registry.claim_lines.setdefault(ident, (shown, node.line))
            if not ID_RE.match(ident):
                v = values["id"]
                self.problem(shown, v.line, v.column, "invalid-claim",
                             f"{name}: ids are lowercase words joined by hyphens, like hair-regrowth-claim; rename it")
                ok = False
            for key in ("statement", "note"):
                if key in values:
                    ok &= self._check_text(shown, name, key, values[key], required=key == "statement")
            if "level" in values:
                ok &= self._check_level(shown, name, values["level"])
            if "sources" in values:
                sources = self.string_list(shown, values["sources"], name, "sources", "invalid-claim")
                ok &= bool(sources) and self._check_sources(shown, name, sources)
                if ok and "level" in values:
                    self._check_support(shown, name, values["level"], [s for s, _ in sources])
            if ok:
                statement = values["statement"]
                for issue in check_wording(statement.value, values["level"].value):
                    self.problem(shown, statement.line, statement.column, "wording-level", f"{name}: {issue.message}")
            if ok:
                self.registry.claims[ident] = Claim(
                    ident, " ".join(values["statement"].value.split()), values["level"].value,
                    tuple(s for s, _ in sources), values["reviewed"].value, shown, node.line, node.column,
                    " ".join(values["note"].value.split()) if "note" in values else "",
                    (values["reviewed"].line, values["reviewed"].column),
                )

    def _check_text(self, shown, name, key, node, required) -> bool:
        if required and not node.value.strip():
            self.problem(shown, node.line, node.column, "invalid-claim", f"{name}: '{key}' is empty; write the sentence patients will read")
            return False
        ok = True
        for offset, message in _text_problems(node.value, f"{name}: '{key}'"):
            rule = "unsafe-link" if "link" in message else "invalid-claim"
            self.problem(shown, node.line, node.column, rule, message)
            ok = False
        return ok

    def _check_level(self, shown, name, node) -> bool:
        if node.value in self.registry.levels:
            return True
        if LEVELS_FILE in self.broken:
            return False
        self.problem(shown, node.line, node.column, "unknown-level",
                     f"{name}: level '{node.value}' is not on the evidence scale; "
                     f"{did_you_mean(node.value, self.registry.levels)}use one of: {', '.join(self.registry.levels)}")
        return False

    def _check_sources(self, shown, name, sources) -> bool:
        ok = True
        for source, node in sources:
            if source not in self.registry.sources:
                ok = False
                if source in self.registry.source_lines or SOURCES_FILE in self.broken:
                    continue  # the source exists but is itself invalid; its own problem says why
                self.problem(shown, node.line, node.column, "unknown-source",
                             f"{name} cites '{source}', which is not in claims/sources.yml; "
                             f"{did_you_mean(source, self.registry.sources)}add the source (with its verified_at pages) or fix the id")
        return ok

    def _check_support(self, shown, name, level_node, source_ids) -> None:
        """A level needs a source of a kind it accepts, and no claim may outrank every source's level_hint."""
        level = self.registry.levels[level_node.value]
        cited = [self.registry.sources[s] for s in source_ids]
        if not any(s.kind in level.accepts for s in cited):
            kinds = ", ".join(sorted({s.kind for s in cited}))
            self.problem(shown, level_node.line, level_node.column, "level-unsupported",
                         f"{name} is '{level.id}' but cites only {kinds}; cite a source of kind {', '.join(level.accepts)} or lower the level")
        best = max(self.registry.levels[s.level_hint].rank for s in cited)
        if level.rank > best:
            self.problem(shown, level_node.line, level_node.column, "level-above-sources",
                         f"{name} is '{level.id}' but its sources support at most "
                         f"'{next(lv.id for lv in self.registry.levels.values() if lv.rank == best)}'; lower the level or cite a stronger source")

    def load_omissions(self, path: Path) -> None:
        shown, entries = self.read_list(path)
        for node in entries:
            values = self.fields(shown, node, OMISSION_FIELDS, "invalid-omission", "omitted statement")
            if values and len(values) == len(OMISSION_FIELDS):
                self.registry.omissions.append(Omission(**{k: v.value for k, v in values.items()}, path=shown, line=node.line))


def load_levels(root: Path, claims_dir: Path) -> dict[str, Level]:
    """The evidence scale alone (its problems are reported with the whole registry): it names the register's pages."""
    loader = RegistryLoader(root, claims_dir)
    if claims_dir.is_dir():
        loader.load_levels()
    return loader.registry.levels


def load_registry(root: Path, claims_dir: Path) -> tuple[Registry, list[Problem]]:
    """Load and cross-check claims/; problems are collected, never raised."""
    loader = RegistryLoader(root, claims_dir)
    if not claims_dir.is_dir():
        loader.problem(relative(claims_dir, root), 1, 1, "missing-registry", "the claims folder does not exist; create it with levels.yml and sources.yml")
        return loader.registry, loader.problems
    registry = loader.load()
    return registry, loader.problems
