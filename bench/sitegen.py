"""Synthetic sites for the benchmark: N realistic pages, 5 claims per page, 10 references per page.

Each site is written twice from one description:
- `hook/`: pages with `{claim:ID}` references, a claims/ registry and the claims hook in mkdocs.yml;
- `plain/`: the same pages as the hook hands them to MkDocs (references expanded, profile and footer added)
  plus the files the hook generates (register pages, claims.json) as ordinary files, and no hook. `plain/` is
  filled from what the hook itself produced in a recorded run of MkDocs' build steps (mkdocs_timed.py record),
  so both builds render the same Markdown and their difference is only the hook's own work.

claims/levels.yml and claims/sources.yml are copied from the real project; claim statements follow the
per-level wording of the real registry, and every source is cited so the site is clean under --strict.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

import prose

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hooks" / "claims_hook.py"
CLAIMS_PER_PAGE = 5
PAGES_PER_TOPIC = 100
MIN_TOPICS = 4
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)
REFERENCE_RE = re.compile(r"\{claim:[a-z0-9-]+\}")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# The share of claims at each level, and how a statement at that level is worded.
LEVEL_MIX = [("marketing", 4), ("early-trial", 3), ("preclinical", 2), ("established", 1)]
STATEMENTS = {
    "marketing": [
        "Clinics advertise that exosome treatment {n} regrows hair within a few weeks.",
        "Clinics advertise that exosome injections {n} ease joint stiffness.",
        "Clinics advertise that exosome facial {n} makes skin look younger.",
    ],
    "early-trial": [
        "In one small uncontrolled study ({n}), people treated with exosomes had slightly denser hair after six months.",
        "In one small uncontrolled study ({n}), some people reported less back stiffness after exosome injections.",
    ],
    "preclinical": [
        "In lab studies ({n}), exosomes from stem cells made hair follicle cells multiply in a dish.",
        "In lab studies ({n}), exosomes reduced signs of joint inflammation in mice.",
    ],
    "established": [
        "The regulator says no exosome product is approved to treat any disease (entry {n}).",
        "The regulator says exosome products sold to treat diseases need premarket review (entry {n}).",
    ],
}
NOTES = [
    "A review found mostly lab and animal studies, and only a few small studies in people.",
    "No controlled trial has tested this in people.",
    "",
]


@dataclass(frozen=True)
class Size:
    pages: int

    @property
    def topics(self) -> int:
        return max(MIN_TOPICS, self.pages // PAGES_PER_TOPIC)

    def topic_of(self, page: int) -> int:
        return page * self.topics // self.pages

    def uri(self, page: int) -> str:
        return f"topic-{self.topic_of(page):02d}/page-{page:04d}.md"

    def claim_id(self, page: int, k: int) -> str:
        return f"topic-{self.topic_of(page):02d}-page-{page:04d}-claim-{k}"


def title(page: int) -> str:
    rng = random.Random(page)
    return f"{rng.choice(prose.TITLE_WORDS).capitalize()} {rng.choice(prose.TITLE_KINDS)}, part {page}"


def _sentence(rng: random.Random) -> str:
    text = rng.choice(prose.SENTENCES)
    if rng.random() < 0.5:
        return text
    return rng.choice(prose.OPENERS).format(town=rng.choice(prose.TOWNS)) + text[0].lower() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _link(from_uri: str, to_uri: str) -> str:
    depth = from_uri.count("/")
    return "../" * depth + to_uri


def page_markdown(size: Size, page: int, reviewed: dt.date) -> str:
    """About 600 words: headings, lists, a table, admonitions, links, and 10 claim references."""
    rng = random.Random(page * 7919)
    uri = size.uri(page)
    own = [size.claim_id(page, k) for k in range(CLAIMS_PER_PAGE)]
    nxt = [size.claim_id((page + 1) % size.pages, k) for k in range(CLAIMS_PER_PAGE)]
    heads = rng.sample(prose.HEADINGS, 4)
    items = rng.sample(prose.LIST_ITEMS, 4)
    rows = rng.sample(prose.TABLE_ROWS, 3)
    others = [(page + 1) % size.pages, (page - 1) % size.pages, rng.randrange(size.pages)]
    p = lambda n: _paragraph(rng, n)  # noqa: E731
    due = reviewed.replace(year=reviewed.year + 1)
    return "\n".join([
        "---", f"title: {title(page)}", f"description: {p(1)}", f"reviewed: {reviewed}", f"review_due: {due}", "---", "",
        f"# {title(page)}", "", p(4), "",
        f'!!! note "{rng.choice(prose.ADMONITION_TITLES)}"', f"    {p(2)}", "", f"    - {{claim:{own[0]}}}", "",
        f"## {heads[0]}", "", p(5), "",
        f"- {{claim:{own[1]}}}", f"- {{claim:{own[2]}}}", *(f"- {item}" for item in items[:2]), "",
        p(4), "",
        f"## {heads[1]}", "", p(3), "",
        f"| {' | '.join(prose.TABLE_HEADER)} |", "| --- | --- | --- |",
        f"| {{claim:{own[3]}}} | {rows[0][1]} | {rows[0][2]} |", *(f"| {' | '.join(row)} |" for row in rows[1:]), "",
        p(5), "",
        f'!!! info "{rng.choice(prose.ADMONITION_TITLES)}"', f"    {p(2)} {{claim:{nxt[0]}}}", "",
        f"## {heads[2]}", "", p(4), "",
        f"1. {{claim:{nxt[1]}}}", f"2. {{claim:{nxt[2]}}}", *(f"{i}. {item}" for i, item in enumerate(items[2:], 3)), "",
        f"{p(3)} The [{heads[1].lower()}](#{_slug(heads[1])}) part of this page has a table. {{claim:{nxt[3]}}}", "",
        f"## {heads[3]}", "", p(4), "",
        f"{p(2)} {{claim:{own[4]}}} {{claim:{nxt[4]}}}", "",
        "## See also", "",
        *(f"- [{title(o)}]({_link(uri, size.uri(o))})" for o in others),
        f"- [Register of claims]({_link(uri, 'register.md')})", "",
    ])


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def _sources_by_level(claims_dir: Path) -> dict[str, list[str]]:
    """Source ids each level may cite: a kind the level accepts and a level_hint at least as strong."""
    levels = {lv["id"]: lv for lv in yaml.safe_load((claims_dir / "levels.yml").read_text(encoding="utf-8"))}
    sources = yaml.safe_load((claims_dir / "sources.yml").read_text(encoding="utf-8"))
    pools = {
        level: [s["id"] for s in sources if s["kind"] in lv["accepts"] and levels[s["level_hint"]]["rank"] >= lv["rank"]]
        for level, lv in levels.items()
    }
    uncited = {s["id"] for s in sources} - {s for pool in pools.values() for s in pool}
    if uncited:
        raise SystemExit(f"bench: no level can cite {sorted(uncited)}; update LEVEL_MIX or the sources")
    return pools


def claims_yaml(size: Size, topic: int, pools: dict[str, list[str]], reviewed: dt.date, counter: list[int]) -> str:
    """One topic's claims file: 5 claims for each of its pages, levels and sources cycled so all are cited."""
    mix = [level for level, weight in LEVEL_MIX for _ in range(weight)]
    out = [f"# Synthetic claims for topic {topic} (generated by bench/sitegen.py).", ""]
    for page in (p for p in range(size.pages) if size.topic_of(p) == topic):
        for k in range(CLAIMS_PER_PAGE):
            n = counter[0]
            counter[0] += 1
            level = mix[n % len(mix)]
            pool = pools[level]
            cited = list(dict.fromkeys(pool[(n // len(mix) + i) % len(pool)] for i in range(1 + n % 2)))
            templates = STATEMENTS[level]
            out += [f"- id: {size.claim_id(page, k)}",
                    f"  statement: {templates[n % len(templates)].format(n=n)}",
                    f"  level: {level}",
                    f"  sources: [{', '.join(cited)}]",
                    f"  reviewed: {reviewed}"]
            note = NOTES[n % len(NOTES)]
            out += [f"  note: {note}", ""] if note else [""]
    return "\n".join(out)


class Tagged:
    """A value behind a MkDocs YAML tag (!relative, !ENV), kept as written so the copied config keeps working."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: Tagged("!" + suffix, node))
_Dumper.add_representer(Tagged, lambda dumper, value: (
    dumper.represent_scalar(value.tag, value.node.value) if isinstance(value.node, yaml.ScalarNode)
    else dumper.represent_sequence(value.tag, [item.value for item in value.node.value])))


def mkdocs_config(hook: bool, nav: str = "auto", prune: bool = True, not_in_nav: list[str] = ()) -> dict:
    """The shipped mkdocs.yml with the synthetic site's nav; `hook` decides whether the claims hook runs."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config["site_name"] = "Claims benchmark site"
    config.pop("watch", None)
    config.pop("hooks", None)
    if hook:
        config["hooks"] = [str(HOOK)]
    custom = config["theme"].get("custom_dir")
    if custom:  # the real template overrides, by absolute path so they apply to the synthetic site
        config["theme"]["custom_dir"] = str(ROOT / custom)
    features = [f for f in config["theme"].get("features", []) if f != "navigation.prune"]
    config["theme"]["features"] = (["navigation.prune"] if prune else []) + features
    config.pop("nav", None)
    if nav == "small":
        config["nav"] = [{"Home": "index.md"}, {"Register of claims": "register.md"}]
        config.setdefault("validation", {}).setdefault("nav", {})["omitted_files"] = "info"
    if not_in_nav:  # pages the hook generates outside the nav stay outside it in the twin
        config["not_in_nav"] = "\n".join(f"/{uri}" for uri in not_in_nav)
    return config


def write_config(folder: Path, config: dict) -> None:
    text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")


def _copy_inputs(site: Path) -> None:
    """Folders the real build reads besides docs/ (those in its `watch` list, such as snippets), copied as they are."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    skip = {"docs", "claims", "hooks", config["theme"].get("custom_dir")}
    for name in config.get("watch", []):
        if isinstance(name, str) and name not in skip and (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, site / name, dirs_exist_ok=True)


def _copy_assets(docs: Path) -> None:
    """Stylesheets and scripts of the real site, so the synthetic site loads the same theme extras."""
    real = ROOT / "docs"
    for path in real.rglob("*"):
        if path.is_file() and path.suffix != ".md":
            target = docs / path.relative_to(real)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def generate(folder: Path, pages: int, nav: str = "auto", prune: bool = True) -> tuple[Path, dict]:
    """Write the hook site into folder/hook; return it and what it holds. `plain_from_record` makes the twin."""
    size = Size(pages)
    site = folder / "hook"
    shutil.rmtree(folder, ignore_errors=True)
    docs, claims = site / "docs", site / "claims"
    claims.mkdir(parents=True)
    for name in ("levels.yml", "sources.yml"):
        shutil.copy2(ROOT / "claims" / name, claims / name)
    pools = _sources_by_level(claims)
    reviewed = dt.date.today() - dt.timedelta(days=30)
    counter = [0]
    for topic in range(size.topics):
        (claims / f"topic-{topic:02d}.yml").write_text(claims_yaml(size, topic, pools, reviewed, counter), encoding="utf-8")
        (docs / f"topic-{topic:02d}").mkdir(parents=True)
    words = 0
    for page in range(pages):
        text = page_markdown(size, page, reviewed)
        words += len(WORD_RE.findall(REFERENCE_RE.sub("", FRONT_MATTER_RE.sub("", text))))
        (docs / size.uri(page)).write_text(text, encoding="utf-8")
    first = [size.uri(next(p for p in range(pages) if size.topic_of(p) == t)) for t in range(size.topics)]
    (docs / "index.md").write_text("\n".join([
        "---", "title: Claims benchmark site", f"reviewed: {reviewed}", "---", "",
        "# Claims benchmark site", "", _paragraph(random.Random(0), 4), "", "## Topics", "",
        *(f"- [{title(int(uri[-7:-3]))}]({uri})" for uri in first), "",
    ]), encoding="utf-8")
    _copy_assets(docs)
    _copy_inputs(site)
    write_config(site, mkdocs_config(hook=True, nav=nav, prune=prune))
    stats = {"claims": counter[0], "references": pages * 2 * CLAIMS_PER_PAGE, "claim_files": size.topics,
             "words_per_page": round(words / pages)}
    return site, stats


def plain_from_record(hook_site: Path, record: Path, plain_site: Path, nav: str = "auto", prune: bool = True) -> None:
    """The no-hook twin: every page as the hook handed it to MkDocs, the generated files as real files."""
    shutil.rmtree(plain_site, ignore_errors=True)
    shutil.copytree(hook_site, plain_site, ignore=shutil.ignore_patterns("claims"))
    for path in (record / "generated").rglob("*"):
        if path.is_file():
            target = plain_site / "docs" / path.relative_to(record / "generated")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    for path in (record / "markdown").rglob("*.md"):
        target = plain_site / "docs" / path.relative_to(record / "markdown")
        front = FRONT_MATTER_RE.match(target.read_text(encoding="utf-8"))
        target.write_text((front.group(0) if front else "") + path.read_text(encoding="utf-8"), encoding="utf-8")
    manifest = json.loads((record / "generated.json").read_text())
    hidden = [uri for uri, inclusion in manifest.items() if inclusion == "NOT_IN_NAV"]
    write_config(plain_site, mkdocs_config(hook=False, nav=nav, prune=prune, not_in_nav=hidden))
