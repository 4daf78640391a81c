"""`mkdocs serve` survives mistakes: a broken claim file shows its problems, fixing it brings the page back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

STATEMENT = "In one small uncontrolled study of 30 men, hair density rose after 12 weeks."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, predicate, server: subprocess.Popen, log: Path, seconds: float = 40) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server stopped:\n{log.read_text()}"
        if predicate(page := fetch(url)):
            return page
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {url}; server log:\n{log.read_text()}")


@pytest.fixture
def served(project, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        yield f"http://127.0.0.1:{port}/hair/", server, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_broken_claim_file_keeps_the_server_up_and_fixing_it_restores_the_page(project, served):
    url, server, log = served
    wait_for(url, lambda page: STATEMENT in page, server, log)

    topic = project / "claims" / "topic.yml"
    good = topic.read_text()
    topic.write_text(good.replace("  level: early-trial\n", "  level: [early-trial\n"))
    broken = wait_for(url, lambda page: "claim-problems" in page, server, log)
    assert STATEMENT not in broken
    assert "unknown or invalid claim: hair-small-study-density" in broken
    assert "ERROR   -  claims/topic.yml:15:10: yaml-error: did not find expected ',' or ']'" in log.read_text()

    topic.write_text(good)
    restored = wait_for(url, lambda page: STATEMENT in page, server, log)
    assert "claim-problems" not in restored


def test_untagged_sentence_is_shown_on_the_page_while_serving(project, served):
    url, server, log = served
    wait_for(url, lambda page: STATEMENT in page, server, log)
    page = project / "docs" / "hair.md"
    page.write_text(page.read_text() + "\nExosome injections regrow hair within four weeks.\n")
    shown = wait_for(url, lambda text: "claim-problems" in text, server, log)
    assert "docs/hair.md:24:1: untagged-claim: " in shown
