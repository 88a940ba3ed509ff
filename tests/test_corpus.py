"""The parser measured on the annotated corpus of real-style briefings (tests/corpus/).

``pytest -m corpus -s`` prints, per split, recall, precision, the accuracy of theme,
deadline, kind and owner on matched items, the furniture turned into items and a table per
phenomenon. The default suite holds the figures at or above the floors measured below, so
that a change cannot silently lose quality.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.corpus_scoring import SplitScore, score_split
from tracker.briefing import parse_briefing

# Measured on 2026-12-01: dev was tuned on, heldout measured once at the end (recall 80/85,
# precision 80/83, deadline 80/80, kind 80/80, theme 54/80, owner 72/80). Each floor is the
# figure reached, rounded down; raise it when the parser improves, never lower it quietly.
FLOORS = {
    ("en", "dev"): {"recall": 1.0, "precision": 0.994, "theme": 0.811, "deadline": 0.988, "kind": 1.0, "owner": 0.976},
    ("en", "heldout"): {
        "recall": 0.941,
        "precision": 0.963,
        "theme": 0.675,
        "deadline": 1.0,
        "kind": 1.0,
        "owner": 0.9,
    },
    # Urdu and mixed (tests/corpus/ur/), measured the same way on 2026-12-01 (heldout once: recall
    # 22/25, precision 22/22, deadline 20/22, kind 22/22, theme 11/22, owner 18/22).
    ("ur", "dev"): {"recall": 1.0, "precision": 0.96, "theme": 0.812, "deadline": 1.0, "kind": 1.0, "owner": 0.958},
    ("ur", "heldout"): {"recall": 0.88, "precision": 1.0, "theme": 0.5, "deadline": 0.909, "kind": 1.0, "owner": 0.818},
}


@pytest.fixture(
    scope="module", params=[("en", "dev"), ("en", "heldout"), ("ur", "dev"), ("ur", "heldout")], ids="-".join
)
def split(request: pytest.FixtureRequest) -> SplitScore:
    return score_split(*request.param)


@pytest.mark.corpus
def test_print_corpus_figures(split: SplitScore) -> None:
    print()
    print(split.report())
    for b in split.briefings:
        for c in b.parsed.commitments:
            for e in c.excerpts:
                assert b.parsed.text[e.start : e.end] == e.text


def test_corpus_figures_stay_at_or_above_their_floors(split: SplitScore) -> None:
    floors = FLOORS[(split.language, split.split)]
    figures = {
        "recall": split.recall,
        "precision": split.precision,
        **{what: split.accuracy(what) for what in ("theme", "deadline", "kind", "owner")},
    }
    below = {k: round(v, 3) for k, v in figures.items() if v < floors[k]}
    assert not below, f"{split.language} {split.split}: below the floors {floors}: {below}"


def test_no_byline_dateline_headline_or_footer_becomes_an_item(split: SplitScore) -> None:
    assert split.furniture_items == 0


# What a deadline adds to a title ("by 31 October 2025", "in FY2025-26", "by end of Q2
# FY2025-26", "(at the next sitting)"): a title must say more than that.
_DEADLINE_WORDS = re.compile(
    r"\b(?:by|in|by end of|before)\s+(?:\d{1,2} [A-Z][a-z]+ \d{4}|(?:[QH]\d )?FY\d{4}-\d{2})|\([^)]*\)"
)
_WORD = re.compile(r"[^\W\d_]{2}")


def _corpus_briefings() -> list[Path]:
    root = Path(__file__).parent / "corpus"
    return sorted(p for p in root.rglob("*.md") if p.name != "README.md")


def test_every_corpus_title_says_what_is_to_be_done() -> None:
    # Every briefing of the corpus, the follow-up sittings included: no title is empty, only
    # a deadline, or starts with a space or punctuation (a clause cut from its sentence).
    bad = []
    for path in _corpus_briefings():
        for c in parse_briefing(path.read_text(encoding="utf-8")).commitments:
            title = c.title
            if (
                not title
                or unicodedata.category(title[0])[0] in "PZ"
                or title[0].isspace()
                or not _WORD.search(_DEADLINE_WORDS.sub("", title))
            ):
                bad.append((path.relative_to(path.parents[3]).as_posix(), title))
    assert len(_corpus_briefings()) > 60
    assert bad == []
