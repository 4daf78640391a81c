"""Tell whether one sentence of page prose makes a health claim that should come from the registry.

The detector is rule-based so that every report can be explained: trigger patterns, exemptions and
the example sentences that pin them down all live in rules/claim_triggers.yml.

Speed: trying a hundred patterns at every word of every sentence is far too slow in Python, so each
pattern is indexed by the literal words it can start with (its anchors, read from the regex parse
tree) and cut after their first word, so that no anchor can start inside another. One trie-shaped regex
yields every anchor in a sentence in one pass; only the patterns indexed under an anchor are matched,
and only at that position. Last-resort patterns are tried only once the whole sentence has no other
match. Exemptions run only on the few sentences that match.

Rules are read at import, but a pattern is compiled, and an anchor's checks are set out for the hot
loop, only when a sentence first holds that anchor: doing all of it at load would cost more than
checking a thousand pages.

A match that lies inside the name of a clinic or product ("Skin Renewal Clinic Ltd", "Radiance Aesthetics")
is skipped: the rule file's `name_word` vocab lists the words such names end in. The last resorts pass over a
heading in Title Case that holds none of the `heading_promise` words: it names a topic.
"""

from __future__ import annotations

import array
import atexit
import dataclasses
import glob
import hashlib
import io
import os
import pickle
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from re import _compiler as sre_compile, _constants as sre, _parser as sre_parse  # anchors from parse trees

import _sre

import yaml

from .folding import UPPERCASE_RE, fold
from .yamlnodes import SAFE_LOADER

RULES_FILE = Path(__file__).with_name("rules") / "claim_triggers.yml"
FLAGS = re.VERBOSE | re.DOTALL
SENTINEL = 0xE000  # while anchors are read, vocab entry i stands for the private-use character SENTINEL + i
NON_WORD = re.compile(r"[\W_]")
CODE_ITEM = next((t for t in "HIL" if array.array(t).itemsize == _sre.CODESIZE), None)  # array type of sre's code words
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
MAX_ANCHORS = 5000
WORD_RE = re.compile(r"\S+")
CAPITAL_NEXT = re.compile(r"""\w*[\s"'“‘(]+[A-Z]""")
CAPITAL_BEFORE = re.compile(r"""[A-Z][\w'’&.-]*[\s"'”’)]+$""")
EDGE = "\"'“”‘’()[]"
TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")  # a word of four or more characters, starting with a letter
TRIGGER_KEYS = {"id", "category", "last_resort", "patterns", "unless", "flag", "pass"}
EXEMPTION_KEYS = {"id", "why", "patterns", "unless", "flag", "pass"}


class LazyPattern:
    """A regex compiled the first time it is used; attributes other than `pattern` are the compiled regex's."""

    __slots__ = ("pattern", "where", "flags", "codes", "slots", "_regex")

    def __init__(self, pattern: str, where: str, flags: int = FLAGS, codes: dict | None = None):
        self.pattern, self.where, self.flags, self.codes = pattern, where, flags, codes
        self.slots: list[tuple[list, int]] = []  # hot-loop lists holding self.match, to get the compiled one
        self._regex: re.Pattern | None = None

    @property
    def regex(self) -> re.Pattern:
        if self._regex is None:
            try:
                self._regex = _compile(self.pattern, self.flags, self.codes)
            except re.error as exc:  # only a vocab entry that breaks a pattern gets here; tests compile all
                raise ValueError(f"{self.where}: bad pattern once vocab is expanded: {exc}") from exc
            for functions, index in self.slots:
                functions[index] = self._regex.match
        return self._regex

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        return self.regex.match(text, pos)

    def match_for(self, functions: list[Callable], index: int) -> Callable:
        """The match function for place `index` of a hot-loop list: the compiled regex's own, or until this
        pattern is compiled its wrapper, which compiling then replaces there."""
        if self._regex is not None:
            return self._regex.match
        self.slots.append((functions, index))
        return self.match

    def search(self, text: str) -> re.Match | None:
        return self.regex.search(text)

    def __getattr__(self, name: str):
        if name.startswith("_"):  # pickle looks for __setstate__ and the like before the slots are set
            raise AttributeError(name)
        return getattr(self.regex, name)

    def __getstate__(self) -> tuple:
        """Pickled uncompiled (the rule cache keeps compiled programs apart) and without its slots.

        The slots lead to hot-loop lists, which hold other patterns, whose slots lead to other lists: pickled
        along, that chain grows with the rule file until it passes Python's recursion limit. `_link` sets
        them again as anchors turn up.
        """
        return self.pattern, self.where, self.flags, self.codes

    def __setstate__(self, state: tuple) -> None:
        self.pattern, self.where, self.flags, self.codes = state
        self.slots, self._regex = [], None


