"""Turning registry data into page Markdown: claim references, level badges and the register page.

Everything that comes from YAML is HTML-escaped here, once, before Markdown sees it; links are
written only for http(s) addresses.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
import re

from .registry import URL_RE, Claim, Level, Registry, Source
from .scan import Reference, find_references

REGISTER_URI = "register.md"
REGISTER_TITLE = "Register of claims"
REGISTER_DESCRIPTION = "Every health statement on this site with its evidence level, sources and review date."
DATA_URI = "claims.json"
LEGEND_ANCHOR = "how-to-read-the-labels"
H1_RE = re.compile(r"^#[ \t]+\S.*$", re.M)


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
    note = (f' <span class="claim-note"><span class="claim-note__label">What the evidence shows:</span> {text_md(claim.note)}</span>'
            if claim.note else "")
    return (
        f'<span class="claim claim--{level.id}" data-claim="{attr(claim.id)}" data-level="{level.id}">'
        f"{text_md(claim.statement)}</span> {badge(level, href)}{note}"
    )


def register_href(src_uri: str, claim: Claim) -> str:
    """From a page to the claim's entry on the register page of its level."""
    return f"{relative_uri(src_uri, level_uri(claim.level))}#{claim.id}"


def expand(markdown: str, src_uri: str, registry: Registry, references: list[Reference] | None = None) -> str:
    """Replace each {claim:ID} in prose (never in code) with the claim; unknown ids stay visible as an error.

    `references` are those of `markdown` if the caller has found them already.
    """
    parts, pos = [], 0
    for ref in find_references(markdown) if references is None else references:
        claim = registry.claims.get(ref.id)
        if claim is None:
            rendered = f'<strong class="claim-error">[unknown or invalid claim: {text_md(ref.id)}]</strong>'
        else:
            rendered = claim_inline(claim, registry.levels[claim.level], register_href(src_uri, claim))
        parts += [markdown[pos:ref.start], rendered]
        pos = ref.end
    parts.append(markdown[pos:])
    return "".join(parts)


def _sentence_list(parts: list[str]) -> str:
    """Bibliographic parts joined with full stops, never doubling one ('et al.' stays 'et al.')."""
    return " ".join(part if part.endswith((".", "?", "!")) else f"{part}." for part in parts)


def source_item(source: Source) -> str:
    link = source.link()
    title = text_md(source.title)
    head = f'<a href="{attr(link)}">{title}</a>' if URL_RE.match(link) else title
    details = [text_md(x) for x in (source.authors, source.container) if x]
    if source.year:
        details.append(str(source.year))
    return " ".join([head + ("" if source.title.endswith((".", "?", "!")) else "."), _sentence_list(details)]).strip()


def level_uri(level_id: str) -> str:
    """Each level's claims have a page of their own, so a badge's tap stays light on slow links."""
    return f"{REGISTER_URI[:-3]}/{level_id}.md"


def relative_uri(src_uri: str, target: str) -> str:
    return _relative(posixpath.dirname(src_uri) or ".", target)


@functools.lru_cache(maxsize=4096)
def _relative(folder: str, target: str) -> str:
    """Pages share folders and badges share four targets, so most of the ten links a page needs are known."""
    return posixpath.relpath(target, folder)


