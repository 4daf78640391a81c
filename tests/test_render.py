"""Rendering: golden files for an expanded page and the register, and escaping of YAML text."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import markdown
import pytest

from claimcheck import render
from claimcheck.pages import check_page
from claimcheck.project import usage_of
from claimcheck.registry import Claim, load_registry

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, actual: str) -> None:
    """Compare with a golden file; UPDATE_GOLDEN=1 rewrites it (review the diff before committing)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture
def registry(project):
    registry, problems = load_registry(project, project / "claims")
    assert problems == []
    return registry


def test_expanded_page_matches_golden(project, registry):
    text = (project / "docs" / "hair.md").read_text()
    golden("hair.expanded.md", render.expand(text, "hair.md", registry))


def test_register_pages_match_golden(project, registry):
    pages = [check_page(f"docs/{name}", name, (project / "docs" / name).read_text(), registry) for name in ("index.md", "hair.md")]
    generated = render.register_pages(registry, usage_of(pages))
    assert list(generated) == ["register.md", "register/established.md", "register/early-trial.md",
                               "register/preclinical.md", "register/marketing.md"]
    golden("register.md", generated["register.md"])
    golden("register-early-trial.md", generated["register/early-trial.md"])
    assert "No claims at this level." in generated["register/preclinical.md"]


@pytest.mark.parametrize("src_uri, expected", [
    ("index.md", "register/marketing.md#x"), ("topics/hair.md", "../register/marketing.md#x"),
    ("a/b/c.md", "../../register/marketing.md#x")])
def test_badges_link_to_the_register_from_any_folder(registry, src_uri, expected):
    claim = Claim("x", "s", "marketing", ("clinic-page",), dt.date(2026, 11, 1), "claims/x.yml", 1, 3)
    assert render.register_href(src_uri, claim) == expected


def test_unknown_reference_stays_visible(registry):
    assert render.expand("See {claim:gone}.", "index.md", registry) == (
        'See <strong class="claim-error">[unknown or invalid claim: gone]</strong>.')


def test_references_in_code_stay_literal(registry):
    text = "`{claim:hair-small-study-density}`\n\n```\n{claim:hair-small-study-density}\n```\n"
    assert render.expand(text, "index.md", registry) == text


def test_html_from_yaml_comes_out_as_text(registry):
    claim = Claim("evil", 'Clinics say <script>alert(1)</script> "quoted" | piped & more.', "marketing",
                  ("clinic-page",), dt.date(2026, 11, 1), "claims/x.yml", 1, 3, note="<img src=x onerror=alert(1)>")
    registry.claims["evil"] = claim
    html = markdown.markdown(render.expand("| a |\n|---|\n| {claim:evil} |\n", "index.md", registry),
                             extensions=["attr_list", "tables"])
    assert "<script>" not in html and "<img" not in html
    assert "Clinics say &lt;script&gt;alert(1)&lt;/script&gt; \"quoted\" &#124; piped &amp; more." in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_profile_counts_each_claim_once_in_words(registry):
    html = render.profile_html(registry, ["hair-clinics-say-regrowth", "reg-no-approved-product", "hair-clinics-say-regrowth", "gone"], "#legend")
    assert '<p class="evidence-profile__title">Evidence on this page: 2 claims</p>' in html
    assert 'data-level="established" data-count="1"><span class="claim-badge__icon" aria-hidden="true">✔</span> 1 Established</li>' in html
    assert 'data-level="preclinical" data-count="0"><span class="claim-badge__icon" aria-hidden="true">⚗</span> 0 Lab &amp; animal studies</li>' in html
    assert html.count("evidence-profile__segment--") == 2 and 'style="width: 50.0%"' in html


def test_profile_goes_after_the_first_heading():
    assert render.with_profile("Intro\n# Title\nText", "<P>") == "Intro\n# Title\n\n<P>\n\nText"
    assert render.with_profile("No heading", "<P>") == "\n\n<P>\n\nNo heading"


def test_footer_lists_sources_with_urls_written_out_and_review_dates(registry):
    sources = render.page_sources(registry, ["hair-clinics-say-regrowth", "hair-small-study-density"])
    assert [s.id for s in sources] == ["clinic-page", "small-study"]
    footer = render.page_footer(sources, dt.date(2026, 11, 1), dt.date(2027, 11, 1))
    assert ("<li>An uncontrolled study of a scalp treatment. Author A, Author B. A journal. 2024. "
            '<span class="page-sources__url">https://doi.org/10.1234/example.5678</span></li>') in footer
    assert footer.endswith('<p class="page-review">Page last reviewed: 1 November 2026<br>Next review due: 1 November 2027</p>')


def test_json_ld_cannot_close_the_script_tag():
    script = render.medical_web_page("A </script><script>alert(1)</script>", "d", dt.date(2026, 11, 1), "Site", "")
    assert script.count("</script>") == 1
    assert '"lastReviewed": "2026-11-01"' in script and '"audienceType": "Patient"' in script


def test_source_details_never_double_a_full_stop():
    from claimcheck.registry import Source
    source = Source("s", "review", "A review.", "preclinical", ("x",), authors="Yuan HY, et al.", container="Frontiers", year=2026)
    assert render.source_item(source) == "A review. Yuan HY, et al. Frontiers. 2026."
