"""Scoring the briefing parser against an annotated corpus (tests/corpus/<language>/<split>/).

Kept apart from the tests so that every language's corpus is scored the same way: load a
split, parse each briefing, match what the parser found to what the clerk annotated, and
count. The format of the annotations is described in tests/corpus/README.md.

Matching: an extracted item matches an annotated item when one of its excerpts overlaps the
annotated ``sentence``. Where one sentence holds several annotated items, each is assigned by
its ``anchor`` words (the extracted item whose title and deliverable words share the
largest part of them),
one to one. An extracted item that matches nothing is a false positive.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.briefing import ParsedBriefing, ParsedCommitment, parse_briefing

CORPUS_ROOT = Path(__file__).resolve().parent / "corpus"
FURNITURE = ("byline", "dateline", "headline", "footer")
_STOP = frozenset(
    "the a an of to in on for and or by with from at its it is be would will that this as all any "
    "their his her was were into".split()
    # Urdu function words: "of", "to", "in", "from", "and", "that", "is", "for".
    + "کی کے کا میں کو سے اور نے کہ ہے ہیں کر لیے بھی یہ".split()
)


@dataclass
class Annotated:
    """One annotated item and where its sentence sits in the briefing's text."""

    data: dict[str, Any]
    start: int
    end: int


@dataclass
class BriefingScore:
    """What the parser found in one briefing against what was annotated."""

    name: str
    parsed: ParsedBriefing
    items: list[Annotated]
    nothing: list[Annotated]
    matches: list[tuple[Annotated, ParsedCommitment]] = field(default_factory=list)
    unmatched: list[ParsedCommitment] = field(default_factory=list)


@dataclass
class SplitScore:
    """The figures of one split (dev or heldout) of one language."""

    split: str
    briefings: list[BriefingScore]
    language: str = "en"

    @property
    def annotated(self) -> int:
        return sum(len(b.items) for b in self.briefings)

    @property
    def extracted(self) -> int:
        return sum(len(b.parsed.commitments) for b in self.briefings)

    @property
    def matched(self) -> list[tuple[Annotated, ParsedCommitment]]:
        return [m for b in self.briefings for m in b.matches]

    @property
    def recall(self) -> float:
        return len(self.matched) / self.annotated if self.annotated else 0.0

    @property
    def precision(self) -> float:
        return len(self.matched) / self.extracted if self.extracted else 0.0

    def accuracy(self, what: str) -> float:
        """Share of matched items whose ``what`` (theme, deadline, kind, owner) is right."""
        pairs = self.matched
        if not pairs:
            return 0.0
        return sum(_right(what, a.data, c) for a, c in pairs) / len(pairs)

    @property
    def furniture_items(self) -> int:
        """Bylines, datelines, headlines and footers that gave an item."""
        return sum(
            1
            for b in self.briefings
            for n in b.nothing
            if n.data["why"] in FURNITURE and _gave(b.parsed.commitments, n)
        )

    def phenomena(self) -> list[tuple[str, int, int]]:
        """(phenomenon, how many annotated, how many handled right): a tag is handled when
        its item is found; a ``why`` when its sentence gives no item."""
        rows: Counter[str] = Counter()
        good: Counter[str] = Counter()
        for b in self.briefings:
            found = {id(a) for a, _ in b.matches}
            for a in b.items:
                for tag in a.data.get("tags", []):
                    rows["tag:" + tag] += 1
                    good["tag:" + tag] += id(a) in found
            for n in b.nothing:
                key = "nothing:" + n.data["why"]
                rows[key] += 1
                good[key] += not _gave(b.parsed.commitments, n)
        return [(k, rows[k], good[k]) for k in sorted(rows)]

    def report(self) -> str:
        """The figures as printed by ``pytest -m corpus -s``."""
        lines = [
            f"== {self.language} {self.split}: {len(self.briefings)} briefings, {self.annotated} annotated items, "
            f"{self.extracted} extracted, {len(self.matched)} matched",
            f"recall {self.recall:.3f}  precision {self.precision:.3f}  "
            + "  ".join(f"{w} {self.accuracy(w):.3f}" for w in ("theme", "deadline", "kind", "owner")),
            f"bylines/datelines/headlines/footers turned into items: {self.furniture_items}",
            f"{'phenomenon':32} {'n':>4} {'right':>5}",
        ]
        lines += [f"{name:32} {n:>4} {ok:>5}" for name, n, ok in self.phenomena()]
        return "\n".join(lines)


