"""Running a pure function in a forked child process, so checking uses a second core.

The checks are pure and CPU-bound (regular expressions hold the GIL), so threads would not help.
A forked child inherits everything already loaded (the compiled rules, the registry), runs the
function, and sends the pickled result back through a pipe. Where fork is missing or unsafe (other
threads running, as under `mkdocs serve`), the work runs in this process instead; so it does when a
child fails for any reason, so a result never depends on the child.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def cpus() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def start(func: Callable[..., T], *args, **kwargs) -> Callable[[], T]:
    """Start func(*args, **kwargs) in a child process if possible; return a function that waits for its result."""
    if not can_fork():
        return lambda: func(*args, **kwargs)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to the caller's code
        os.close(read)
        try:
            data = pickle.dumps(func(*args, **kwargs), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write)

    def result() -> T:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            return pickle.loads(data)
        except Exception:  # the child died or failed: do its work here, where errors surface normally
            return func(*args, **kwargs)

    return result


def split(sizes: list[int], parts: int, head_start: int = 0) -> list[int]:
    """Cut points that give each of `parts` runs about the same total size.

    The first run also carries `head_start` of other work (the caller's own, such as reading the
    registry), so it gets correspondingly fewer items. Returns parts + 1 indexes into `sizes`.
    """
    total = sum(sizes) + head_start
    cuts, done, i = [0], head_start, 0
    for part in range(1, parts):
        goal = total * part / parts
        while i < len(sizes) and done + sizes[i] / 2 < goal:
            done += sizes[i]
            i += 1
        cuts.append(i)
    return cuts + [len(sizes)]