def _compile(pattern: str, flags: int, codes: dict | None) -> re.Pattern:
    """re.compile, keeping the compiled program in `codes` (the rule cache) for the next process.

    The long patterns cost a millisecond or more each to parse and compile in Python. This is what
    re._compiler.compile does, with the program kept: keyed, like the cache file, by the Python version.
    """
    if codes is None or CODE_ITEM is None:
        return re.compile(pattern, flags)
    entry = codes.get((pattern, flags))
    if entry is not None:
        all_flags, program, groups, groupindex, indexgroup = entry
        return _sre.compile(pattern, all_flags, list(array.array(CODE_ITEM, program)), groups, groupindex, indexgroup)
    parsed = sre_parse.parse(pattern, flags)
    code = sre_compile._code(parsed, flags)
    indexgroup = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    entry = (flags | parsed.state.flags, array.array(CODE_ITEM, code).tobytes(), parsed.state.groups - 1,
             dict(parsed.state.groupdict), tuple(indexgroup))
    codes[(pattern, flags)] = entry
    return _sre.compile(pattern, entry[0], code, entry[2], entry[3], entry[4])


@dataclass(frozen=True)
class Trigger:
    rule: str       # id of the trigger rule that fired, e.g. "health-effect"
    category: str   # plain words for the message, e.g. "a health effect or benefit"
    start: int      # offset of the matched phrase within the sentence
    end: int


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per rule
class AnyOf:
    """A list of patterns asking only "does any match anywhere?", indexed by anchors like the triggers.

    A long `unless` list would otherwise scan the sentence once per pattern.
    """
    patterns: tuple[LazyPattern, ...]
    anchors: LazyPattern | None = None                        # None: few patterns, each searched in turn
    indexed: dict[str, tuple[LazyPattern, ...]] | None = None  # anchor -> patterns that start with it
    rest: tuple[LazyPattern, ...] = ()                        # patterns without anchors, searched in turn

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def search(self, text: str) -> bool:
        if self.anchors is None:
            return _any(self.patterns, text)
        for found in self.anchors.finditer(text):
            for pattern in self.indexed[found.group()]:
                if pattern.match(text, found.start()):
                    return True
        return _any(self.rest, text)


@dataclass(frozen=True)
class Check:
    order: int      # position of the pattern in the rule file: at one offset the earlier pattern wins
    rule: str
    category: str
    regex: LazyPattern
    unless: AnyOf                   # the rule's own exceptions, for context rules that need them
    last_resort: bool               # reported only when no other rule matches the sentence


@dataclass(frozen=True)
class Exemption:
    id: str
    openings: tuple[LazyPattern, ...]  # patterns tied to the start of the sentence (^...)
    anywhere: tuple[LazyPattern, ...]
    unless: AnyOf

    def clears(self, text: str) -> bool:
        return (_any(self.openings, text) or _any(self.anywhere, text)) and not self.unless.search(text)


