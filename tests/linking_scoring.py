"""Scoring the linker against the follow-up pairs of the corpus (tests/corpus/followup/<split>/).

For each pair: parse ``earlier.md`` and take its items as the stored commitments; parse
``later.md`` and link its items and result clauses to them; compare with ``links.toml``
(format in tests/corpus/README.md). A pair with a third sitting is linked once more: the
stored commitments are then the earlier items with the later restatements applied (as a
person accepting the right proposals would) plus the later items that were new.

A proposal sits at an annotated link when its words (an item's deliverable, a result's
clause) overlap the link's ``later_sentence`` and, where the link has one, its
``later_anchor``. The earlier item a link names is the parsed item whose sentence overlaps
``earlier_sentence`` (and ``earlier_anchor``); an earlier item the parser did not find
cannot be linked to, and the link counts as missed.

Figures: (a) restatement and progress links proposed with the same relation against the
right earlier item; (b) ``new`` items proposed as restatements, out of the ``new`` items the
parser found; (c) the status of the progress links found right.
"""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.aliases import load_aliases
from tracker.briefing import UNASSIGNED_OWNER, ParsedBriefing, ParsedCommitment, _quantities, parse_briefing
from tracker.linking import MENTION_AT, PROGRESS_AT, RESTATE_AT, Candidate, Proposal, link
from tracker.results import Result, read_mentions

FOLLOWUP_ROOT = Path(__file__).resolve().parent / "corpus" / "followup"


@dataclass
class Outcome:
    """One annotated link and what the linker proposed there."""

    pair: str
    data: dict[str, Any]
    right: bool = False
    status_right: bool = False
    found_item: bool = True  # a ``new`` link: the parser found its item
    proposed: str = ""
    by: str = ""  # what the right proposal came from: "item", "result" or "mention"


@dataclass
class FollowupScore:
    """The figures of one split of the follow-up pairs."""

    split: str
    outcomes: list[Outcome] = field(default_factory=list)
    spurious: list[Proposal] = field(default_factory=list)

    def _of(self, *relations: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.data["relation"] in relations]

    @property
    def linked(self) -> float:
        """(a) share of restatement and progress links proposed against the right earlier item."""
        links = self._of("restatement", "progress")
        return sum(o.right for o in links) / len(links) if links else 0.0

    @property
    def wrongly_restated(self) -> float:
        """(b) share of new items (found by the parser) proposed as restatements."""
        found = [o for o in self._of("new") if o.found_item]
        return sum(o.proposed == "restatement" for o in found) / len(found) if found else 0.0

    @property
    def status_accuracy(self) -> float:
        """(c) share of the progress links found right whose status is right."""
        right = [o for o in self._of("progress") if o.right]
        return sum(o.status_right for o in right) / len(right) if right else 0.0

    def report(self) -> str:
        """The figures as printed by ``pytest -m corpus -s tests/test_linking.py``; the missed
        links are listed for a tuned split only: a held-out set's words stay unread, so that
        it can measure the next change too."""
        links = self._of("restatement", "progress")
        new = [o for o in self._of("new") if o.found_item]
        progress = [o for o in self._of("progress") if o.right]
        lines = [
            f"== followup {self.split}: {len(self.outcomes)} links ({len(self._of('restatement'))} restatements, "
            f"{len(self._of('progress'))} progress, {len(self._of('new'))} new)",
            f"(a) restatement+progress proposed against the right item: {sum(o.right for o in links)}/{len(links)}"
            f" = {self.linked:.3f}",
            f"(b) new items wrongly proposed as restatements: {sum(o.proposed == 'restatement' for o in new)}/"
            f"{len(new)} = {self.wrongly_restated:.3f} ({len(self._of('new')) - len(new)} new items not extracted)",
            f"(c) status of progress links: {sum(o.status_right for o in progress)}/{len(progress)}"
            f" = {self.status_accuracy:.3f}",
            f"proposals where no restatement or progress was annotated: {len(self.spurious)}"
            f" ({sum(_source(p) == 'mention' for p in self.spurious)} of them mentions)",
            "right links by what they came from: "
            + ", ".join(f"{n} {k}" for k in ("item", "result", "mention") if (n := sum(o.by == k for o in links))),
        ]
        if self.split == "heldout":
            return "\n".join(lines)
        for o in self.outcomes:
            if not o.right and o.data["relation"] != "new":
                lines.append(
                    f"  missed {o.data['relation']:11} {o.pair}: {o.data['later_sentence'][:60]!r}: {o.proposed}"
                )
        return "\n".join(lines)


