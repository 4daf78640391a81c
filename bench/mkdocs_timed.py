"""MkDocs with a stopwatch on the claims hook, and a recorder of what the hook hands to MkDocs.

    python bench/mkdocs_timed.py build TIMINGS.json [mkdocs build options]
        `mkdocs build` exactly as its command line runs it; TIMINGS.json gets the build's seconds and the
        seconds spent inside the hook's own event handlers (MkDocs' work excluded).
    python bench/mkdocs_timed.py record FOLDER
        MkDocs' build steps up to `on_page_markdown`, without rendering: FOLDER/markdown gets the Markdown
        every page leaves the hook with, FOLDER/generated every file the hook generates. sitegen builds the
        no-hook twin of the site from them, so it is the hook's own output, whatever the hook does.

MkDocs registers each `on_*` function of a hook through PluginCollection._register_event; wrapping that one
method reaches every handler of the hook without touching the hook. The one exception is the hook's page-source
handler, which the hook adds itself in on_config (MkDocs runs one such handler, so only if no other plugin has
one): MkDocs' dispatch of that event is timed instead, which in the benchmark's sites runs only that handler.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

import mkdocs.plugins

HOOK_FILE = "claims_hook.py"
seconds: dict[str, float] = {}
calls: dict[str, int] = {}


def _wrap(event: str, method, record: Path | None):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            result = method(*args, **kwargs)
        finally:
            seconds[event] = seconds.get(event, 0.0) + time.perf_counter() - start
            calls[event] = calls.get(event, 0) + 1
        if record is not None:
            _record(event, result, kwargs, record)
        return result

    return wrapper


def _record(event: str, result, kwargs, record: Path) -> None:
    if event == "page_markdown":
        _write(record / "markdown" / kwargs["page"].file.src_uri, result.encode("utf-8"))
    elif event == "files":
        manifest = {file.src_uri: file.inclusion.name for file in result if file.generated_by}
        _write(record / "generated.json", json.dumps(manifest, indent=2).encode())
    elif event == "env":  # the hook fills in what it generates by the time the pages are rendered
        for file in kwargs["files"]:
            if file.generated_by:
                _write(record / "generated" / file.src_uri, file.content_bytes)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def instrument(record: Path | None = None) -> None:
    original = mkdocs.plugins.PluginCollection._register_event

    def register(self, event_name, method, plugin_name=None):
        if plugin_name and str(plugin_name).endswith(HOOK_FILE):
            method = _wrap(event_name, method, record)
        return original(self, event_name, method, plugin_name)

    mkdocs.plugins.PluginCollection._register_event = register
    collection = mkdocs.plugins.PluginCollection
    collection.on_page_read_source = _wrap("page_read_source", collection.on_page_read_source, None)


def build(timings: Path, options: list[str]) -> int:
    from mkdocs.__main__ import cli

    instrument()
    start = time.perf_counter()
    code = 0
    try:
        cli.main(args=["build", *options], prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
    except Exception as exc:  # a failed build: say so like the mkdocs command would
        print(f"mkdocs_timed: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = 1
    timings.write_text(json.dumps({
        "build_seconds": time.perf_counter() - start, "hook_seconds": sum(seconds.values()),
        "hook_events": {k: {"seconds": v, "calls": calls[k]} for k, v in seconds.items()},
    }))
    return code


def record(folder: Path) -> int:
    """mkdocs/commands/build.py's build() and _populate_page() up to on_page_markdown, for every page, then on_env."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    instrument(folder)
    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages():
        page = file.page or Page(None, file, config)
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    return 0


def main() -> int:
    command, target, *options = sys.argv[1:]
    return build(Path(target), options) if command == "build" else record(Path(target))


if __name__ == "__main__":
    sys.exit(main())