@dataclass(frozen=True)
class RuleSet:
    anchors: re.Pattern                       # finditer yields every anchor, the longest at each place
    candidates: dict[str, tuple[Check, ...]]    # anchor -> its checks, in file order
    last_resorts: dict[str, tuple[Check, ...]]  # anchor -> its last-resort checks
    exemptions: tuple[Exemption, ...]
    openings: LazyPattern                     # all exemption openings at once; group "x<i>_<j>" is exemption i
    anywhere: tuple[tuple[LazyPattern, Exemption], ...]  # the other exemption patterns
    name_word: LazyPattern | None = None      # a word that ends a clinic or product name ("clinic", "ltd")
    heading_promise: LazyPattern | None = None  # a word that makes a Title Case heading promise ("can", "cures")
    list_item_claim: LazyPattern | None = None  # what makes a short fragment a list item's claim, not a heading
    patterns: tuple[LazyPattern, ...] = ()    # every pattern of the file
    hot: dict[str, tuple] = dataclasses.field(default_factory=dict, compare=False, repr=False)  # see `_heat`

    def compile_all(self) -> int:
        """Compile every pattern now (tests do, to find a broken one before a sentence does)."""
        for pattern in (*self.patterns, self.openings,
                        *(p for p in (self.name_word, self.heading_promise, self.list_item_claim) if p)):
            pattern.regex
        return len(self.patterns)

    def first_match(self, text: str, original: str | None = None) -> Trigger | None:
        """The leftmost trigger match in a folded sentence, before exemptions are considered.

        A last-resort rule's match is kept aside and reported only if no other rule matches. Given the
        sentence as written, a match inside a capitalised clinic or product name is passed over.
        """
        excepted: dict[str, bool] = {}  # rule -> its `unless` matched; searched once per sentence
        later = []                      # last-resort checks of the anchors found, in sentence order
        hot = self.hot
        for found in self.anchors.finditer(text):  # a hot loop: kept flat, no call unless a pattern matches
            entry = hot.get(found.group())
            if entry is None:
                entry = self._heat(found.group())
            functions, checks, last = entry
            if checks:
                start = found.start()
                for match_at, check in zip(functions, checks):
                    match = match_at(text, start)
                    if match is not None and self._accept(check, match, text, original, excepted):
                        return Trigger(check.rule, check.category, start, match.end())
            if last:
                later.append((found.start(), last))
        if later and original is not None and self.title_case(original):
            return None
        for start, (functions, checks) in later:
            for match_at, check in zip(functions, checks):
                match = match_at(text, start)
                if match is not None and self._accept(check, match, text, original, excepted):
                    return Trigger(check.rule, check.category, start, match.end())
        return None

    def _heat(self, anchor: str) -> tuple:
        """An anchor's checks beside their match functions, as the hot loop takes them: made the first time
        a sentence holds the anchor, since making them for all anchors at load would cost more than the
        checks of a small site (a page holds a few hundred of the thousands of anchors)."""
        checks = self.candidates.get(anchor, ())
        last = self.last_resorts.get(anchor)
        entry = self.hot[anchor] = (_link(checks), checks, last and (_link(last), last))
        return entry

    def _accept(self, check: Check, match: re.Match, text: str, original: str | None,
                excepted: dict[str, bool]) -> bool:
        """Whether a pattern's match counts: its rule's `unless` does not apply and it is not inside a name."""
        if check.unless:
            if check.rule not in excepted:
                excepted[check.rule] = check.unless.search(text)
            if excepted[check.rule]:
                return False
        return original is None or not self.in_name(original, match.start(), match.end())

    def title_case(self, original: str) -> bool:
        """Whether a sentence is a heading in Title Case that promises nothing ("Hair Transplants vs. PRP Therapy: Pros
        and Cons"): at least two words of four or more letters, seven in ten of them capitalised, no closing full stop,
        and no `heading_promise` word ("5 Things Exosomes Can Do for Your Skin").

        The last resorts pass over such headings: they had flagged 25 in the corpus, none a claim. A heading that
        asserts in other words ("Effective Scar Improvement") is left to the rules that read what it asserts.
        """
        words = TITLE_WORD.findall(original)
        return (len(words) >= 2 and not original.rstrip().endswith(".")
                and not (self.heading_promise and self.heading_promise.search(original))
                and sum(word[0].isupper() for word in words) >= 0.7 * len(words))

    def in_name(self, original: str, start: int, end: int) -> bool:
        """Whether original[start:end] lies in a name such as "Skin Renewal Clinic" within lower-case prose.

        The name is a run of two or more capitalised words (an "&" may join them), one of them a `name_word`, not
        ending in a colon (a "Minimally Invasive:" label is no name), in a sentence with at least two long lower-case
        words elsewhere (a Title Case heading is no prose).
        """
        if self.name_word is None or not original[start:start + 1].isupper():
            return False
        if not (CAPITAL_NEXT.match(original, end) or CAPITAL_BEFORE.search(original, max(0, start - 40), start)):
            return False  # quick: a name is two or more capitalised words in a row
        if not self.name_word.search(original):
            return False
        words = [(m.start(), m.end(), m.group().strip(EDGE)) for m in WORD_RE.finditer(original)]
        inside = [i for i, (a, b, _) in enumerate(words) if a < end and b > start]
        if not inside or not all(words[i][2][:1].isupper() for i in inside):
            return False
        low, high = inside[0], inside[-1]
        while low > 0 and in_run(words[low - 1][2]) and open_ended(words[low - 1][2]):
            low -= 1
        while high + 1 < len(words) and in_run(words[high + 1][2]) and open_ended(words[high][2]):
            high += 1
        while words[low][2] == "&":
            low += 1
        while words[high][2] == "&":
            high -= 1
        run = [word.rstrip(",.;:!?").lower() for _, _, word in words[low:high + 1]]
        if len(run) < 2 or words[high][2].endswith(":") or not any(self.name_word.fullmatch(w) for w in run):
            return False
        prose = [w for i, (_, _, w) in enumerate(words) if not low <= i <= high and w[:1].islower() and len(w) > 3]
        return len(prose) >= 2

    def exemption_for(self, text: str, heading: bool = False) -> str | None:
        """The id of an exemption that clears the folded sentence, or None.

        Outside a Markdown heading, a short fragment that names a side effect, a complaint, a benefit or a
        status (`list_item_claim`) is read as a list item, which the `heading` exemption does not clear.
        """
        list_item = not heading and self.list_item_claim is not None and self.list_item_claim.search(text)
        skipped = "heading" if list_item else None
        opening = self.openings.match(text)
        if opening is not None:
            exemption = self.exemptions[int(opening.lastgroup[1:].split("_")[0])]
            if exemption.id != skipped and not exemption.unless.search(text):
                return exemption.id
            return next((e.id for e in self.exemptions if e.id != skipped and e.clears(text)), None)  # rare
        for pattern, exemption in self.anywhere:
            if exemption.id != skipped and pattern.search(text) and not exemption.unless.search(text):
                return exemption.id
        return None


