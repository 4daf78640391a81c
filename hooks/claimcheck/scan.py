"""Find the prose of a Markdown page: references, sentences and suppressed passages, at true offsets.

Like Vale, everything that is not prose (front matter, code, comments, HTML tags, URLs, link targets,
Markdown punctuation and the `{claim:ID}` references themselves) is blanked with same-length filler,
so every offset found in the masked text is an offset in the source file.

Speed: each pattern that runs over a whole page starts with a literal character (write `xx*`, not `x+`;
put a lookbehind after the first character), so sre skips to the candidates in C instead of trying
every alternative at every position; a mask whose marker is absent from the page is not run at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

REFERENCE_RE = re.compile(r"\{claim:([a-z0-9]+(?:-[a-z0-9]+)*)\}")
LOOSE_REFERENCE_RE = re.compile(r"\{\s*claims?\s*:[^{}\n]{0,80}\}", re.I)
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FENCE_OPEN_RE = re.compile(r"^(?P<prefix>[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$", re.M)
TOKEN_RE = re.compile(r"``*|<!--")
SUPPRESS_OPEN_RE = re.compile(r"<!--\s*not-a-claim\b\s*(?::(?P<reason>.*?))?-->", re.S)
SUPPRESS_CLOSE_RE = re.compile(r"<!--\s*end-not-a-claim\s*-->")

INLINE_MASKS = [  # (markers: run only if one is in the page, pattern), applied in this order
    (("<",), re.compile(r"<https?://[^>\s]*>|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")),  # HTML tags, autolinks
    (("![",), re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")),                                  # images (alt text is not page prose)
    (("](", "]["), re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]")),                      # link targets
    (("{",), re.compile(r"\{\s*[:#.][^{}\n]*\}")),                                     # attribute lists
    (("http", "www."), re.compile(r"h(?<!\wh)ttps?://[^\s)>\]]+|w(?<!\ww)ww\.[^\s)>\]]+")),  # bare URLs
    (("]:",), re.compile(r"^[ \t]*\*\[[^\]\n]*\]:[^\n]*|^[ \t]*\[[^\]\n]+\]:[ \t]+\S[^\n]*", re.M)),  # abbreviation and link definitions
    (("[^",), re.compile(r"\[\^[^\]\n]*\]:?")),                                        # footnote markers
    (("",), re.compile(r"\\(?=[^\sA-Za-z0-9])|\*\**|~~|==|\^\^|\[|\]|_(?<![A-Za-z0-9]_)_*|__*(?![A-Za-z0-9])|&[a-z]+;|&#\d+;")),
]

HEADING_RE = re.compile(r"[ \t>]*#{1,6}(?=[ \t]|$)[ \t]*")
LIST_ITEM_RE = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
ADMONITION_RE = re.compile(r"[ \t]*(?:!!!|\?\?\?\+?|===\+?)[ \t]*(?:[\w-]+(?:[ \t]+[\w-]+)*)?[ \t]*")
QUOTE_RE = re.compile(r"[ \t]*(?:>[ \t]?)+")
RULE_LINE_RE = re.compile(r"[ \t]*(?:(?:[-*_][ \t]*){3,}|=+[ \t]*|-+[ \t]*|-{2}8<-{2}.*|\.\.\.)$")
TABLE_SEPARATOR_RE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
ABBREVIATIONS = "e.g i.e dr mr mrs ms prof vs etc al approx u.s u.k no st fig cf inc ltd co jr sr ca vol p pp ed eds".split()
# A short line of a paragraph that has no full stop ends its sentence when the next line starts with a capital
# ("Downtime: none" above "Most clients return to work the next day."), unless it ends in a comma or colon or one of
# these words, which carry a wrapped sentence on to the next line ("approved by the" / "FDA for hair loss."). Lines
# of hard-wrapped prose are long (they fill the width they are wrapped at), so they never end a sentence this way.
SHORT_LINE = 60
LINE_GOES_ON = frozenset("""
    a an the this that these those my your our their its his her each every any some all no both either neither many
    much more most few several such other another of to in on at by for with without from into onto upon about above
    across after against along among around before behind below beside besides between beyond during except inside
    like near off out outside over past per since than through throughout toward towards under unlike until up versus
    via within and or but nor so yet as if because while when whereas whether although though unless once where which
    who whom whose what how why is are was were be been being am has have had do does did can could may might must
    shall should will would not very also just only even too called named known including include includes
    e.g i.e vs dr mr mrs ms prof st""".split())
NEXT_LINE_PREFIX_RE = re.compile(r"[ \t>]*(?=[\"'“‘(]?[A-Z])")  # indent or quote markers before a capital
LAST_WORD_RE = re.compile(r"[A-Za-z.']*$")


def _not_after_abbreviation() -> str:
    """Lookbehinds (one per length) that fail on a full stop right after a whole word of ABBREVIATIONS, in any case."""
    lengths: dict[int, list[str]] = {}
    for word in ABBREVIATIONS:
        lengths.setdefault(len(word), []).append(re.escape(word))
    return "".join(f"(?<!(?<![A-Za-z.])(?i:{'|'.join(words)})\\.)" for words in lengths.values())


# The end of a sentence: a run of [.!?] and closing quotes before a space, unless it starts with the full stop
# of an abbreviation. It starts with the character set (the lookbehinds follow), so sre skips to candidates in C.
SENTENCE_END_RE = re.compile(rf"[.!?](?<![.!?][.!?]){_not_after_abbreviation()}[.!?]*[\"'”’)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Reference:
    id: str
    start: int
    end: int


class Sentence(NamedTuple):  # a tuple: a page has hundreds, and a tuple is made several times faster
    start: int
    text: str
    heading: bool = False  # a Markdown heading or an admonition's title, not a list item or a paragraph


@dataclass(frozen=True)
class Suppression:
    start: int
    end: int
    reason: str


@dataclass
class Scan:
    """What a page holds, as offsets into the text that was scanned."""

    references: list[Reference] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    issues: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, rule, message)
    front_matter: str | None = None
    body_start: int = 0

    def suppressed(self, offset: int) -> Suppression | None:
        for s in self.suppressions:
            if s.start <= offset < s.end:
                return s
        return None


def blank(text: str) -> str:
    """Same-length filler that keeps line breaks, so positions survive masking."""
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(part) for part in text.split("\n"))


def _blank_match(match: re.Match) -> str:
    return blank(match.group(0))


def _mask_code_and_comments(text: str, start: int, markers: list) -> str:
    """Blank fenced code, code spans and HTML comments, left to right as CommonMark reads them."""
    out = [text[:start] if start == 0 else blank(text[:start])]
    pos = start
    has_fences = "```" in text or "~~~" in text
    fences = {m.start(): m for m in FENCE_OPEN_RE.finditer(text, start)} if has_fences else {}
    fence_starts = sorted(fences)
    while pos < len(text):
        token = TOKEN_RE.search(text, pos)
        next_fence = next((f for f in fence_starts if f >= pos and _at_line_start(text, f)), None)
        if next_fence is not None and (token is None or next_fence <= token.start()):
            fence = fences[next_fence]
            end = _fence_end(text, fence)
            out.append(text[pos:next_fence] + blank(text[next_fence:end]))
            pos = end
            fence_starts = [f for f in fence_starts if f >= end]
            continue
        if token is None:
            break
        if token.group()[0] == "`":
            close = _code_span_end(text, token)
            out.append(text[pos:token.start()] + blank(text[token.start():close]))
            pos = close
        else:
            close = text.find("-->", token.end())
            close = len(text) if close < 0 else close + 3
            out.append(text[pos:token.start()] + blank(text[token.start():close]))
            _suppression_comment(text[token.start():close], token.start(), markers)
            pos = close
    out.append(text[pos:])
    return "".join(out)


def _at_line_start(text: str, offset: int) -> bool:
    return offset == 0 or text[offset - 1] == "\n"


def _fence_end(text: str, fence: re.Match) -> int:
    """End of a fenced block: the closing fence of the same character and at least the same length."""
    mark = fence.group("fence")
    closing = re.compile(rf"^[ \t>]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$", re.M)
    found = closing.search(text, fence.end())
    return len(text) if found is None else found.end()


def _code_span_end(text: str, ticks: re.Match) -> int:
    """A code span closes at the next backtick run of the same length within the paragraph."""
    run = ticks.group()
    paragraph_end = text.find("\n\n", ticks.end())
    limit = len(text) if paragraph_end < 0 else paragraph_end
    for m in re.finditer(r"`+", text[ticks.end():limit]):
        if len(m.group(0)) == len(run):
            return ticks.end() + m.end()
    return ticks.end()  # an unmatched run is literal backticks


def _suppression_comment(comment: str, offset: int, markers: list) -> None:
    if (m := SUPPRESS_OPEN_RE.fullmatch(comment)) is not None:
        markers.append((offset, offset + len(comment), (m.group("reason") or "").strip()))
    elif SUPPRESS_CLOSE_RE.fullmatch(comment):
        markers.append((offset, offset + len(comment), None))


def _pair_suppressions(markers: list, scan: Scan) -> None:
    """Match each not-a-claim comment with its end; an open one needs a reason and an end."""
    opened = None
    for start, end, reason in markers:
        if reason is None:
            if opened is None:
                scan.issues.append((start, "suppression-error",
                                    "'end-not-a-claim' has no matching opening comment; remove it or add <!-- not-a-claim: reason --> before the passage"))
                continue
            if opened[2]:
                scan.suppressions.append(Suppression(opened[1], start, opened[2]))
            opened = None
            continue
        if opened is not None:
            scan.issues.append((opened[0], "suppression-error",
                                "this not-a-claim passage is not closed before the next one opens; add <!-- end-not-a-claim --> where it ends"))
        if not reason:
            scan.issues.append((start, "suppression-error",
                                "a not-a-claim comment needs a reason; write <!-- not-a-claim: why this passage is not a health claim -->"))
        opened = (start, end, reason)
    if opened is not None:
        scan.issues.append((opened[0], "suppression-error",
                            "this not-a-claim passage is never closed; add <!-- end-not-a-claim --> where the passage ends"))


def _mask_references(masked: str, scan: Scan) -> str:
    """Record valid references and flag malformed ones, then blank both (their text is not page prose)."""
    for m in REFERENCE_RE.finditer(masked):
        scan.references.append(Reference(m.group(1), m.start(), m.end()))
    masked = REFERENCE_RE.sub(_blank_match, masked)
    for m in LOOSE_REFERENCE_RE.finditer(masked):
        scan.issues.append((m.start(), "bad-reference",
                            f"'{m.group(0)}' is not a valid reference; write {{claim:ID}} with a lowercase-hyphenated id and no spaces"))
    return LOOSE_REFERENCE_RE.sub(_blank_match, masked)


def _table_lines(lines: list[str]) -> set[int]:
    """Indexes of lines that belong to a pipe table (found from its separator row)."""
    rows: set[int] = set()
    for i, line in enumerate(lines):
        if "-" in line and "|" in line and TABLE_SEPARATOR_RE.match(line):
            rows.add(i)
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(lines) and "|" in lines[j] and lines[j].strip():
                    rows.add(j)
                    j += step
    return rows


def _blocks(masked: str) -> list[tuple[int, int, bool]]:
    """Prose blocks: paragraphs, list items, headings, admonition titles and table cells, each with
    whether it is a heading (a Markdown heading or an admonition's title)."""
    blocks: list[list | tuple] = []
    lines = masked.split("\n")
    tables = _table_lines(lines)
    current: list[int] | None = None
    offset = 0
    for i, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip() or RULE_LINE_RE.match(line):
            current = None
            continue
        if i in tables:
            current = None
            cell = start
            for m in re.finditer(r"(?<!\\)\|", line):
                blocks.append((cell, start + m.start(), False))
                cell = start + m.end()
            blocks.append((cell, end, False))
            continue
        for pattern, standalone in ((HEADING_RE, True), (ADMONITION_RE, True), (LIST_ITEM_RE, False)):
            m = pattern.match(line)
            if m and (pattern is not ADMONITION_RE or line.lstrip()[:3] in ("!!!", "???", "===")):
                blocks.append([start + m.end(), end, standalone])
                current = None if standalone else blocks[-1]
                break
        else:
            quote = QUOTE_RE.match(line)
            body = start + (quote.end() if quote else 0)
            if current is None:
                blocks.append([body, end, False])
                current = blocks[-1]
            else:
                current[1] = end
    return [tuple(b) for b in blocks]


def _sentences(masked: str, blocks: list[tuple[int, int, bool]]) -> list[Sentence]:
    """Split each block into sentences, not at abbreviations like 'e.g.' or decimals."""
    sentences = []
    add = sentences.append
    ends = [m.end() for m in SENTENCE_END_RE.finditer(masked)]  # one pass over the page, not one per block
    for start, end, heading in blocks:
        begin = start
        cuts = ends[bisect_right(ends, start):bisect_right(ends, end)]
        if masked.find("\n", start, end) != -1:
            cuts = sorted(cuts + _line_ends(masked, start, end))
        cuts.append(end)
        for cut in cuts:
            piece = masked[begin:cut]
            text = piece.strip()
            if text and any(map(str.isalpha, text)):
                add(Sentence(cut - len(piece.lstrip()), text, heading))
            begin = cut
    return sentences


def _line_ends(masked: str, start: int, end: int) -> list[int]:
    """Line breaks inside a block that end a sentence without a full stop (see LINE_GOES_ON).

    Pages copied from the web put a heading-like line, a price or a label on its own line inside a
    paragraph; read as one sentence with the next line, it would hide that line's claim behind it.
    """
    cuts = []
    line_start = start
    newline = masked.find("\n", start, end)
    while newline != -1:
        line = masked[line_start:newline].strip(" \t>")
        prefix = NEXT_LINE_PREFIX_RE.match(masked, newline + 1, end)
        if (prefix and 0 < len(line) < SHORT_LINE and line[-1] not in ".!?,;:(/&+-–—"
                and LAST_WORD_RE.search(line).group().lower().rstrip(".") not in LINE_GOES_ON):
            cuts += (newline, prefix.end())  # the prefix between them is no sentence
        line_start = newline + 1
        newline = masked.find("\n", line_start, end)
    return cuts


def _with_front_matter(text: str) -> Scan:
    result = Scan()
    front = FRONT_MATTER_RE.match(text)
    if front:
        result.front_matter = front.group(1) or ""
        result.body_start = front.end()
    return result


def find_references(text: str) -> list[Reference]:
    """The references scan() finds, without its sentence work: all that expanding a page needs."""
    masked = _mask_code_and_comments(text, _with_front_matter(text).body_start, [])
    return [Reference(m.group(1), m.start(), m.end()) for m in REFERENCE_RE.finditer(masked)]


def scan(text: str) -> Scan:
    """Scan page text (front matter allowed) into references, prose sentences and suppressions."""
    result = _with_front_matter(text)
    markers: list = []
    masked = _mask_code_and_comments(text, result.body_start, markers)
    _pair_suppressions(markers, result)
    masked = _mask_references(masked, result)
    for needles, pattern in INLINE_MASKS:
        if any(needle in masked for needle in needles):
            masked = pattern.sub(_blank_match, masked)
    result.sentences = _sentences(masked, _blocks(masked))
    return result
