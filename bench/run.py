"""`make bench`: how fast the claims hook and `claims check` are on synthetic sites of 100, 1,000 and 5,000 pages.

For each size it generates a site in a temporary folder (sitegen.py), then measures, each several times:
- `claims check` alone: wall time with start-up, CPU time, pages per second, peak memory;
- `mkdocs build` of the site with the hook and of its no-hook twin (same rendered Markdown, see sitegen.py),
  alternated so that drift on a shared machine hits both alike; the ratio of their medians is the hook's cost.
It prints a table with the budgets of issue 6 as PASS/FAIL and writes bench/results.json.

Time: the run has a budget (default 570 s, so `make bench` stays under 10 minutes); each size may use a share
of the time left (SHARES) and repetitions stop when the next one would not fit. A build at 5,000 pages is
stopped once it has taken 1.05 x 5.5 x the build at 1,000 pages: by then linear growth has failed, and the
figure is reported as a lower bound (">"). Every median says how many runs it came from. Exit status 1 if a
budget fails (after writing the results).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import measure
import sitegen

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TIMED = HERE / "mkdocs_timed.py"
RESULTS = HERE / "results.json"

SIZES = (100, 1000, 5000)
REPEATS = {100: (7, 3), 1000: (7, 5), 5000: (3, 3)}  # pages -> (claims check runs, build pairs) at most
SHARES = {100: 0.08, 1000: 0.40}  # of the time left when the size starts; the last size gets all that is left
HOOK_RATIO_MAX, CHECK_SECONDS_MAX, SCALING_MAX, TOTAL_SECONDS_MAX = 1.03, 1.0, 5.5, 600
BUDGET_PAGES, SCALING_FROM, SCALING_TO = 1000, 1000, 5000
LIMIT_MARGIN = 1.05  # a build may run this much past the linear-growth limit before it is stopped


class Clock:
    """Stops repetitions early so the whole run fits its budget: each size may use the time up to its deadline."""

    def __init__(self, budget: float):
        self.start = time.perf_counter()
        self.end = self.start + budget
        self.deadline = self.end

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def begin(self, share: float) -> None:
        """The next size may run until `share` of the time left (what it does not use rolls over to later sizes)."""
        now = time.perf_counter()
        self.deadline = now + share * (self.end - now)

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def allows(self, cost: float) -> bool:
        return cost <= self.left()


def _summary(runs: list[measure.Run], pages: int) -> dict:
    walls = [r.wall for r in runs]
    return {
        "runs": len(runs), "wall": [round(w, 3) for w in walls], "cpu": [round(r.cpu, 3) for r in runs],
        "stopped_at_limit": any(r.timed_out for r in runs),  # then the medians are lower bounds
        "median_wall": round(measure.median(walls), 3), "median_cpu": round(measure.median([r.cpu for r in runs]), 3),
        "pages_per_second": round(pages / measure.median(walls), 1), "peak_mb": round(max(r.peak_mb for r in runs), 1),
    }


def _fail(what: str, result: measure.Run) -> None:
    tail = "\n".join(result.output.splitlines()[-30:])
    raise SystemExit(f"bench: {what} failed with exit code {result.code}:\n{tail}")


def measure_check(site: Path, pages: int, runs: int, clock: Clock) -> dict:
    """`claims check` as editors and CI run it; a first, --strict run proves the site clean and warms caches."""
    first = measure.run([str(BIN / "claims"), "check", "--strict"], site)
    if first.code != 0:
        _fail(f"claims check --strict on the {pages}-page site (the generated prose must not read like a claim)", first)
    done: list[measure.Run] = []
    while len(done) < runs and (not done or clock.allows(done[-1].wall)):
        result = measure.run([str(BIN / "claims"), "check"], site)
        if result.code != 0:
            _fail("claims check", result)
        done.append(result)
    return _summary(done, pages)


def import_check(site: Path) -> dict:
    """`python -X importtime claims check`: the checker must never import MkDocs (or its theme)."""
    result = measure.run([sys.executable, "-X", "importtime", str(BIN / "claims"), "check"], site)
    modules = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)$", result.output, re.M)
    names = [name for _, _, name in modules]
    offenders = sorted({n for n in names if n.split(".")[0] in ("mkdocs", "material")})
    cumulative = {name: int(us) for us, indent, name in modules if not indent}
    return {"mkdocs_imported": bool(offenders), "offending_modules": offenders, "modules_imported": len(names),
            "claimcheck_cli_import_ms": round(cumulative.get("claimcheck.cli", 0) / 1000, 1)}


def _build(site: Path, out: Path, timings: Path, limit: float | None) -> tuple[measure.Run, dict | None]:
    timings.unlink(missing_ok=True)
    result = measure.run([sys.executable, str(TIMED), "build", str(timings), "--strict", "--site-dir", str(out)],
                         site, timeout=limit)
    if result.timed_out:
        return result, None
    if result.code != 0:
        _fail(f"mkdocs build in {site}", result)
    return result, json.loads(timings.read_text())


def measure_builds(folder: Path, pages: int, pairs: int, clock: Clock, limits: tuple, nav: str, prune: bool) -> dict:
    """Record what the hook hands MkDocs to make the no-hook twin; then builds with and without alternate."""
    hook_site, plain_site, record = folder / "hook", folder / "plain", folder / "record"
    recorded = measure.run([sys.executable, str(TIMED), "record", str(record)], hook_site)
    if recorded.code != 0:
        _fail(f"recording the hook's output in {hook_site}", recorded)
    sitegen.plain_from_record(hook_site, record, plain_site, nav, prune)
    timings = folder / "timings.json"
    hook_runs, plain_runs, timed = [], [], []
    while len(hook_runs) < pairs and (not hook_runs or clock.allows(hook_runs[-1].wall + plain_runs[-1].wall)):
        run, timing = _build(hook_site, folder / "out-hook", timings, _limit(limits[0], clock))
        hook_runs.append(run)
        if timing:
            timed.append(timing)
        plain_runs.append(_build(plain_site, folder / "out-plain", timings, _limit(limits[1], clock))[0])
        if run.timed_out or plain_runs[-1].timed_out:
            break
    hook, plain = _summary(hook_runs, pages), _summary(plain_runs, pages)
    if timed:
        hook["hook_seconds"] = [round(t["hook_seconds"], 3) for t in timed]
        hook["median_hook_seconds"] = round(measure.median(hook["hook_seconds"]), 3)
        hook["hook_events_median_seconds"] = {name: round(measure.median([t["hook_events"][name]["seconds"] for t in timed]), 4)
                                              for name in timed[0]["hook_events"]}
    own = hook.get("median_hook_seconds")
    return {
        "with_hook": hook, "without_hook": plain,
        "hook_ratio_wall": None if hook["stopped_at_limit"] or plain["stopped_at_limit"] else round(hook["median_wall"] / plain["median_wall"], 3),
        "hook_ratio_cpu": None if hook["stopped_at_limit"] or plain["stopped_at_limit"] else round(hook["median_cpu"] / plain["median_cpu"], 3),
        "hook_share_of_build": None if own is None or plain["stopped_at_limit"] else round(own / plain["median_wall"], 3),
        "same_html": _same_html(folder / "out-hook", folder / "out-plain") if pages <= 100 else None,
    }


def _limit(limit: float | None, clock: Clock) -> float | None:
    """The build's own limit, or less when the run is short of time (then no conclusion may be drawn)."""
    if limit is None:
        return None
    return max(10.0, min(limit, clock.left()))


