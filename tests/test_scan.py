"""The Markdown scanner: what counts as prose, where references are, and that offsets stay true."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from claimcheck.scan import blank, scan

PAGE = """---
title: Hair
reviewed: 2026-11-01
---

# Hair loss treatment

First sentence here. Second one, e.g. with an abbreviation, ends here. A third costs $3.50!

- {claim:item-one}
- Clinics say {claim:item-two} and `{claim:in-code}` stays literal.

| Claim | Level |
|---|---|
| {claim:in-table} | Cell words |

!!! warning "Before you decide"
    {claim:in-admonition} Body words [a link](https://example.org) **bold**.

```python
{claim:in-fence}
Exosomes cure everything.
```

<!-- not-a-claim: a quotation, graded elsewhere -->
Quoted passage here.
<!-- end-not-a-claim -->
"""


def sentences(text):
    return [s.text for s in scan(text).sentences]


def test_references_found_in_prose_only():
    result = scan(PAGE)
    assert [r.id for r in result.references] == ["item-one", "item-two", "in-table", "in-admonition"]
    for ref in result.references:
        assert PAGE[ref.start:ref.end] == "{claim:" + ref.id + "}"


def test_sentences_and_their_offsets():
    result = scan(PAGE)
    texts = [s.text for s in result.sentences]
    assert texts == [
        "Hair loss treatment",
        "First sentence here.",
        "Second one, e.g. with an abbreviation, ends here.",
        "A third costs $3.50!",
        "Clinics say " + blank("{claim:item-two}") + " and " + blank("`{claim:in-code}`") + " stays literal.",
        "Claim", "Level", "Cell words",
        '"Before you decide"',
        "Body words  a link" + blank("](https://example.org) **") + "bold  .",
        "Quoted passage here.",
    ]
    for s in result.sentences:
        assert PAGE[s.start:s.start + 5].strip("*[ ") == s.text[:5].strip("*[ ")


def test_front_matter_is_not_prose_and_is_kept():
    result = scan(PAGE)
    assert result.front_matter == "title: Hair\nreviewed: 2026-11-01\n"
    assert all(s.start > result.body_start for s in result.sentences)


def test_suppression_covers_its_passage():
    result = scan(PAGE)
    quoted = next(s for s in result.sentences if s.text == "Quoted passage here.")
    assert result.suppressed(quoted.start).reason == "a quotation, graded elsewhere"
    first = next(s for s in result.sentences if s.text == "First sentence here.")
    assert result.suppressed(first.start) is None


@pytest.mark.parametrize("text, expected", [
    ("<!-- not-a-claim -->\nx\n<!-- end-not-a-claim -->\n",
     [(0, "suppression-error", "a not-a-claim comment needs a reason; write <!-- not-a-claim: why this passage is not a health claim -->")]),
    ("<!-- not-a-claim: quoted -->\nx\n",
     [(0, "suppression-error", "this not-a-claim passage is never closed; add <!-- end-not-a-claim --> where the passage ends")]),
    ("x\n<!-- end-not-a-claim -->\n",
     [(2, "suppression-error", "'end-not-a-claim' has no matching opening comment; remove it or add <!-- not-a-claim: reason --> before the passage")]),
    ("See { claim: hair-x } here.\n",
     [(4, "bad-reference", "'{ claim: hair-x }' is not a valid reference; write {claim:ID} with a lowercase-hyphenated id and no spaces")]),
    ("See {claim:Hair_X} here.\n",
     [(4, "bad-reference", "'{claim:Hair_X}' is not a valid reference; write {claim:ID} with a lowercase-hyphenated id and no spaces")]),
])
def test_scanner_issues(text, expected):
    assert scan(text).issues == expected


@pytest.mark.parametrize("text, expected", [
    ("Exosomes are `{claim:x}` here.", ["Exosomes are " + blank("`{claim:x}`") + " here."]),
    ("~~~\nA fenced claim cures.\n~~~\nAfter.", ["After."]),
    ("  ```\n  indented fence\n  ```\nAfter.", ["After."]),
    ("<!-- a comment cures -->Visible.", ["Visible."]),
    ("Dr. Smith says hello. Next one.", ["Dr. Smith says hello.", "Next one."]),
    ("# Heading\nParagraph text.", ["Heading", "Paragraph text."]),
    ("Text with <span class=\"x\">html</span> tags.", ["Text with " + blank('<span class="x">') + "html" + blank("</span>") + " tags."]),
    ("![alt text cures](img.png) Caption.", ["Caption."]),
    ("*[FDA]: US Food and Drug Administration\nThe FDA page.", ["The FDA page."]),
    ("Line one\ncontinues here.", ["Line one\ncontinues here."]),
])
def test_masking_examples(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("See e.g. the leaflet. Then ask.", ["See e.g. the leaflet.", "Then ask."]),
    ("Made in the U.S. by a lab. Sold here.", ["Made in the U.S. by a lab.", "Sold here."]),
    ("Prof. Lee and Mrs. Hale, etc. agree. Fine.", ["Prof. Lee and Mrs. Hale, etc. agree.", "Fine."]),
    ("It costs approx. 300 pounds. APPROX. twice. ETC. too.", ["It costs approx. 300 pounds.", "APPROX. twice.", "ETC. too."]),
    ("See p. 4 and pp. 5-6. Done.", ["See p. 4 and pp. 5-6.", "Done."]),
    ("Stop. Go! Why? Yes...", ["Stop.", "Go!", "Why?", "Yes..."]),
    ("It ended.\u201d Then more.", ["It ended.\u201d", "Then more."]),
    ("It costs 3.50 pounds. Next.", ["It costs 3.50 pounds.", "Next."]),
    ("A tip.Not a cut. Top.", ["A tip.Not a cut.", "Top."]),
    ("Hello etc.. More.", ["Hello etc.. More."]),             # a run that starts with an abbreviation's full stop
    ("Ask a pro. Then act.", ["Ask a pro.", "Then act."]),    # "pro" ends like "no" but is another word
    ("Call Dept. two. Now.", ["Call Dept.", "two.", "Now."]),  # not in the list: a cut
])
def test_sentences_end_at_stops_but_not_after_abbreviations(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a short line without a full stop, above a line that starts with a capital, is a sentence of its own
    ("Downtime: none\nMost clients return to work the next day.",
     ["Downtime: none", "Most clients return to work the next day."]),
    ("Exosome facial\n£450 per session\nBook now", ["Exosome facial\n£450 per session", "Book now"]),
    ("> Pain level: minimal\n> Results in 2 weeks", ["Pain level: minimal", "Results in 2 weeks"]),
    ("- Scalp exosomes\n  \"Zero downtime\"", ["Scalp exosomes", '"Zero downtime"']),
    ("After three sessions\nI noticed less shedding.", ["After three sessions", "I noticed less shedding."]),
    # a wrapped sentence goes on: a comma, colon or linking word at the end, a small letter next, a long line
    ("Exosome therapy is not approved by the\nFDA for hair loss.", ["Exosome therapy is not approved by the\nFDA for hair loss."]),
    ("Suitable for:\nMen and women with thinning hair", ["Suitable for:\nMen and women with thinning hair"]),
    ("Clinics in London, Leeds,\nManchester and Bristol", ["Clinics in London, Leeds,\nManchester and Bristol"]),
    ("Book now\nand save", ["Book now\nand save"]),
    ("Ask Dr\nPatel first", ["Ask Dr\nPatel first"]),
    ("The trial enrolled forty adults with pattern hair loss at two\nclinics and followed all of them for a year, says its own report\n"
     "Nobody dropped out.", ["The trial enrolled forty adults with pattern hair loss at two\nclinics and followed all of them "
     "for a year, says its own report\nNobody dropped out."]),
])
def test_short_lines_without_a_stop_end_their_sentence(text, expected):
    assert sentences(text) == expected


def test_unclosed_fence_runs_to_the_end():
    assert sentences("Before.\n```\nno prose here. Exosomes cure.\n") == ["Before."]


TOKENS = list("ab .?!\n\t-*#|`~<>!{}[]():_=^\\\"'") + [
    "{claim:a-b}", "<!--", "-->", "```", "---\n", "<!-- not-a-claim: r -->", "<!-- end-not-a-claim -->", "Word", "| x |", "!!! note"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=120).map("".join))
def test_scanner_never_crashes_and_positions_stay_in_the_file(text):
    result = scan(text)
    for s in result.sentences:
        assert 0 <= s.start < len(text)
        assert s.start + len(s.text) <= len(text)
    for r in result.references:
        assert text[r.start:r.end] == "{claim:" + r.id + "}"
    for offset, _, _ in result.issues:
        assert 0 <= offset <= len(text)


@given(st.text(max_size=200))
def test_blank_keeps_length_and_line_breaks(text):
    masked = blank(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
