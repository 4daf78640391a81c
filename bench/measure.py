"""Running one command and reading what it cost: wall time, CPU time and peak memory of that child alone."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

CHILD = Path(__file__).resolve().with_name("child.py")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Run:
    wall: float       # seconds, start-up included
    cpu: float        # user + system seconds of the child (steadier than wall on a shared machine)
    peak_mb: float    # peak resident memory of the child
    code: int
    output: str
    timed_out: bool = False  # stopped at the time limit: wall is then a lower bound


def run(command: list[str], cwd: Path, timeout: float | None = None) -> Run:
    """Run `command` through child.py, which measures it from a small process of its own (see there)."""
    with tempfile.TemporaryDirectory() as folder, open(Path(folder) / "output", "w+", encoding="utf-8") as output:
        result = Path(folder) / "result.json"
        subprocess.run([sys.executable, str(CHILD), str(result), str(timeout or 0), *command],
                       cwd=cwd, env=ENV, stdout=output, stderr=subprocess.STDOUT, check=True)
        data = json.loads(result.read_text())
        output.seek(0)
        text = output.read()
    return Run(data["wall"], data["cpu"], data["maxrss_kb"] / 1024, data["code"], text, data["timed_out"])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict:
    """What the figures came from: they only compare with runs on the same kind of machine."""
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    versions = {}
    for name in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "PyYAML"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": model or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