def candidate_from_item(key: int, item: ParsedCommitment) -> Candidate:
    """A parsed item as a candidate (a briefing's items taken as stored, as scoring needs)."""
    return Candidate(
        id=key,
        title=item.title,
        owner=item.owner,
        theme=item.theme,
        kind=item.kind,
        deadline=item.deadline,
        target_value=item.target_value,
        target_unit=item.target_unit,
        texts=(item.deliverable or item.description,) + tuple(e.text for e in item.excerpts),
    )


def _source(proposal: Proposal) -> str:
    if proposal.result is None:
        return "item"
    return "mention" if proposal.result.mention else "result"


def _span(text: str, words: str, name: str) -> tuple[int, int]:
    start = text.find(words)
    if start < 0:
        raise AssertionError(f"{name}: annotated words not in the text: {words!r}")
    return start, start + len(words)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _item_span(item: ParsedCommitment) -> tuple[int, int]:
    excerpt = item.excerpts[0]
    offset = excerpt.text.find(item.deliverable) if item.deliverable else -1
    if offset < 0:
        return excerpt.start, excerpt.end
    return excerpt.start + offset, excerpt.start + offset + len(item.deliverable)


def _items_at(parsed: ParsedBriefing, sentence: tuple[int, int], anchor: tuple[int, int] | None) -> list[int]:
    """Indexes of the parsed items of ``sentence`` (those over ``anchor`` when several)."""
    inside = [
        i for i, c in enumerate(parsed.commitments) if any(_overlaps((e.start, e.end), sentence) for e in c.excerpts)
    ]
    if anchor is None or len(inside) <= 1:
        return inside
    over = [i for i in inside if _overlaps(_item_span(parsed.commitments[i]), anchor)]
    return over or inside


def _located(text: str, entry: dict[str, Any], key: str, name: str) -> tuple[tuple[int, int], tuple[int, int] | None]:
    sentence = _span(text, entry[key + "_sentence"], name)
    anchor_words = entry.get(key + "_anchor", "")
    anchor = None
    if anchor_words:
        start = text.find(anchor_words, sentence[0])
        if start < 0 or start >= sentence[1]:
            raise AssertionError(f"{name}: anchor not in its sentence: {anchor_words!r}")
        anchor = (start, start + len(anchor_words))
    return sentence, anchor


