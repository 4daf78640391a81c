"""Tell whether one sentence of page prose makes a health claim that should come from the registry.

The detector is rule-based so that every report can be explained: trigger patterns, exemptions and
the example sentences that pin them down all live in rules/claim_triggers.yml.

Speed: trying a hundred patterns at every word of every sentence is far too slow in Python, so each
pattern is indexed by the literal words it can start with (its anchors, read from the regex parse
tree). One trie-shaped regex finds the anchors in a sentence; only the patterns indexed under an
anchor are matched, and only at that position. Exemptions run only on the few sentences that match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from re import _constants as sre, _parser as sre_parse  # the regex parse tree gives each pattern's anchors

import yaml

RULES_FILE = Path(__file__).with_name("rules") / "claim_triggers.yml"
FLAGS = re.VERBOSE | re.DOTALL
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
UPPERCASE_RE = re.compile(r"(?<!\\)[A-Z]")
SPACES = str.maketrans({c: " " for c in map(chr, range(0x3001)) if c.isspace()})
MAX_ANCHORS = 5000
TRIGGER_KEYS = {"id", "category", "last_resort", "patterns", "unless", "flag", "pass"}
EXEMPTION_KEYS = {"id", "why", "patterns", "unless", "flag", "pass"}


@dataclass(frozen=True)
class Trigger:
    rule: str       # id of the trigger rule that fired, e.g. "health-effect"
    category: str   # plain words for the message, e.g. "a health effect or benefit"
    start: int      # offset of the matched phrase within the sentence
    end: int


@dataclass(frozen=True)
class Check:
    order: int      # position of the pattern in the rule file: at one offset the earlier pattern wins
    rule: str
    category: str
    regex: re.Pattern
    unless: tuple[re.Pattern, ...]  # the rule's own exceptions, for context rules that need them
    last_resort: bool               # reported only when no other rule matches the sentence


@dataclass(frozen=True)
class Exemption:
    id: str
    openings: tuple[re.Pattern, ...]  # patterns tied to the start of the sentence (^...)
    anywhere: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]

    def clears(self, text: str) -> bool:
        return (_any(self.openings, text) or _any(self.anywhere, text)) and not _any(self.unless, text)


@dataclass(frozen=True)
class RuleSet:
    anchors: re.Pattern                       # every anchor, longest match first
    candidates: dict[str, tuple[Check, ...]]  # anchor -> checks that may start there
    exemptions: tuple[Exemption, ...]
    openings: re.Pattern                      # all exemption openings at once; group "x<i>_<j>" is exemption i

    def first_match(self, text: str) -> Trigger | None:
        """The leftmost trigger match in a folded sentence, before exemptions are considered.

        A last-resort rule's match is kept aside and reported only if no other rule matches.
        """
        excepted: dict[str, bool] = {}  # rule -> its `unless` matched; searched once per sentence
        fallback = None
        found = self.anchors.search(text)
        while found:
            start = found.start()
            for check in self.candidates[found.group()]:
                if fallback and check.last_resort:
                    continue
                match = check.regex.match(text, start)
                if match is None:
                    continue
                if check.unless:
                    if check.rule not in excepted:
                        excepted[check.rule] = _any(check.unless, text)
                    if excepted[check.rule]:
                        continue
                trigger = Trigger(check.rule, check.category, start, match.end())
                if not check.last_resort:
                    return trigger
                fallback = trigger
            found = self.anchors.search(text, start + 1)
        return fallback

    def exemption_for(self, text: str) -> str | None:
        """The id of an exemption that clears the folded sentence, or None."""
        opening = self.openings.match(text)
        if opening is not None:
            exemption = self.exemptions[int(opening.lastgroup[1:].split("_")[0])]
            if not _any(exemption.unless, text):
                return exemption.id
            return next((e.id for e in self.exemptions if e.clears(text)), None)  # rare: that one was vetoed
        for exemption in self.exemptions:
            if _any(exemption.anywhere, text) and not _any(exemption.unless, text):
                return exemption.id
        return None


def find_trigger(sentence: str) -> Trigger | None:
    """The first phrase that makes `sentence` read like a health claim, or None if it is not a claim."""
    text = fold(sentence)
    trigger = RULES.first_match(text)
    if trigger is None or RULES.exemption_for(text) is not None:
        return None
    return trigger


def _any(patterns: tuple[re.Pattern, ...], text: str) -> bool:
    for pattern in patterns:
        if pattern.search(text):
            return True
    return False


def fold(sentence: str) -> str:
    """Lower-case, with every kind of whitespace as a plain space and every offset unchanged."""
    text = sentence.lower()
    if len(text) != len(sentence):  # a few characters lower-case to two
        text = "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)
    return text if text.isprintable() else text.translate(SPACES)


@cache
def load_rules(path: Path = RULES_FILE) -> RuleSet:
    """Compile the rule file; a malformed file is our own bug, so it raises ValueError at import."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocab = _expand_vocab(data["vocab"])
    candidates: dict[str, list[Check]] = {}
    order = 0
    for rule in data["triggers"]:
        _check_keys(rule, TRIGGER_KEYS - {"unless", "last_resort"}, TRIGGER_KEYS)
        unless = tuple(_compile(p, vocab, rule["id"]) for p in rule.get("unless", ()))
        for pattern in rule["patterns"]:
            regex = _compile(pattern, vocab, rule["id"])
            check = Check(order, rule["id"], rule["category"], regex, unless, rule.get("last_resort", False))
            order += 1
            for anchor in _anchors(regex, rule["id"]):
                candidates.setdefault(anchor, []).append(check)
    exemptions = []
    for rule in data["exemptions"]:
        _check_keys(rule, EXEMPTION_KEYS - {"unless"}, EXEMPTION_KEYS)
        patterns = [_compile(p, vocab, rule["id"]) for p in rule["patterns"]]
        openings = tuple(p for p in patterns if _is_opening(p))
        anywhere = tuple(p for p in patterns if not _is_opening(p))
        unless = tuple(_compile(p, vocab, rule["id"]) for p in rule.get("unless", ()))
        exemptions.append(Exemption(rule["id"], openings, anywhere, unless))
    openings = [f"(?:{p.pattern}\n)(?P<x{i}_{j}>)" for i, e in enumerate(exemptions) for j, p in enumerate(e.openings)]
    return RuleSet(_anchor_regex(candidates), _with_shorter_anchors(candidates), tuple(exemptions),
                   re.compile("\n|".join(openings) or "(?!)", FLAGS))


