"""Which navigation settings keep a large site linear to build (not part of `make bench`: it takes about 4 minutes).

Usage: python bench/navstudy.py [--sizes 250,500,1000]

For each size, one build of the no-hook twin (see sitegen.py) per variant: every page in the nav
(MkDocs' automatic nav, one section per topic folder) or a small explicit nav (home and register), each with
and without Material's `navigation.prune`. The growth between the two largest sizes tells linear (= the page
ratio) from quadratic (= its square). Results go under "nav_study" in bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import measure
import sitegen

HERE = Path(__file__).resolve().parent
TIMED = HERE / "mkdocs_timed.py"
VARIANTS = {  # name -> (nav, navigation.prune)
    "every page in nav, Material default": ("auto", False),
    "every page in nav, navigation.prune": ("auto", True),
    "small explicit nav": ("small", False),
    "small explicit nav, navigation.prune": ("small", True),
}


def study(root: Path, sizes: list[int]) -> dict:
    results = {name: {} for name in VARIANTS}
    for pages in sizes:
        folder = root / f"site-{pages}"
        hook_site = sitegen.generate(folder, pages)[0]
        record = measure.run([sys.executable, str(TIMED), "record", str(folder / "record")], hook_site)
        if record.code != 0:
            raise SystemExit(f"navstudy: recording failed:\n{record.output[-2000:]}")
        sitegen.plain_from_record(hook_site, folder / "record", folder / "plain")
        hidden = [u for u, inclusion in json.loads((folder / "record" / "generated.json").read_text()).items()
                  if inclusion == "NOT_IN_NAV"]
        for name, (nav, prune) in VARIANTS.items():
            sitegen.write_config(folder / "plain", sitegen.mkdocs_config(hook=False, nav=nav, prune=prune, not_in_nav=hidden))
            run = measure.run([sys.executable, str(TIMED), "build", str(folder / "timings.json"),
                               "--strict", "--site-dir", str(folder / "out")], folder / "plain")
            if run.code != 0:
                raise SystemExit(f"navstudy: build failed ({name}, {pages} pages):\n{run.output[-2000:]}")
            results[name][str(pages)] = {"wall": round(run.wall, 2), "cpu": round(run.cpu, 2)}
            print(f"{pages:>6} pages  {name:<40} {run.wall:7.1f} s wall {run.cpu:7.1f} s cpu", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
    small, large = str(sizes[-2]), str(sizes[-1])
    growth = {name: round(r[large]["cpu"] / r[small]["cpu"], 2) for name, r in results.items()}
    return {"sizes": sizes, "builds": results, "growth_cpu": {"from": int(small), "to": int(large),
                                                             "linear": int(large) / int(small), "by_variant": growth},
            "machine": measure.machine()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="250,500,1000")
    parser.add_argument("--hooks", type=Path, help="use another copy of the hooks/ folder to make the sites")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    if args.hooks:
        sitegen.HOOK = args.hooks.resolve() / "claims_hook.py"
        measure.ENV["PYTHONPATH"] = str(args.hooks.resolve())
    root = Path(tempfile.mkdtemp(prefix="claims-navstudy-"))
    try:
        result = study(root, sorted(int(s) for s in args.sizes.split(",")))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for name, growth in result["growth_cpu"]["by_variant"].items():
        print(f"growth {result['growth_cpu']['to']}/{result['growth_cpu']['from']} pages: {growth}x  {name}")
    data = json.loads(args.out.read_text()) if args.out.exists() else {}
    data["nav_study"] = result
    args.out.write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
