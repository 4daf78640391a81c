"""Check that a registry claim is worded no more strongly than its evidence level allows.

A claim seen only in mice must say so; a clinic's promise must be shown as the clinic's. The
rules and the example claims that pin them down live in rules/wording.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .folding import UPPERCASE_RE, fold
from .yamlnodes import SAFE_LOADER

RULES_FILE = Path(__file__).with_name("rules") / "wording.yml"
FLAGS = re.VERBOSE
REQUIRED_KEYS = {"id", "levels", "message", "advice", "flag", "pass"}
RULE_KEYS = REQUIRED_KEYS | {"forbid", "require", "allowed_after", "quoted_at"}
LOOK_BACK = 40  # characters before a forbidden word that `allowed_after` may inspect
NOT_PROSE_RE = re.compile(r"\]\([^)\n]*\)|<[^<>\n]*>|\bhttps?://\S+")  # link targets, HTML tags, URLs
QUOTED_RE = re.compile(r'"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’')


@dataclass(frozen=True)
class WordingIssue:
    rule: str      # sub-rule id from the data, e.g. "absolute-below-established"
    start: int     # offset in the statement of the offending phrase (0 if it is about a missing phrase)
    message: str   # complete sentence ending with a suggested rewording


@dataclass(frozen=True)
class Rule:
    id: str
    levels: frozenset[str]
    forbid: re.Pattern | None
    require: re.Pattern | None
    allowed_after: re.Pattern | None  # e.g. a negation just before a forbidden word
    quoted_at: frozenset[str]         # levels where a quoted match is the seller's word, if attributed
    attribution: re.Pattern
    message: str
    advice: dict[str, str]

    def issues(self, text: str, level: str) -> list[WordingIssue]:
        if self.require is not None:
            return [] if self.require.search(text) else [self._issue(0, "", level)]
        return [self._issue(m.start(), m.group(), level) for m in self.forbid.finditer(text)
                if not self._negated(text, m.start()) and not self._quoted(text, m, level)]

    def _negated(self, text: str, start: int) -> bool:
        before = max(0, start - LOOK_BACK)
        return self.allowed_after is not None and self.allowed_after.search(text, before, start) is not None

    def _quoted(self, text: str, match: re.Match, level: str) -> bool:
        """Inside quotation marks in a statement attributed to its sellers: their word, not ours."""
        if level not in self.quoted_at:
            return False
        inside = any(q.start() < match.start() and match.end() < q.end() for q in QUOTED_RE.finditer(text))
        return inside and self.attribution.search(text) is not None

    def _issue(self, start: int, phrase: str, level: str) -> WordingIssue:
        message = self.message.format(phrase=" ".join(phrase.split()), level=level)
        return WordingIssue(self.id, start, f"{message[0].upper()}{message[1:]}; {self.advice[level]}")


@dataclass(frozen=True)
class WordingRules:
    levels: tuple[str, ...]
    rules: tuple[Rule, ...]


def check_wording(statement: str, level: str) -> list[WordingIssue]:
    """Every way `statement` overstates the evidence at `level`, in order of offset."""
    if level not in RULES.levels:
        raise ValueError(f"unknown evidence level {level!r}; expected one of {', '.join(RULES.levels)}")
    text = fold(_prose(statement))
    issues = [issue for rule in RULES.rules if level in rule.levels for issue in rule.issues(text, level)]
    return sorted(issues, key=lambda issue: issue.start)


def _prose(statement: str) -> str:
    """The statement with link targets, URLs and tags blanked, so 'example.com/cure' is not a word of it."""
    if "](" not in statement and "<" not in statement and "://" not in statement:
        return statement
    return NOT_PROSE_RE.sub(lambda m: " " * len(m.group()), statement)


def load_rules(path: Path = RULES_FILE) -> WordingRules:
    """Compile the rule file; a malformed file is our own bug, so it raises ValueError at import."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    levels = tuple(data["levels"])
    attribution = _compile(data["attribution"], "", "attribution")
    return WordingRules(levels, tuple(_rule(raw, levels, attribution) for raw in data["rules"]))


def _rule(raw: dict, levels: tuple[str, ...], attribution: re.Pattern) -> Rule:
    where = f"wording rule {raw.get('id')!r}"
    if not REQUIRED_KEYS <= set(raw) <= RULE_KEYS or ("forbid" in raw) == ("require" in raw):
        raise ValueError(f"{where}: needs {sorted(REQUIRED_KEYS)} and one of forbid/require; has {sorted(raw)}")
    unknown = (set(raw["levels"]) | set(raw.get("quoted_at", ())) | set(raw["advice"])) - set(levels)
    if unknown or set(raw["levels"]) - set(raw["advice"]):
        raise ValueError(f"{where}: unknown levels {sorted(unknown)}, or a level without advice")
    forbid, require, allowed_after = (_compile(raw[key], attribution, where) if key in raw else None
                                      for key in ("forbid", "require", "allowed_after"))
    quoted_at = frozenset(raw.get("quoted_at", ()))
    message = " ".join(raw["message"].split())
    return Rule(raw["id"], frozenset(raw["levels"]), forbid, require, allowed_after, quoted_at, attribution, message,
                raw["advice"])


def _compile(pattern: str, attribution: re.Pattern | str, where: str) -> re.Pattern:
    """Compile a lower-case pattern; {attribution} stands for the attribution pattern."""
    if UPPERCASE_RE.search(pattern):
        raise ValueError(f"{where}: write patterns in lower case (statements are lower-cased): {pattern!r}")
    expanded = pattern.replace("{attribution}", f"(?:{getattr(attribution, 'pattern', attribution)}\n)")
    try:
        return re.compile(expanded, FLAGS)
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern {pattern!r}: {exc}") from exc


RULES = load_rules()