def in_run(word: str) -> bool:
    """Whether a word can stand in a business's name: capitalised, or the "&" of "Skin & Hair Studio"."""
    return word[:1].isupper() or word == "&"


def open_ended(word: str) -> bool:
    """Whether a name can go on after this word: no comma, full stop or other mark ends it ("&" joins)."""
    return word[-1:].isalnum() or word == "&"


def find_trigger(sentence: str, heading: bool = False) -> Trigger | None:
    """The first phrase that makes `sentence` read like a health claim, or None if it is not a claim.

    `heading`: the sentence is a Markdown heading, so a short fragment is never read as a list item.
    """
    text = fold(sentence)
    trigger = RULES.first_match(text, sentence)
    if trigger is None or RULES.exemption_for(text, heading) is not None:
        return None
    return trigger


def _any(patterns: tuple[LazyPattern, ...], text: str) -> bool:
    for pattern in patterns:
        if pattern.search(text):
            return True
    return False


@cache
def load_rules(path: Path = RULES_FILE) -> RuleSet:
    """Read the rule file, or the rule set built from it last time; a malformed file is our own bug, so it
    raises ValueError at import.

    Only the anchor index is compiled here. Each pattern is compiled the first time a sentence holds
    one of its anchors (tests compile them all with `RuleSet.compile_all`).
    """
    text = path.read_bytes()
    cache = _RuleCache(path, text)
    rules = cache.rules
    if rules is None:
        rules = _build_rules(yaml.load(text.decode("utf-8"), Loader=SAFE_LOADER), cache)
        cache.keep(rules)
    cache.save()
    atexit.register(cache.save)  # the programs compiled while checking
    return rules


