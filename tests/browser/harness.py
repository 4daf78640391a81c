"""Real-browser test harness: build the site, serve it on 127.0.0.1, drive Debian's chromium with Playwright.

Nothing here downloads a browser: chromium comes from Debian (scripts/ensure-browser-deps installs it),
axe-core from npm into tests/browser/node_modules. A missing piece fails loudly with the command that fixes it.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FIX = "run scripts/ensure-browser-deps (make test runs it first)"


def require_browser_deps() -> None:
    """Fail, never skip, when the browser or axe-core is missing."""
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} (Debian package chromium)")
    if not AXE.is_file():
        missing.append(f"{AXE.relative_to(ROOT)} (npm axe-core, pinned in tests/browser/package-lock.json)")
    if missing:
        raise RuntimeError("browser tests cannot run: missing " + " and ".join(missing) + f"; {FIX}")


def build_site(target: Path) -> Path:
    """`mkdocs build --strict` of the real site into `target`, the way `make site` builds it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed; the browser tests need the real site:\n{result.stderr}")
    return target


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site as a path relative to its root, the way a browser asks for it."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return sorted(pages, key=lambda p: (p != "", p))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 on a free port; yields the base address, ending in a slash."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class RequestLog:
    """Every request any page made; `foreign` are those to another host (the site must make none)."""

    base: str
    seen: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return parts.scheme in ("http", "https") and parts.netloc == urlsplit(self.base).netloc

    def record(self, url: str, page_url: str = "") -> None:
        self.seen.append(url)
        if not self.is_local(url):
            self.foreign.append(f"{url} (from {page_url or '?'})")

    def attach(self, context) -> None:
        """Record every request of a browser context, and stop foreign ones before they leave the machine."""
        context.on("request", lambda request: self.record(request.url, _frame_url(request)))
        context.route(self.foreign_pattern(), lambda route: route.abort())

    def foreign_pattern(self) -> re.Pattern:
        """Every address is_local refuses, as a regex the browser matches itself: a Python predicate would make
        Playwright stop every request and ask Python about it, which slows each page load."""
        netloc = re.escape(urlsplit(self.base).netloc)
        return re.compile(rf"^(?!https?://{netloc}/)(?!(?:data|blob|about):)")


def _frame_url(request) -> str:
    try:
        return request.frame.url
    except Exception:  # a worker's request has no frame
        return "worker"


def gzip_size(body: bytes) -> int:
    """Bytes on the wire with ordinary server compression (gzip level 6)."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


# axe.run is started in the page and its promise kept there, so several pages (each context has its own renderer
# process) can run axe at once; evaluating the kept promise waits for that page's result.
# (axe does much of its work synchronously, so it starts from a timer: starting it returns at once.)
AXE_START = """([kind, values]) => {
  window.__axeViolations = new Promise(resolve => setTimeout(resolve, 0))
    .then(() => axe.run(document, {runOnly: {type: kind, values}, resultTypes: ['violations']}))
    .then(result => result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    })));
}"""


def axe_start(page, tags=AXE_TAGS, rules=None) -> None:
    """Inject axe-core from node_modules (no network) and start the given rule tags (or rules) on the whole page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    page.evaluate(AXE_START, ["rule", rules] if rules else ["tag", tags])


def axe_collect(page) -> list[dict]:
    """The violations of the run axe_start began on this page."""
    return page.evaluate("() => window.__axeViolations")


def axe_violations(page, tags=AXE_TAGS, rules=None) -> list[dict]:
    axe_start(page, tags, rules)
    return axe_collect(page)


def format_violations(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}: {node['target']}: {summary}")
    return lines
