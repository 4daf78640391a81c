"""Flesch-Kincaid grade of plain-language text, for the tests that hold the site to a reading level.

The site is for patients, so its target is about US school grade 8. A test that measures the grade
keeps that target from drifting as claims and pages are added. This is a small pure heuristic, not a
dictionary: the syllable count is approximate, so read a grade as a trend to watch, not an exact value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A word is a run of letters (with inner apostrophes or hyphens) or a number such as 77.4 or 2,950.
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*|\d+(?:[.,]\d+)*")
# A sentence ends at . ! or ? (a closing quote or bracket may follow) before a space or the end of the text.
SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)")
VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Vowel groups, less a silent final 'e', at least one per word.

    Why a heuristic: a pronouncing dictionary would be a dependency and still miss medical words.
    Numbers count as one syllable, as readers take them in at a glance; short all-capital abbreviations
    (FDA, CRP) are spelt out letter by letter; longer ones (BASDAI, ISEV) are read like words.
    """
    if word[0].isdigit():
        return 1
    if word.isupper() and len(word) <= 3:
        return len(word)
    total = 0
    for part in re.split(r"[-'’]", word.lower()):
        count = len(VOWEL_GROUP_RE.findall(part))
        if part.endswith("e") and not part.endswith(("le", "ee", "ye")) and count > 1:
            count -= 1  # silent e: "cartilage", "bone", "spine"
        if part.endswith(("ed", "es")) and not part.endswith(("ted", "ded", "ses", "zes", "ces", "ges", "xes", "shes", "ches")) and count > 1:
            count -= 1  # "used", "lines": the e is not sounded
        total += max(1, count)
    return max(1, total)


def counts(text: str) -> tuple[int, int, int]:
    """(sentences, words, syllables) of one text; a text without end punctuation (a heading) is one sentence."""
    words = WORD_RE.findall(text)
    if not words:
        return 0, 0, 0
    sentences = max(1, len(SENTENCE_END_RE.findall(text)))
    return sentences, len(words), sum(syllables(w) for w in words)


def fk_grade(texts: Iterable[str]) -> float:
    """Flesch-Kincaid grade level of the texts taken together (0.0 for no words).

    Pooled over all texts, so a long text weighs more than a short one, as it does for a reader.
    Grade = 0.39 * words per sentence + 11.8 * syllables per word - 15.59.
    """
    sentences = words = syl = 0
    for text in texts:
        s, w, y = counts(text)
        sentences, words, syl = sentences + s, words + w, syl + y
    if not words:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syl / words - 15.59


FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
CLAIM_RE = re.compile(r"\{claim:[^}]*\}")
CODE_SPAN_RE = re.compile(r"`[^`\n]*`")
LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
HEADING_RE = re.compile(r"^#{1,6}\s.*$", re.M)
ABBR_DEF_RE = re.compile(r"^\*\[[^\]]+\]:.*$", re.M)
ADMONITION_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s.*$", re.M)
TABLE_HEAD_RE = re.compile(r"^.*\|.*\n\s*\|?\s*:?-{3,}.*$", re.M)


def page_prose(markdown: str) -> list[str]:
    """The page's own running prose as separate texts: one per paragraph line, list item or table cell.

    Claim references are dropped because the claims are measured on their own. Front matter, code, comments,
    abbreviation definitions, and the fragments that only name a topic (headings, admonition titles, table
    header rows) are dropped too: they are not sentences, and as one-word "sentences" they would make the
    grade look better than the prose is. Each line is its own text, so a list item without a full stop is
    not run together with the next one.
    """
    text = FRONT_MATTER_RE.sub("", markdown)
    for pattern in (FENCE_RE, COMMENT_RE, ABBR_DEF_RE, HEADING_RE, ADMONITION_RE, TABLE_HEAD_RE):
        text = pattern.sub("", text)
    text = CODE_SPAN_RE.sub("", CLAIM_RE.sub("", text))
    text = LINK_RE.sub(r"\1", text)
    texts = []
    for line in text.splitlines():
        for cell in line.split("|"):
            cell = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", cell).replace("**", "").strip(" :")
            if WORD_RE.search(cell):
                texts.append(cell)
    return texts
