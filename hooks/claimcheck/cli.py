"""`claims`: check the registry and pages without building the site (exit 0 clean, 1 problems, 2 unusable input)."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from pathlib import Path

from .problems import errors, format_problems, summary
from .project import ProjectError, check_project, find_project, usage_of


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claims", description="Check and list the claims of an evidence-graded MkDocs site.")
    parser.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"), help="the MkDocs configuration (default: mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the registry and the pages")
    check.add_argument("paths", nargs="*", type=Path, help="Markdown files or folders (default: the docs folder)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--show-suppressed", action="store_true", help="list passages marked as not a claim, with their reasons")
    check.add_argument("--today", type=_date, help="check review dates as of this day (YYYY-MM-DD; default: today)")
    check.add_argument("--jobs", "-j", type=_jobs, help="processes that lint pages (default: one per core, up to 4, for large sites)")
    listing = commands.add_parser("list", help="print the registry")
    listing.add_argument("--unused", action="store_true", help="only claims no page references")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes; write a whole number from 1")
    return int(text)


def _check(args) -> int:
    report = check_project(find_project(args.config), args.paths or None, args.today, args.jobs)
    if report.problems:
        print(format_problems(report.problems, args.format))
    elif args.format == "json":
        print("[]")
    if args.show_suppressed:
        for page in report.pages:
            for s in page.suppressed:
                print(f"{page.path}:{s.line}: suppressed: '{s.excerpt}' (reason: {s.reason})", file=sys.stderr)
    count = sum(len(p.suppressed) for p in report.pages)
    print(f"{summary(report.problems)} in {len(report.pages)} pages and {len(report.registry.claims)} claims; "
          f"{count} passage{'s' * (count != 1)} marked not a claim", file=sys.stderr)
    failing = report.problems if args.strict else errors(report.problems)
    return 1 if failing else 0


def _list(args) -> int:
    report = check_project(find_project(args.config))
    usage = usage_of(report.pages)
    claims = [c for c in sorted(report.registry.claims.values(), key=lambda c: (-report.registry.levels[c.level].rank, c.id))
              if not args.unused or c.id not in usage]
    if args.format == "json":
        print(json.dumps([{"id": c.id, "level": c.level, "statement": c.statement, "sources": list(c.sources),
                           "reviewed": c.reviewed.isoformat(), "pages": [u for u, _ in usage.get(c.id, [])]}
                          for c in claims], indent=2, ensure_ascii=False))
    else:
        for c in claims:
            print(f"{c.id}\t{c.level}\t{c.path}:{c.line}\t{c.statement}")
    return 1 if errors(report.problems) else 0


def main(argv: list[str] | None = None) -> int:
    gc.disable()  # a short run whose data holds no reference cycles; collecting costs a fifth of loading a registry
    args = _parser().parse_args(argv)
    try:
        return _check(args) if args.command == "check" else _list(args)
    except ProjectError as exc:
        print(f"claims: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
