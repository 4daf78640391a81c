"""Checking one page: references must exist, and prose must not make health claims of its own."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from . import yamlnodes
from .problems import Problem
from .registry import Registry, did_you_mean
from .scan import Reference, Scan, scan


class LineIndex:
    """Offset -> 1-based (line, column), by bisecting line starts."""

    def __init__(self, text: str):
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))][:-1]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


@dataclass(frozen=True)
class Suppressed:
    line: int
    reason: str
    excerpt: str


@dataclass
class Page:
    path: str                     # as printed: relative to the project root
    src_uri: str                  # relative to the docs folder, as MkDocs names it
    title: str
    meta: dict = field(default_factory=dict)
    meta_at: dict[str, tuple[int, int]] = field(default_factory=dict)  # front matter key -> value position
    claim_ids: list[str] = field(default_factory=list)  # in order of appearance, repeats kept
    references: list[Reference] = field(default_factory=list)  # offsets in the file's text
    lines: LineIndex | None = None
    suppressed: list[Suppressed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def excerpt(text: str, limit: int = 60) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _front_matter(page: Page, result: Scan) -> None:
    if result.front_matter is None:
        return
    try:
        node = yamlnodes.load(result.front_matter)
    except yamlnodes.YamlProblem as exc:
        page.problems.append(Problem(page.path, exc.line + 1, exc.column, "yaml-error", exc.message))
        return
    if node.kind != "map":
        if node.value is not None:
            page.problems.append(Problem(page.path, node.line + 1, node.column, "invalid-page-meta",
                                         "front matter must be key: value lines; write title:, reviewed: and review_due:"))
        return
    page.meta = yamlnodes.plain(node)
    page.meta_at = {key: (value.line + 1, value.column) for key, value in node.value.items()}
    for key in ("reviewed", "review_due"):
        value = node.value.get(key)
        if value is not None and not isinstance(value.value, dt.date):
            page.problems.append(Problem(page.path, value.line + 1, value.column, "invalid-page-meta",
                                         f"'{key}' must be a date; write {key}: YYYY-MM-DD"))


def _title(text: str, result: Scan, src_uri: str, meta: dict) -> str:
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", text[result.body_start:], re.M)
    if heading:
        return heading.group(1).strip()
    stem = src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("-", " ").replace("_", " ").capitalize()


def lint_page(path: str, src_uri: str, text: str) -> Page:
    """Lint the full page source (front matter included) so every position is true in the file.

    Needs no registry, so pages can be linted while the registry is still being read;
    `check_references` then looks their references up.
    """
    from .detect import find_trigger  # here: loading the rules takes a tenth of a second that rendering never needs

    result = scan(text)
    page = _page(path, src_uri, text, result)
    for offset, rule, message in result.issues:
        page.problems.append(Problem(path, *page.lines.position(offset), rule, message))
    for sentence in result.sentences:
        trigger = find_trigger(sentence.text, sentence.heading)
        if trigger is None:
            continue
        line, column = page.lines.position(sentence.start)
        suppression = result.suppressed(sentence.start)
        if suppression is not None:
            page.suppressed.append(Suppressed(line, suppression.reason, excerpt(sentence.text)))
            continue
        phrase = " ".join(sentence.text[trigger.start:trigger.end].split())
        page.problems.append(Problem(
            path, line, column, "untagged-claim",
            f"'{excerpt(sentence.text)}' reads like a health claim ({trigger.category}: '{phrase}'); "
            "reference a registry claim with {claim:ID} or mark the passage as not a claim",
        ))
    return page


def check_references(page: Page, registry: Registry) -> None:
    """An unknown-claim problem for each reference to an id the registry does not define."""
    for ref in page.references:
        if ref.id not in registry.claims and ref.id not in registry.claim_lines:
            hint = did_you_mean(ref.id, registry.claim_lines)
            page.problems.append(Problem(page.path, *page.lines.position(ref.start), "unknown-claim",
                                         f"no claim '{ref.id}' in the registry; {hint}use an id from claims/*.yml or add the claim there"))


def check_page(path: str, src_uri: str, text: str, registry: Registry) -> Page:
    page = lint_page(path, src_uri, text)
    check_references(page, registry)
    return page


def _page(path: str, src_uri: str, text: str, result: Scan) -> Page:
    page = Page(path, src_uri, "", references=result.references, lines=LineIndex(text))
    _front_matter(page, result)
    page.title = _title(text, result, src_uri, page.meta)
    page.claim_ids = [ref.id for ref in result.references]
    return page
