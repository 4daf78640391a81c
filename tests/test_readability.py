"""The site is written for patients at about US school grade 8; these tests keep the claims and pages there.

The grade is Flesch-Kincaid with a syllable heuristic (tests/readability.py), so the ceilings leave room for its
error: a mean of 9.5 for statements, for notes and for page prose, and no single statement above grade 14.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from claimcheck.registry import load_registry
from readability import fk_grade, page_prose, syllables

ROOT = Path(__file__).resolve().parent.parent
MAX_MEAN_GRADE = 9.5
MAX_STATEMENT_GRADE = 14.0

SIMPLE = "The cat sat on the mat."
TECHNICAL = (
    "Immunomodulatory extracellular vesicles derived from allogeneic mesenchymal stromal cells demonstrated "
    "statistically significant attenuation of pro-inflammatory cytokine expression in experimental osteoarthritis."
)


@pytest.fixture(scope="module")
def registry():
    registry, _ = load_registry(ROOT, ROOT / "claims")
    assert len(registry.claims) >= 100, "the real registry did not load"
    return registry


def mean_grade(texts: list[str]) -> float:
    return statistics.mean(fk_grade([t]) for t in texts)


def hardest(texts: list[str], n: int = 5) -> list[str]:
    """The texts that pull the grade up most, for the failure message."""
    return [f"{fk_grade([t]):.1f}: {t}" for t in sorted(texts, key=lambda t: -fk_grade([t]))[:n]]


# --- the grade function itself ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, low, high", [
    (SIMPLE, -5, 3),
    ("Ask the clinic for the test results.", -5, 6),
    ("Clinics advertise that exosome therapy regrows hair.", 6, 14),
    (TECHNICAL, 18, 40),
], ids=["simple", "short-plain", "short-with-long-words", "long-technical"])
def test_grade_of_examples(text, low, high):
    assert low <= fk_grade([text]) <= high


def test_simple_sentence_scores_lower_than_technical_one():
    assert fk_grade([SIMPLE]) + 15 < fk_grade([TECHNICAL])


def test_splitting_a_long_sentence_lowers_the_grade():
    long = "The clinic says the treatment is safe and the treatment works and patients go back to work the next day."
    short = "The clinic says the treatment is safe. It says the treatment works. It says patients go back to work the next day."
    assert fk_grade([short]) < fk_grade([long]) - 3


def test_texts_are_pooled_and_empty_input_is_zero():
    assert fk_grade([]) == 0.0
    assert fk_grade(["", "   "]) == 0.0
    assert fk_grade([SIMPLE, TECHNICAL]) == pytest.approx(fk_grade([f"{SIMPLE} {TECHNICAL}"]))


def test_a_text_without_end_punctuation_is_one_sentence():
    assert fk_grade(["Side effects and risks"]) == pytest.approx(fk_grade(["Side effects and risks."]))


@pytest.mark.parametrize("word, count", [
    ("the", 1), ("bone", 1), ("spine", 1), ("used", 1), ("people", 2), ("tested", 2), ("cases", 2),
    ("disease", 2), ("cartilage", 3), ("exosomes", 3), ("inflammation", 4), ("umbilical-cord", 5),
    ("FDA", 3), ("BASDAI", 2), ("2023", 1), ("77.4", 1),
])
def test_syllable_heuristic(word, count):
    assert syllables(word) == count


def test_page_prose_keeps_only_running_prose():
    page = (
        "---\ntitle: T\nreviewed: 2026-11-23\n---\n\n# A heading\n\nFirst line of prose.\n\n"
        "- {claim:some-claim}\n- A list item, see [costs](costs.md).\n\n"
        "!!! warning \"Read this first\"\n    {claim:other-claim}\n\n"
        "| Level | Meaning |\n| --- | --- |\n| Cell one | Cell two |\n\n"
        "```\ncode here\n```\n\n<!-- a comment -->\nUse `claims check` often.\n"
    )
    assert page_prose(page) == ["First line of prose.", "A list item, see costs.", "Cell one", "Cell two", "Use  often."]


# --- the real site ---------------------------------------------------------------------------------------------

def test_statements_read_at_about_grade_8(registry):
    statements = [c.statement for c in registry.claims.values()]
    assert mean_grade(statements) <= MAX_MEAN_GRADE, hardest(statements)
    assert fk_grade(statements) <= MAX_MEAN_GRADE, hardest(statements)


def test_notes_read_at_about_grade_8(registry):
    notes = [c.note for c in registry.claims.values() if c.note]
    assert mean_grade(notes) <= MAX_MEAN_GRADE, hardest(notes)
    assert fk_grade(notes) <= MAX_MEAN_GRADE, hardest(notes)


def test_no_statement_is_far_above_the_target(registry):
    too_hard = [f"{c.id} ({fk_grade([c.statement]):.1f}): {c.statement}"
                for c in registry.claims.values() if fk_grade([c.statement]) > MAX_STATEMENT_GRADE]
    assert too_hard == [], "split the sentence or use shorter words"


def test_page_prose_reads_at_about_grade_8():
    pages = {p.name: page_prose(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "docs").glob("*.md"))}
    assert pages, "no pages found"
    everything = [text for texts in pages.values() for text in texts]
    assert fk_grade(everything) <= MAX_MEAN_GRADE, hardest(everything)
    too_hard = {name: round(fk_grade(texts), 1) for name, texts in pages.items() if fk_grade(texts) > MAX_MEAN_GRADE}
    assert too_hard == {}, {name: hardest(pages[name], 3) for name in too_hard}