def _build_rules(data: dict, cache: _RuleCache) -> RuleSet:
    vocab = _Vocab(data["vocab"], cache.codes)
    candidates: dict[str, list[Check]] = {}
    order = 0
    for rule in data["triggers"]:
        _check_keys(rule, TRIGGER_KEYS - {"unless", "last_resort"}, TRIGGER_KEYS)
        unless = _any_of([vocab.pattern(p, rule["id"]) for p in rule.get("unless", ())], cache.codes)
        for pattern in rule["patterns"]:
            regex, shape = vocab.pattern(pattern, rule["id"])
            if shape.error:
                raise ValueError(shape.error)
            check = Check(order, rule["id"], rule["category"], regex, unless, rule.get("last_resort", False))
            order += 1
            for anchor in shape.first_words:
                candidates.setdefault(anchor, []).append(check)
    exemptions = []
    for rule in data["exemptions"]:
        _check_keys(rule, EXEMPTION_KEYS - {"unless"}, EXEMPTION_KEYS)
        patterns = [vocab.pattern(p, rule["id"]) for p in rule["patterns"]]
        openings = tuple(regex for regex, shape in patterns if shape.start == "^")
        anywhere = tuple(regex for regex, shape in patterns if shape.start != "^")
        unless = _any_of([vocab.pattern(p, rule["id"]) for p in rule.get("unless", ())], cache.codes)
        exemptions.append(Exemption(rule["id"], openings, anywhere, unless))
    openings = [f"(?:{p.pattern}\n)(?P<x{i}_{j}>)" for i, e in enumerate(exemptions) for j, p in enumerate(e.openings)]
    name_word, heading_promise = (
        LazyPattern(r"\b(?:" + vocab.source[name] + "\n)\\b", name, FLAGS | re.IGNORECASE, cache.codes)
        if name in vocab.source else None for name in ("name_word", "heading_promise"))
    list_item_claim = (LazyPattern(vocab.source["list_item_claim"], "list_item_claim", FLAGS, cache.codes)
                       if "list_item_claim" in vocab.source else None)
    merged = _with_shorter_anchors(candidates)
    regular = {a: chosen for a, c in merged.items() if (chosen := tuple(x for x in c if not x.last_resort))}
    last = {a: chosen for a, c in merged.items() if (chosen := tuple(x for x in c if x.last_resort))}
    anywhere = tuple((p, e) for e in exemptions for p in e.anywhere)
    return RuleSet(_compile(_anchor_source(candidates), 0, cache.codes), regular, last, tuple(exemptions),
                   LazyPattern("\n|".join(openings) or "(?!)", "exemption openings", FLAGS, cache.codes), anywhere,
                   name_word=name_word, heading_promise=heading_promise, list_item_claim=list_item_claim,
                   patterns=tuple(vocab.compiled))


def _link(checks: tuple[Check, ...]) -> list[Callable]:
    """A hot-loop list of the checks' match functions.

    A pattern not yet compiled gives its own `match`; once compiled, it puts the compiled regex's `match`
    in its place, so the hot loop looks up no attribute and makes no extra call.
    """
    functions: list[Callable] = [None] * len(checks)
    for index, check in enumerate(checks):
        functions[index] = check.regex.match_for(functions, index)
    return functions