def _score_sitting(
    pair: str,
    parsed: ParsedBriefing,
    stored: list[Candidate],
    expected_ids: dict[int, list[int]],
    links: list[dict[str, Any]],
    before: ParsedBriefing,
    score: FollowupScore,
    thresholds: dict[str, float],
    memo: dict[tuple[object, ...], list[Proposal]] | None = None,
) -> list[Proposal]:
    cues = thresholds.get("cues", 1.0) > 0
    restate_at = thresholds.get("restate_at", RESTATE_AT)
    progress_at = thresholds.get("progress_at", PROGRESS_AT)
    mention_at = thresholds.get("mention_at", MENTION_AT)
    results, mentions = _read(parsed, cues=cues)
    if memo is None:
        proposals = link(
            parsed.commitments, results, stored, sitting=parsed.date, restate_at=restate_at,
            progress_at=progress_at, mentions=mentions, mention_at=mention_at,
        )  # fmt: skip
    else:
        # A mention's proposal hangs on no threshold but its own (its score and margin are what
        # they are, and it closes no commitment for _new_rounds), so a sitting is linked once per
        # restate/progress pick at the lowest mention threshold, and weaker mentions dropped after.
        key = (pair, restate_at, progress_at, cues)
        if key not in memo:
            memo[key] = link(
                parsed.commitments, results, stored, sitting=parsed.date, restate_at=restate_at,
                progress_at=progress_at, mentions=mentions, mention_at=min(MENTION_GRID),
            )  # fmt: skip
        proposals = [p for p in memo[key] if p.result is None or not p.result.mention or p.score >= mention_at - 1e-9]
    text = parsed.text
    claimed: set[int] = set()
    for entry in links:
        outcome = Outcome(pair, entry)
        sentence, anchor = _located(text, entry, "later", pair)
        at = [
            k
            for k, p in enumerate(proposals)
            if _overlaps((p.start, p.end), sentence) and (anchor is None or _overlaps((p.start, p.end), anchor))
        ]
        if anchor is not None and not at:
            # An item whose words the parser cut differently: the item the anchor's words fall in.
            items = set(_items_at(parsed, sentence, anchor))
            at = [
                k for k, p in enumerate(proposals) if p.item is not None and parsed.commitments.index(p.item) in items
            ]
        relation = entry["relation"]
        if relation == "new":
            mine = [k for k in at if proposals[k].item is not None]
            outcome.found_item = bool(mine)
            outcome.proposed = ",".join(proposals[k].relation for k in mine)
            claimed.update(mine)
        else:
            e_sentence, e_anchor = _located(before.text, entry, "earlier", pair + " (earlier)")
            right_ids = {x for i in _items_at(before, e_sentence, e_anchor) for x in expected_ids.get(i, [i])}
            same = [k for k in at if proposals[k].relation == relation]
            outcome.proposed = (
                ", ".join(
                    f"{proposals[k].relation}->{proposals[k].candidate_id} [{proposals[k].explanation}]" for k in at
                )
                or "nothing"
            )
            hits = [k for k in same if proposals[k].candidate_id in right_ids]
            outcome.right = bool(hits)
            if hits:
                outcome.by = _source(proposals[hits[0]])
            if hits and relation == "progress":
                outcome.status_right = any(proposals[k].status == entry["status"] for k in hits)
            claimed.update(at)
        score.outcomes.append(outcome)
    score.spurious += [p for k, p in enumerate(proposals) if k not in claimed and p.relation != "new"]
    return proposals


def _read(parsed: ParsedBriefing, *, cues: bool) -> tuple[tuple[Result, ...], tuple[Result, ...]]:
    """The result clauses and mentions the linker is given: the parser's, or with ``cues`` off
    (the ablation) no result clause at all and every sentence that gave no item a mention."""
    if cues:
        return parsed.results, parsed.mentions
    if id(parsed) not in _UNCUED:  # a parse is kept for the run (_parse), so its id stays its own
        aliases = load_aliases()
        presenter = parsed.meta.presenter
        owner = (aliases.resolve(presenter) or presenter) if presenter else UNASSIGNED_OWNER
        _UNCUED[id(parsed)] = read_mentions(parsed.text, parsed.decisions, (), _quantities, aliases, owner)
    return (), _UNCUED[id(parsed)]


_UNCUED: dict[int, tuple[Result, ...]] = {}


@functools.cache
def _parse(path: Path) -> ParsedBriefing:
    # Parsed once per run: calibrating the thresholds links each pair many times.
    return parse_briefing(path.read_text(encoding="utf-8"))


