"""Checking on several cores gives exactly what checking in one process gives, and never depends on a child."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from functools import partial

import pytest

from claimcheck import parallel, project as project_module
from claimcheck.project import check_project, find_project

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch):
    """The browser tests keep a web server thread running for the whole session, which makes the real
    `can_fork` refuse (rightly, for MkDocs' live server). The children here run only our own code."""
    monkeypatch.setattr(parallel, "can_fork", lambda: hasattr(os, "fork"))


def test_fork_is_refused_while_other_threads_run(monkeypatch):
    monkeypatch.undo()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert parallel.start(os.getpid)() == os.getpid()  # the work is done here instead
    finally:
        stop.set()
        thread.join()


def _pids(items: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


def test_share_runs_chunks_in_every_process_and_returns_them_in_order():
    def meanwhile() -> int:
        time.sleep(0.2)  # the child starts on the chunks meanwhile
        return os.getpid()

    first, chunks = parallel.share(list(range(256)), _pids, 2, meanwhile)
    assert first == os.getpid()
    assert [item for chunk in chunks for item, _ in chunk] == list(range(256))
    assert len(chunks) == 2 * parallel.CHUNKS_PER_WORKER
    assert {pid for chunk in chunks for _, pid in chunk} - {os.getpid()}, "no chunk was done in a child"


def test_share_in_one_process_is_one_chunk():
    assert parallel.share([1, 2, 3], _pids, 1, lambda: "registry") == ("registry", [_pids([1, 2, 3])])


def _slow_here(parent: int, items: list[int]) -> list[tuple[int, int]]:
    if os.getpid() == parent:
        time.sleep(0.01)
    return _pids(items)


def test_share_gives_more_chunks_to_the_faster_process():
    _, chunks = parallel.share(list(range(64)), partial(_slow_here, os.getpid()), 2, lambda: time.sleep(0.1))
    here = sum(1 for chunk in chunks if chunk[0][1] == os.getpid())
    assert here < len(chunks) / 4


def _fail_in_child_after_taking(parent: int, items: list[int]) -> list[int]:
    if os.getpid() != parent:
        raise RuntimeError("only the child fails")
    return items


def test_chunks_a_failed_child_took_are_done_here():
    _, chunks = parallel.share(list(range(100)), partial(_fail_in_child_after_taking, os.getpid()), 3, lambda: time.sleep(0.05))
    assert [item for chunk in chunks for item in chunk] == list(range(100))


def test_start_runs_in_a_child_process():
    assert parallel.start(os.getpid)() != os.getpid()


def _fail_in_child(parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("only the child fails")
    return 42


def test_a_failing_child_is_redone_here():
    assert parallel.start(_fail_in_child, os.getpid())() == 42


def _always_fails() -> None:
    raise ValueError("a real bug")


def test_an_error_surfaces_as_it_would_without_a_child():
    with pytest.raises(ValueError, match="a real bug"):
        parallel.start(_always_fails)()


def _report_lines(report) -> list[str]:
    return [p.text() for p in report.problems] + [f"{p.path} {p.title} {p.claim_ids} {p.suppressed}" for p in report.pages]


def _many_pages(project, count: int = 12) -> None:
    """Copies of the fixture pages, one with an untagged claim and an unknown id, so every kind of result crosses the pipe."""
    hair = (project / "docs" / "hair.md").read_text()
    for i in range(count):
        extra = "\nExosome injections regrow hair within four weeks.\n\n{claim:no-such-claim}\n" if i == 5 else ""
        (project / "docs" / f"copy-{i:02d}.md").write_text(hair + extra)
    (project / "docs" / "broken.md").write_bytes(b"caf\xe9\n")


@pytest.fixture
def children(monkeypatch) -> list:
    """Counts the child processes started; checking small test sites in parallel is forced."""
    started, real = [], parallel.start
    monkeypatch.setattr(project_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "start", lambda *a, **k: started.append(a) or real(*a, **k))
    return started


def test_check_project_on_two_cores_reports_what_one_core_reports(project, children):
    _many_pages(project)
    found = find_project(project / "mkdocs.yml")
    one = check_project(found, today=TODAY, jobs=1)
    assert any(p.rule == "untagged-claim" for p in one.problems) and any(p.rule == "encoding-error" for p in one.problems)
    assert not children
    two = check_project(found, today=TODAY, jobs=2)
    assert len(children) == 1
    assert _report_lines(two) == _report_lines(one)


def test_check_project_on_three_cores_reports_what_one_core_reports(project, children):
    _many_pages(project)
    found = find_project(project / "mkdocs.yml")
    three = check_project(found, today=TODAY, jobs=3)
    assert len(children) == 2
    assert _report_lines(three) == _report_lines(check_project(found, today=TODAY, jobs=1))


def test_small_sites_are_checked_in_one_process(project, monkeypatch):
    monkeypatch.setattr(parallel, "start", lambda *a, **k: pytest.fail("a child process for a small site"))
    found = find_project(project / "mkdocs.yml")
    assert check_project(found, today=TODAY, jobs=4).pages


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(project, value):
    result = subprocess.run([sys.executable, "-m", "claimcheck.cli", "check", "--jobs", value], cwd=project,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"argument --jobs/-j: '{value}' is not a number of processes; write a whole number from 1" in result.stderr


def _numbers(receive):
    request = receive()
    for i in range(request["count"]):
        yield (os.getpid(), i, len(request["padding"]))


def test_a_stream_runs_in_a_child_and_takes_a_request_larger_than_a_pipe():
    stream = parallel.Stream(_numbers)
    stream.send({"count": 500, "padding": "x" * 1_000_000})
    items = list(stream)
    assert [i for _, i, _ in items] == list(range(500))
    assert {pid for pid, _, _ in items} != {os.getpid()} and {size for _, _, size in items} == {1_000_000}
    assert next(stream, "ended") == "ended"  # and it stays ended: the work is not done again here


def test_a_stream_runs_here_when_fork_is_not_wanted():
    stream = parallel.Stream(_numbers, fork=False)
    stream.send({"count": 3, "padding": ""})
    assert [(pid, i) for pid, i, _ in stream] == [(os.getpid(), 0), (os.getpid(), 1), (os.getpid(), 2)]


def _fails_half_way_in_a_child(parent: int):
    def work(receive):
        count = receive()
        for i in range(count):
            if i == count // 2 and os.getpid() != parent:
                raise RuntimeError("the child fails half way")
            yield i
    return work


def test_a_stream_whose_child_fails_goes_on_here_without_repeating_an_item():
    stream = parallel.Stream(_fails_half_way_in_a_child(os.getpid()))
    stream.send(10)
    assert list(stream) == list(range(10))
    assert stream.received == 5


def _forever(receive):
    receive()
    while True:
        yield os.getpid()


def test_a_stream_no_longer_wanted_is_stopped():
    stream = parallel.Stream(_forever)
    stream.send(None)
    pid = next(stream)
    stream.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped
    assert next(stream, "ended") == "ended"
