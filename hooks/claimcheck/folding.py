"""Sentences as rule patterns see them: lower-cased, whitespace as plain spaces, offsets unchanged.

Shared by the claim detector and the wording rules, which write their patterns in lower case.
"""

from __future__ import annotations

import re

UPPERCASE_RE = re.compile(r"(?<!\\)[A-Z]")  # an upper-case letter in a pattern, which could never match
SPACES = str.maketrans({c: " " for c in map(chr, range(0x3001)) if c.isspace()})


def fold(sentence: str) -> str:
    """Lower-case, with every kind of whitespace as a plain space and every offset unchanged."""
    text = sentence.lower()
    if len(text) != len(sentence):  # a few characters lower-case to two
        text = "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)
    return text if text.isprintable() else text.translate(SPACES)