def score_pair(
    folder: Path,
    score: FollowupScore,
    *,
    memo: dict[tuple[object, ...], list[Proposal]] | None = None,
    **thresholds: float,
) -> None:
    """Link one pair (and its third sitting) and add its outcomes to ``score``; ``thresholds``
    (``restate_at``, ``progress_at``, ``mention_at``) as :func:`tracker.linking.link` takes them,
    and ``cues=0`` to give the linker no result clause, every other sentence a mention."""
    earlier = _parse(folder / "earlier.md")
    later = _parse(folder / "later.md")
    stored = [candidate_from_item(i, c) for i, c in enumerate(earlier.commitments)]
    links = tomllib.loads((folder / "links.toml").read_text(encoding="utf-8"))["link"]
    _score_sitting(folder.name, later, stored, {}, links, earlier, score, thresholds, memo)
    third_path = folder / "third.md"
    if not third_path.exists():
        return
    # The later sitting accepted as a person would: restatements applied to the earlier
    # item, the rest stored as new commitments with ids after the earlier ones.
    third = _parse(third_path)
    merged = list(stored)
    later_ids: dict[int, list[int]] = {}
    for j, item in enumerate(later.commitments):
        target = _gold_restated(later, earlier, links, j)
        if target is None:
            merged.append(candidate_from_item(len(earlier.commitments) + j, item))
            later_ids[j] = [len(earlier.commitments) + j]
            continue
        old = merged[target]
        merged[target] = old._replace(
            deadline=item.deadline or old.deadline,
            target_value=old.target_value if item.target_value is None else item.target_value,
            target_unit=old.target_unit if item.target_value is None else item.target_unit,
            texts=old.texts + tuple(e.text for e in item.excerpts),
        )
        later_ids[j] = [target]
    third_links = tomllib.loads((folder / "links-third.toml").read_text(encoding="utf-8"))["link"]
    _score_sitting(folder.name + " (third)", third, merged, later_ids, third_links, later, score, thresholds, memo)


def _gold_restated(later: ParsedBriefing, earlier: ParsedBriefing, links: list[dict[str, Any]], j: int) -> int | None:
    """The earlier item that later item ``j`` restates, by the annotation (None: it is new)."""
    for entry in links:
        if entry["relation"] != "restatement":
            continue
        sentence, anchor = _located(later.text, entry, "later", "later")
        if j in _items_at(later, sentence, anchor):
            e_sentence, e_anchor = _located(earlier.text, entry, "earlier", "earlier")
            found = _items_at(earlier, e_sentence, e_anchor)
            return found[0] if found else None
    return None


def pairs(split: str) -> list[Path]:
    """The pair folders of ``tests/corpus/followup/<split>/`` (none while the split is empty or absent)."""
    root = FOLLOWUP_ROOT / split
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def splits() -> list[str]:
    """The splits that hold at least one pair: ``dev`` always, ``heldout`` once a fresh set lands."""
    return [split for split in ("dev", "heldout") if pairs(split)]


def score_followup(split: str, **thresholds: float) -> FollowupScore:
    """Score every pair of ``tests/corpus/followup/<split>/`` (``thresholds`` as :func:`score_pair`)."""
    score = FollowupScore(split)
    for folder in pairs(split):
        score_pair(folder, score, memo=None, **thresholds)
    return score


# The thresholds tried by :func:`leave_one_pair_out`, around the ones in use; a mention threshold
# of OFF proposes no mention (the linker as it was before mentions), the base the spurious
# proposals a pick makes are held to (:data:`SPURIOUS_AT_MOST` times as many at most).
RESTATE_GRID = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)
PROGRESS_GRID = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
OFF = math.inf
MENTION_GRID = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, OFF)
# The goal's ceiling on new items proposed as restatements.
CEILING = 0.05
# A clerk rejects each spurious proposal by hand: mentions may not more than double them.
SPURIOUS_AT_MOST = 2

Pick = tuple[float, float, float]  # restate_at, progress_at, mention_at


@dataclass
class Calibration:
    """Thresholds chosen by leave-one-pair-out, and what they gave on the pairs left out."""

    chosen: dict[str, Pick]  # per pair: the thresholds chosen without it
    held: FollowupScore  # every pair scored with the thresholds chosen without it
    overall: Pick  # the thresholds chosen on every pair

    def report(self) -> str:
        """The figures as printed by ``pytest -m corpus -s tests/test_linking.py``."""
        held = self.held.report().splitlines()[1:6]
        counts: dict[Pick, int] = {}
        for pick in self.chosen.values():
            counts[pick] = counts.get(pick, 0) + 1
        picks = ", ".join(f"{_pick(pick)} x{n}" for pick, n in sorted(counts.items()))
        return "\n".join(
            [
                f"== leave-one-pair-out on {self.held.split} ({len(self.chosen)} pairs);"
                f" restate/progress/mention chosen: {picks}; on all pairs: {_pick(self.overall)}",
                *held,
            ]
        )


def _pick(pick: Pick) -> str:
    return "/".join("off" if t == OFF else f"{t:.2f}" for t in pick)


