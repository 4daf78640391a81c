"""Where the checker and the hook spend their time: cProfile of `claims check` and of a `mkdocs build` with the hook.

Usage: python bench/hotspots.py [--pages 1000] [--site FOLDER] [--hooks DIR] [--top 15]

Generates a site (or uses FOLDER/hook from `run.py --keep`), profiles both in this process and prints the
functions of hooks/ with the most time of their own (tottime) and in total (cumtime). Both run in one process
(`--jobs 1`; the hook's work is not forked), so the profile holds all of our work. The build profile is
restricted to our code: MkDocs and Material are measured by run.py, not here. The top entries are stored
under "profile" in bench/results.json.
"""

from __future__ import annotations

import argparse
import cProfile
import contextlib
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

import sitegen

RESULTS = Path(__file__).resolve().parent / "results.json"


@contextlib.contextmanager
def _cwd(folder: Path):
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def _ours(stats: pstats.Stats, top: int, key: str) -> list[dict]:
    """Our functions (hooks/), sorted by `key`, as plain data."""
    hooks = str(sitegen.HOOK.parent)
    rows = []
    for (path, line, name), (cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        if path.startswith(hooks):
            rows.append({"function": f"{Path(path).relative_to(hooks.rsplit('/', 1)[0])}:{line}({name})",
                         "calls": nc, "tottime": round(tt, 4), "cumtime": round(ct, 4)})
    return sorted(rows, key=lambda r: -r[key])[:top]


def _print(title: str, rows: list[dict], total: float) -> None:
    print(f"\n{title} (total {total:.2f} s)")
    print(f"{'own s':>8} {'total s':>8} {'calls':>8}  function")
    for r in rows:
        print(f"{r['tottime']:>8.3f} {r['cumtime']:>8.3f} {r['calls']:>8}  {r['function']}")


def _profiled(site: Path, title: str, top: int, call, *args, **kwargs) -> dict:
    """Run `call` under cProfile in the site folder and report our functions by own and by total time."""
    profiler = cProfile.Profile()
    with _cwd(site), contextlib.redirect_stderr(io.StringIO()):
        start = time.perf_counter()
        profiler.runcall(call, *args, **kwargs)
        total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    own, cumulative = _ours(stats, top, "tottime"), _ours(stats, top, "cumtime")
    _print(f"{title}: own time", own, total)
    _print(f"{title}: total time", cumulative, total)
    return {"seconds": round(total, 3), "by_own_time": own, "by_total_time": cumulative}


def profile_check(site: Path, top: int) -> dict:
    from claimcheck import cli

    return _profiled(site, "claims check --jobs 1", top, cli.main, ["check", "--jobs", "1"])


def profile_build(site: Path, top: int) -> dict:
    """The hook's whole work, which a real build streams from a child process, here run in this process."""
    from mkdocs.__main__ import cli

    from claimcheck import parallel

    parallel.can_fork = lambda: False

    out = Path(tempfile.mkdtemp(prefix="claims-hotspots-"))
    return _profiled(site, "mkdocs build with the hook, its work in this process (our functions)", top, cli.main,
                     args=["build", "--site-dir", str(out)], prog_name="mkdocs", standalone_mode=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--site", type=Path, help="a folder made by run.py --keep (its hook/ site is profiled)")
    parser.add_argument("--hooks", type=Path, help="profile another copy of the hooks/ folder")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.hooks:
        sitegen.HOOK = args.hooks.resolve() / "claims_hook.py"
    sys.path.insert(0, str(sitegen.HOOK.parent))
    site = args.site / "hook" if args.site else sitegen.generate(Path(tempfile.mkdtemp(prefix="claims-hotspots-")) / "site", args.pages, nav="small")[0]
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    result = {"pages": args.pages if not args.site else None, "check": profile_check(site, args.top),
              "build": profile_build(site, args.top)}
    if args.out.exists():
        data = json.loads(args.out.read_text())
        data["profile"] = result
        args.out.write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
