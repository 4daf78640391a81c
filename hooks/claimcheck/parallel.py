"""Running pure work in a forked child process, so checking uses a second core.

The checks are pure and CPU-bound (regular expressions hold the GIL), so threads would not help.
A forked child inherits everything already loaded (the compiled rules, the registry), runs a generator
(`Stream`), one function (`start`, a stream of one item) or chunks of a list taken from a shared queue
(`share`), and sends the pickled results back through a pipe. Where fork is missing or unsafe (other
threads running, as under `mkdocs serve`), the work runs in this process instead; so it does when a child
fails for any reason, so a result never depends on the child.
"""

from __future__ import annotations

import fcntl
import gc
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
M = TypeVar("M")
PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process
CHUNKS_PER_WORKER = 32  # small enough that no process waits long for the last chunk, large enough to cost nothing


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
    def work(receive):
        yield func(*args, **kwargs)

    stream = Stream(work)
    stream.send(None)
    return lambda: list(stream)[0]  # to the end of the stream, so the child is reaped


def share(items: list[T], func: Callable[[list[T]], R], workers: int, meanwhile: Callable[[], M]) -> tuple[M, list[R]]:
    """func over chunks of items, in this process and workers - 1 forked children; this process first
    runs `meanwhile()` (such as reading the registry) while the children start on the chunks.

    Whoever is free takes the next chunk, so the work spreads by how fast each process really goes
    (another program on a core, a slower start) rather than by an estimate made beforehand. Returns
    meanwhile's result and func's results in the order of the chunks; a chunk that a failed child took
    is done here.
    """
    if workers <= 1 or len(items) < 2 or not can_fork():
        first = meanwhile()
        return first, [func(items)]
    size = -(-len(items) // min(len(items), workers * CHUNKS_PER_WORKER))
    starts = range(0, len(items), size)
    taken, handed = os.pipe()  # a queue of chunk numbers; two-byte reads from a pipe are atomic
    os.write(handed, b"".join(i.to_bytes(2, "big") for i in range(len(starts))))
    os.close(handed)  # so a read finds the end once every chunk is taken

    def run(i: int) -> R:
        return func(items[starts[i]:starts[i] + size])

    def take() -> dict[int, R]:
        done = {}
        while number := os.read(taken, 2):
            i = int.from_bytes(number, "big")
            done[i] = run(i)
        return done

    try:
        children = [start(take) for _ in range(workers - 1)]
        first = meanwhile()
        done = take()
        for child in children:
            done.update(child())
    finally:
        os.close(taken)
    return first, [done[i] if i in done else run(i) for i in range(len(starts))]


_END = "claimcheck.parallel.end"


class Stream:
    """A generator run in a child process, beside the caller: the caller sends it one request and reads
    what it yields, in order, while the child works ahead.

    `work(receive)` is a generator function; `receive()` returns the request. The child writes from a
    thread of its own, so it never waits for the caller to read. If fork cannot be used, or the child
    fails part way, the generator runs here instead and skips what the child already delivered.
    """

    def __init__(self, work: Callable[[Callable[[], object]], Iterator], fork: bool = True):
        self.work, self.request, self.received, self.finished = work, None, 0, False
        self.local: Iterator | None = None
        self.pid = None
        if not (fork and can_fork()):
            return
        child_in, caller_out = os.pipe()  # (read end, write end)
        caller_in, child_out = os.pipe()
        try:  # room for many items, so the caller seldom waits for the child's writer to get its turn
            fcntl.fcntl(child_out, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (AttributeError, OSError):  # not Linux, or a lower limit: the default size works too
            pass
        self.pid = os.fork()
        if self.pid == 0:
            os.close(caller_out)
            os.close(caller_in)
            try:
                _serve(work, os.fdopen(child_in, "rb"), os.fdopen(child_out, "wb"))
            finally:
                os._exit(0)
        os.close(child_in)
        os.close(child_out)
        self.outbox, self.inbox = os.fdopen(caller_out, "wb"), os.fdopen(caller_in, "rb")

    def send(self, request: object) -> None:
        self.request = request
        if self.pid is not None:
            try:
                pickle.dump(request, self.outbox, pickle.HIGHEST_PROTOCOL)
                self.outbox.close()
            except OSError:  # the child is gone: __next__ will do its work here
                pass

    def __iter__(self) -> Stream:
        return self

    def __next__(self):
        if self.finished:
            raise StopIteration
        if self.local is None and self.pid is not None:
            try:
                item = pickle.load(self.inbox)
            except Exception:  # the child ended without its end mark: it failed
                item = None
                self._reap()
            else:
                if item == _END:
                    self._reap()
                    self.finished = True
                    raise StopIteration
                self.received += 1
                return item
        if self.local is None:
            self.local = self.work(lambda: self.request)
            for _ in range(self.received):
                next(self.local)
        try:
            return next(self.local)
        except StopIteration:
            self.finished = True
            raise

    def _reap(self) -> None:
        self.inbox.close()
        os.waitpid(self.pid, 0)
        self.pid = None

    def close(self) -> None:
        """Stop a child whose results are no longer wanted (a build that failed, or a rebuild)."""
        self.finished = True
        if self.pid is not None:
            os.kill(self.pid, signal.SIGTERM)
            self.outbox.close()
            self._reap()


def _serve(work, inbox, outbox) -> None:
    """In the child: run the generator. A reader thread takes the request as soon as it is sent, so the
    caller never waits on a full pipe; a writer thread sends each item as soon as it is ready."""
    sys.setswitchinterval(0.001)  # the writer thread gets its turn soon while the work holds the GIL
    gc.disable()  # a process that ends with its work, whose data holds no cycles: collecting would only cost time
    items: queue.SimpleQueue = queue.SimpleQueue()
    request: list = []
    reader = threading.Thread(target=lambda: request.append(pickle.load(inbox)))
    reader.start()

    def receive() -> object:
        reader.join()
        if not request:
            raise EOFError("the caller sent no request")
        return request[0]

    def write() -> None:
        while (item := items.get()) is not _DONE:
            pickle.dump(item, outbox, pickle.HIGHEST_PROTOCOL)
            outbox.flush()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for item in work(receive):
            items.put(item)
        items.put(_END)  # only a generator that finished sends the end mark
    finally:
        items.put(_DONE)
        writer.join()
        outbox.close()


_DONE = object()