def _any_of(patterns: list[tuple[LazyPattern, _Shape]], codes: dict, few: int = 4) -> AnyOf:
    """Index a long list of patterns by anchor; a pattern tied to the start, or without anchors, is searched as is."""
    regexes = tuple(regex for regex, _ in patterns)
    if len(patterns) <= few:
        return AnyOf(regexes)
    indexed: dict[str, list[LazyPattern]] = {}
    rest = []
    for regex, shape in patterns:
        anchors = shape.first_words if shape.start == "b" and not shape.error else None
        if not anchors:
            rest.append(regex)
            continue
        for anchor in anchors:
            indexed.setdefault(anchor, []).append(regex)
    if not indexed:
        return AnyOf(regexes)
    merged = {a: tuple(dict.fromkeys(p for k in range(1, len(a) + 1) for p in indexed.get(a[:k], ()))) for a in indexed}
    return AnyOf(regexes, LazyPattern(_anchor_source(indexed), "unless anchors", 0, codes), merged, tuple(rest))


class _Vocab:
    """The rule file's vocab, in two forms: the regex text each `{name}` expands to, and the literal
    prefixes each can start with.

    Reading anchors from fully expanded patterns would parse every vocab entry again inside every
    pattern that uses it. Instead `{name}` stands for one private-use character while a pattern is
    parsed, and that character's prefixes are the entry's own, read once.
    """

    def __init__(self, raw: dict[str, str], codes: dict):
        self.raw, self.codes = raw, codes
        self.shapes: dict[str, _Shape] = {}  # pattern -> how it starts, read once per build
        self.source: dict[str, str] = {}
        self.marks: dict[str, str] = {}
        self.expansions: dict[str, str] = {}
        self._prefixes: dict[int, set[tuple[str, bool]]] | None = None
        self.compiled: list[LazyPattern] = []  # every pattern handed out, for compile_all
        for name, pattern in raw.items():
            expanded = self._expand(pattern, f"vocab {name}")
            alternatives = _alternatives(expanded)
            self.source[name] = expanded if alternatives is None else _factor(alternatives)
            self.expansions[name] = f"(?:{self.source[name]}\n)"
            self.marks[name] = chr(SENTINEL + len(self.marks))

    @property
    def prefixes(self) -> dict[int, set[tuple[str, bool]]]:
        """Each entry's literal prefixes, by its stand-in character; read (and each entry checked) on first need."""
        if self._prefixes is None:
            self._prefixes = {}
            for name, pattern in self.raw.items():
                items = self._parse(pattern, f"vocab {name}")
                self._prefixes[ord(self.marks[name])] = _sequence(items, self._prefixes)
        return self._prefixes

    def pattern(self, pattern: str, where: str) -> tuple[LazyPattern, _Shape]:
        """A pattern to compile on first use, and how it starts (from the cache, or read from its parse tree)."""
        regex = LazyPattern(self._expand(pattern, where), where, FLAGS, self.codes)
        shape = self.shapes.get(pattern)
        if shape is None:
            shape = self.shapes[pattern] = _Shape.read(self._parse(pattern, where), self.prefixes, where, pattern)
        self.compiled.append(regex)
        return regex, shape

    def _substitute(self, pattern: str, where: str, table: dict[str, str]) -> str:
        def substitute(match: re.Match) -> str:
            if match.group(1) not in table:
                raise ValueError(f"{where}: unknown vocab name {{{match.group(1)}}}")
            return table[match.group(1)]

        if UPPERCASE_RE.search(pattern):
            raise ValueError(f"{where}: write patterns in lower case (sentences are lower-cased): {pattern!r}")
        return PLACEHOLDER_RE.sub(substitute, pattern)

    def _expand(self, pattern: str, where: str) -> str:
        return self._substitute(pattern, where, self.expansions)

    def _parse(self, pattern: str, where: str) -> list:
        try:
            parsed = sre_parse.parse(self._substitute(pattern, where, self.marks), FLAGS)
        except re.error as exc:
            raise ValueError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
        if parsed.state.groups > 1:
            raise ValueError(f"{where}: use (?:...) instead of capturing groups in {pattern!r}")
        return list(parsed)


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
    """Group alternatives by their leading literal character, recursively.

    sre then rejects a whole group with one character test instead of trying every word.
    """
    groups: dict[str, list[str]] = {}
    others = []
    for item in items:
        if item[:1].isalnum() and item[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(item[0], []).append(item[1:])
        else:
            others.append(item)
    branches = [char + (_factor(tails) if len(tails) > 1 else f"(?:{tails[0]})") for char, tails in groups.items()]
    return "(?:" + "|".join(branches + others) + ")"


def _check_keys(rule: dict, required: set[str], allowed: set[str]) -> None:
    keys = set(rule)
    if not required <= keys <= allowed:
        missing, unknown = sorted(required - keys), sorted(keys - allowed)
        raise ValueError(f"rule {rule.get('id')!r}: missing {missing}, unknown {unknown}")


@dataclass(frozen=True)
class _Shape:
    """What loading needs to know of a pattern, read once from its parse tree and then cached."""

    start: str                      # "b": starts with \\b, every match starts a word (as word anchors assume);
                                    # "^": tied to the start of the sentence (joins the merged openings); "" else
    first_words: frozenset[str]     # its anchors, cut after their first word
    error: str | None = None        # why it has no usable anchors

    @classmethod
    def read(cls, items: list, known: dict, where: str, pattern: str) -> _Shape:
        first = items[0] if items else None
        start = "b" if first == (sre.AT, sre.AT_BOUNDARY) else "^" if first == (sre.AT, sre.AT_BEGINNING) else ""
        try:
            return cls(start, frozenset(_first_word(a) for a in _anchors(items, known, where, pattern)))
        except ValueError as exc:
            return cls(start, frozenset(), str(exc))


class _RuleCache:
    """What loading and compiling one rule file produce, kept where Python keeps a .pyc (`__pycache__` beside
    it, or under PYTHONPYCACHEPREFIX, which the tests set so their cache of every pattern stays out of the
    project): the rule set built from it (building it, anchors read from parse trees and tries, costs most of what
    loading takes) and the compiled programs of the patterns used so far (saved when the process ends).
    The patterns' shapes serve only while the rule set is built (`_Vocab` holds them), so they are not kept:
    read back, they would cost more than the rest of the cache.

    The cache is keyed by the bytes of the rule file and of this module and by the Python version, and
    is only written after the whole file loaded without error. If it cannot be read or written,
    everything is simply built and compiled again.
    """

    def __init__(self, path: Path, text: bytes):
        key = hashlib.sha256(text + Path(__file__).read_bytes() + sys.version.encode()).hexdigest()[:20]
        self.stem, self.tag = path.stem, str(sys.implementation.cache_tag)
        self.file = _cache_folder(path) / f"{self.stem}.{self.tag}.{key}.rules"
        self.rules: RuleSet | None = None
        self.built = b""  # the rule set as pickled before any pattern was compiled
        try:
            self.codes, self.built = pickle.loads(self.file.read_bytes())
            self.rules = self._unpickle(self.built)
        except Exception:  # missing, unreadable or from another version: build it again
            self.codes, self.built, self.rules = {}, b"", None
        self.sizes = self._sizes()
        self.pid = os.getpid()

    def keep(self, rules: RuleSet) -> None:
        """Pickle a newly built rule set now, while no pattern is compiled (compiled ones are not kept).

        The anchor index is kept as its source, and the programs dict as a reference to this cache's.
        """
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = lambda obj: "codes" if obj is self.codes else None
        pickler.dump((dataclasses.replace(rules, anchors=None, hot={}), rules.anchors.pattern))
        self.built = buffer.getvalue()

    def _unpickle(self, built: bytes) -> RuleSet:
        unpickler = pickle.Unpickler(io.BytesIO(built))
        unpickler.persistent_load = lambda key: self.codes
        rules, anchors = unpickler.load()
        return dataclasses.replace(rules, anchors=_compile(anchors, 0, self.codes))

    def _sizes(self) -> tuple[int, int]:
        return len(self.codes), len(self.built)

    def save(self) -> None:
        """Write what is new, once the rules loaded; only from the process that read the cache (not a fork)."""
        if self._sizes() == self.sizes or os.getpid() != self.pid:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps((self.codes, self.built), pickle.HIGHEST_PROTOCOL))
            os.replace(partial, self.file)
            self.sizes = self._sizes()
            self._drop_stale()
        except OSError:
            pass  # a read-only install: build the rules each time

    def _drop_stale(self) -> None:
        """Delete the caches of earlier versions of the rule file under this Python (each edit would otherwise
        leave megabytes behind), also those named before caches carried the Python's tag ("rules.<key>.rules");
        those of other Pythons, like their .pyc files, stay."""
        ours = re.compile(rf"(?:{re.escape(self.tag)}\.)?[0-9a-f]{{20}}\.rules")
        for stale in self.file.parent.glob(f"{glob.escape(self.stem)}.*.rules"):
            if stale != self.file and ours.fullmatch(stale.name[len(self.stem) + 1:]):
                stale.unlink(missing_ok=True)


