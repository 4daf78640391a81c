"""A project on disk: where mkdocs.yml, the docs and the claims live, and checking all of it at once.

`claims check` (`check_project`) and the MkDocs hook (page by page) share `lint_page`, `check_references`
and `finish`, so they report the same lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import yaml

from . import parallel
from .pages import Page, check_references, lint_page
from .problems import Problem, WARNING, sort_problems
from .registry import Registry, load_registry
from .review import review_problems
from .sourcefile import read_text, relative, resolved
from .yamlnodes import SAFE_LOADER

CLAIMS_DIR = "claims"
PARALLEL_BYTES = 256 * 1024  # below this much Markdown (about 60 pages), a child process costs more than it saves
MAX_JOBS = 4


class ProjectError(Exception):
    """The input cannot be used at all (exit code 2)."""


class _ConfigLoader(SAFE_LOADER):
    """Reads mkdocs.yml without importing MkDocs: tags such as !!python/name or !ENV become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    claims_dir: Path


def find_project(config_file: Path) -> Project:
    if not config_file.is_file():
        raise ProjectError(f"{config_file}: no such file; run from the project folder or pass --config path/to/mkdocs.yml")
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise ProjectError(f"{config_file}: cannot read the MkDocs configuration ({exc}); fix the file") from None
    if not isinstance(config, dict):
        raise ProjectError(f"{config_file}: the MkDocs configuration must be a mapping; fix the file")
    root = config_file.resolve().parent
    return Project(root, root / str(config.get("docs_dir") or "docs"), root / CLAIMS_DIR)


@dataclass
class Report:
    registry: Registry
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def usage_of(pages: Iterable[Page]) -> dict[str, list[tuple[str, str]]]:
    """Claim id -> the pages that reference it, in page order, each page once."""
    usage: dict[str, list[tuple[str, str]]] = {}
    for page in pages:
        for claim_id in dict.fromkeys(page.claim_ids):
            usage.setdefault(claim_id, []).append((page.src_uri, page.title))
    return usage


def usage_problems(registry: Registry, pages: list[Page]) -> list[Problem]:
    """Warnings for claims no page references and sources no claim cites (clean-up candidates)."""
    used = {cid for page in pages for cid in page.claim_ids}
    problems = [
        Problem(c.path, c.line, c.column, "unused-claim",
                f"claim '{c.id}' is not referenced by any page; reference it with {{claim:{c.id}}} or delete it", WARNING)
        for c in registry.claims.values() if c.id not in used
    ]
    cited = {s for c in registry.claims.values() for s in c.sources}
    for ident in registry.sources:
        if ident not in cited:
            path, line, column = registry.source_lines[ident]
            problems.append(Problem(path, line, column, "unused-source",
                                    f"source '{ident}' is not cited by any claim; cite it from a claim or delete it", WARNING))
    return problems


def markdown_files(docs_dir: Path, paths: list[Path] | None = None) -> tuple[list[tuple[Path, str]], list[Path]]:
    """Markdown files to check with their docs-relative names, and those of them outside the docs folder
    (no pages of the site, named by their file name); a named path may be a file or a folder."""
    found: list[tuple[Path, str]] = []
    outside: list[Path] = []
    docs = docs_dir.resolve()
    for base in paths or [docs_dir]:
        if not base.exists():
            raise ProjectError(f"{base}: no such file or folder; pass Markdown files or folders that exist")
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*.md") if p.is_file())
        for path in files:
            try:
                src_uri = resolved(path).relative_to(docs).as_posix()
            except ValueError:
                src_uri = path.name
                outside.append(path)
            found.append((path, src_uri))
    return found, outside


def lint_files(root: Path, files: list[tuple[Path, str]]) -> tuple[list[Page], list[Problem]]:
    """Read and lint pages (no registry needed); an unreadable file is a problem, not a page."""
    pages, problems = [], []
    for path, src_uri in files:
        shown = relative(path, root)
        text, problem = read_text(path, shown)
        if problem:
            problems.append(problem)
        else:
            pages.append(lint_page(shown, src_uri, text))
    return pages, problems


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def finish(registry: Registry, problems: list[Problem], linted: list[tuple[list[Page], list[Problem]]],
           today: dt.date, whole_site: bool, outside: frozenset[str] = frozenset()) -> Report:
    """One report: the registry's problems, the pages' (their references looked up) and review currency;
    usage warnings only for the whole site. Files `outside` the docs folder are no pages of the site, so
    they need no review dates."""
    pages = [page for share, _ in linted for page in share]
    problems = problems + [problem for _, share in linted for problem in share]
    for page in pages:
        problems += page.problems
    problems += review_problems(registry, [page for page in pages if page.path not in outside], today)
    if whole_site:
        problems += usage_problems(registry, pages)
    return Report(registry, pages, sort_problems(problems))


def check_project(project: Project, paths: list[Path] | None = None, today: dt.date | None = None,
                  jobs: int | None = None) -> Report:
    """What `claims check` reports: the registry, then the named Markdown files or the whole docs folder.

    Forked processes start linting pages while this process reads the registry; then it lints pages too.
    """
    from .detect import load_rules  # here: rendering, which imports this module, never needs the rules

    load_rules()  # before forking, so every child inherits them

    files, outside = markdown_files(project.docs_dir, paths)
    many = sum(_size(path) for path, _ in files) >= PARALLEL_BYTES
    workers = min(jobs or parallel.cpus(), MAX_JOBS) if many else 1
    (registry, problems), linted = parallel.share(files, partial(lint_files, project.root), workers,
                                                  partial(load_registry, project.root, project.claims_dir))
    for pages, _ in linted:
        for page in pages:
            check_references(page, registry)
    return finish(registry, problems, linted, today or dt.date.today(), whole_site=not paths,
                  outside=frozenset(relative(path, project.root) for path in outside))
