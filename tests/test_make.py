"""`make site` replaces site/ only after a fully successful check, build and link check."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent


def make_site(project: Path) -> subprocess.CompletedProcess:
    # STAMP= skips set-up: the copy uses this checkout's .venv.
    return subprocess.run(["make", "site", f"VENV={VENV}", "STAMP="], cwd=project, capture_output=True, text=True, timeout=300)


@pytest.fixture
def readable_tmp():
    """LinkChecker run as root drops to user nobody, so the copy must be readable by everyone (pytest's is not)."""
    folder = Path(tempfile.mkdtemp(prefix="make-site-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_failed_build_keeps_the_old_site_and_a_good_one_replaces_it(readable_tmp):
    project = readable_tmp / "copy"
    for name in ("docs", "claims", "hooks", "overrides", "includes"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "Makefile"):
        shutil.copy(ROOT / name, project / name)
    (project / "site").mkdir()
    (project / "site" / "old.txt").write_text("the last good site")

    page = project / "docs" / "costs.md"
    good = page.read_text()
    page.write_text(good + "\nExosome injections regrow hair within four weeks.\n")
    failed = make_site(project)
    assert failed.returncode != 0
    assert "docs/costs.md:" in failed.stdout and ": untagged-claim: " in failed.stdout
    assert (project / "site" / "old.txt").read_text() == "the last good site"

    page.write_text(good)
    built = make_site(project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (project / "site" / "old.txt").exists()
    assert (project / "site" / "register" / "marketing" / "index.html").exists()
    assert not (project / "site.new").exists() and not (project / "site.old").exists()