def _cache_folder(path: Path) -> Path:
    """The folder for the cache of a rule file, as importlib.util.cache_from_source picks it for a .py."""
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix, *path.parent.absolute().parts[1:])
    return path.parent / "__pycache__"


def _anchors(items: list, known: dict, where: str, pattern: str) -> set[str]:
    """The literal strings one of which starts every match of a parsed pattern."""
    anchors = {text for text, _ in _sequence(items, known)}
    if "" in anchors:
        raise ValueError(f"{where}: pattern must start with a literal word or symbol: {pattern!r}")
    if len(anchors) > MAX_ANCHORS:
        raise ValueError(f"{where}: pattern starts with too many alternatives: {pattern!r}")
    return anchors


def _sequence(items: list, known: dict) -> set[tuple[str, bool]]:
    """Literal prefixes of a parsed sequence, each flagged True when it spans the whole sequence.

    `known` maps a vocab stand-in character to that entry's prefixes. A prefix that already holds its
    first word and the character after it is complete: longer ones would be cut back to it.
    """
    if not items:
        return {("", True)}
    op, av = items[0]
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: \b, lookarounds
        return _sequence(items[1:], known)
    heads = _item(op, av, known)
    paths = {(head, False) for head, whole in heads if not whole or NON_WORD.search(head)}
    growing = [head for head, whole in heads if whole and not NON_WORD.search(head)]
    if growing:
        tails = _sequence(items[1:], known)
        paths |= {(head + tail, done) for head in growing for tail, done in tails}
    return paths


