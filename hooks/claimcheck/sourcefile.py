"""Reading project files as text the way editors see them: UTF-8, a BOM tolerated, CRLF folded."""

from __future__ import annotations

import functools
from pathlib import Path

from .problems import Problem


def decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Text of a file, or a problem pointing at the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        return None, Problem(
            path, line, column, "encoding-error",
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_text(path: Path, shown: str) -> tuple[str | None, Problem | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, Problem(shown, 1, 1, "unreadable-file", f"cannot read the file ({exc.strerror}); check it exists and is readable")
    return decode(data, shown)


@functools.lru_cache(maxsize=1024)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def resolved(path: Path) -> Path:
    """path.resolve(), each folder resolved once: resolving walks every folder up to the root, in Python,
    and a site has thousands of pages in a few folders."""
    try:
        whole = path.name in ("", ".", "..") or path.is_symlink()
    except OSError:  # a folder we may not look into: resolve() does not raise, so let it answer
        whole = True
    return path.resolve() if whole else _resolved(path.parent) / path.name


def relative(path: Path, root: Path) -> str:
    """A path as printed in messages: relative to the project root, with forward slashes."""
    try:
        return resolved(path).relative_to(_resolved(root)).as_posix()
    except ValueError:
        return path.as_posix()