def _best(scores: dict[Pick, FollowupScore], now: Pick) -> Pick:
    """The thresholds within :data:`CEILING`, and with at most :data:`SPURIOUS_AT_MOST` times the
    spurious proposals of the same restate/progress pick without mentions, with the most right
    links less wrong restatements (a clerk puts each right by hand alike); ties go to the
    restate/progress pick nearest those in use, then to the fewest spurious proposals, then to
    the mention threshold nearest the one in use."""

    def key(pick: Pick) -> tuple[bool, bool, int, float, int, float]:
        s = scores[pick]
        right = sum(o.right for o in s.outcomes)
        wrong = sum(o.found_item and o.proposed == "restatement" for o in s._of("new"))
        base = len(scores[pick[0], pick[1], OFF].spurious)
        near = abs(pick[0] - now[0]) + abs(pick[1] - now[1])
        mention = 0.0 if pick[2] == now[2] else abs(pick[2] - now[2])  # OFF: infinitely far
        return (
            s.wrongly_restated > CEILING,
            len(s.spurious) > SPURIOUS_AT_MOST * base,
            wrong - right,
            near,
            len(s.spurious),
            mention,
        )

    return min(scores, key=key)


def leave_one_pair_out(split: str, now: Pick) -> Calibration:
    """Choose the thresholds on all pairs but one, score that one with them, for each pair.

    The figures of the pairs so scored estimate how the linker does on pairs it was not tuned
    on, as far as the thresholds go (its rules were still written after reading every pair)."""
    folders = pairs(split)
    grid = [(r, p, m) for r in RESTATE_GRID for p in PROGRESS_GRID for m in MENTION_GRID]
    per_pair: dict[tuple[str, Pick], FollowupScore] = {}
    memo: dict[tuple[object, ...], list[Proposal]] = {}
    for folder in folders:
        for r, p, m in grid:
            one = FollowupScore(split)
            score_pair(folder, one, memo=memo, restate_at=r, progress_at=p, mention_at=m)
            per_pair[folder.name, (r, p, m)] = one
        memo.clear()

    def pooled(names: list[str], pick: Pick) -> FollowupScore:
        out = FollowupScore(split)
        for name in names:
            out.outcomes += per_pair[name, pick].outcomes
            out.spurious += per_pair[name, pick].spurious
        return out

    names = [f.name for f in folders]
    chosen: dict[str, Pick] = {}
    held = FollowupScore(split)
    for name in names:
        others = [n for n in names if n != name]
        pick = _best({g: pooled(others, g) for g in grid}, now)
        chosen[name] = pick
        held.outcomes += per_pair[name, pick].outcomes
        held.spurious += per_pair[name, pick].spurious
    overall = _best({g: pooled(names, g) for g in grid}, now)
    return Calibration(chosen, held, overall)


def ablation(split: str) -> str:
    """What the mention path alone finds: ``split`` linked as it is, then with the cue reading
    switched off (no result clause, every sentence that gave no item a mention). The share of
    the links the cue reading found that mentions alone find estimates what mentions catch on
    text whose words no cue foresees, at the spurious proposals printed beside it."""
    cued, bare = score_followup(split), score_followup(split, cues=0)
    by_cue = [(a, b) for a, b in zip(cued.outcomes, bare.outcomes, strict=True) if a.by == "result"]
    caught = sum(b.by == "mention" for _, b in by_cue)
    status = sum(b.status_right for _, b in by_cue if b.by == "mention" and b.data["relation"] == "progress")
    progress = sum(b.by == "mention" and b.data["relation"] == "progress" for _, b in by_cue)
    lines = [
        f"== ablation on {split}: the cue reading switched off, every sentence that gave no item a mention",
        *cued.report().splitlines()[1:6],
        "-- without cues:",
        *bare.report().splitlines()[1:6],
        f"of the {len(by_cue)} links the cue reading found, mentions alone find {caught}"
        f" ({caught / len(by_cue):.0%}; {status} of their {progress} progress statuses right),"
        f" with {sum(_source(p) == 'mention' for p in bare.spurious)} spurious mentions",
    ]
    return "\n".join(lines)
