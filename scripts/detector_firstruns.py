"""Replay every corpus batch against the detector it first met, from git history.

The header of tests/data/detector_corpus.yml reports how each batch scored before the rules had seen it
("first runs"), because a batch's later score says nothing about unseen pages. This reproduces those
figures: for each set, the commit that first added its lines to the corpus is found, and the detector as it
stood at that commit's parent (hooks/ taken with `git archive`) is run on the set's sentences as they are now
(labels as now). Needs the full git history; results are cached in test-output/firstruns/, so a second run
takes seconds.

    .venv/bin/python scripts/detector_firstruns.py [--list] LO:HI [LO:HI ...]

LO:HI are fresh-set numbers (426:524 is fresh-426 to fresh-524, inclusive). Prints recall / false-positive
rate per range; --list also prints each miss and false positive.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = "tests/data/detector_corpus.yml"
CACHE = ROOT / "test-output" / "firstruns"
SET_LINE = re.compile(r"^\+- \{.*\bset: (fresh-\d+)\b")
# Run in a child interpreter, so that each old detector imports its own claimcheck package.
CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import claimcheck.detect as detect
if not detect.__file__.startswith(sys.argv[1]):
    sys.exit("no claimcheck/detect.py in hooks/ at this commit")
print(json.dumps([detect.find_trigger(t) is not None for t in json.load(sys.stdin)]))
"""


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def first_commits() -> dict[str, str]:
    """Set name -> parent of the first non-merge commit that added one of its lines (cached by corpus commit)."""
    head = git("log", "-1", "--format=%H", "--", CORPUS).strip()
    cached = CACHE / "sets.json"
    if cached.exists():
        data = json.loads(cached.read_text())
        if data["head"] == head:
            return data["sets"]
    parents: dict[str, str] = {}
    parent = None
    log = git("log", "-p", "--reverse", "--topo-order", "--no-merges", "--format=commit %H %P", "--", CORPUS)
    for line in log.splitlines():
        if line.startswith("commit "):
            fields = line.split()
            parent = fields[2] if len(fields) > 2 else None
        elif parent and (match := SET_LINE.match(line)):
            parents.setdefault(match.group(1), parent)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"head": head, "sets": parents}))
    return parents


def run_at(parent: str, texts: list[str]) -> dict[str, bool]:
    """Whether the detector at commit `parent` flags each text (cached per commit and text)."""
    cached = CACHE / f"{parent}.json"
    known = json.loads(cached.read_text()) if cached.exists() else {}
    todo = sorted({t for t in texts if t not in known})
    if todo:
        hooks = CACHE / "hooks" / parent
        if not hooks.exists():
            archive = subprocess.run(["git", "archive", parent, "hooks"], cwd=ROOT, capture_output=True, check=True)
            with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
                tar.extractall(hooks.parent / (parent + ".tmp"), filter="data")
            (hooks.parent / (parent + ".tmp")).rename(hooks)
        child = subprocess.run([sys.executable, "-c", CHILD, str(hooks / "hooks")], input=json.dumps(todo),
                               capture_output=True, text=True)
        if child.returncode:
            print(f"detector at {parent[:10]} did not run: {child.stderr.strip().splitlines()[-1]}", file=sys.stderr)
            return known
        known.update(zip(todo, json.loads(child.stdout)))
        cached.write_text(json.dumps(known))
    return known


def main(argv: list[str]) -> int:
    show = "--list" in argv
    specs = [a for a in argv if a != "--list"]
    if not specs or not all(re.fullmatch(r"\d+:\d+", s) for s in specs):
        print("\n\n".join(__doc__.strip().split("\n\n")[2:]), file=sys.stderr)
        return 2
    corpus = yaml.safe_load((ROOT / CORPUS).read_text(encoding="utf-8"))
    parents = first_commits()
    ranges = [tuple(map(int, spec.split(":"))) for spec in specs]
    wanted = {f"fresh-{n}" for lo, hi in ranges for n in range(lo, hi + 1)}
    by_parent: dict[str, list[str]] = {}
    for entry in corpus:
        if entry["set"] in wanted and entry["set"] in parents:
            by_parent.setdefault(parents[entry["set"]], []).append(entry["text"])
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        results = dict(zip(by_parent, pool.map(lambda p: run_at(p, by_parent[p]), by_parent)))
    for lo, hi in ranges:
        rows = [e for e in corpus if e["set"].startswith("fresh-") and lo <= int(e["set"][6:]) <= hi]
        flagged = {id(e): results.get(parents.get(e["set"], ""), {}).get(e["text"]) for e in rows}
        claims = [e for e in rows if e["claim"]]
        others = [e for e in rows if not e["claim"]]
        misses = [e for e in claims if flagged[id(e)] is False]
        false_alarms = [e for e in others if flagged[id(e)] is True]
        unknown = sum(flagged[id(e)] is None for e in rows)
        print(f"fresh-{lo} to fresh-{hi}: {1 - len(misses) / max(len(claims), 1):.3f} / "
              f"{len(false_alarms) / max(len(others), 1):.3f} ({len(claims):,} claims, {len(others):,} others"
              + (f"; {unknown} not replayable" if unknown else "") + ")")
        if show:
            for kind, entries in (("MISS", misses), ("FP  ", false_alarms)):
                for e in entries:
                    print(f"   {kind} {e['set']}: {e['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
