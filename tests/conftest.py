"""Shared fixtures: a small real project copied into a temporary folder for each test."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The tests compile every detector pattern: their rule cache (like their .pyc files, here and in the commands they
# run) goes under test-output/, so a later `claims check` does not read a cache 2.5 times the size it needs.
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(ROOT / "test-output" / "pycache"))
sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
HOOK = ROOT / "hooks" / "claims_hook.py"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fixture site whose mkdocs.yml points at this repository's hook."""
    target = tmp_path / "site-project"
    shutil.copytree(FIXTURE, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOK_PATH", str(HOOK)))
    return target
