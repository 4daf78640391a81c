"""The `claims` command: exact lines, formats and exit codes, run as CI runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLAIMS = Path(sys.executable).parent / "claims"
UNTAGGED = "Exosome injections regrow hair within four weeks."


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([str(CLAIMS), *args], cwd=project, capture_output=True, text=True, timeout=60, env=env)


def break_page(project: Path) -> None:
    with (project / "docs" / "hair.md").open("a") as page:
        page.write(f"\n{UNTAGGED}\n\n{{claim:hair-clinics-say-regrowt}}\n")


def test_clean_project_exits_zero(project):
    result = run(project, "check")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "0 errors, 0 warnings in 2 pages and 3 claims; 0 passages marked not a claim\n"
    assert "Traceback" not in result.stderr


def test_problems_are_printed_sorted_with_exit_one(project):
    break_page(project)
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/hair.md:24:1: untagged-claim: 'Exosome injections regrow hair within four weeks.' reads like a "
        "health claim (a health effect or benefit: 'regrow'); reference a registry claim with {claim:ID} "
        "or mark the passage as not a claim",
        "docs/hair.md:26:1: unknown-claim: no claim 'hair-clinics-say-regrowt' in the registry; did you mean "
        "'hair-clinics-say-regrowth'? use an id from claims/*.yml or add the claim there",
    ]


def test_lines_pasted_from_a_web_page_are_reported_at_their_own_line(project):
    with (project / "docs" / "hair.md").open("a") as page:  # one paragraph: a label, a claim, a call to action
        page.write("\nExosome Hair Boost\nMost clients see thicker hair after three sessions\nBook a consultation today\n")
    result = run(project, "check", "--format", "json")
    assert [(p["line"], p["column"], p["rule"]) for p in json.loads(result.stdout)] == [(25, 1, "untagged-claim")]
    assert result.returncode == 1


def test_a_fragment_is_a_claim_as_a_list_item_but_not_as_a_heading(project):
    page = project / "docs" / "hair.md"
    before = page.read_text().count("\n")
    with page.open("a") as out:
        out.write("\n## Bleeding and bruising\n\n- Bleeding and bruising at the injection site\n")
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"docs/hair.md:{before + 4}:3: untagged-claim: 'Bleeding and bruising at the injection site' reads like a "
        "health claim (a risk or side effect: 'Bleeding'); reference a registry claim with {claim:ID} "
        "or mark the passage as not a claim"]


def test_json_format_fields(project):
    break_page(project)
    result = run(project, "check", "--format", "json")
    problems = json.loads(result.stdout)
    assert result.returncode == 1
    assert [sorted(p) for p in problems] == [["column", "line", "message", "path", "rule", "severity"]] * 2
    assert [(p["path"], p["line"], p["column"], p["rule"], p["severity"]) for p in problems] == [
        ("docs/hair.md", 24, 1, "untagged-claim", "error"), ("docs/hair.md", 26, 1, "unknown-claim", "error")]


def test_github_format_annotations(project):
    break_page(project)
    lines = run(project, "check", "--format", "github").stdout.splitlines()
    assert lines[1] == (
        "::error file=docs/hair.md,line=26,col=1,title=unknown-claim::no claim 'hair-clinics-say-regrowt' in the "
        "registry; did you mean 'hair-clinics-say-regrowth'? use an id from claims/*.yml or add the claim there")


def test_paths_limit_the_check_and_skip_usage_warnings(project):
    break_page(project)
    result = run(project, "check", "docs/index.md")
    assert (result.returncode, result.stdout) == (0, "")
    assert run(project, "check", "docs").returncode == 1


def test_unused_claim_is_a_warning_and_strict_fails(project):
    page = project / "docs" / "index.md"
    page.write_text(page.read_text().replace("{claim:reg-no-approved-product}", ""))
    (project / "docs" / "hair.md").write_text((project / "docs" / "hair.md").read_text().replace("{claim:reg-no-approved-product}", ""))
    result = run(project, "check")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "claims/topic.yml:1:3: unused-claim: claim 'reg-no-approved-product' is not referenced by any page; "
        "reference it with {claim:reg-no-approved-product} or delete it",
    ]
    assert run(project, "check", "--strict").returncode == 1


@pytest.mark.parametrize("args, message", [
    (["--config", "nowhere.yml", "check"], "claims: nowhere.yml: no such file; run from the project folder or pass --config path/to/mkdocs.yml\n"),
    (["check", "docs/missing.md"], "claims: docs/missing.md: no such file or folder; pass Markdown files or folders that exist\n"),
])
def test_unusable_input_exits_two(project, args, message):
    result = run(project, *args)
    assert (result.returncode, result.stderr) == (2, message)


def test_list_prints_the_registry_strongest_first(project):
    result = run(project, "list")
    assert result.returncode == 0
    assert [line.split("\t")[:3] for line in result.stdout.splitlines()] == [
        ["reg-no-approved-product", "established", "claims/topic.yml:1"],
        ["hair-small-study-density", "early-trial", "claims/topic.yml:12"],
        ["hair-clinics-say-regrowth", "marketing", "claims/topic.yml:6"],
    ]


def test_non_utf8_page_is_reported_not_crashed(project):
    (project / "docs" / "bad.md").write_bytes(b"# Title\n\nCaf\xe9 text.\n")
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["docs/bad.md:3:4: encoding-error: byte 0xe9 is not UTF-8; save the file as UTF-8"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("today, expected, code", [
    ("2027-10-01", [], 0),
    ("2027-10-15", ["claims/topic.yml:5:13: review-due: claim 'reg-no-approved-product' is due for review on 2027-11-01, in 17 days; "
                    "review it against its sources and update its reviewed date"], 0),
    ("2027-11-02", ["claims/topic.yml:5:13: review-expired: claim 'reg-no-approved-product' was last reviewed on 2026-11-01 and was "
                    "due for review on 2027-11-01; review it against its sources and update its reviewed date"], 1),
])
def test_review_currency_as_of_a_given_day(project, today, expected, code):
    result = run(project, "check", "--today", today)
    assert result.returncode == code
    assert [line for line in result.stdout.splitlines() if line.startswith("claims/topic.yml:5:")] == expected
    assert len(result.stdout.splitlines()) == (0 if not expected else 5)


def test_page_without_review_date_is_an_error(project):
    (project / "docs" / "extra.md").write_text("# Extra\n\nNothing to see.\n")
    result = run(project, "check", "--today", "2026-11-23")
    assert result.stdout.splitlines() == [
        "docs/extra.md:1:1: review-missing: the page has no 'reviewed' date; add reviewed: YYYY-MM-DD and "
        "review_due: YYYY-MM-DD to its front matter"]


def test_a_file_outside_the_docs_needs_no_review_date(project):
    """A draft or a pasted clinic page is checked for claims; only pages of the site need review dates."""
    (project / "drafts").mkdir()
    (project / "drafts" / "clean.md").write_text("Book a consultation today.\n")
    (project / "drafts" / "claim.md").write_text(UNTAGGED + "\n")
    (project / "docs" / "extra.md").write_text("Nothing to see.\n")
    clean = run(project, "check", "drafts/clean.md", "--today", "2026-11-23")
    assert (clean.returncode, clean.stdout) == (0, "")
    result = run(project, "check", "drafts", "docs/extra.md", "--today", "2026-11-23")
    assert [line.split(": ")[0:2] for line in result.stdout.splitlines()] == [
        ["docs/extra.md:1:1", "review-missing"], ["drafts/claim.md:1:1", "untagged-claim"]]
    assert result.returncode == 1


def test_a_page_reached_through_a_link_is_named_by_the_file_it_points_to(project):
    """Paths are resolved folder by folder, each folder once; a linked page or folder still shows its target."""
    (project / "drafts").mkdir()
    (project / "drafts" / "claim.md").write_text(UNTAGGED + "\n")
    (project / "docs" / "linked-page.md").symlink_to(project / "drafts" / "claim.md")
    (project / "docs" / "linked-folder").symlink_to(project / "drafts", target_is_directory=True)
    for path in ("docs/linked-page.md", "docs/linked-folder/claim.md", "docs/linked-folder/../drafts/claim.md"):
        result = run(project, "check", path, "--today", "2026-11-23")
        assert [line.split(": ")[:2] for line in result.stdout.splitlines()] == [["drafts/claim.md:1:1", "untagged-claim"]], path


def test_a_path_that_cannot_be_looked_into_is_resolved_in_full(tmp_path, monkeypatch):
    """Checking for a link can raise (a folder without search permission) where Path.resolve does not."""
    from claimcheck.sourcefile import relative

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    (tmp_path / "docs").mkdir()
    monkeypatch.setattr(Path, "is_symlink", refuse)
    assert relative(tmp_path / "docs" / "page.md", tmp_path) == "docs/page.md"


def test_bad_today_is_unusable_input(project):
    result = run(project, "check", "--today", "tomorrow")
    assert result.returncode == 2
    assert "'tomorrow' is not a date; write YYYY-MM-DD" in result.stderr


def test_show_suppressed_lists_marked_passages_with_reasons(project):
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\n<!-- not-a-claim: the clinic's words, graded above -->\n"
                    "Exosomes regrow hair in weeks.\n<!-- end-not-a-claim -->\n")
    result = run(project, "check", "--show-suppressed")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.splitlines() == [
        "docs/index.md:16: suppressed: 'Exosomes regrow hair in weeks.' (reason: the clinic's words, graded above)",
        "0 errors, 0 warnings in 2 pages and 3 claims; 1 passage marked not a claim",
    ]


def test_list_unused_shows_what_can_be_cleaned_up(project):
    page = project / "docs" / "hair.md"
    page.write_text(page.read_text().replace("{claim:hair-small-study-density}", "A study"))
    result = run(project, "list", "--unused")
    assert result.returncode == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["hair-small-study-density"]