def _right(what: str, expected: dict[str, Any], got: ParsedCommitment) -> bool:
    if what == "deadline":
        return bool((got.deadline.isoformat() if got.deadline else "") == expected.get("deadline", ""))
    if what == "kind":
        return bool(getattr(got, "kind", "commitment") == expected["kind"])
    value: str = getattr(got, what)
    return bool(value == expected[what])


def _hits(commitments: tuple[ParsedCommitment, ...], a: Annotated) -> list[ParsedCommitment]:
    return [c for c in commitments if any(e.start < a.end and a.start < e.end for e in c.excerpts)]


def _gave(commitments: tuple[ParsedCommitment, ...], a: Annotated) -> list[ParsedCommitment]:
    """Items whose own words overlap ``a``: a sentence part that must give nothing is not
    blamed for an item the other part of its sentence gave."""
    out = []
    for c in commitments:
        for e in c.excerpts:
            offset = e.text.find(c.deliverable[:40]) if c.deliverable else -1
            start = e.start + offset if offset >= 0 else e.start
            end = start + len(c.deliverable) if offset >= 0 else e.end
            if start < a.end and a.start < end:
                out.append(c)
                break
    return out


def _words(text: str) -> set[str]:
    # Latin words and runs of Arabic script (Urdu), so that Urdu anchors match Urdu titles.
    return {w for w in re.findall(r"[a-z0-9]+|[\u0600-\u06ff]+", text.lower()) if w not in _STOP}


def _locate(text: str, entry: dict[str, Any], name: str) -> Annotated:
    sentence = entry["sentence"]
    start = text.find(sentence)
    if start < 0:
        raise AssertionError(f"{name}: annotated sentence not in the text: {sentence!r}")
    return Annotated(entry, start, start + len(sentence))


def score_briefing(path: Path) -> BriefingScore:
    """Parse one briefing and match its items to its ``.expected.toml``."""
    text = path.read_text(encoding="utf-8")
    expected = tomllib.loads(path.with_name(path.stem + ".expected.toml").read_text(encoding="utf-8"))
    parsed = parse_briefing(text)
    items = [_locate(text, e, path.name) for e in expected.get("item", [])]
    nothing = [_locate(text, e, path.name) for e in expected.get("nothing", [])]
    score = BriefingScore(path.name, parsed, items, nothing)
    taken: set[int] = set()
    by_sentence: dict[tuple[int, int], list[Annotated]] = {}
    for a in items:
        by_sentence.setdefault((a.start, a.end), []).append(a)
    for group in by_sentence.values():
        candidates = [c for c in _hits(parsed.commitments, group[0]) if id(c) not in taken]
        if len(group) == 1:
            if candidates:
                score.matches.append((group[0], candidates[0]))
                taken.add(id(candidates[0]))
            continue
        pairs = []
        for a in group:
            anchor = _words(a.data.get("anchor", a.data["title"]))
            for c in candidates:
                overlap = len(anchor & _words(c.title + " " + c.deliverable))
                if overlap:
                    pairs.append((-overlap / max(1, len(anchor)), items.index(a), c.excerpts[0].start, a, c))
        pairs.sort(key=lambda p: p[:3])
        used: set[int] = set()
        for _, _, _, a, c in pairs:
            if id(a) in used or id(c) in taken:
                continue
            used.add(id(a))
            taken.add(id(c))
            score.matches.append((a, c))
    score.unmatched = [c for c in parsed.commitments if id(c) not in taken]
    return score


def score_split(language: str, split: str) -> SplitScore:
    """Score every briefing of ``tests/corpus/<language>/<split>/``."""
    folder = CORPUS_ROOT / language / split
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    return SplitScore(split, [score_briefing(p) for p in paths], language)