def _item(op, av, known: dict) -> set[tuple[str, bool]]:
    if op is sre.LITERAL:
        return known[av] if av in known else {(chr(av), True)}
    if op is sre.IN:  # also what the parser makes of one-character branches, such as "\b{a} | \b{b}"
        found: set[tuple[str, bool]] = set()
        for kind, value in av:
            if kind is sre.LITERAL and value in known:  # a vocab stand-in: that entry's prefixes
                found |= known[value]
                continue
            chars = _chars(kind, value)
            if chars is None:
                return {("", False)}
            found |= {(c, True) for c in chars}
        return found
    if op is sre.SUBPATTERN:
        return _sequence(list(av[3]), known)
    if op is sre.BRANCH:
        return set().union(*(_sequence(list(branch), known) for branch in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = av
        once = _sequence(list(sub), known)
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


def _first_word(anchor: str) -> str:
    """An anchor cut after its first word and the character that ends it ("side effect" -> "side ")."""
    return re.match(r"[^\W_]*.?", anchor, re.DOTALL).group()


def _anchor_source(candidates: dict[str, list]) -> str:
    """A trie of all anchors, greedy so the longest anchor at a position is the one found.

    Anchors are single words, so a match never hides the start of another anchor.
    """
    words = [a for a in candidates if a[0].isalnum()]
    symbols = [a for a in candidates if not a[0].isalnum()]
    parts = [r"\b" + _trie(words)] + ([_trie(symbols)] if symbols else [])
    return "|".join(parts)


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
