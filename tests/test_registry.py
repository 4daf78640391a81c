"""Registry errors: each rule with its exact line, read from files the way an editor wrote them."""

from __future__ import annotations

import pytest
import yaml

from claimcheck import yamlnodes
from claimcheck.registry import load_registry

GOOD_CLAIM = """- id: extra-claim
  statement: The regulator says exosome products need approval.
  level: established
  sources: [regulator-notice]
  reviewed: 2026-11-01
"""

CASES = [
    pytest.param(
        "- id: extra-claim\n  statement: Exosome treatment regrows hair.\n  level: marketing\n  sources: [clinic-page]\n  reviewed: 2026-11-01\n",
        ["claims/extra.yml:2:14: wording-level: claim 'extra-claim': The statement is at level 'marketing' but reads as our own "
         "finding; say who claims it, e.g. 'Clinics advertise that exosome therapy regrows hair.'"],
        id="wording-marketing-not-attributed"),
    pytest.param(
        "- id: extra-claim\n  statement: Clinics advertise results.\n  level: marketng\n  sources: [clinic-page]\n  reviewed: 2026-11-01\n",
        ["claims/extra.yml:3:10: unknown-level: claim 'extra-claim': level 'marketng' is not on the evidence scale; "
         "did you mean 'marketing'? use one of: established, early-trial, preclinical, marketing"],
        id="unknown-level-with-suggestion"),
    pytest.param(
        GOOD_CLAIM.replace("[regulator-notice]", "[regulator-notise, nowhere]"),
        ["claims/extra.yml:4:13: unknown-source: claim 'extra-claim' cites 'regulator-notise', which is not in "
         "claims/sources.yml; did you mean 'regulator-notice'? add the source (with its verified_at pages) or fix the id",
         "claims/extra.yml:4:31: unknown-source: claim 'extra-claim' cites 'nowhere', which is not in "
         "claims/sources.yml; add the source (with its verified_at pages) or fix the id"],
        id="unknown-sources"),
    pytest.param(
        GOOD_CLAIM.replace("  level: established\n", ""),
        ["claims/extra.yml:1:3: invalid-claim: claim 'extra-claim' has no 'level'; add level: to it"],
        id="missing-level"),
    pytest.param(
        GOOD_CLAIM + "  sourcse: [x]\n",
        ["claims/extra.yml:6:3: invalid-claim: claim 'extra-claim' has an unknown field 'sourcse'; did you mean "
         "'sources'? allowed fields are: id, statement, level, sources, reviewed, note"],
        id="misspelt-key"),
    pytest.param(
        GOOD_CLAIM.replace("id: extra-claim", "id: hair-clinics-say-regrowth"),
        ["claims/topic.yml:6:3: duplicate-claim: claim 'hair-clinics-say-regrowth' is already defined at "
         "claims/extra.yml:1; rename one or merge them"],
        id="duplicate-across-files"),
    pytest.param(
        GOOD_CLAIM.replace("id: extra-claim", "id: 42"),
        ["claims/extra.yml:1:7: invalid-claim: this claim: 'id' must be text; write id: followed by text"],
        id="number-as-id"),
    pytest.param(
        GOOD_CLAIM.replace("[regulator-notice]", "regulator-notice"),
        ["claims/extra.yml:4:12: invalid-claim: claim 'extra-claim': 'sources' must be a list; write sources: followed by a list"],
        id="string-as-sources"),
    pytest.param(
        GOOD_CLAIM.replace("id: extra-claim", "id: Extra_Claim"),
        ["claims/extra.yml:1:7: invalid-claim: claim 'Extra_Claim': ids are lowercase words joined by hyphens, "
         "like hair-regrowth-claim; rename it"],
        id="id-not-kebab"),
    pytest.param(
        GOOD_CLAIM.replace("  statement: The regulator says exosome products need approval.", "  statement: ''"),
        ["claims/extra.yml:2:14: invalid-claim: claim 'extra-claim': 'statement' is empty; write the sentence patients will read"],
        id="empty-statement"),
    pytest.param(
        GOOD_CLAIM.replace("need approval.", "need approval {claim:reg-no-approved-product}."),
        ["claims/extra.yml:2:14: invalid-claim: claim 'extra-claim': 'statement' contains a claim reference; "
         "write the words out, claims cannot nest"],
        id="nested-reference"),
    pytest.param(
        GOOD_CLAIM.replace("need approval.", "need approval <script>alert(1)</script>."),
        ["claims/extra.yml:2:14: invalid-claim: claim 'extra-claim': 'statement' contains raw HTML; "
         "write plain text with Markdown only"],
        id="script-tag"),
    pytest.param(
        GOOD_CLAIM.replace("need approval.", "need [approval](javascript:alert(1))."),
        ["claims/extra.yml:2:14: unsafe-link: claim 'extra-claim': 'statement' links to 'javascript:alert(1)'; "
         "only http(s) links are allowed, write the full https:// address"],
        id="javascript-link"),
    pytest.param(
        GOOD_CLAIM.replace("[regulator-notice]", "[clinic-page]"),
        ["claims/extra.yml:3:10: level-unsupported: claim 'extra-claim' is 'established' but cites only clinic-marketing; "
         "cite a source of kind regulator, guideline, patient-guide, instrument, case-report, news, review or lower the level",
         "claims/extra.yml:3:10: level-above-sources: claim 'extra-claim' is 'established' but its sources support at "
         "most 'marketing'; lower the level or cite a stronger source"],
        id="level-not-supported"),
    pytest.param(
        GOOD_CLAIM.replace("reviewed: 2026-11-01", "reviewed: soon"),
        ["claims/extra.yml:5:13: invalid-claim: claim 'extra-claim': 'reviewed' must be a date (YYYY-MM-DD); "
         "write reviewed: followed by a date (YYYY-MM-DD)"],
        id="reviewed-not-date"),
    pytest.param(
        "extra-claim:\n  statement: x\n",
        ["claims/extra.yml:1:1: yaml-error: the file must be a YAML list of entries, each starting with '- id:'; "
         "make each entry a list item"],
        id="mapping-not-list"),
    pytest.param(
        "",
        ["claims/extra.yml:1:1: yaml-error: the file is empty; add a YAML list of entries or delete the file"],
        id="empty-file"),
    pytest.param(
        "- id: extra-claim\n\tstatement: x\n",
        ["claims/extra.yml:2:1: yaml-error: a tab character cannot indent YAML; fix the YAML syntax "
         "(indent with spaces, quote text that contains ': ' or '#')"],
        id="tab-indent"),
    pytest.param(
        "- id: extra-claim\n  statement: [unclosed\n",
        ["claims/extra.yml:3:1: yaml-error: did not find expected ',' or ']'; fix the YAML syntax "
         "(indent with spaces, quote text that contains ': ' or '#')"],
        id="syntax-error"),
    pytest.param(
        "- &a [x, x, x]\n- &b [*a, *a, *a]\n- &c [*b, *b, *b]\n",
        ["claims/extra.yml:2:7: yaml-error: aliases (*name) are not allowed; write the value out in full"],
        id="alias-bomb"),
    pytest.param(
        "- !!python/object/apply:os.system ['echo pwned']\n",
        ["claims/extra.yml:1:3: yaml-error: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; remove it"],
        id="python-tag"),
    pytest.param(
        GOOD_CLAIM + "  id: again\n",
        ["claims/extra.yml:6:3: yaml-error: the key 'id' appears twice in one entry (first at line 1); keep one"],
        id="duplicate-key"),
]


