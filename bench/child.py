"""Run one command and write what it cost as JSON: python child.py RESULT.json TIMEOUT COMMAND...

A process's peak memory (ru_maxrss) includes the memory of the process it was forked from, so the
benchmark, which holds more than Python's bare minimum, does not start the measured command itself: this
small process forks it, waits for it with os.wait4 (the rusage of that one child, as getrusage(RUSAGE_CHILDREN)
would give here) and stops it at TIMEOUT seconds (0: no limit). Wall time runs from fork to exit.
"""

import json
import os
import signal
import sys
import time


def main() -> None:
    result, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    timed_out = []
    if timeout:
        signal.signal(signal.SIGALRM, lambda *_: (timed_out.append(True), os.kill(pid, signal.SIGKILL)))
        signal.setitimer(signal.ITIMER_REAL, timeout)
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            break
        except InterruptedError:
            continue
    wall = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    with open(result, "w") as out:
        json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
                   "code": os.waitstatus_to_exitcode(status), "timed_out": bool(timed_out)}, out)


if __name__ == "__main__":
    main()
