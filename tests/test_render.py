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


def test_register_matches_golden(project, registry):
    pages = [check_page(f"docs/{name}", name, (project / "docs" / name).read_text(), registry) for name in ("index.md", "hair.md")]
    golden("register.md", render.register_markdown(registry, usage_of(pages)))


@pytest.mark.parametrize("src_uri, expected", [
    ("index.md", "register.md#x"), ("topics/hair.md", "../register.md#x"), ("a/b/c.md", "../../register.md#x")])
def test_badges_link_to_the_register_from_any_folder(src_uri, expected):
    assert render.register_href(src_uri, "x") == expected


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