@pytest.mark.parametrize("content, expected", CASES)
def test_registry_problem_lines(project, content, expected):
    (project / "claims" / "extra.yml").write_text(content, encoding="utf-8")
    _, problems = load_registry(project, project / "claims")
    assert [p.text() for p in problems] == expected


@pytest.mark.parametrize("content, expected", [case for case in CASES if case.id != "syntax-error"] + [
    pytest.param("- id: extra\x07claim\n", ["claims/extra.yml:1:1: yaml-error: unacceptable character #x0007"], id="control-character"),
])
def test_registry_problem_lines_without_libyaml(project, monkeypatch, content, expected):
    """PyYAML's pure-Python loader (no libyaml) checks characters as it starts: still one line, no traceback.
    Its syntax messages are worded differently, so only their start is compared here."""
    monkeypatch.setattr(yamlnodes, "SAFE_LOADER", yaml.SafeLoader)
    (project / "claims" / "extra.yml").write_text(content, encoding="utf-8")
    _, problems = load_registry(project, project / "claims")
    assert [p.text()[:len(e)] for p, e in zip(problems, expected)] == expected and len(problems) == len(expected)


def test_fixture_registry_is_clean(project):
    registry, problems = load_registry(project, project / "claims")
    assert problems == []
    assert sorted(registry.claims) == ["hair-clinics-say-regrowth", "hair-small-study-density", "reg-no-approved-product"]
    assert [lv.id for lv in registry.levels_by_strength()] == ["established", "early-trial", "preclinical", "marketing"]