def register_pages(registry: Registry, usage: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """The generated register: an index with the legend, then one page per level, strongest first."""
    by_level: dict[str, list[Claim]] = {level: [] for level in registry.levels}
    for claim in sorted(registry.claims.values(), key=lambda c: c.id):
        by_level[claim.level].append(claim)
    pages = {REGISTER_URI: _register_index(registry, by_level)}
    for level in registry.levels_by_strength():
        pages[level_uri(level.id)] = _level_page(registry, level, by_level[level.id], usage)
    return pages


def register_placeholders(levels: dict[str, Level]) -> dict[str, str]:
    """The register's pages with their front matter only: what a build needs before the registry is read.

    The same front matter as `register_pages` writes, so MkDocs reads the same titles and descriptions.
    """
    return {REGISTER_URI: "\n".join(_front(REGISTER_TITLE, REGISTER_DESCRIPTION)),
            **{level_uri(level.id): "\n".join(_front(*_level_front(level))) for level in levels.values()}}


def _level_front(level: Level) -> tuple[str, str]:
    return f"Register: {level.label}", f"Every claim on this site labelled {level.label}, with its sources."


def _front(title: str, description: str) -> list[str]:
    return ["---", f"title: {json.dumps(title)}", f"description: {json.dumps(description)}", "---", "", f"# {text_md(title)}", ""]


def _register_index(registry: Registry, by_level: dict[str, list[Claim]]) -> str:
    out = _front(REGISTER_TITLE, REGISTER_DESCRIPTION) + [
        "Every health statement on this site is kept once in this register, with the strength of the evidence behind "
        "it, its sources, the date it was last reviewed and the pages that use it. "
        f"The register is also available as data: [claims.json]({DATA_URI}).", "",
        profile_html(registry, list(registry.claims), f"#{LEGEND_ANCHOR}", "Evidence on this site"), "",
        f"## How to read the labels {{ #{LEGEND_ANCHOR} }}", "",
        "Each statement ends with a label that names the strength of the evidence in words. From strongest to weakest:", "",
    ]
    for level in registry.levels_by_strength():
        count = len(by_level[level.id])
        out += [f"### {text_md(level.label)} {{ #level-{level.id} }}", "", f"{badge(level, relative_uri(REGISTER_URI, level_uri(level.id)))} "
                f"{text_md(level.meaning)}", "",
                f"[See the {count} claim{'s' * (count != 1)} labelled {text_md(level.label)}]({relative_uri(REGISTER_URI, level_uri(level.id))})", ""]
    return "\n".join(out)


def _level_page(registry: Registry, level: Level, claims: list[Claim], usage: dict[str, list[tuple[str, str]]]) -> str:
    uri = level_uri(level.id)
    legend = f"{relative_uri(uri, REGISTER_URI)}#level-{level.id}"
    others = ", ".join(f"[{text_md(other.label)}]({relative_uri(uri, level_uri(other.id))})"
                       for other in registry.levels_by_strength() if other.id != level.id)
    out = _front(*_level_front(level)) + [
        f'<p class="level-meaning level-meaning--{level.id}"><strong>{text_md(level.label)}</strong> means: {text_md(level.meaning)}</p>', "",
        f"[All levels and how to read the labels]({relative_uri(uri, REGISTER_URI)}#{LEGEND_ANCHOR}). Other levels: {others}.", "",
    ]
    if not claims:
        out += ["No claims at this level.", ""]
    numbers: dict[str, int] = {}  # each source is listed once, at the end, in order of first citation
    out += ['<div class="claim-entries" markdown>', ""]  # one top-level md_in_html block (see bench/README.md)
    for claim in claims:
        for source in claim.sources:
            numbers.setdefault(source, len(numbers) + 1)
        out += _register_entry(claim, level, legend, numbers, usage.get(claim.id, []), uri)
    out += ["</div>", ""]
    if numbers:
        items = "".join(f'<li id="source-{attr(s)}">{source_item(registry.sources[s])}</li>' for s in numbers)
        out += ["## Sources { #sources }", "", f'<ol class="register-sources">{items}</ol>', ""]
    return "\n".join(out)


def _register_entry(claim: Claim, level: Level, legend: str, numbers: dict[str, int],
                    pages: list[tuple[str, str]], uri: str) -> list[str]:
    lines = [
        f'<div class="claim-entry claim-entry--{level.id}" id="{attr(claim.id)}" data-level="{level.id}" '
        f'data-pages="{attr(" ".join(page for page, _ in pages))}" markdown>', "",
        f'<span class="claim">{text_md(claim.statement)}</span> {badge(level, legend)}', "",
        f'<p class="claim-entry__meaning"><strong>{text_md(level.label)}</strong> means: {text_md(level.meaning)}</p>', "",
    ]
    if claim.note:
        lines += [f"**What the evidence shows:** {text_md(claim.note)}", ""]
    cited = ", ".join(f"[source {numbers[s]}](#source-{s})" for s in claim.sources)
    used = ", ".join(f"[{text_md(title).replace('[', '&#91;').replace(']', '&#93;')}]({relative_uri(uri, page)})"
                     for page, title in pages)
    lines += [f"**Sources:** {cited}. **Reviewed:** {human_date(claim.reviewed)}. **Used on:** {used or 'no page yet'}.",
              "", "</div>", ""]
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


def profile_html(registry: Registry, claim_ids: list[str], legend_href: str, title: str = "Evidence on this page") -> str:
    """A stacked bar (decoration) plus counts in words (the content), so it prints and reads aloud well."""
    counts = {level.id: 0 for level in registry.levels.values()}
    for claim_id in dict.fromkeys(claim_ids):
        if claim_id in registry.claims:
            counts[registry.claims[claim_id].level] += 1
    total = sum(counts.values())
    levels = registry.levels_by_strength()
    segments = "".join(
        f'<span class="evidence-profile__segment evidence-profile__segment--{lv.id}" style="width: {100 * counts[lv.id] / total:.1f}%"></span>'
        for lv in levels if counts[lv.id]
    )
    items = "".join(
        f'<li class="evidence-profile__count evidence-profile__count--{lv.id}" data-level="{lv.id}" data-count="{counts[lv.id]}">'
        f'<span class="claim-badge__icon" aria-hidden="true">{attr(lv.icon)}</span> {counts[lv.id]} {attr(lv.label)}</li>'
        for lv in levels
    )
    return (
        f'<section class="evidence-profile" aria-label="{attr(title)}">'
        f'<p class="evidence-profile__title">{attr(title)}: {total} claim{"s" * (total != 1)}</p>'
        f'<div class="evidence-profile__bar" aria-hidden="true">{segments}</div>'
        f'<ul class="evidence-profile__counts">{items}</ul>'
        f'<p class="evidence-profile__legend"><a href="{attr(legend_href)}">How to read the labels</a></p></section>'
    )


def with_profile(markdown: str, profile: str) -> str:
    """Put the profile right after the page's first H1 (or first, if the page has none)."""
    heading = H1_RE.search(markdown)
    at = heading.end() if heading else 0
    return f"{markdown[:at]}\n\n{profile}\n\n{markdown[at:].lstrip(chr(10))}"


def page_sources(registry: Registry, claim_ids: list[str]) -> list[Source]:
    """The sources of a page's claims, in order of first citation, each once."""
    ids = dict.fromkeys(s for cid in dict.fromkeys(claim_ids) if cid in registry.claims for s in registry.claims[cid].sources)
    return [registry.sources[s] for s in ids]


def page_footer(sources: list[Source], reviewed: dt.date | None, due: dt.date | None) -> str:
    """The page's numbered sources with addresses written out (they survive print), then the review dates."""
    parts = []
    if sources:
        items = "".join(f"<li>{_source_text(s)}</li>" for s in sources)
        parts.append('<section class="page-sources" aria-labelledby="sources-for-this-page">'
                     f'<h2 id="sources-for-this-page">Sources for this page</h2><ol>{items}</ol></section>')
    if reviewed:
        due_text = f"<br>Next review due: {human_date(due)}" if due else ""
        parts.append(f'<p class="page-review">Page last reviewed: {human_date(reviewed)}{due_text}</p>')
    return "\n\n".join(parts)


def _source_text(source: Source) -> str:
    details = [attr(x) for x in (source.title, source.authors, source.container) if x]
    if source.year:
        details.append(str(source.year))
    link = source.link()
    url = f' <span class="page-sources__url">{attr(link)}</span>' if URL_RE.match(link) else ""
    return _sentence_list(details) + url


def medical_web_page(title: str, description: str, reviewed: dt.date | None, publisher: str, url: str) -> str:
    """schema.org MedicalWebPage as a script tag, safe to place in <head>."""
    data = {
        "@context": "https://schema.org", "@type": "MedicalWebPage", "name": title,
        "description": description, "about": {"@type": "Thing", "name": title},
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if reviewed:
        data["lastReviewed"] = reviewed.isoformat()
    if url:
        data["url"] = url
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def problems_html(problems) -> str:
    """The live preview's alert box: the page's problems, exactly as the terminal prints them."""
    items = "".join(f"<li><code>{attr(p.text())}</code></li>" for p in problems)
    return f'<div class="claim-problems" role="alert"><p>Claim check problems on this page:</p><ul>{items}</ul></div>'