def _same_html(a: Path, b: Path) -> bool:
    """The twin renders the same pages: identical HTML apart from the JSON-LD the hook adds in on_post_page."""
    strip = re.compile(r"<script type=\"application/ld\+json\">.*?</script>\n", re.S)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*.html"))
    if files_a != sorted(p.relative_to(b) for p in b.rglob("*.html")):
        return False
    return all(strip.sub("", (a / f).read_text(encoding="utf-8")) == strip.sub("", (b / f).read_text(encoding="utf-8"))
               for f in files_a)


def measure_size(root: Path, pages: int, clock: Clock, limits: tuple, nav: str, prune: bool) -> dict:
    folder = root / f"site-{pages}"
    start = time.perf_counter()
    site, stats = sitegen.generate(folder, pages, nav, prune)
    result = {"pages": pages, **stats, "generate_seconds": round(time.perf_counter() - start, 2)}
    check_runs, build_pairs = REPEATS.get(pages, (3, 3))
    result["check"] = measure_check(site, pages, check_runs, clock)
    if pages == BUDGET_PAGES:
        result["imports"] = import_check(site)
    result["build"] = measure_builds(folder, pages, build_pairs, clock, limits, nav, prune)
    result["build_limits_seconds"] = [None if x is None else round(x, 1) for x in limits]
    return result