def test_non_utf8_claim_file_points_at_the_byte(project):
    (project / "claims" / "extra.yml").write_bytes(b"- id: caf\xe9\n")
    _, problems = load_registry(project, project / "claims")
    assert [p.text() for p in problems] == [
        "claims/extra.yml:1:10: encoding-error: byte 0xe9 is not UTF-8; save the file as UTF-8"]


def test_bom_and_crlf_are_accepted(project):
    (project / "claims" / "extra.yml").write_bytes(b"\xef\xbb\xbf" + GOOD_CLAIM.replace("\n", "\r\n").encode())
    registry, problems = load_registry(project, project / "claims")
    assert problems == []
    assert registry.claims["extra-claim"].line == 1


@pytest.mark.parametrize("field, value, message", [
    ("url", "javascript:alert(1)", "source 'bad': 'url' value 'javascript:alert(1)' is not valid; only http(s) addresses are allowed; write the full https:// address"),
    ("doi", "doi.org/10.1/x", "source 'bad': 'doi' value 'doi.org/10.1/x' is not valid; a DOI looks like 10.1234/abc; write it without https://doi.org/"),
    ("nct", "NCT123", "source 'bad': 'nct' value 'NCT123' is not valid; an NCT number is NCT and 8 digits; write it like NCT01234567"),
    ("title", "<img src=x onerror=alert(1)>", "source 'bad': 'title' contains raw HTML; write plain text"),
])
def test_invalid_source_fields(project, field, value, message):
    sources = project / "claims" / "sources.yml"
    sources.write_text(sources.read_text() + f"- id: bad\n  kind: regulator\n  level_hint: established\n"
                       f"  verified_at: [x]\n  {field}: '{value}'\n" + ("  title: T\n" if field != "title" else ""))
    _, problems = load_registry(project, project / "claims")
    assert [(p.rule, p.message) for p in problems] == [("invalid-source", message)]
    assert (problems[0].line, problems[0].column) == (30, 10 if field == "title" else 8)


def test_source_without_verified_at_is_refused(project):
    sources = project / "claims" / "sources.yml"
    sources.write_text(sources.read_text() + "- id: unverified\n  kind: regulator\n  title: T\n  level_hint: established\n")
    _, problems = load_registry(project, project / "claims")
    assert [p.text() for p in problems] == [
        "claims/sources.yml:26:3: invalid-source: source 'unverified' has no 'verified_at'; add verified_at: to it"]


def test_broken_sources_file_does_not_cascade(project):
    (project / "claims" / "sources.yml").write_text("- id: x\n  title: [unclosed\n")
    _, problems = load_registry(project, project / "claims")
    assert [p.rule for p in problems] == ["yaml-error"]
