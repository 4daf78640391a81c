"""A YAML reader that keeps every value's position and refuses what a data file never needs.

Built on the (C) event stream rather than yaml.safe_load so that aliases ("billion laughs"), custom
tags (`!!python/object`) and duplicate keys are refused with a true line and column, and every
scalar remembers where it stood for precise messages.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where built: the same values, ten times faster

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_BOOL = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_NULL = {"", "~", "null"}
_WORDS = _BOOL.keys() | _NULL


class Node:
    """A parsed value with its 1-based position; `value` is a str/int/float/bool/date/None, list or dict.

    A plain class with slots: a registry of thousands of claims makes tens of thousands of these.
    """

    __slots__ = ("value", "line", "column", "kind", "keys")

    def __init__(self, value: object, line: int, column: int, kind: str = "scalar"):
        self.value, self.line, self.column, self.kind = value, line, column, kind
        self.keys: dict = {}  # for maps: key -> Node of the key (its position)

    def __repr__(self) -> str:
        return f"Node({self.value!r}, {self.line}, {self.column}, {self.kind!r})"


class YamlProblem(Exception):
    """Unusable YAML, with the position to report."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _pos(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _scalar(event) -> object:
    """Resolve a scalar the way YAML 1.1 safe loading would, for the types a data file uses."""
    text, tag = event.value, event.tag  # the common case, a plain word, id or sentence, is taken in _build
    if tag not in (None, "!") and tag not in _STANDARD_TAGS:
        raise YamlProblem(*_pos(event.start_mark), f"the tag '{tag}' is not allowed; remove it and write a plain value")
    if event.style or tag in ("!", "tag:yaml.org,2002:str"):
        return text
    lowered = text.lower()
    if lowered in _NULL:
        return None
    if lowered in _BOOL:
        return _BOOL[lowered]
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise YamlProblem(*_pos(event.start_mark), f"'{text}' is not a real date; write a date as YYYY-MM-DD") from None
    return text


def _check_collection_tag(event) -> None:
    if event.tag is not None and event.tag not in _STANDARD_TAGS and not event.implicit:
        raise YamlProblem(*_pos(event.start_mark), f"the tag '{event.tag}' is not allowed; remove it")


def _build(events) -> Node:
    """Turn one document's events into Nodes, refusing aliases, custom tags and duplicate keys."""
    stack: list[list] = []  # [container node, pending key node for maps]
    root: Node | None = None
    top: list | None = None  # stack[-1]
    for event in events:  # a hot loop: event classes compared by identity, most frequent first
        kind = event.__class__
        if kind is _SCALAR:
            mark, text = event.start_mark, event.value
            if event.tag is None and not event.style and text[:1].isalpha() and text.lower() not in _WORDS:
                node = Node(text, mark.line + 1, mark.column + 1)  # a plain word, id or sentence: no call
            else:
                node = Node(_scalar(event), mark.line + 1, mark.column + 1)
            if top is not None:
                parent = top[0]
                if parent.kind == "list":
                    parent.value.append(node)
                    continue
                pending = top[1]
                if pending is not None:  # a map's value
                    key = str(pending.value)
                    parent.value[key] = node
                    parent.keys[key] = pending
                    top[1] = None
                    continue
        elif kind is _MAP_START or kind is _SEQ_START:
            _check_collection_tag(event)
            line, column = _pos(event.start_mark)
            node = Node([], line, column, "list") if kind is _SEQ_START else Node({}, line, column, "map")
        elif kind is _MAP_END or kind is _SEQ_END:
            stack.pop()
            top = stack[-1] if stack else None
            continue
        elif kind is yaml.AliasEvent:
            raise YamlProblem(*_pos(event.start_mark), "aliases (*name) are not allowed; write the value out in full")
        elif kind is yaml.DocumentEndEvent:
            break
        else:
            continue
        if top is None:
            root = node
        else:
            _attach(top, node)
        if node.kind != "scalar":
            top = [node, None]
            stack.append(top)
    return root if root is not None else Node(None, 1, 1)


_SCALAR, _MAP_START, _MAP_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


def _attach(top: list, node: Node) -> None:
    """Put a node into the open container: a list item, a map's key, or a map's value."""
    parent, pending = top
    if parent.kind == "list":
        parent.value.append(node)
    elif pending is None:
        if node.kind != "scalar" or not isinstance(node.value, (str, int, float, bool, dt.date)):
            raise YamlProblem(node.line, node.column, "a key must be a plain word; write key: value")
        key = str(node.value)
        if key in parent.value:
            first = parent.keys[key]
            raise YamlProblem(
                node.line, node.column,
                f"the key '{key}' appears twice in one entry (first at line {first.line}); keep one",
            )
        top[1] = node
    else:
        key = str(pending.value)
        parent.value[key] = node
        parent.keys[key] = pending
        top[1] = None


def load(text: str) -> Node:
    """Parse one YAML document into Nodes; raise YamlProblem with a position on anything unusable."""
    try:
        loader = SAFE_LOADER(text)  # the pure-Python loader checks the characters here, so inside the try
        try:
            events = iter(loader.get_event, None)  # what yaml.parse yields, without its generator around each event
            root = _build(events)
            for event in events:  # drain: a second document is an error
                if isinstance(event, yaml.DocumentStartEvent):
                    raise YamlProblem(*_pos(event.start_mark), "a second YAML document starts here; keep one document per file")
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _pos(mark) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if mark and text[mark.index : mark.index + 1] == "\t":
            what = "a tab character cannot indent YAML"
        raise YamlProblem(line, column, f"{what}; fix the YAML syntax (indent with spaces, quote text that contains ': ' or '#')") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, f"{exc}; fix the YAML syntax") from None
    return root


def plain(node: Node) -> object:
    """The node as plain Python data (for front matter and tests)."""
    if node.kind == "list":
        return [plain(n) for n in node.value]
    if node.kind == "map":
        return {k: plain(v) for k, v in node.value.items()}
    return node.value
