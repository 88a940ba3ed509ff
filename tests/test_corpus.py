"""The parser measured on the annotated corpus of real-style briefings (tests/corpus/).

``pytest -m corpus -s`` prints, per split, recall, precision, the accuracy of theme,
deadline, kind and owner on matched items, the furniture turned into items and a table per
phenomenon. The default suite holds the figures at or above the floors measured below, so
that a change cannot silently lose quality.
"""

from __future__ import annotations

import pytest

from tests.corpus_scoring import SplitScore, score_split

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
