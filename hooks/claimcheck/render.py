"""Turning registry data into page Markdown: claim references, level badges and the register page.

Everything that comes from YAML is HTML-escaped here, once, before Markdown sees it; links are
written only for http(s) addresses.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable

from .registry import URL_RE, Claim, Level, Registry, Source
from .scan import scan

REGISTER_URI = "register.md"
REGISTER_TITLE = "Register of claims"


def text_md(value: str) -> str:
    """YAML text as Markdown that cannot open an HTML tag or split a table cell."""
    return html.escape(value, quote=False).replace("|", "&#124;")


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def human_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def badge(level: Level, href: str) -> str:
    """A real Markdown link (so MkDocs validates it) whose words name the level; the icon is decoration."""
    icon = f'<span class="claim-badge__icon" aria-hidden="true">{attr(level.icon)}</span> ' if level.icon else ""
    return (
        f'[{icon}<span class="claim-badge__prefix">Evidence: </span>{text_md(level.label)}]({href})'
        f"{{ .claim-badge .claim-badge--{level.id} }}"
    )


def claim_inline(claim: Claim, level: Level, href: str) -> str:
    """A claim as it reads in a page: the statement, its badge, and what the evidence shows."""
    note = f' <span class="claim-note">{text_md(claim.note)}</span>' if claim.note else ""
    return (
        f'<span class="claim claim--{level.id}" data-claim="{attr(claim.id)}" data-level="{level.id}">'
        f"{text_md(claim.statement)}</span> {badge(level, href)}{note}"
    )


def register_href(src_uri: str, anchor: str) -> str:
    return f"{posixpath.relpath(REGISTER_URI, posixpath.dirname(src_uri) or '.')}#{anchor}"


def expand(markdown: str, src_uri: str, registry: Registry) -> str:
    """Replace each {claim:ID} in prose (never in code) with the claim; unknown ids stay visible as an error."""
    parts, pos = [], 0
    for ref in scan(markdown).references:
        claim = registry.claims.get(ref.id)
        if claim is None:
            rendered = f'<strong class="claim-error">[unknown or invalid claim: {text_md(ref.id)}]</strong>'
        else:
            rendered = claim_inline(claim, registry.levels[claim.level], register_href(src_uri, claim.id))
        parts += [markdown[pos:ref.start], rendered]
        pos = ref.end
    parts.append(markdown[pos:])
    return "".join(parts)


def source_item(source: Source) -> str:
    link = source.link()
    title = text_md(source.title)
    head = f'<a href="{attr(link)}">{title}</a>' if URL_RE.match(link) else title
    details = [text_md(x) for x in (source.authors, source.container) if x]
    if source.year:
        details.append(str(source.year))
    return ". ".join([head, *details]) + "."


def register_markdown(registry: Registry, usage: dict[str, list[tuple[str, str]]]) -> str:
    """The generated register: every claim grouped by level, strongest first, with sources and uses."""
    out = [
        "---", f"title: {REGISTER_TITLE}",
        "description: Every health statement on this site with its evidence level, sources and review date.",
        "---", "", f"# {REGISTER_TITLE}", "",
        "Every health statement on this site, grouped by the strength of the evidence behind it, "
        "strongest first. Each entry lists its sources, the date it was last reviewed and the pages that use it.",
        "",
    ]
    by_level: dict[str, list[Claim]] = {}
    for claim in sorted(registry.claims.values(), key=lambda c: c.id):
        by_level.setdefault(claim.level, []).append(claim)
    for level in registry.levels_by_strength():
        claims = by_level.get(level.id, [])
        out += [f"## {text_md(level.label)} {{ #level-{level.id} }}", "", text_md(level.meaning), ""]
        if not claims:
            out += ["No claims at this level.", ""]
        for claim in claims:
            out += _register_entry(claim, level, registry, usage.get(claim.id, []))
    return "\n".join(out)


def _register_entry(claim: Claim, level: Level, registry: Registry, pages: Iterable[tuple[str, str]]) -> list[str]:
    lines = [
        f'<div class="claim-entry claim-entry--{level.id}" id="{attr(claim.id)}" markdown>', "",
        f'<span class="claim claim--{level.id}" data-claim="{attr(claim.id)}" data-level="{level.id}">'
        f"{text_md(claim.statement)}</span> {badge(level, f'#level-{level.id}')}", "",
    ]
    if claim.note:
        lines += [f"**What the evidence shows:** {text_md(claim.note)}", ""]
    lines += ["**Sources:**", ""]
    lines += [f"1. {source_item(registry.sources[s])}" for s in claim.sources]
    used = ", ".join(f"[{text_md(title).replace('[', '&#91;').replace(']', '&#93;')}]({uri})" for uri, title in pages)
    lines += ["", f"**Reviewed:** {human_date(claim.reviewed)}. **Used on:** {used or 'no page yet'}.", "", "</div>", ""]
    return lines


def register_data(registry: Registry, usage: dict[str, list[tuple[str, str]]]) -> list[dict]:
    """The whole register as data, for claims.json."""
    return [
        {
            "id": c.id, "statement": c.statement, "level": c.level, "level_label": registry.levels[c.level].label,
            "note": c.note, "reviewed": c.reviewed.isoformat(),
            "sources": [{"id": s, "title": registry.sources[s].title, "url": registry.sources[s].link()} for s in c.sources],
            "pages": [uri for uri, _ in usage.get(c.id, [])],
        }
        for c in sorted(registry.claims.values(), key=lambda c: c.id)
    ]