def _expand_vocab(raw: dict[str, str]) -> dict[str, str]:
    """Expand vocab entries in file order, so an entry may use the ones defined above it.

    An entry written as one group of alternatives is regrouped by leading letters (a trie):
    sre then rejects a whole group with one character test instead of trying every word.
    """
    vocab: dict[str, str] = {}
    for name, pattern in raw.items():
        expanded = _compile(pattern, vocab, f"vocab {name}").pattern
        items = _alternatives(expanded)
        vocab[name] = expanded if items is None else _compile(_factor(items), vocab, f"vocab {name}").pattern
    return vocab


def _alternatives(pattern: str) -> list[str] | None:
    """The top-level alternatives of a "(?: a | b )" group spanning the whole pattern, else None."""
    text = pattern.strip()
    if not (text.startswith("(?:") and text.endswith(")")):
        return None
    items, depth, start, in_class, i = [], 0, 3, False, 3
    while i < len(text) - 1:
        char = text[i]
        if char == "\\":
            i += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
        i += 1
    return items + [text[start:-1].strip()]


def _factor(items: list[str]) -> str:
    """Group alternatives by their leading literal character, recursively."""
    groups: dict[str, list[str]] = {}
    others = []
    for item in items:
        if item[:1].isalnum() and item[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(item[0], []).append(item[1:])
        else:
            others.append(item)
    branches = [char + (_factor(tails) if len(tails) > 1 else f"(?:{tails[0]})") for char, tails in groups.items()]
    return "(?:" + "|".join(branches + others) + ")"


def _compile(pattern: str, vocab: dict[str, str], where: str) -> re.Pattern:
    def substitute(match: re.Match) -> str:
        if match.group(1) not in vocab:
            raise ValueError(f"{where}: unknown vocab name {{{match.group(1)}}}")
        return f"(?:{vocab[match.group(1)]}\n)"

    if UPPERCASE_RE.search(pattern):
        raise ValueError(f"{where}: write patterns in lower case (sentences are lower-cased): {pattern!r}")
    try:
        compiled = re.compile(PLACEHOLDER_RE.sub(substitute, pattern), FLAGS)
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
    if compiled.groups:
        raise ValueError(f"{where}: use (?:...) instead of capturing groups in {pattern!r}")
    return compiled


def _check_keys(rule: dict, required: set[str], allowed: set[str]) -> None:
    keys = set(rule)
    if not required <= keys <= allowed:
        missing, unknown = sorted(required - keys), sorted(keys - allowed)
        raise ValueError(f"rule {rule.get('id')!r}: missing {missing}, unknown {unknown}")


def _is_opening(regex: re.Pattern) -> bool:
    """Whether every match must start at the start of the sentence, so it can join the merged openings."""
    items = list(sre_parse.parse(regex.pattern, regex.flags))
    return bool(items) and items[0] == (sre.AT, sre.AT_BEGINNING)


def _anchors(regex: re.Pattern, where: str) -> set[str]:
    """The literal strings one of which starts every match of `regex`."""
    anchors = {text for text, _ in _sequence(list(sre_parse.parse(regex.pattern, regex.flags)))}
    if "" in anchors:
        raise ValueError(f"{where}: pattern must start with a literal word or symbol: {regex.pattern!r}")
    if len(anchors) > MAX_ANCHORS:
        raise ValueError(f"{where}: pattern starts with too many alternatives: {regex.pattern!r}")
    return anchors


def _sequence(items: list) -> set[tuple[str, bool]]:
    """Literal prefixes of a parsed sequence, each flagged True when it spans the whole sequence."""
    if not items:
        return {("", True)}
    op, av = items[0]
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: \b, lookarounds
        return _sequence(items[1:])
    heads = _item(op, av)
    paths = {(head, False) for head, whole in heads if not whole}
    if any(whole for _, whole in heads):
        tails = _sequence(items[1:])
        paths |= {(head + tail, done) for head, whole in heads if whole for tail, done in tails}
    return paths


def _item(op, av) -> set[tuple[str, bool]]:
    if op is sre.LITERAL:
        return {(chr(av), True)}
    if op is sre.IN:
        sets = [_chars(kind, value) for kind, value in av]
        return {("", False)} if None in sets else {(c, True) for chars in sets for c in chars}
    if op is sre.SUBPATTERN:
        return _sequence(list(av[3]))
    if op is sre.BRANCH:
        return set().union(*(_sequence(list(branch)) for branch in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = av
        once = _sequence(list(sub))
        if (low, high) == (0, 1):
            return once | {("", True)}
        return {(text, False) for text, _ in once} if low else {("", False)}
    return {("", False)}


def _chars(kind, value) -> str | None:
    """The characters one member of a [...] set stands for, if few: whitespace is folded to ' '."""
    if kind is sre.LITERAL:
        return chr(value)
    if kind is sre.CATEGORY:
        return {sre.CATEGORY_SPACE: " ", sre.CATEGORY_DIGIT: "0123456789"}.get(value)
    if kind is sre.RANGE and value[1] - value[0] < 10:
        return "".join(map(chr, range(value[0], value[1] + 1)))
    return None


def _anchor_regex(candidates: dict[str, list[Check]]) -> re.Pattern:
    """A trie of all anchors, greedy so the longest anchor at a position is the one found."""
    words = [a for a in candidates if a[0].isalnum()]
    symbols = [a for a in candidates if not a[0].isalnum()]
    parts = [r"\b" + _trie(words)] + ([_trie(symbols)] if symbols else [])
    return re.compile("|".join(parts))


def _trie(strings: list[str]) -> str:
    root: dict = {}
    for string in strings:
        node = root
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _with_shorter_anchors(candidates: dict[str, list[Check]]) -> dict[str, tuple[Check, ...]]:
    """The anchor regex reports the longest anchor, so each anchor also carries the checks of its prefixes."""
    merged = {}
    for anchor in candidates:
        checks = {c for k in range(1, len(anchor) + 1) for c in candidates.get(anchor[:k], ())}
        merged[anchor] = tuple(sorted(checks, key=lambda c: c.order))
    return merged


RULES = load_rules()