def scaling(sizes: dict[int, dict], small: int, large: int) -> dict | None:
    """Growth of each median between two sizes; a build stopped at its limit gives a lower bound."""
    if small not in sizes or large not in sizes:
        return None

    def ratio(part: dict, base: dict) -> dict:
        return {"ratio": round(part["median_wall"] / base["median_wall"], 2), "at_least": part["stopped_at_limit"]}

    a, b = sizes[small], sizes[large]
    return {
        "from_pages": small, "to_pages": large, "linear": large / small,
        "check": ratio(b["check"], a["check"]),
        "build_with_hook": ratio(b["build"]["with_hook"], a["build"]["with_hook"]),
        "build_without_hook": ratio(b["build"]["without_hook"], a["build"]["without_hook"]),
    }


def budgets(sizes: dict[int, dict], scale: dict | None, total: float, full: bool) -> list[dict]:
    """Issue 6's budgets; one whose size was not measured is 'n/a'."""
    at = sizes.get(BUDGET_PAGES)
    rows = []

    def row(name: str, value, limit, ok: bool, unit: str = "") -> None:
        status = "n/a" if value is None else ("PASS" if ok else "FAIL")
        rows.append({"budget": name, "value": value, "limit": limit, "unit": unit, "status": status})

    ratio = at["build"]["hook_ratio_wall"] if at else None
    row("hook cost: build with / without hook at 1,000 pages", ratio, HOOK_RATIO_MAX, ratio is not None and ratio <= HOOK_RATIO_MAX, "x")
    wall = at["check"]["median_wall"] if at else None
    row("claims check on 1,000 pages, wall incl. start-up", wall, CHECK_SECONDS_MAX, wall is not None and wall <= CHECK_SECONDS_MAX, " s")
    imported = at["imports"]["mkdocs_imported"] if at else None
    row("claims check imports MkDocs", None if at is None else ("yes: " + ", ".join(at["imports"]["offending_modules"]) if imported else "no"),
        "no", imported is False)
    for key, name in (("check", "claims check"), ("build_with_hook", "build with hook"), ("build_without_hook", "build without hook")):
        growth = scale[key] if scale else None
        value = None if growth is None else (f">= {growth['ratio']}" if growth["at_least"] else growth["ratio"])
        ok = growth is not None and not growth["at_least"] and growth["ratio"] <= SCALING_MAX
        if growth is not None and growth["at_least"] and growth["ratio"] <= SCALING_MAX:
            value = None  # stopped early for want of time: no conclusion
        row(f"linear growth: {name}, 5,000 / 1,000 pages", value, SCALING_MAX, ok, "x")
    row("whole benchmark run", round(total) if full else None, TOTAL_SECONDS_MAX, total <= TOTAL_SECONDS_MAX, " s")
    return rows


def _f(value, spec: str, stopped: bool = False) -> str:
    width = int(spec.split(".")[0])
    text = "-" if value is None else format(value, spec).strip()
    return (("> " if stopped else "") + text).rjust(width)


