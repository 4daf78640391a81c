"""The real site: every seed topic has its page or section with graded claims, and the registry is clean."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from claimcheck.project import check_project, find_project

ROOT = Path(__file__).resolve().parent.parent
SHARED_SOURCES = ROOT.parent / "shared" / "sources.yml"
SEED_000, SEED_004 = "seed-clinic-exosome-overview", "seed-clinic-exosome-as"

# (seed topic, page, heading pattern of its section or None for the whole page, seed source its claims grade)
SEED_TOPICS = [
    ("exosome therapy", "exosome-therapy.md", None, SEED_000),
    ("hair treatment", "hair-loss.md", None, SEED_000),
    ("ankylosing spondylitis", "ankylosing-spondylitis.md", None, SEED_004),
    ("exclusion: active infection", "who-should-not.md", r"infection", SEED_000),
    ("exclusion: bleeding disorders", "who-should-not.md", r"bleeding", SEED_000),
    ("exclusion: pregnancy", "who-should-not.md", r"pregnan", SEED_000),
    ("exclusion: breastfeeding", "who-should-not.md", r"breastfeed", SEED_000),
    ("exclusion: chemotherapy or radiotherapy", "who-should-not.md", r"chemotherapy", SEED_000),
    ("exclusion: autoimmune disease", "who-should-not.md", r"autoimmune", SEED_000),
    ("pricing", "costs.md", None, SEED_000),
    ("frequently asked questions", "what-clinics-say.md", None, SEED_000),
]


@pytest.fixture(scope="module")
def report():
    return check_project(find_project(ROOT / "mkdocs.yml"), today=dt.date(2026, 11, 23))


def section_claims(text: str, heading: str | None) -> list[str]:
    """Claim ids referenced in the page, or in the H2 section whose heading matches."""
    if heading is not None:
        match = re.search(rf"^## [^\n]*{heading}[^\n]*\n(.*?)(?=^## |\Z)", text, re.I | re.M | re.S)
        assert match, f"no '## ...{heading}...' section"
        text = match.group(1)
    return re.findall(r"\{claim:([a-z0-9-]+)\}", text)


def test_real_site_has_no_problems_at_all(report):
    assert [p.text() for p in report.problems] == []
    assert len(report.registry.claims) >= 100


@pytest.mark.parametrize("topic, page, heading, seed", SEED_TOPICS, ids=[t[0] for t in SEED_TOPICS])
def test_each_seed_topic_has_its_page_or_section_and_graded_claims(report, topic, page, heading, seed):
    ids = section_claims((ROOT / "docs" / page).read_text(encoding="utf-8"), heading)
    claims = [report.registry.claims[i] for i in ids]
    assert any(seed in c.sources and c.level == "marketing" for c in claims), f"{topic}: no graded clinic claim"
    assert any(c.level != "marketing" for c in claims), f"{topic}: nothing beside the clinic's words"


def test_every_page_shows_review_dates(report):
    for page in report.pages:
        assert isinstance(page.meta.get("reviewed"), dt.date), page.path
        assert isinstance(page.meta.get("review_due"), dt.date), page.path


def test_sources_come_from_the_verified_bibliography(report):
    """No invented reference: each source is a seed text or an entry of ../shared/sources.yml, fields unchanged."""
    assert SHARED_SOURCES.exists(), f"{SHARED_SOURCES} is missing: the verified bibliography must sit beside the project"
    shared = {entry["id"]: entry for entry in yaml.safe_load(SHARED_SOURCES.read_text(encoding="utf-8"))}
    for source in report.registry.sources.values():
        if source.kind == "clinic-marketing":
            assert source.verified_at[0].startswith("seed "), source.id
            continue
        original = shared[source.id]
        for field in ("title", "doi", "pmid", "nct", "url", "year", "authors", "container"):
            assert str(getattr(source, field) or "") == str(original.get(field) or ""), (source.id, field)
        assert list(source.verified_at) == original["verified_at"], source.id


def test_marketing_claims_that_evidence_does_not_support_say_so(report):
    """A marketing claim citing a published source beside the seed must tell patients what that source shows."""
    for claim in report.registry.claims.values():
        if claim.level == "marketing" and any(s not in (SEED_000, SEED_004) for s in claim.sources):
            assert claim.note, claim.id
