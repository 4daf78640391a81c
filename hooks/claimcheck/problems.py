"""One problem format for every tool: the CLI, the MkDocs hook and CI annotations print the same lines."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A finding at a true source position; `message` always ends with how to fix it."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = ERROR

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.rule}: {self.message}"

    def github(self) -> str:
        level = "error" if self.severity == ERROR else "warning"
        message = _github_escape(self.message, data=True)
        return (
            f"::{level} file={_github_escape(self.path)},line={self.line},"
            f"col={self.column},title={_github_escape(self.rule)}::{message}"
        )


def _github_escape(value: str, data: bool = False) -> str:
    """GitHub workflow commands need %, CR and LF escaped, and , : in properties."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if not data:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.rule, p.message))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def format_problems(problems: list[Problem], fmt: str) -> str:
    """Render sorted problems as text lines, GitHub annotations or a JSON list."""
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
    render = Problem.github if fmt == "github" else Problem.text
    return "\n".join(render(p) for p in problems)


def summary(problems: list[Problem]) -> str:
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    return f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}"