def table(results: dict) -> str:
    head = (f"{'pages':>6} {'claims':>6} | {'check s':>7} {'cpu s':>6} {'pages/s':>7} {'MB':>4} {'n':>2} | "
            f"{'hook s':>7} {'plain s':>7} {'ratio':>6} {'cpu':>6} {'own s':>6} {'share':>6} {'MB':>5} {'n':>2}")
    lines = ["claims check: median wall time incl. start-up, CPU time, pages per second, peak memory, runs",
             "mkdocs build: median wall with the hook and without; wall and CPU ratio; the hook's own time and its",
             "share of the no-hook build; peak memory; pairs of builds ('>' = stopped at its time limit)", "",
             head, "-" * len(head)]
    for s in results["sizes"]:
        c, b = s["check"], s["build"]
        h, p = b["with_hook"], b["without_hook"]
        lines.append(
            f"{s['pages']:>6} {s['claims']:>6} | {c['median_wall']:>7.2f} {c['median_cpu']:>6.2f} {c['pages_per_second']:>7.0f} "
            f"{c['peak_mb']:>4.0f} {c['runs']:>2} | {_f(h['median_wall'], '7.1f', h['stopped_at_limit'])} "
            f"{_f(p['median_wall'], '7.1f', p['stopped_at_limit'])} {_f(b['hook_ratio_wall'], '6.3f')} {_f(b['hook_ratio_cpu'], '6.3f')} "
            f"{_f(h.get('median_hook_seconds'), '6.2f')} {_f(b['hook_share_of_build'], '6.1%')} {h['peak_mb']:>5.0f} {h['runs']:>2}")
    for g in results["scaling"]:
        parts = [f"{name} {'>=' if g[key]['at_least'] else ''}{g[key]['ratio']}x" for key, name in
                 (("check", "check"), ("build_with_hook", "build with hook"), ("build_without_hook", "without"))]
        lines.append(f"growth {g['to_pages']}/{g['from_pages']} pages (linear = {g['linear']:g}x): " + ", ".join(parts))
    lines.append("")
    for b in results["budgets"]:
        value = "not measured" if b["value"] is None else f"{b['value']}{b['unit']}"
        lines.append(f"{b['status']:>4}  {b['budget']}: {value} (limit {b['limit']}{b['unit']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="page counts, comma-separated")
    parser.add_argument("--budget", type=float, default=570, help="seconds the whole run may take (default 570)")
    parser.add_argument("--nav", choices=("auto", "small"), default="small", help="nav of the synthetic site (see README)")
    parser.add_argument("--no-prune", action="store_true", help="drop Material's navigation.prune (quadratic; see README)")
    parser.add_argument("--hooks", type=Path, help="measure another copy of the hooks/ folder (say, with a proposed change)")
    parser.add_argument("--keep", type=Path, help="build the sites in this folder and keep them")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if args.hooks:
        sitegen.HOOK = args.hooks.resolve() / "claims_hook.py"
        measure.ENV["PYTHONPATH"] = str(args.hooks.resolve())
    clock = Clock(args.budget)
    results = {"machine": measure.machine(),
               "settings": {"hooks": str(sitegen.HOOK.parent), "nav": args.nav, "navigation.prune": not args.no_prune,
                            "repeats": {str(k): v for k, v in REPEATS.items()}, "budget_seconds": args.budget,
                            "time_shares": {str(k): v for k, v in SHARES.items()}}}
    root = args.keep or Path(tempfile.mkdtemp(prefix="claims-bench-"))
    measured: dict[int, dict] = {}
    try:
        for i, pages in enumerate(sizes):
            clock.begin(SHARES.get(pages, 0.5) if i < len(sizes) - 1 else 1.0)
            limits = (None, None)
            if pages == SCALING_TO and SCALING_FROM in measured:
                base = measured[SCALING_FROM]["build"]
                limits = tuple(LIMIT_MARGIN * SCALING_MAX * base[k]["median_wall"] for k in ("with_hook", "without_hook"))
            print(f"bench: {pages} pages ({clock.elapsed():.0f} s so far)", file=sys.stderr, flush=True)
            measured[pages] = measure_size(root, pages, clock, limits, args.nav, not args.no_prune)
            if not args.keep:
                shutil.rmtree(root / f"site-{pages}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    total = clock.elapsed()
    full = all(pages in measured for pages in SIZES)
    results.update(sizes=list(measured.values()), total_seconds=round(total, 1),
                   scaling=[s for s in (scaling(measured, 100, 1000), scaling(measured, SCALING_FROM, SCALING_TO)) if s],
                   budgets=budgets(measured, scaling(measured, SCALING_FROM, SCALING_TO), total, full))
    if args.out.exists():  # keep the slower studies (navstudy.py, hotspots.py) between runs
        old = json.loads(args.out.read_text())
        results.update({k: old[k] for k in ("nav_study", "profile") if k in old})
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nwrote {args.out} ({total:.0f} s)")
    return 1 if any(b["status"] == "FAIL" for b in results["budgets"]) else 0


if __name__ == "__main__":
    sys.exit(main())
