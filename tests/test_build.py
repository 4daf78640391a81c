"""A real `mkdocs build` of the fixture site in a temporary folder: clean, failing, and what it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], cwd=project,
                          capture_output=True, text=True, timeout=120, env=ENV)


def problem_lines(output: str) -> list[str]:
    """The claim problems MkDocs logged, without its level prefix and without the closing summary."""
    logged = [line.split("-  ", 1)[1] for line in output.splitlines() if line.startswith(("ERROR", "WARNING"))]
    return [line for line in logged if not line.startswith("claim check failed")]


def test_clean_build_renders_badges_register_and_data(project):
    result = build(project)
    assert result.returncode == 0, result.stderr
    hair = (project / "site" / "hair" / "index.html").read_text()
    assert ('<a class="claim-badge claim-badge--early-trial" href="../register/early-trial/#hair-small-study-density">'
            '<span class="claim-badge__icon" aria-hidden="true">◐</span> '
            '<span class="claim-badge__prefix">Evidence: </span>Small early studies</a>') in hair
    assert "<code>{claim:not-a-reference}</code>" in hair
    register = (project / "site" / "register" / "index.html").read_text()
    assert register.index('id="level-established"') < register.index('id="level-early-trial"') < register.index('id="level-marketing"')
    assert '<p><a href="marketing/">See the 1 claim labelled Clinic marketing</a></p>' in register
    marketing = (project / "site" / "register" / "marketing" / "index.html").read_text()
    assert '<div class="claim-entry claim-entry--marketing" data-level="marketing" data-pages="hair.md" id="hair-clinics-say-regrowth">' in marketing
    assert ('<li id="source-small-study"><a href="https://doi.org/10.1234/example.5678">An uncontrolled study of a '
            'scalp treatment</a>. Author A, Author B. A journal. 2024.</li>') in marketing
    assert ('<strong>Sources:</strong> <a href="#source-clinic-page">source 1</a>, <a href="#source-small-study">source 2</a>. '
            '<strong>Reviewed:</strong> 1 November 2026. <strong>Used on:</strong> <a href="../../hair/">Hair loss</a>.') in marketing
    assert 'evidence-profile__legend"><a href="../register/#how-to-read-the-labels">How to read the labels</a>' in hair
    assert '<p class="page-review">Page last reviewed: 1 November 2026<br>Next review due: 1 November 2027</p>' in hair
    assert '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MedicalWebPage", "name": "Hair loss"' in hair
    assert '<a href="../claims.json">claims.json</a>' in register
    data = json.loads((project / "site" / "claims.json").read_text())
    assert [c["id"] for c in data] == ["hair-clinics-say-regrowth", "hair-small-study-density", "reg-no-approved-product"]
    assert data[2]["pages"] == ["index.md", "hair.md"]


# `mkdocs build` with every open() of a Markdown file logged, by every process (the hook's child too)
COUNTING_BUILD = """
import builtins, io, os, runpy, sys
log = os.open(sys.argv.pop(1), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
real_open = io.open
def counting_open(file, *args, **kwargs):
    if not isinstance(file, int) and os.fspath(file).endswith(".md"):
        os.write(log, (os.path.abspath(file) + "\\n").encode())
    return real_open(file, *args, **kwargs)
io.open = builtins.open = counting_open
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__")
"""


def test_a_build_reads_each_page_once(project, tmp_path):
    log = tmp_path / "reads.log"
    result = subprocess.run([sys.executable, "-c", COUNTING_BUILD, str(log), "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=120, env=ENV)
    assert result.returncode == 0, result.stderr
    reads = Counter(Path(line).relative_to(project).as_posix() for line in log.read_text().splitlines()
                    if Path(line).is_relative_to(project))
    pages = sorted(path.relative_to(project).as_posix() for path in (project / "docs").rglob("*.md"))
    assert len(pages) > 1 and {page: reads[page] for page in pages} == {page: 1 for page in pages}


def test_a_source_from_another_plugin_is_kept(project):
    (project / "other_hook.py").write_text(
        "def on_page_read_source(page, config):\n"
        "    if page.file.generated_by:\n"
        "        return None\n"
        "    with open(page.file.abs_src_path, encoding='utf-8') as f:\n"
        "        return f.read() + '\\nThis line comes from another hook.\\n'\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("hooks:\n", "hooks:\n  - other_hook.py\n", 1))
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "on_page_read_source" not in result.stderr  # MkDocs warns (and --strict fails) if two plugins handle it
    assert "<p>This line comes from another hook.</p>" in (project / "site" / "hair" / "index.html").read_text()


def test_untagged_sentence_and_unknown_id_fail_the_build(project):
    with (project / "docs" / "hair.md").open("a") as page:
        page.write("\nExosome injections regrow hair within four weeks.\n\n{claim:no-such-claim}\n")
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = problem_lines(result.stderr)
    assert [line.split(": ")[0:2] for line in lines] == [["docs/hair.md:24:1", "untagged-claim"], ["docs/hair.md:26:1", "unknown-claim"]]
    assert "ERROR   -  claim check failed with 2 errors, 0 warnings; fix the lines above" in result.stderr
    assert result.stdout.strip() == "Aborted with a BuildError!"
    assert not list((project / "site").rglob("*.html")), "the check runs beside rendering but stops the build before any page is written"


def test_claim_that_loses_its_level_fails_the_build(project):
    topic = project / "claims" / "topic.yml"
    topic.write_text(topic.read_text().replace("  level: early-trial\n", ""))
    result = build(project)
    assert result.returncode == 1
    assert problem_lines(result.stderr) == [
        "claims/topic.yml:12:3: invalid-claim: claim 'hair-small-study-density' has no 'level'; add level: to it"]


def test_statement_text_is_escaped_in_html(project):
    topic = project / "claims" / "topic.yml"
    topic.write_text(topic.read_text().replace(
        "statement: Clinics advertise that exosome treatment regrows hair.",
        "statement: 'Clinics advertise that \"exosome\" treatment regrows hair \" title=\"x & more.'"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    hair = (project / "site" / "hair" / "index.html").read_text()
    assert 'data-claim="hair-clinics-say-regrowth" data-level="marketing">Clinics advertise that "exosome" treatment regrows hair " title="x &amp; more.</span>' in hair


def test_markdown_changed_by_an_earlier_hook_is_still_expanded(project):
    """The hook's work is prepared from the files; a page another hook changed first is done again in place."""
    (project / "earlier_hook.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        "    return markdown + '\\n\\nAdded by another hook: {claim:reg-no-approved-product}\\n' if page.file.src_uri == 'hair.md' else markdown\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("hooks:\n", "hooks:\n  - earlier_hook.py\n"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    hair = (project / "site" / "hair" / "index.html").read_text()
    assert hair.count('href="../register/established/#reg-no-approved-product"') == 2
    assert "Added by another hook:" in hair and "{claim:" not in hair.replace("<code>{claim:not-a-reference}</code>", "")
    assert '<p class="page-review">Page last reviewed: 1 November 2026<br>Next review due: 1 November 2027</p>' in hair
