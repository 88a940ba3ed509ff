"""Whether two briefing texts are nearly the same: the same sentences, whatever the
line breaks, the case, the punctuation or the file they came in.

A text is reduced to the set of its sentences (normalised, hashed); two texts are nearly the
same when those sets overlap by :data:`NEAR_DUPLICATE` or more (Jaccard). Linear in the
length of the texts.
"""

from __future__ import annotations

import re

NEAR_DUPLICATE = 0.8
# Sentences of fewer words of letters (a heading, a dateline, "Thank you.") say little about
# which briefing it is, and a dateline is what differs between two copies of one.
_MIN_WORDS = 4
# Texts of fewer sentences than this are too short to call two of them the same.
_MIN_SENTENCES = 3
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-*\u2022|#]|\d+[.)]))")
_WORD = re.compile(r"\w+")
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def sentence_keys(text: str) -> frozenset[int]:
    """The text's sentences, each normalised to its words in lower case and hashed (the
    hashes compare texts within one process only)."""
    keys = set()
    for sentence in _SPLIT.split(text):
        words = _WORD.findall(sentence.casefold())
        if len(words) < _MIN_WORDS:
            continue
        letters = 0
        for word in words:
            if not word.isdigit() and word not in _MONTH_WORDS:
                letters += 1
                if letters == _MIN_WORDS:
                    keys.add(hash(" ".join(words)))
                    break
    return frozenset(keys)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """How much two sentence sets share (0 to 1); 0 when either is too short to judge."""
    if len(a) < _MIN_SENTENCES or len(b) < _MIN_SENTENCES:
        return 0.0
    return len(a & b) / len(a | b)
