"""Linking a follow-up briefing to what was promised before: what is proposed, never applied.

A committee hears the same body every few months. The later briefing restates a target with a
new figure, moves a deadline, reports what was done, and makes new promises that look like the
old ones. :func:`link` compares each item of the new briefing, and each past-result clause
(:mod:`tracker.results`), with the open commitments and directives stored before
(:func:`candidates`), and proposes:

- ``restatement``: an item (or a clause such as "the Bank has moved the target to December")
  that states the same deliverable again, with its new deadline and/or target;
- ``progress``: a result clause about a stored commitment, with the status it implies
  (done, in_progress, partly_done, stalled, dropped) and the actual value it states; or a
  **mention** (:func:`tracker.results.read_mentions`: a sentence that is neither an item nor a
  result, "work on the second phase is going on") that names one strongly and clearly, with the
  status its grammar implies (stalled where negated, a share's status, in progress where its
  verb says work goes on, done where a delivered thing is in use) or none, and none where it
  hedges ("could", "might", "if"): accepting it then keeps the sentence as evidence and changes
  nothing else (:func:`_link_mention`);
- ``new``: an item that matches nothing well enough, with the three nearest candidates.

How a pair is scored (higher is closer; every proposal says why in words):

- **what the sentence says**: the words of the deliverable against the stored title and
  sentence (rapidfuzz's token-set ratio over content words, inflections cut: "issued" is
  "issue"), 45 % of the score. Abbreviations are spelt out as the texts themselves define
  them ("the Refund Payment Order (RPO)" makes "RPO" that name) or, failing that, as words in
  them spell them by their initials ("IM": "information memorandum"); the thing so named is a
  name both sides share;
- **same owner** (through the aliases of ``seeds/owners.toml``, Urdu names too), or the
  stored owner named in the new sentence ("PTA's member said ..."), 15 %; a sentence that names
  no body (its owner the presenter by default) 10 %; **same target unit** 10 % (two different
  units cost 10 %; "people" against a count of some kind of person neither; an item whose
  target is the stored figure, "the four operators" of "all 4 operators", 10 % more);
  **same theme** 5 %;
  **same kind** 5 % (a commitment restating a directive costs 15 %, nothing when the body
  directed promises it after the directive's time ran out);
- **words that name another thing**: a place, band or module named in the new sentence and
  nowhere in the stored one ("Dakar" against "Nairobi, Tashkent and Baku") costs 12 % each,
  at most 24 %, and 10 % more where the stored one names a place the new one does not ("Okara"
  against "Sialkot") (items only: a result tells details, "everywhere except Karachi"); the
  house and the committee a report was made to are no names; a name few
  candidates share, named on both sides ("Baku", "2600 MHz"), adds 10 % each, at most 20 %;
  "separate", "further", "second", "another", "additional" (Urdu "مزید", "اضافی", "الگ")
  cost 20 %, and "remaining", "the rest", "now", "moved" ("باقی", "اب") add 10 %; "the June
  date" adds 15 % to a commitment due in June; an item "now" due later than a stored promise
  whose date has passed by the sitting, or the body directed giving a date after its directive's
  time ran out, adds 10 % more (that promise moved on), and "also",
  "similar" ("بھی") in an item cost 10 % (one more thing beside it);
- **another kind of the same thing**: the same noun after a word the other side never uses
  ("sunflower seed" against "maize seed"; a number word, "40 thousand households", is none),
  or another numbered part ("Package-II", "the second package" against "Package-I") costs 20 %;
  a place both sides name counts only when the rest of their words are at least half alike (it
  says where, not what);
- why a result stands as it does ("..., as the lenders had asked for ...", "because the
  contractor had not been paid") is no part of what it is about;
- a result that answers the committee ("the plan the committee had sought was presented")
  goes to a directive (+10 %), any other to a commitment (+10 %); a count of two digits or more
  both sides state ("1,800") adds 10 %, to an item as to a result;
- **distinctive words**: where the two best candidates score within 3 % of each other, the one
  holding clearly more (15 % or more) of the new sentence's rare words comes first, each word
  weighed by how few of the candidates compared use it ("illegal occupants" against the
  "government houses" two promises of one office share);
- a progress report that gives a date ahead in its own clause ("has installed 12 of the 30
  radars and expects the remaining 18 to be running by June", a date something "would", "will",
  "is expected to" happen by, not the stored one) restates that deadline too; a clause naming
  the stored target's figure and another ("the target has been raised from 1,200 to 1,500")
  restates the target;
- "the remaining N" or "the rest" ("باقی") right after a progress report (same or next
  sentence, even inside the report's own clause) restates what that report was about, a clause
  starting "its ..." reports on it too, a promise about "it" ("یہ") in the report's sentence is
  it promised again (so is one to "do so"), and so is one there naming one of those the stored
  promise listed ("LESCO, PESCO and HESCO", then "PESCO and HESCO had been finished and the LESCO
  audit would ..."); after a report of something held up or under way, the next sentence giving
  it a later date "now" in the report's own words ("bids could not be invited in February", then
  "the bids would now be invited by July") restates it;
- a result counting part of the same whole as a stored target ("1,050 of the 1,200 untraced
  devices" against "1,200 laptops") adds 10 % whatever the unit is called; "all 90" is done;
  against a ceiling ("cap at", "keep within", "reduce to", "تک محدود") at or under it is done,
  above it after the deadline partly done; money released short of the target is partly done
  before the deadline too (a release is made once);
- an item like a stored commitment that is past its deadline and whose outcome the same
  briefing reports (done, or partly done) is **new**, a new round of it ("trained 2,450
  officers in FY2021-22", then "a refresher course for 1,500 officers this year"), unless it
  says "remaining", "now" or the like, or stands in the report's own sentence.

In a pool larger than :data:`SHORTLIST`, each item is scored in full against the stored ones
that share its rarest words (an inverted index built per call), not against every row.

An item is a restatement at :data:`RESTATE_AT` or above, a result a progress report at
:data:`PROGRESS_AT` or above, a mention a proposal at :data:`MENTION_AT` or above (and
:data:`MENTION_MARGIN` ahead of the next candidate); below, the item is new and the result or
mention proposes nothing. The three were chosen on the follow-up corpus leaving one pair out at
a time (the most right links less new items taken for restatements, within the goal's 5 % and
at most twice the spurious proposals made without mentions), not by eye. Pure:
no session, no network, no model; the caller stores nothing until a person accepts.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlmodel import Session

from tracker.aliases import AliasIndex, load_aliases
from tracker.briefing import ParsedCommitment
from tracker.deadlines import find_deadlines, for_matching
from tracker.models import OPEN_STATUSES, Commitment, Review
from tracker.results import FIGURE, MENTIONED, Result

__all__ = [
    "MENTION_AT",
    "PROGRESS_AT",
    "RESTATE_AT",
    "Candidate",
    "Nearest",
    "Proposal",
    "candidates",
    "link",
]

RESTATE_AT = 0.6
PROGRESS_AT = 0.35
# A mention (a sentence read by no cue) is proposed only on a strong match, and only when the
# next candidate is at least MENTION_MARGIN behind: nothing in its words says it reports on
# anything, so what it names must say so alone.
MENTION_AT = 0.5
MENTION_MARGIN = 0.05
# A mention's own content words, at the least: fewer name nothing by themselves.
MENTION_WORDS = 3
NEAREST = 3
SHORTLIST = 50


class Candidate(NamedTuple):
    """A stored open commitment or directive, as the linker compares it.

    ``texts`` are the sentences it was stated in (:func:`candidates` gives its source excerpt,
    or its description when it has none; a caller may add further excerpts);
    ``id`` is the commitment's id (any key the caller chooses, for items not yet stored).
    A tuple, not a dataclass: a hundred thousand are made in a fraction of the time.
    """

    id: int
    title: str
    owner: str
    theme: str
    kind: str
    deadline: date | None
    target_value: float | None
    target_unit: str | None
    texts: tuple[str, ...] = ()
    status: str = "not_started"


@dataclass(frozen=True)
class Nearest:
    """A candidate an item was compared with: its id, score and why."""

    candidate_id: int
    score: float
    explanation: str


@dataclass(frozen=True)
class Proposal:
    """What the linker proposes for one item or one result clause.

    ``relation``: ``restatement``, ``progress`` or ``new``. ``item`` is the parsed item (None
    for a result clause), ``result`` the clause (None for an item); ``start``/``end`` where
    the proposal's words are in the new briefing's text. ``candidate_id`` is the stored
    commitment it refers to (None when new). A restatement carries ``new_deadline`` and/or
    ``new_target`` (value, unit) where they differ from the stored ones; a progress report
    ``status`` and ``actual`` (value, unit) where the clause states one. ``nearest`` lists
    the best candidates (a new item's three nearest; the chosen one first otherwise).
    """

    relation: str
    start: int
    end: int
    sentence: str
    score: float
    explanation: str
    candidate_id: int | None = None
    item: ParsedCommitment | None = None
    result: Result | None = None
    new_deadline: date | None = None
    new_target: tuple[float, str] | None = None
    status: str | None = None
    actual: tuple[float, str] | None = None
    nearest: tuple[Nearest, ...] = field(default=())


# --- reading a sentence -------------------------------------------------------------------

# Abbreviations spelt out and everyday synonyms made one, so that "IM" meets "information
# memorandum" and "signed up" meets "register".
_GLOSSARY = (
    (r"\bMFBs?\b", "microfinance banks", "MFB"),
    (r"\bperson-to-merchant\b", "merchant payments", "person-to"),
    (r"\bsigned up\b", "register", "signed up"),
    (r"\bgoods\b", "merchandise", "goods"),
    (r"\bcompan(?:y|ies)\b", "firms", "compan"),
    (r"\bexhibitions?\b", "fairs", "exhibition"),
    (r"\bsale\b", "auction", "sale"),
    (r"\bnext-generation\b", "5g", "next-gen"),
    (r"\bfibre\b", "fiber", "fibre"),
)
# Each entry is tried only where its trigger is in the text (a substring test costs far less
# than a regular expression over every stored sentence); acronyms keep their case.
_GLOSSARY_RE = [
    (re.compile(p) if t.isupper() else re.compile(p, re.IGNORECASE), w, t, t.isupper()) for p, w, t in _GLOSSARY
]
_YEAR = re.compile(r"(?:19|20)\d\d(?:-\d\d)?")
_STOP = frozenset(
    "the a an of to in on for and or by with from at its it is be would will that this as all any their his her "
    "was were into has have had been said told informed committee senate standing meeting he she they we also "
    "which who there than under over per each next last current fiscal year years month months by end "
    "ministry division board authority fund bank government secretary official officials federal "
    "january february march april may june july august september october november december "
    "would could should shall can now so far some".split()
    + "کی کے کا میں کو سے اور نے کہ ہے ہیں کر لیے بھی یہ".split()
    # Urdu as the English above: postpositions, auxiliaries and tense endings ("دیا جائے گا",
    # "ہو چکے ہیں"), who told whom, the months and the year, none of which names a deliverable.
    + "تک پر ان اس وہ جو جس جن ہو ہوا ہوئی ہوئے ہوں گا گی گے جائے جائیں دیا دی دیے دیں کیا کیے گیا گئی گئے گئیں".split()
    + "چکا چکی چکے چکیں تھا تھی تھے تھیں رہا رہی رہے رہیں لیا لی کرنے کرے کریں کرنا کرائی بتایا کہا کہنا".split()
    + "انہوں آگاہ سیکرٹری مطابق کمیٹی قائمہ برائے سینیٹ اجلاس وزارت حکام سال ماہ رواں مالی اختتام".split()
    + "جنوری فروری مارچ اپریل مئی جون جولائی اگست ستمبر اکتوبر نومبر دسمبر".split()
)
# The parts of a project ("package", "phase", "unit") that a number or ordinal tells apart.
_PARTS = r"package|phase|unit|stage|lot|tranche|section|block"
_WORD = re.compile(r"[a-z0-9][a-z0-9-]*|[\u0600-\u06ff]+")
_NEW_CUE = re.compile(
    # "the second package", "the third unit": which part of a project, not one more thing.
    r"\b(?:separate|further|another|fresh|second(?!\s+(?:half|quarter|week|phase\s+of\s+the|(?:" + _PARTS + r")\b))"
    # "the additional secretary", "Additional Director General": a rank, not a further thing.
    r"|additional(?!\s+(?:chief\s+|deputy\s+)?(?:secretary|director|commissioner|inspector|attorney|registrar"
    r"|collector|governor|auditor|accountant|advocate|judge|sessions)))\b"
    # Urdu: "مزید" (further), "اضافی" (additional), "الگ"/"علیحدہ" (separate).
    r"|\b(?:مزید|اضافی|الگ|علیحدہ)\b",
    re.IGNORECASE,
)
_SAME_CUE = re.compile(
    r"\b(?:remaining|the\s+rest|now|moved|revised|rescheduled|again|fixed\s+at|given\s+until)\b"
    # Urdu: "باقی" (the remaining), "اب" (now; "اب تک" is "so far").
    r"|\b(?:باقی|بقیہ)\b|\bاب\b(?!\s+تک)",
    re.IGNORECASE,
)
# "Sought", "asked for" count only with the committee or its members a few words off: "the
# lenders had asked for a revised estimate" answers nobody on the committee.
_ANSWERS_COMMITTEE = re.compile(
    r"\b(?:committee|members|chair\w*)\b(?:\W+\w+){0,4}?\W+(?:had\s+)?(?:sought|requested|asked\s+for|called\s+for)\b"
    r"|\b(?:sought|requested|asked\s+for|called\s+for)\s+(?:\w+\s+){0,2}?by\s+(?:the\s+)?(?:committee|members|chair\w*)\b"
    r"|\bthe\s+committee\s+had\b|\bshared\s+with\s+members\b"
    # "the report on action against foreign trawlers had still not reached the committee".
    r"|\b(?:reached|sent\s+to|submitted\s+to|presented\s+to|placed\s+before|laid\s+before)\s+the\s+committee\b"
    r"|\b(?:despite|contrary\s+to|notwithstanding)\s+the\s+committee"
    # "The Committee appreciated that the schedule was now on the website": the committee weighing
    # a result it is told of judges what it asked for.
    r"|\bcommittee\s+(?:appreciated|welcomed|lauded|praised|acknowledged|noted\s+with\s+(?:satisfaction|displeasure|concern))\b"
    # "the financing plan, sought in November, had still not been presented": a request dated
    # and with no one named who made it, in a sentence about the committee, is the committee's.
    r"|\bcommittee\b.*,\s+(?:sought|requested|asked\s+for|called\s+for)\s+(?:in|on|at|during|last|earlier)\b"
    # Urdu: "کمیٹی کی ہدایت کے مطابق" (as the committee directed), "طلب کی گئی" (sought).
    r"|ہدایت\s+کے\s+مطابق|کمیٹی\s+کی\s+ہدایت|طلب\s+کی\s+گئی|طلب\s+کردہ"
    # "کمیٹی ... مانگی گئی رپورٹ" (the report the committee asked for).
    r"|کمیٹی\b.*(?:مانگی\s+گئی|مانگا\s+گیا|مانگے\s+گئے)",
    re.IGNORECASE,
)
# Names of things: a capitalised word inside the sentence ("Dakar", "Gilgit-Baltistan") or a
# figure with its unit ("700 MHz"). Bodies, months and sentence openers are left out.
_NAME = re.compile(r"(?:(?<=[a-z,;] )|(?<=[A-Z][A-Z] ))[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b|\b\d+\s?(?:MHz|GHz|GB)\b")
_NOT_NAMES = frozenset(
    "January February March April May June July August September October November December Senate Committee "
    "Secretary Ministry Division Board Authority Fund Bank Phase Deputy Governor Special".split()
    # Ranks and titles say who spoke, "Government" whose money, "Rs" in what: none is the thing.
    + "Government Director General Chairman Chairperson Managing Member Minister Additional Joint Executive "
    "Chief Officer President Rs".split()
    # Which house and which day the committee sat ("the National Assembly Standing Committee ... was
    # told on Wednesday") say where the report was made, not what it is about.
    + "Assembly Standing Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


# A part of a project is written "the first package", "Package-I", "package 1", "Phase II",
# "the second phase": all are read as "package 1", "phase 2".
_ORDINALS = {w: str(k + 1) for k, w in enumerate("first second third fourth fifth sixth".split())}
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
_PART_BY_ORDINAL = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+({_PARTS})s?\b")
_PART_BY_NUMERAL = re.compile(rf"\b({_PARTS})[\s-]+(vi|iv|v?i{{1,3}}|v|[1-6])\b(?!-)")


def _parts(lower: str) -> str:
    if not any(part in lower for part in ("package", "phase", "unit", "stage", "lot", "tranche", "section", "block")):
        return lower
    lower = _PART_BY_ORDINAL.sub(lambda m: f"{m.group(2)} {_ORDINALS[m.group(1)]}", lower)
    return _PART_BY_NUMERAL.sub(lambda m: f"{m.group(1)} {_ROMAN.get(m.group(2), m.group(2))}", lower)


def _normal(text: str, abbreviations: dict[str, str] | None = None) -> str:
    text = for_matching(text)
    if abbreviations:
        text = _spell_out(text, abbreviations)
    lower = text.lower()
    for pattern, words, trigger, cased in _GLOSSARY_RE:
        if trigger in (text if cased else lower):
            text = pattern.sub(words, text)
    return _parts(text.lower())


def _content(text: str, owners: Collection[str] = (), abbreviations: dict[str, str] | None = None) -> str:
    normal = _normal(text, abbreviations)
    if "کہ" in normal:
        # "قومی اسمبلی کی قائمہ کمیٹی برائے کابینہ سیکرٹریٹ کو بتایا گیا ہے کہ ...": who was told, and
        # the committee's long name, are no part of what was said.
        normal = _URDU_FRAME.sub(" ", normal)
    for owner in owners:
        normal = normal.replace(owner.lower(), " ")
    words = [w for w in _WORD.findall(normal) if w not in _STOP and not _YEAR.fullmatch(w)]
    return " ".join(_stem(w) for w in words)


_URDU_FRAME = re.compile(
    r"(?:^|(?<=[.۔]\s))[^.۔]{0,200}?(?:بتایا|کہا|آگاہ\s+کیا|کہنا\s+تھا|کہنا\s+ہے|یقین\s+دہانی\s+کرائی)\s+(?:گیا\s+)?(?:ہے\s+|تھا\s+)?کہ\s+"
)


# Inflections cut so that "issued" meets "issue" and "trained" meets "training"; short words
# ("has", "bus") kept as they are.
_ENDING = re.compile(r"(?<=[a-z]{4})(?:ing|ed|es|e|(?<![su])s)$")


def _stem(word: str) -> str:
    if word.endswith("ically") and len(word) > 8:
        return word[:-4]  # "electronically" is "electronic": how, not another kind
    return _ENDING.sub("", word, count=1) if word.isascii() else word


_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_NAMED = re.compile(r"\bthe\s+(" + "|".join(_MONTHS) + r")\s+(?:date|deadline|target)\b")
_UNITS = {"companies": "firms", "company": "firms", "exhibitions": "fairs", "officers": "people"}


# "1,380 young people had completed the courses": people, persons are anyone counted, and say
# nothing for or against the technicians, women or officers a target counts.
_ANY_PERSONS = frozenset({"people", "persons", "individuals"})


def _unit(unit: str) -> str:
    return _UNITS.get(unit, unit)


# The reason a body directed answering its directive with a date, after the directive's time
# ran out, is given; :func:`_moved_on` reads it back.
_DIRECTED_ANSWERS = "the body directed promises it, its time past"


def _counts_the_same(actual: str, target: str) -> bool:
    """An actual counts what the target counts: the same unit, or people against a count of
    some kind of person ("1,380 young people" of "2,000 technicians": a plural noun)."""
    if _unit(actual) == _unit(target):
        return True
    return actual in _ANY_PERSONS and target.islower() and target.endswith("s") and target not in _ANY_PERSONS


# "the National Assembly Standing Committee on Water Resources was informed": the house and the
# committee's own name say where the report was made, not what it is about.
_HOUSE = re.compile(r"\bNational\s+Assembly\b|\bCommittee\s+(?:on|for)\s+(?:(?:[A-Z][\w-]*|and|&),?\s*)+")


def _names(text: str) -> set[str]:
    house = [m.span() for m in _HOUSE.finditer(text)] if "Assembly" in text or "Committee" in text else []
    return {
        m.group().lower().replace(" ", "")
        for m in _NAME.finditer(text)
        if m.group() not in _NOT_NAMES and not any(a <= m.start() < b for a, b in house)
    } | _terms(text)


def _terms(text: str) -> set[str]:
    """Terms kept in Latin script inside Urdu text ("خود شماری کا portal"): the thing's own name,
    as the briefings write it in either language; a thing, not a place."""
    if not _URDU_LETTER.search(text):
        return set()
    # "smart meters", "self-enumeration portal": one term, named by its last word (its noun).
    return {_singular(w.split()[-1].lower()) for w in _LATIN_TERM.findall(text) if w not in _NOT_NAMES}


def _singular(word: str) -> str:
    """ "DISCOs" and "DISCO" are one term: a plural "s" cut from a term of five letters or more."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


_URDU_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_TERM = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z-]{2,}(?:\s+[A-Za-z][A-Za-z-]*)*(?![\w-])")


@dataclass
class _Side:
    """One side of a comparison, read once: its content words and names."""

    words: str
    names: set[str]
    raw: str
    tokens: set[str]  # the words as written and as read, to find the candidates worth scoring
    bodies: set[str] = field(default_factory=set)  # known bodies its sentence names (canonical)
    pairs: set[tuple[str, str]] = field(default_factory=set)  # content words written side by side


def _read(texts: Iterable[str], owners: Collection[str], abbreviations: dict[str, str] | None = None) -> _Side:
    texts = list(texts)
    raw = " ".join(texts)
    words = _content(raw, owners, abbreviations)
    # "Pakistan International Airlines (PIA) will now ...": the words of a body's name are who,
    # not a place or a thing the other side fails to name.
    named = {n for n in _names(raw) if not any(n in owner.lower().replace(" ", "") for owner in owners)}
    side = _Side(words, named, _normal(raw, abbreviations), set(words.split()) | _tokens(raw))
    side.pairs = {p for text in texts for p in _pairs(_normal(text, abbreviations), owners)}
    return side


def _pairs(normal: str, owners: Collection[str]) -> Iterable[tuple[str, str]]:
    """Two content words written side by side, inflections cut ("cotton seed", "rice varieti");
    the owners' names are no things."""
    for owner in owners:
        normal = normal.replace(owner.lower(), " ")
    words = _WORD.findall(normal)
    for a, b in zip(words, words[1:], strict=False):
        if a.isalpha() and b.isalpha() and a not in _STOP and b not in _STOP and a not in _NUMBER_WORDS:
            yield _stem(a), _stem(b)
    # "package 2" (read from "Package-II", "the second package"): the number tells which one.
    for m in _PART_NUMBER.finditer(normal):
        yield m.group(2), m.group(1)


_PART_NUMBER = re.compile(rf"\b({_PARTS}) ([1-6])\b")
# "1.2 million accounts", "1 لاکھ 40 ہزار گھرانوں": how many, never which kind of the thing.
_NUMBER_WORDS = frozenset(
    "hundred thousand million billion trillion lakh lakhs crore crores سو ہزار لاکھ کروڑ ارب کھرب".split()
)


# --- abbreviations the texts themselves define ----------------------------------------------

# "Refund Payment Order (RPO)", "the person-to-merchant (P2M) service": a name, then its
# abbreviation in brackets (capitals and digits, a plural "s" allowed).
_DEFINED = re.compile(r"([\w][\w-]*(?:\s+[\w][\w-]*){0,6})\s+\((?P<abbr>[A-Z][A-Z0-9]*[A-Z0-9](?:s)?)\)")
# "ML-1", "M-6", "F-15" are designations, not abbreviations to spell out.
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z]s?\b(?!-\d)")
_SMALL_WORDS = frozenset("of and the for on in to".split())


def _defined(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviations defined where a text names a thing in full, then its abbreviation in brackets.

    The name is the shortest run of words before the brackets whose first word starts with the
    abbreviation's first letter and that has no more words than the abbreviation has letters
    (small words such as "of" and "and" aside): "the Refund Payment Order (RPO)" -> "Refund
    Payment Order"."""
    out: dict[str, str] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in _DEFINED.finditer(text):
            abbr = m.group("abbr").removesuffix("s")
            letters = sum(c.isalpha() for c in abbr)
            words = m.group(1).split()
            for k in range(1, len(words) + 1):
                run = words[-k:]
                counted = [w for w in run if w.lower() not in _SMALL_WORDS]
                if len(counted) > letters:
                    break
                if run[0][0].upper() == abbr[0] and run[0].lower() not in _SMALL_WORDS:
                    out.setdefault(abbr, " ".join(run))
                    break
    return out


def _by_initials(abbr: str, texts: Sequence[str]) -> str | None:
    """A run of words in ``texts`` whose initials spell ``abbr`` ("IM": "information
    memorandum"), small words between them allowed; words of three letters or more only, so
    that "in March" never spells "IM"."""
    letters = [c for c in abbr.removesuffix("s") if c.isalpha()]
    if len(letters) < 2 or len(letters) != len(abbr.removesuffix("s")):
        return None
    gap = r"[\s-]+(?:(?:of|and|the|for|on)\s+)?"
    pattern = re.compile(
        r"\b" + gap.join(f"(?!(?:{'|'.join(_SMALL_WORDS)})\\b)[{c.lower()}{c}][a-z]{{2,}}" for c in letters) + r"\b"
    )
    for text in texts:
        m = pattern.search(text)
        if m is not None:
            return m.group()
    return None


def _abbreviations(texts: Sequence[str]) -> dict[str, str]:
    """What each abbreviation in ``texts`` stands for: as a text defines it, else as a run of
    words elsewhere in them spells it by its initials."""
    out = _defined(texts)
    used = {a.removesuffix("s") for text in texts for a in _ACRONYM.findall(text)}
    for abbr in sorted(used - out.keys()):
        found = _by_initials(abbr, texts)
        if found is not None:
            out[abbr] = found
    return out


def _name_abbreviations(sides: Iterable[_Side], abbreviations: dict[str, str], aliases: AliasIndex) -> None:
    """A thing known by an abbreviation ("the IM", "the information memorandum") is a name of
    each side that states it, either way; bodies are owners, not things, and are left out."""
    things = {
        words.lower(): abbr
        for abbr, words in abbreviations.items()
        if aliases.resolve(abbr) is None and aliases.resolve(words) is None
    }
    for side in sides:
        side.names.update(words for words in things if words in side.raw)


def _spell_out(text: str, abbreviations: dict[str, str]) -> str:
    for abbr, words in abbreviations.items():
        if abbr in text:
            text = re.sub(rf"\b{re.escape(abbr)}s?\b", words, text)
    return text


def _tokens(text: str) -> set[str]:
    return (set(_WORD.findall(text.lower())) - _STOP) | _quick_tokens(text)


# Punctuation to spaces, so that str.split finds the words (far cheaper than a pattern).
_PUNCTUATION = str.maketrans(dict.fromkeys("()[],.;:!?\"'‘’“”|/$%&*+=<>۔،", " "))


def _quick_tokens(text: str) -> set[str]:
    return set(text.lower().translate(_PUNCTUATION).split()) - _STOP


# --- scoring ------------------------------------------------------------------------------


@dataclass
class _Score:
    value: float
    reasons: list[str]
    side: _Side | None = None  # the stored side scored, for :func:`_guarded` to weigh its words

    def text(self) -> str:
        return "; ".join(self.reasons)


# The head nouns of a body's name: a sentence with one names a body, known or not.
_BODY_WORD = re.compile(
    r"\b(?:ministry|division|authority|board|council|corporation|company|department|commission|bank)\b"
    r"|\b(?:وزارت|ڈویژن|اتھارٹی|بورڈ|کونسل|کارپوریشن|کمپنی|محکمہ|کمیشن|بینک)\b",
    re.IGNORECASE,
)


def _same_owner(a: str | None, b: str, aliases: AliasIndex) -> bool:
    if not a:
        return False
    return _body_key(aliases.resolve(a) or a) == _body_key(aliases.resolve(b) or b)


def _spells(owner: str, normal: str) -> bool:
    """Whether ``normal`` (a side's words, abbreviations spelled out) writes out ``owner``'s name,
    small words aside: "pakistan standards and quality control authority" names the Pakistan
    Standards Quality Control Authority."""
    pattern = _owner_pattern(owner)
    return pattern is not None and pattern.search(normal) is not None


@functools.cache
def _owner_pattern(owner: str) -> re.Pattern[str] | None:
    words = [w for w in owner.lower().split() if w not in _SMALL_WORDS]
    if len(words) < 2:
        return None
    return re.compile(r"\b" + r"\W+(?:(?:and|of|the|for|&)\W+)*".join(re.escape(w) for w in words) + r"\b")


def _body_key(name: str) -> str:
    """A body's name as compared: "Ministry of Railways" and "Ministry of Railway" are one body
    (a name not in the aliases is kept as it was read, singular or plural)."""
    return " ".join(w.removesuffix("s") for w in name.lower().split())


def _compare(
    new: _Side,
    owner: str | None,
    *,
    candidate: Candidate,
    side: _Side,
    pool: _Pool,
    theme: str | None = None,
    unit: str | None = None,
    kind: str | None = None,
    names: bool = False,
    answers: bool | None = None,
    whole: float | None = None,
    verb: str = "",
    figure: float | None = None,
) -> _Score:
    """How alike ``new`` (an item or a result clause) and a stored ``candidate`` are.

    ``names``: count names the new words hold and the stored ones do not (items only: a
    result tells details, "everywhere except Karachi"). ``answers``: the clause answers the
    committee, so it goes to a directive (None: an item, whose own kind is compared).
    ``whole``: the whole a result counts a part of ("of the 1,200"); ``verb``: the result's
    verb ("connected"); ``figure``: an item's own target value (in ``unit``)."""
    stored = candidate
    reasons: list[str] = []
    value = 0.0
    if _same_owner(owner, stored.owner, pool.aliases):
        value += 0.15
        reasons.append("same owner")
    elif (pool.aliases.resolve(stored.owner) or stored.owner) in new.bodies or _spells(stored.owner, new.raw):
        # "PTA's member for licensing said the IM would be issued": the body whose official
        # speaks is named, though the item falls to the presenter. A body no alias list knows
        # counts where its name is written out, or its abbreviation as the briefings define it.
        value += 0.15
        reasons.append(f"names its owner ({stored.owner})")
    elif not new.bodies and not _BODY_WORD.search(new.raw):
        # "The committee was told that the laboratory was 80 percent complete": a sentence that
        # names no body falls to the presenter by default, which says little against a stored
        # item of an agency the presenter answers for.
        value += 0.10
        reasons.append(f"names no owner (stored: {stored.owner})")
    else:
        reasons.append(f"other owner ({stored.owner})")
    if whole is not None and stored.target_value is not None and abs(whole - stored.target_value) < 1e-9 * whole:
        # "1,050 of the 1,200 untraced devices" against "the 1,200 laptops": the same whole,
        # whatever it is called now.
        value += 0.10
        reasons.append(f"of the same {whole:g}")
    elif unit and stored.target_unit:
        if _unit(unit) == _unit(stored.target_unit):
            value += 0.10
            reasons.append(f"same unit {unit}")
            if (
                figure is not None
                and stored.target_value is not None
                and abs(figure - stored.target_value) < 1e-9 * abs(figure)
                and f"{figure:.0f}" not in _counts(new.raw)
            ):
                # "across all four operators" against the system "linking all 4 operators", beside
                # the renewal of 7 operators' licences: the figure a target counts tells apart the
                # body's promises that count one thing. Two digits or more are a count both share.
                value += 0.10
                reasons.append(f"same target {figure:g} {unit}")
        elif verb and len(verb) >= 4 and _stem(stored.target_unit.lower()).startswith(_stem(verb.lower())):
            # "191,000 homes had been connected" counts the "connections" promised: the verb
            # of the result is the noun the target counts.
            value += 0.10
            reasons.append(f'"{verb}" counts {stored.target_unit}')
        elif _counts_the_same(unit, stored.target_unit) or _counts_the_same(stored.target_unit, unit):
            reasons.append(f"{unit} may be {stored.target_unit}")
        else:
            value -= 0.10
            reasons.append(f"units differ ({unit} / {stored.target_unit})")
    if theme and theme == stored.theme and theme != "other":
        value += 0.05
        reasons.append(f"same theme {theme}")
    if kind is not None:
        if kind == stored.kind:
            value += 0.05
        elif (
            kind == "commitment"
            and stored.kind == "directive"
            and stored.deadline is not None
            and pool.sitting is not None
            and stored.deadline < pool.sitting
            and _same_owner(owner, stored.owner, pool.aliases)
        ):
            # "The post would be filled by the end of October" after "directed the Ministry to fill
            # the post within two months", the two months gone: the body directed answers with a date.
            value += 0.05
            reasons.append(_DIRECTED_ANSWERS)
        else:
            value -= 0.15
            reasons.append(f"a {kind} against a {stored.kind}")
    compared = new.words
    if swaps := _same_head(new, side):
        # "narrow-body planes" against "narrow-body aircraft": one modifier, two nouns for one thing.
        compared = " ".join(swaps.get(w, (w,))[0] for w in new.words.split())
        reasons.append(", ".join(f'"{said}" for "{other}"' for _, said, other in sorted(swaps.values())))
    alike = fuzz.token_set_ratio(compared, side.words) / 100 if compared and side.words else 0.0
    value += 0.45 * alike
    reasons.append(f"words {alike:.0%} alike")
    if answers is not None and answers == (stored.kind == "directive"):
        value += 0.10
        if answers:
            reasons.append("answers the committee's request")
    if counted := sorted(_counts(new.raw) & _counts(side.raw)):
        # "37 اضلاع کے نئے دفاتر کا PC-I" against the promise about "37 ... اضلاع" and another
        # about 98 offices: a result or an item ("the 1,500 cameras project") tells its
        # commitment by the count they share.
        value += 0.10
        reasons.append("both count " + ", ".join(counted))
    month = _MONTH_NAMED.search(new.raw)
    if month and stored.deadline is not None and _MONTHS.index(month.group(1).lower()) + 1 == stored.deadline.month:
        # "the June date had been missed": the stored deadline is in June.
        value += 0.15
        reasons.append(f"its deadline was in {month.group(1).capitalize()}")
    shared = sorted(n for n in new.names & side.names if n in pool.rare)
    places = [n for n in shared if n not in pool.things]
    if places and _alike_besides(new.words, side.words, places) < _NAMES_NEED:
        # "dredging of the Port Qasim channel" against "a second LNG berth at Port Qasim": the
        # same place, another thing; a shared name says where, the words say what.
        reasons.append("both name " + ", ".join(shared) + ", but the words differ")
    elif shared:
        value += min(0.2, 0.1 * len(shared))
        reasons.append("both name " + ", ".join(shared))
    others = sorted(new.names - side.names)
    if others and names:
        value -= min(0.24, 0.12 * len(others))
        reasons.append("names what the stored one does not: " + ", ".join(others))
        if theirs := sorted(side.names - new.names - pool.things):
            # "land for a shipyard at Gadani" against "land for the shipyard at Gwadar": each names
            # a place the other does not, two places, so two things.
            value -= 0.10
            reasons.append("and the stored one names " + ", ".join(theirs))
    if names and (kinds := _other_kind(new, side)):
        value -= 0.20
        reasons.append("another kind of " + kinds)
    return _Score(value, reasons)


def _rarity(sides: Iterable[_Side]) -> dict[str, float]:
    """Each content word's weight among ``sides`` (:func:`link` gives every stored side it read,
    not one item's shortlist): the fewer use it, the more it tells them apart (log of the sides
    over those using it; a word all use weighs nothing)."""
    sides = list(sides)
    used: dict[str, int] = {}
    for side in sides:
        for word in set(side.words.split()):
            used[word] = used.get(word, 0) + 1
    return {word: math.log(len(sides) / k) for word, k in used.items()}


def _distinctive(new: _Side, stored: _Side, rarity: dict[str, float]) -> float:
    """The share of the new words' weight (by :func:`_rarity`) that the stored side holds too:
    two promises of one body share their common words; what tells them apart is the rare word
    only one of them uses. Words no candidate uses tell none apart and are left out, and one
    rare word shared is none: it takes two to name a thing."""
    mine = {w for w in new.words.split() if w in rarity}
    total = sum(rarity[w] for w in mine)
    if not total:
        return 0.0
    shared = [w for w in mine & set(stored.words.split()) if rarity[w] > 0]
    if len(shared) < 2:
        return 0.0  # one word in common is chance ("new", "bids"), not what names the thing
    return sum(rarity[w] for w in shared) / total


# A count of two digits or more ("37", "1,200"), not a year nor a day of a month.
_COUNT = re.compile(r"(?<![\d.,/-])(\d{1,3}(?:,\d{3})+|\d{2,})(?![\d.,/-])\s*(\S*)")
_COUNT_NOT = frozenset(_MONTHS) | frozenset(
    "جنوری فروری مارچ اپریل مئی جون جولائی اگست ستمبر اکتوبر نومبر دسمبر".split()
)


# A figure that is a length of time or a share counts nothing: "within 30 days", "40 percent",
# "۳۰ دن", "فیصد"; nor one a time limit opens ("within 90 working days").
_NOT_COUNTED = re.compile(
    r"(?:days?|weeks?|months?|years?|hours?|percent|per|%|دن|دنوں|ہفتے|ہفتوں|مہینے|مہینوں|ماہ|سال|فیصد)\W*",
    re.IGNORECASE,
)
_WITHIN = re.compile(r"\bwithin\s+(?:the\s+)?(?:next\s+)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _counts(raw: str) -> frozenset[str]:
    """The counts ``raw`` states ("37 districts", "1,200 officers"): not a year, a day of a
    month, a length of time or a share."""
    out = set()
    text = for_matching(raw)
    for m in _COUNT.finditer(text):
        number = m.group(1).replace(",", "")
        after = m.group(2).lower().strip(",.")
        if _YEAR.fullmatch(number) or after in _COUNT_NOT or _NOT_COUNTED.fullmatch(after):
            continue
        if _WITHIN.search(text, max(0, m.start() - 20), m.start()):
            continue
        out.add(number)
    return frozenset(out)


# A hyphened modifier and the noun after it, as written ("narrow-body planes").
_MODIFIED = re.compile(r"\b([a-z]+-[a-z]+)\s+([a-z]{4,})\b")


@functools.lru_cache(maxsize=4096)
def _modified(raw: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _MODIFIED.finditer(raw)} if "-" in raw else {}


def _same_head(new: _Side, stored: _Side) -> dict[str, tuple[str, str, str]]:
    """Nouns the two sides name by one modifier: "narrow-body planes" and "narrow-body aircraft"
    are one thing in other words, learned from the texts themselves. Only a hyphened modifier
    (a kind of the thing, "narrow-body", "wide-body", "tamper-proof") whose noun each side uses
    alone counts. By the stem compared: the stored stem, and the two nouns as written."""
    mine = _modified(new.raw)
    if not mine:
        return {}
    theirs = _modified(stored.raw)
    new_words, stored_words = set(new.words.split()), set(stored.words.split())
    swaps = {}
    for modifier, noun in mine.items():
        other = theirs.get(modifier)
        if other is None or other == noun:
            continue
        a, b = _stem(noun), _stem(other)
        if a in new_words and a not in stored_words and b in stored_words and b not in new_words:
            swaps[a] = (b, noun, other)
    return swaps


def _other_kind(new: _Side, stored: _Side) -> str:
    """ "cotton seed" against "wheat seed", "rice varieties" against "wheat varieties": the same
    noun right after a word that the other side never uses. Committees and newspapers name a
    thing by the word before its noun, so such a pair names two things, however alike the
    rest of the sentence is. Only words written side by side count (never across "not be" or
    a figure), and a word both sides use (e.g. "km") never does."""
    new_words = set(new.words.split()) | {w for pair in new.pairs for w in pair}
    stored_words = set(stored.words.split()) | {w for pair in stored.pairs for w in pair}
    before: dict[str, str] = {}
    for a, noun in sorted(stored.pairs):
        if a not in new_words:
            before.setdefault(noun, a)
    for a, noun in sorted(new.pairs):
        if noun in before and a not in stored_words:
            return f"{noun}: {a} / {before[noun]}"
    return ""


# How alike the words besides the names must be before a name both sides share counts.
_NAMES_NEED = 0.5


def _alike_besides(new: str, stored: str, names: Iterable[str]) -> float:
    """How alike two sides' words are once the names they share are left out."""
    drop = {_stem(w) for name in names for w in _WORD.findall(name)}
    a = " ".join(w for w in new.split() if w not in drop)
    b = " ".join(w for w in stored.split() if w not in drop)
    return fuzz.token_set_ratio(a, b) / 100 if a and b else 0.0


def _cue_adjust(score: _Score, sentence: str) -> None:
    if m := _NEW_CUE.search(sentence):
        score.value -= 0.20
        score.reasons.append(f'"{m.group().lower()}"')
    elif m := _SAME_CUE.search(sentence):
        score.value += 0.10
        score.reasons.append(f'"{" ".join(m.group().lower().split())}"')


def _ranked(scored: list[tuple[float, Candidate, _Score]]) -> list[tuple[float, Candidate, _Score]]:
    return sorted(scored, key=lambda s: (-s[0], s[1].id))


# Candidates this close to the best are told apart by their distinctive words, when those differ
# by at least :data:`_DISTINCT_GAP`.
_CLOSE = 0.03
_DISTINCT_GAP = 0.15


def _guarded(
    ranked: list[tuple[float, Candidate, _Score]], new: _Side, rarity: dict[str, float]
) -> list[tuple[float, Candidate, _Score]]:
    """Two candidates scored within :data:`_CLOSE` of each other are too close for the score
    to choose: the one holding clearly more of the new sentence's distinctive words (words few
    stored candidates use, :func:`_distinctive`) comes first. "the wild poliovirus goal" is the
    promise about the poliovirus, however alike the sentence reads to the campaign beside it."""
    close = [r for r in ranked[1:] if ranked[0][0] - r[0] < _CLOSE]
    if not close:
        return ranked

    def distinct(entry: tuple[float, Candidate, _Score]) -> float:
        side = entry[2].side
        return _distinctive(new, side, rarity) if side is not None else 0.0

    best = max(close, key=distinct)
    held = distinct(best)
    top = distinct(ranked[0])
    if held - top < _DISTINCT_GAP:
        return ranked
    if not any(reason.startswith("its distinctive words") for reason in best[2].reasons):
        best[2].reasons.append(f"its distinctive words: {held:.0%} held, against {top:.0%}")
    return [best] + [r for r in ranked if r is not best]


def _nearest(ranked: Sequence[tuple[float, Candidate, _Score]]) -> tuple[Nearest, ...]:
    return tuple(Nearest(c.id, round(v, 3), s.text()) for v, c, s in ranked[:NEAREST])


# --- the linker ---------------------------------------------------------------------------


@dataclass
class _Pool:
    """The stored candidates and, per item or clause, the shortlist it is scored against."""

    stored: Sequence[Candidate]
    sides: dict[int, _Side]  # by position in ``stored``: only the shortlisted ones are read
    owners: set[str]
    aliases: AliasIndex
    rare: set[str]  # names few candidates share: naming one of them is evidence
    things: set[str]  # names that are things ("information memorandum" for "IM"), not places
    shortlists: dict[int, list[int]]  # by id() of the item or result
    restate_at: float = RESTATE_AT
    progress_at: float = PROGRESS_AT
    sitting: date | None = None
    mention_at: float = MENTION_AT
    rarity: dict[str, float] = field(default_factory=dict)  # a word's weight: how few candidates use it

    def ranked(
        self, key: object, new: _Side, sentence: str, owner: str | None, **kw: Any
    ) -> list[tuple[float, Candidate, _Score]]:
        scored = []
        for k in self.shortlists[id(key)]:
            candidate = self.stored[k]
            score = _compare(new, owner, candidate=candidate, side=self.sides[k], pool=self, **kw)
            _cue_adjust(score, sentence)
            scored.append((score.value, candidate, score))
            score.side = self.sides[k]
        ranked = _ranked(scored)
        tied = [r for r in ranked if abs(r[0] - ranked[0][0]) < 1e-9]
        if len(tied) > 1:
            # Two items of one sentence ("post a schedule ... and present a financing plan ..."),
            # scored alike on the sentence they share: the one whose own title is closer is meant.
            def own(entry: tuple[float, Candidate, _Score]) -> float:
                return fuzz.token_set_ratio(new.words, _content(entry[1].title, self.owners))

            tied.sort(key=lambda entry: (-own(entry), entry[1].id))
            ranked = tied + ranked[len(tied) :]
        return _guarded(ranked, new, self.rarity)


def _shortlists(stored: Sequence[Candidate], queries: dict[int, _Side]) -> dict[int, list[int]]:
    """Per query, the stored candidates worth scoring in full: all of them in a small pool; in
    a large one the :data:`SHORTLIST` that share the rarest words with it (an inverted index of
    the words as written), so that a briefing is linked against 100,000 commitments in well
    under two seconds. Words most candidates share (over a quarter) select nothing."""
    if len(stored) <= SHORTLIST:
        everything = list(range(len(stored)))
        return dict.fromkeys(queries, everything)
    wanted = set().union(*(new.tokens for new in queries.values()))
    postings: dict[str, list[int]] = {token: [] for token in wanted}
    for k, candidate in enumerate(stored):
        for token in _quick_tokens(" ".join((candidate.title, *candidate.texts))) & wanted:
            postings[token].append(k)
    common = len(stored) / 4
    out = {}
    for key, new in queries.items():
        weights: dict[int, float] = {}
        for token in new.tokens:
            posting = postings.get(token, ())
            if not posting or len(posting) > common:
                continue
            weight = math.log(len(stored) / len(posting))
            for k in posting:
                weights[k] = weights.get(k, 0.0) + weight
        out[key] = sorted(heapq.nlargest(SHORTLIST, weights, key=weights.__getitem__))
    return out


def link(
    items: Sequence[ParsedCommitment],
    results: Sequence[Result],
    stored: Sequence[Candidate],
    *,
    sitting: date,
    aliases: AliasIndex | None = None,
    restate_at: float = RESTATE_AT,
    progress_at: float = PROGRESS_AT,
    mentions: Sequence[Result] = (),
    mention_at: float = MENTION_AT,
) -> list[Proposal]:
    """Propose, for each item of a new briefing and each of its result clauses, what it is.

    ``items`` and ``results`` come from one :class:`~tracker.briefing.ParsedBriefing` whose
    sitting is ``sitting``; ``stored`` are the open commitments to compare with (see
    :func:`candidates`). One proposal per item (``restatement`` or ``new``), and one per
    result clause that matches a candidate well enough (``progress``, or ``restatement``
    for a clause that moves a deadline or a target); in the briefing's order. An item or
    clause about "the remaining N" or "the rest" right after a progress report (same or
    previous sentence) restates what that report was about. ``mentions``
    (:func:`tracker.results.read_mentions`) are the briefing's other sentences: one is
    proposed only where it names a stored commitment strongly (:func:`_link_mention`).
    ``restate_at``, ``progress_at`` and ``mention_at`` are the thresholds (:data:`RESTATE_AT`,
    :data:`PROGRESS_AT`, :data:`MENTION_AT`), given only to calibrate them. Pure.
    """
    index = aliases if aliases is not None else load_aliases()
    results = [*results, *mentions]
    owners = {c.owner for c in stored} | {i.owner for i in items}
    queries: dict[int, _Side] = {id(i): _item_side(i, owners) for i in items}
    queries.update({id(r): _read((_without_reason(r.text),), owners) for r in results})
    shortlists = _shortlists(stored, queries)
    read = sorted({k for ks in shortlists.values() for k in ks})
    # Abbreviations as the new briefing and the stored sentences compared with it define or
    # spell them ("the IM" after "the information memorandum"), then every side read with them.
    texts = [i.excerpts[0].text for i in items] + [r.text for r in results] + [t for k in read for t in stored[k].texts]
    abbreviations = _abbreviations(texts)
    if abbreviations:
        queries = {id(i): _item_side(i, owners, abbreviations) for i in items}
        queries.update({id(r): _read((_without_reason(r.text),), owners, abbreviations) for r in results})
    sides = {k: _read((stored[k].title, *stored[k].texts), owners, abbreviations) for k in read}
    _name_abbreviations([*queries.values(), *sides.values()], abbreviations, index)
    # "SCO گلگت بلتستان ... نصب کرے گا": a body written in Latin script is who acts, not the thing.
    bodies = {
        _singular(run.split()[-1].lower())
        for text in texts
        if _URDU_LETTER.search(text)
        for run in _LATIN_TERM.findall(text)
        if index.resolve(run.split()[-1]) is not None
    }
    if bodies:
        for side in (*queries.values(), *sides.values()):
            side.names -= bodies
    for parsed in items:
        queries[id(parsed)].bodies = {b.canonical for b in index.find(parsed.excerpts[0].text)}
    for clause in results:
        queries[id(clause)].bodies = {b.canonical for b in index.find(clause.text)}
    counts: dict[str, int] = {}
    for side in sides.values():
        for name in side.names:
            counts[name] = counts.get(name, 0) + 1
    rare = {n for n, k in counts.items() if k <= max(1, len(sides) // 3)}
    things = {words.lower() for words in abbreviations.values()}
    things.update(t for side in (*sides.values(), *queries.values()) for t in _terms(side.raw) if t not in bodies)
    pool = _Pool(stored, sides, owners, index, rare, things, shortlists, restate_at, progress_at, sitting, mention_at)
    pool.rarity = _rarity(sides.values())
    by_id = {c.id: c for c in stored}
    # In the briefing's order, a result before an item that starts where it does.
    work: list[tuple[int, int, ParsedCommitment | None, Result | None]] = [
        (_item_span(i)[0], 1, i, None) for i in items
    ] + [(r.start, 0, None, r) for r in results]
    work.sort(key=lambda w: w[:2])
    proposals: list[Proposal] = []
    last: Proposal | None = None  # the last progress report, for "the remaining N"
    for _, _, item, result in work:
        proposal = None
        if last is not None and not (result is not None and result.mention):
            proposal = _continued(item, result, last, by_id[last.candidate_id or 0], sitting)
        if proposal is None and item is not None:
            proposal = _link_item(item, queries[id(item)], pool)
        elif proposal is None and result is not None and result.mention:
            proposal = _link_mention(result, queries[id(result)], pool, sitting)
        elif proposal is None and result is not None:
            proposal = _link_result(result, queries[id(result)], pool, sitting)
        if proposal is None:
            continue
        proposals.append(proposal)
        if proposal.relation == "progress" and proposal.result is not None and not proposal.result.mention:
            last = proposal
            if (moved := _date_moved(proposal, by_id[proposal.candidate_id or 0], items, pool, sitting)) is not None:
                proposals.append(moved)
    proposals.sort(key=lambda p: (p.start, p.end))
    return _new_rounds(proposals, by_id, sitting)


def _new_rounds(proposals: list[Proposal], by_id: dict[int, Candidate], sitting: date) -> list[Proposal]:
    """An item like a stored commitment whose time is up and whose outcome the same briefing
    reports (done, or partly done after its deadline) is a new round of it, not the old one
    again: "NITB trained 2,450 officers during FY2021-22" and "a refresher course for 1,500
    officers in the current fiscal year". Words that carry the old one on ("the remaining",
    "now", "moved"), or the report's own sentence, keep it a restatement."""
    closed = {
        p.candidate_id: p.result.sentence_start
        for p in proposals
        # A mention names the thing, and no words of it report an outcome: it closes nothing.
        if p.relation == "progress"
        and p.status in ("done", "partly_done")
        and p.result is not None
        and not p.result.mention
    }
    out = []
    for p in proposals:
        chosen = by_id.get(p.candidate_id) if p.candidate_id is not None else None
        if (
            p.relation == "restatement"
            and p.item is not None
            and chosen is not None
            and p.candidate_id in closed
            # "... opened in Nairobi, while the office in Baku will start work in July": the
            # rest of what the report's own sentence was about.
            and closed[p.candidate_id] != p.item.excerpts[0].start
            and chosen.deadline is not None
            and chosen.deadline < sitting
            and p.new_deadline is not None
            and not _SAME_CUE.search(p.item.deliverable or p.item.title)
            and not _REMAINDER.search(p.item.deliverable or p.item.title)
            and not _raised(p.item, chosen)
            and not _one_of_its_list(p.item, chosen)
        ):
            due = chosen.deadline.isoformat()
            why = f"a new round: the briefing reports the outcome of {chosen.title!r}, due {due}"
            p = Proposal(
                "new", p.start, p.end, p.sentence, p.score, why, item=p.item, nearest=p.nearest,
            )  # fmt: skip
        out.append(p)
    return out


def _one_of_its_list(item: ParsedCommitment, chosen: Candidate) -> bool:
    """The item names a place or thing the stored promise listed ("desks in Karachi, Lahore and
    Islamabad", then "the desk at RTO Islamabad by October"): the rest of that list, not a new round."""
    listed = {
        w.lower()
        for text in chosen.texts
        for m in _LISTED.finditer(text)
        for w in re.findall(r"[A-Z][\w-]+", m.group())
    }
    own = item.deliverable or item.title
    # An abbreviation listed ("LESCO, PESCO and HESCO") is named as written, with no capital after it.
    return bool(listed & (_names(own) | {w.lower() for w in _ACRONYM.findall(own)}))


def _raised(item: ParsedCommitment, chosen: Candidate) -> bool:
    """The item counts what the stored target counts, and more of it: the same count carried on
    to a higher figure ("15,000 outlets" by June 2021, then "22,000 outlets" by June 2022), where a
    new round counts afresh ("a refresher course for 1,500" after 3,000 were to be trained)."""
    if item.target_value is None or chosen.target_value is None or not item.target_unit or not chosen.target_unit:
        return False
    return _unit(item.target_unit) == _unit(chosen.target_unit) and item.target_value > chosen.target_value


def _item_span(item: ParsedCommitment) -> tuple[int, int, str]:
    excerpt = item.excerpts[0]
    words = item.deliverable
    offset = excerpt.text.find(words) if words else -1
    if offset < 0:
        return excerpt.start, excerpt.end, excerpt.text
    return excerpt.start + offset, excerpt.start + offset + len(words), excerpt.text


_PRONOUN_START = re.compile(r"(?:its|it|they|their|this)\b", re.IGNORECASE)
# Urdu "یہ"/"اسے"/"انہیں" (it, them) refer back as "it" and "them" do.
_BACK_REFERENCE = re.compile(r"\b(?:it|them|these|those|یہ|اسے|انہیں)\b", re.IGNORECASE)
# In an item's own words "it" before a verb is the body acting ("the six planes it is taking on
# dry lease"), not the thing promised again; "release it in October" is.
_OBJECT_REFERENCE = re.compile(
    r"\b(?:it(?!\s+(?:is|was|has|had|would|will|can|could|shall|may|plans|intends|aims)\b)|them|these|those"
    r"|یہ|اسے|انہیں)\b"
    # "has yet to award the contract, and now says it will do so by April": "do so" is that act.
    r"|\bdo(?:ing)?\s+so\b",
    re.IGNORECASE,
)
_REMAINDER = re.compile(
    r"\b(?:remaining|the\s+rest|the\s+balance|باقی|بقیہ)\b"
    # "one aircraft had been received, and the second would be delivered by August": the second
    # or the other one of those reported, with no noun of its own.
    r"|\bthe\s+(?:second|other)(?=\s+(?:one\s+|(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
    r"(?:would|will|is|was|has|had|shall|could|should|remains?)\b)",
    re.IGNORECASE,
)


def _continued(
    item: ParsedCommitment | None, result: Result | None, last: Proposal, chosen: Candidate, sitting: date
) -> Proposal | None:
    """What continues ``last``'s report: "the remaining N ..." just after it (a restatement), or a
    clause of its sentence that starts "its ..." (a further report on the same commitment)."""
    assert last.result is not None
    if result is not None and _PRONOUN_START.match(result.text) and result.sentence_start == last.result.sentence_start:
        # "The HR module was piloted in four divisions; its wider roll-out has been dropped".
        chosen_reason = f'"{result.text.split()[0].lower()}": the clause before it'
        if (raised := _target_changed(result.text, chosen)) is not None:
            # "...; this year's target has been raised from 1,200 to 1,500": its target moved.
            return Proposal(
                "restatement", result.start, result.end, result.text, last.score,
                "; ".join([chosen_reason, *_changes(chosen, None, raised)]), chosen.id, result=result,
                new_target=raised, nearest=last.nearest,
            )  # fmt: skip
        status, why = _status(result, chosen, sitting)
        actual = (result.actual.value, result.actual.unit) if result.actual is not None else None
        return Proposal(
            "progress", result.start, result.end, result.text, last.score, f"{chosen_reason}; {why}", chosen.id,
            result=result, status=status, actual=actual, nearest=last.nearest,
        )  # fmt: skip
    if result is not None and result.status == "restated" and result.sentence_start == last.result.sentence_start:
        if _BACK_REFERENCE.search(result.text) and not _NEW_CUE.search(result.text):
            # "The draft has not been sent; it will now go to the cabinet in October."
            new_deadline = _first_deadline(result.text, sitting)
            new_deadline = new_deadline if new_deadline != chosen.deadline else None
            reasons = [f'"{_BACK_REFERENCE.search(result.text).group().lower()}": the report before it']  # type: ignore[union-attr]
            return Proposal(
                "restatement", result.start, result.end, result.text, last.score,
                "; ".join(reasons + _changes(chosen, new_deadline, None)), chosen.id, result=result,
                new_deadline=new_deadline, nearest=last.nearest,
            )  # fmt: skip
    if item is not None and item.excerpts[0].start == last.result.sentence_start:
        own = item.deliverable or item.title
        if _OBJECT_REFERENCE.search(own) and not _NEW_CUE.search(own):
            # "The IM had not yet been issued and PTA would release it in October": "it" is
            # what the report before it in the sentence was about, promised again.
            start, end, sentence = _item_span(item)
            new_deadline = item.deadline if item.deadline is not None and item.deadline != chosen.deadline else None
            reasons = [f'"{_OBJECT_REFERENCE.search(own).group().lower()}": the report before it']  # type: ignore[union-attr]
            reasons += _changes(chosen, new_deadline, None)
            return Proposal(
                "restatement", start, end, sentence, last.score, "; ".join(reasons), chosen.id, item=item,
                new_deadline=new_deadline, nearest=last.nearest,
            )  # fmt: skip
    if item is not None and _date_again(item, last, chosen, sitting):
        # "Bids could not be invited in February ... The Committee was assured that the bids would
        # now be invited by the end of July": the next sentence says the same thing "now" happens
        # later, in the report's own words; the thing held up, given a new date.
        start, end, sentence = _item_span(item)
        reasons = ['"now", in the words of the report just before it', *_changes(chosen, item.deadline, None)]
        return Proposal(
            "restatement", start, end, sentence, last.score, "; ".join(reasons), chosen.id, item=item,
            new_deadline=item.deadline, nearest=last.nearest,
        )  # fmt: skip
    if item is not None:
        start, end, sentence = _item_span(item)
        words = item.deliverable or item.title
        sentence_start = item.excerpts[0].start
    elif result is not None and result.status == "restated":
        start, end, sentence, words, sentence_start = (
            result.start,
            result.end,
            result.text,
            result.text,
            result.sentence_start,
        )
    else:
        return None
    # The report's clause may run to the sentence's end and hold the remainder ("1,650 of the 2,700
    # had been decided and the remaining cases would be disposed of by March"): after its start.
    if start <= last.start and end <= last.end:
        return None
    if not _REMAINDER.search(words):
        if item is not None and sentence_start == last.result.sentence_start and _one_of_its_list(item, chosen):
            # "the audits of PESCO and HESCO had been finished and the LESCO audit would be wrapped
            # up by August", of "LESCO, PESCO and HESCO": the rest of that list, in the report's sentence.
            new_deadline = item.deadline if item.deadline is not None and item.deadline != chosen.deadline else None
            reasons = ["the rest of the list its progress report named"] + _changes(chosen, new_deadline, None)
            return Proposal(
                "restatement", start, end, sentence, last.score, "; ".join(reasons), chosen.id, item=item,
                new_deadline=new_deadline, nearest=last.nearest,
            )  # fmt: skip
        return None
    # The same sentence, or the one right after it (nothing but spaces between); further on,
    # only a remainder that adds up with the part reported to the whole ("480 of the 1,200
    # flats", later "the remaining 720 flats").
    near = sentence_start == last.result.sentence_start or _adjacent(last.result, sentence_start)
    if not near and not (item is not None and _adds_up(last.result, item, chosen)):
        return None
    deadline = item.deadline if item is not None else _first_deadline(words, sitting)
    new_deadline = deadline if deadline is not None and deadline != chosen.deadline else None
    reasons = [f'"{_REMAINDER.search(words).group().lower()}" after the progress report on it']  # type: ignore[union-attr]
    reasons += _changes(chosen, new_deadline, None)
    return Proposal(
        "restatement", start, end, sentence, last.score, "; ".join(reasons), chosen.id, item=item, result=result,
        new_deadline=new_deadline, nearest=last.nearest,
    )  # fmt: skip


def _date_again(item: ParsedCommitment, last: Proposal, chosen: Candidate, sitting: date) -> bool:
    """Whether ``item``, in the sentence right after ``last``'s report of ``chosen`` held up or
    under way, gives ``chosen`` a later date "now": its words say "now" (nothing "further" or
    "another"), and every content word it has besides its date is one the report used."""
    assert last.result is not None
    own = item.deliverable or item.title
    if (
        last.status not in ("stalled", "in_progress", "partly_done")
        or not _adjacent(last.result, item.excerpts[0].start)
        or not _NOW.search(own)
        or _NEW_CUE.search(own)
        or item.deadline is None
        or chosen.deadline is None
        or not chosen.deadline < sitting < item.deadline
    ):
        return False
    dates = {w for d in find_deadlines(own, sitting) for w in _content(d.text).split()}
    mine = set(_content(own).split()) - dates - {"now"}
    return bool(mine) and mine <= set(_content(last.result.text).split())


def _adds_up(report: Result, item: ParsedCommitment, chosen: Candidate) -> bool:
    """The part a report counted and the remainder an item promises make the whole (the report's
    "of N", else the stored target)."""
    if report.actual is None:
        return False
    count = _REMAINDER_COUNT.search(for_matching(item.deliverable or item.title))
    rest = float(count.group(1).replace(",", "")) if count is not None else item.target_value
    whole = report.of_total.value if report.of_total is not None else chosen.target_value
    if rest is None or not whole:
        return False
    return abs(report.actual.value + rest - whole) <= 1e-9 * whole


# "the remaining 720", "بقیہ ۷۲۰" (Urdu digits read as Western ones first).
_REMAINDER_COUNT = re.compile(r"\b(?:remaining|باقی|بقیہ)\s+(\d{1,3}(?:,\d{3})+|\d+)(?![\d.])", re.IGNORECASE)


def _adjacent(previous: Result, sentence_start: int) -> bool:
    return 0 <= sentence_start - previous.sentence_end <= 3


def _first_deadline(words: str, sitting: date) -> date | None:
    return next((d.date for d in find_deadlines(words, sitting) if d.date is not None), None)


def _item_side(item: ParsedCommitment, owners: Collection[str], abbreviations: dict[str, str] | None = None) -> _Side:
    own = item.deliverable or item.title
    if _OBJECT_REFERENCE.search(own):
        # "PTA would release it in October": what "it" is, the rest of the sentence says.
        return _read((item.title, item.excerpts[0].text), owners, abbreviations)
    # "... opened by December, as work on two bridges over the Kurram river had been held up":
    # the reason says why it moved, not what it is; a place it names is no other thing.
    return _read((item.title, _REASON.sub("", own)), owners, abbreviations)


def _without_reason(text: str) -> str:
    """A result's words less why it stands as it does: "work ... had stalled since April because
    the contractor had not been paid the second instalment" is about the work, not an instalment."""
    return _BECAUSE.sub("", _REASON.sub("", text))


_BECAUSE = re.compile(r"\s+because\s+(?:of\s+)?.*$", re.IGNORECASE | re.DOTALL)
_REASON = re.compile(
    r",\s+(?:as|because|since)\s+(?=(?:[\w'-]+\s+){0,12}?(?:had|has|have|was|were)\b).*$", re.IGNORECASE | re.DOTALL
)


def _link_item(item: ParsedCommitment, new: _Side, pool: _Pool) -> Proposal:
    start, end, sentence = _item_span(item)
    own = item.deliverable or item.title
    ranked = pool.ranked(
        item, new, own, item.owner, theme=item.theme, unit=item.target_unit, kind=item.kind, names=True,
        figure=item.target_value,
    )  # fmt: skip
    if pool.sitting is not None and item.deadline is not None and not _NEW_CUE.search(own):
        now = bool(_NOW.search(own))
        ranked = _guarded(
            _ranked([_moved_on(entry, item.deadline, pool.sitting, now) for entry in ranked]), new, pool.rarity
        )
    if m := _ALSO.search(own):
        ranked = _guarded(_ranked([(v - 0.10, c, _also(sc, m.group())) for v, c, sc in ranked]), new, pool.rarity)
    if not ranked or ranked[0][0] < pool.restate_at:
        best = f"; nearest scored {ranked[0][0]:.2f}" if ranked else ""
        return Proposal(
            "new", start, end, sentence, round(ranked[0][0], 3) if ranked else 0.0,
            "nothing stored matches well enough" + best, item=item, nearest=_nearest(ranked),
        )  # fmt: skip
    value, chosen, score = ranked[0]
    new_deadline = item.deadline if item.deadline and item.deadline != chosen.deadline else None
    new_target = None
    unit = item.target_unit
    if item.target_value is not None and unit is not None and unit == chosen.target_unit and not _REMAINDER.search(own):
        # "The remaining 260 km": the total is unchanged, the item carries the remainder.
        if chosen.target_value is None or abs(item.target_value - chosen.target_value) > 1e-9 * abs(item.target_value):
            new_target = (item.target_value, unit)
    reasons = score.reasons + _changes(chosen, new_deadline, new_target)
    return Proposal(
        "restatement", start, end, sentence, round(value, 3), "; ".join(reasons), chosen.id, item=item,
        new_deadline=new_deadline, new_target=new_target, nearest=_nearest(ranked),
    )  # fmt: skip


_ALSO = re.compile(r"\b(?:also|similar)\b|(?:^|\s)بھی(?:\s|$)", re.IGNORECASE)


def _also(score: _Score, word: str) -> _Score:
    score.reasons.append(f'"{word.strip()}"')
    return score


# "now" ("اب"; "اب تک" is "so far"): a date given again.
_NOW = re.compile(r"\bnow\b|(?:^|\s)اب(?!\s+تک)\s", re.IGNORECASE)


def _moved_on(
    entry: tuple[float, Candidate, _Score], deadline: date, sitting: date, now: bool
) -> tuple[float, Candidate, _Score]:
    """A promise "now" due later than a stored one whose date has passed by the sitting is that
    one moved on ("the draft would now reach the Law Division by March", due in October), and so
    is the body directed giving a date once its directive's time ran out: +10 %."""
    value, candidate, score = entry
    if candidate.deadline is None or not candidate.deadline < sitting or not deadline > candidate.deadline:
        return entry
    if not now and _DIRECTED_ANSWERS not in score.reasons:
        return entry
    score.reasons.append("due after its passed date")
    return value + 0.10, candidate, score


def _changes(chosen: Candidate, deadline: date | None, target: tuple[float, str] | None) -> list[str]:
    out = []
    if deadline is not None:
        was = chosen.deadline.isoformat() if chosen.deadline else "none"
        out.append(f"deadline moved {was} -> {deadline.isoformat()}")
    if target is not None:
        was = _figure(chosen.target_value, chosen.target_unit) if chosen.target_value is not None else "none"
        out.append(f"target {was} -> {_figure(*target)}")
    return out


def _figure(value: float | None, unit: str | None) -> str:
    if value is None:
        return "none"
    for factor, word in ((1e9, " billion"), (1e6, " million")):
        if abs(value) >= factor:
            return f"{value / factor:g}{word} {unit}"
    return f"{value:g} {unit}"


def _link_result(result: Result, new: _Side, pool: _Pool, sitting: date) -> Proposal | None:
    unit = result.actual.unit if result.actual else None
    unit = unit or None  # a bare figure ("612" achieved) names no unit to rank by
    answers = _ANSWERS_COMMITTEE.search(result.text) is not None
    whole = result.of_total.value if result.of_total is not None else None
    verb = result.cue.split()[-1] if result.cue.split() else ""
    said = _without_reason(result.text)
    ranked = pool.ranked(result, new, said, result.owner, unit=unit, answers=answers, whole=whole, verb=verb)
    if not ranked or ranked[0][0] < pool.progress_at:
        return None
    value, chosen, score = ranked[0]
    if result.actual is not None and not result.actual.unit:
        # A bare figure counts what the chosen commitment's target counts; with no unit stored,
        # no unit is made up, so no actual.
        counted = replace(result.actual, unit=chosen.target_unit) if chosen.target_unit else None
        result = replace(result, actual=counted, of_total=result.of_total if counted else None)
    if (raised := _target_changed(result.text, chosen)) is not None:
        # "this year's target has been raised from 1,200 to 1,500": the stored figure, then the new one.
        reasons = score.reasons + _changes(chosen, None, raised)
        return Proposal(
            "restatement", result.start, result.end, result.text, round(value, 3), "; ".join(reasons), chosen.id,
            result=result, new_target=raised, nearest=_nearest(ranked),
        )  # fmt: skip
    if result.status == "restated":
        deadline = _first_deadline(result.text, sitting)
        deadline = deadline if deadline != chosen.deadline else None
        target = None
        if result.actual is not None and result.actual.unit == chosen.target_unit:
            if chosen.target_value is None or result.actual.value != chosen.target_value:
                target = (result.actual.value, result.actual.unit)
        elif result.actual is None and chosen.target_value is not None and chosen.target_unit:
            # "has lowered its target ... to 280,000": a bare figure counts what the target counts.
            bare = _BARE_FIGURE.search(result.text, result.text.find(result.cue))
            if bare is not None and float(bare.group(1).replace(",", "")) != chosen.target_value:
                target = (float(bare.group(1).replace(",", "")), chosen.target_unit)
        if deadline is None and target is None:
            return None
        reasons = score.reasons + _changes(chosen, deadline, target)
        return Proposal(
            "restatement", result.start, result.end, result.text, round(value, 3), "; ".join(reasons), chosen.id,
            result=result, new_deadline=deadline, new_target=target, nearest=_nearest(ranked),
        )  # fmt: skip
    status, why = _status(result, chosen, sitting)
    actual = (result.actual.value, result.actual.unit) if result.actual is not None else None
    reasons = [*score.reasons, f'"{" ".join(result.cue.split())}": {why}']
    return Proposal(
        "progress", result.start, result.end, result.text, round(value, 3), "; ".join(reasons), chosen.id,
        result=result, status=status, actual=actual, nearest=_nearest(ranked),
    )  # fmt: skip


def _link_mention(result: Result, new: _Side, pool: _Pool, sitting: date) -> Proposal | None:
    """A mention (a sentence no cue read) about a stored commitment, scored as a result clause is,
    proposed only at :data:`MENTION_AT` or above and :data:`MENTION_MARGIN` ahead of the next
    candidate. What it implies is read by grammar, not by words of things: a date after the
    sitting other than the stored one restates it; a negated clause ("has not yet been
    approved", "ابھی تک ... نہیں") is ``stalled``; an amount that is a share of the target gives
    the status a result's share would; the aspect of its verb gives one too (work going on is
    ``in_progress``, a delivered thing in use is done, :func:`_aspect`); a hedged sentence
    (:data:`_UNSURE`: "could", "might", "if") gives no status, date nor actual; anything else is
    progress with no status, which on acceptance keeps the sentence as evidence and changes
    nothing else."""
    if len(new.words.split()) < MENTION_WORDS:
        return None  # "Islamabad, April 18:": too few words of its own to name anything
    unit = (result.actual.unit if result.actual else None) or None
    answers = _ANSWERS_COMMITTEE.search(result.text) is not None
    whole = result.of_total.value if result.of_total is not None else None
    ranked = pool.ranked(
        result, new, _without_reason(result.text), result.owner, unit=unit, answers=answers, whole=whole
    )
    if not ranked or ranked[0][0] < pool.mention_at:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MENTION_MARGIN:
        return None  # two stored commitments alike: a mention names neither clearly enough
    value, chosen, score = ranked[0]
    unsure = _UNSURE.search(result.text) is not None
    if unsure:
        # "could slip again if ...", "could reach 27 million tonnes this year": what may be is no
        # status, no date and no actual; the sentence is still evidence of what is said of it.
        result = replace(result, status=MENTIONED, actual=None, of_total=None)
    deadline = None if unsure else _limit(result.text, sitting)
    if deadline is not None and deadline > sitting and deadline != chosen.deadline:
        reasons = [*score.reasons, "mentioned with another date", *_changes(chosen, deadline, None)]
        return Proposal(
            "restatement", result.start, result.end, result.text, round(value, 3), "; ".join(reasons), chosen.id,
            result=result, new_deadline=deadline, nearest=_nearest(ranked),
        )  # fmt: skip
    status: str | None = None
    actual = None
    if result.status == "stalled":
        status, why = "stalled", f'mentioned, "{" ".join(result.cue.split())}": not done'
    elif (
        result.actual is not None
        and result.actual.unit
        and (_share(result, chosen) is not None or (result.actual.unit == "%" and _SHARE_OF.search(result.text)))
    ) or (not unsure and result.actual is None and _urdu_share(result.text) is not None):
        # "پشاور میں کام 60 فیصد" too: a share read from the words where no amount was.
        status, why = _status(replace(result, status="progress"), chosen, sitting)
        why = f"mentioned with {why}"
        actual = (result.actual.value, result.actual.unit) if result.actual is not None else None
    elif not unsure and _aspect(result.text):
        # "work on the second phase is being carried out", "the portal is now operational": the
        # aspect of its verb says how far it got, though no cue read it.
        status, why = _status(replace(result, status="progress", actual=None, of_total=None), chosen, sitting)
        why = f"mentioned, {why}"
    else:
        why = f"{MENTIONED}: no change of status read (accepting keeps the sentence as evidence only)"
    return Proposal(
        "progress", result.start, result.end, result.text, round(value, 3), "; ".join([*score.reasons, why]),
        chosen.id, result=result, status=status, actual=actual, nearest=_nearest(ranked),
    )  # fmt: skip


# A date a mention sets as a limit: "by", "until", "till", "to", "within", "before" it ("تک",
# "سے پہلے", "کے اندر" after it); "in July" says when something happened, "this year" how far.
_LIMIT_BEFORE = re.compile(r"\b(?:by|until|till|to|within|before)\s+(?:the\s+)?(?:end\s+of\s+)?$", re.IGNORECASE)
_LIMIT_IN = re.compile(r"^(?:by|until|till|within|before)\b|(?:تک|پہلے|اندر)$", re.IGNORECASE)
# A condition or a possibility sets no date: "could slip again if ... was not approved by July";
# "could not" says what failed, not what may be (a negated mention is stalled).
_UNSURE = re.compile(
    r"\b(?:if|unless|could(?!\s+not\b)|might|subject\s+to)\b|(?:^|\s)(?:اگر|شاید|ممکن)(?:\s|$)", re.IGNORECASE
)


# "from January to July", "جنوری سے جولائی تک", "for the period July 2025 to June 2026",
# "covering July 2025 till December 2025": a date right before "to", "till", "until" or a dash
# opens a period, and the date after it closes the period; neither is a limit.
_PERIOD_BEFORE = re.compile(r"(?:\bfrom\b[^,.;]{0,30}|سے\s+)$", re.IGNORECASE)
_PERIOD_START = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2},?)?\s+|\b)(?:19|20)\d\d(?:-\d\d)?"
    r"\s*(?P<to>\b(?:to|till|until)\b|[–-])?\s*$",
    re.IGNORECASE,
)
_PERIOD_TO = re.compile(r"(?:to|till|until)\b|[–-]", re.IGNORECASE)


def _limit(words: str, sitting: date) -> date | None:
    """The first date ``words`` set as a limit, not the end of a period ("from ... to", "July
    2025 to June 2026")."""
    for found in find_deadlines(words, sitting):
        if found.date is None or _PERIOD_BEFORE.search(words, 0, found.start):
            continue
        start = _PERIOD_START.search(words, 0, found.start)
        if start is not None and (start.group("to") or _PERIOD_TO.match(found.text)):
            continue  # "July 2025 to June 2026", "2024 till March 2025": the period's end
        if _LIMIT_IN.search(found.text) or _LIMIT_BEFORE.search(words, 0, found.start):
            return found.date
    return None


def _date_moved(
    report: Proposal, chosen: Candidate, items: Sequence[ParsedCommitment], pool: _Pool, sitting: date
) -> Proposal | None:
    """The restatement a progress report carries in its own clause: a date after the sitting,
    not the stored one ("has set up nine of the 14 stations and expects the remaining five to open
    by March"; a date something "would", "will", "is expected to" happen by), where no item of
    the briefing holds those words. Its words run from the last
    "and", "but", "while" or semicolon before the date; what was done stays the report's. A
    report read as done carries one too ("has widened it to 48 cities ... and now expects to
    finish it by November"): what is still to finish has a date. Those words must be about the
    report's commitment: they refer back to it ("it", "the rest", "the remaining five"), or,
    scored as a clause of their own, ``chosen`` comes first among the stored candidates; "and
    the freight line's feasibility is now expected by May" moves another promise's date, not its."""
    result = report.result
    if result is None or report.status == "dropped":
        return None
    # The clause and the rest of its sentence up to the next result clause: "could not be signed
    # in December as ..., and that the agreement would now be signed by June" (the parser cut
    # the clause before its "and that").
    words = result.text + result.after
    for found in find_deadlines(words, sitting):
        if found.date is None or found.date <= sitting or found.date == chosen.deadline:
            continue
        joins = list(_JOIN.finditer(words, 0, found.start))
        at = joins[-1].start() if joins else 0
        if not _AHEAD.search(words, at, found.end):
            continue  # "training resumed in March": when it happened, not a date ahead
        start, end = result.start + at, result.start + found.end
        if any(_item_span(i)[0] < end and start < _item_span(i)[1] for i in items):
            return None
        said = words[at : found.end]
        if not _REFERS_BACK.search(said) and not _names_first(said, result, chosen, pool):
            return None  # "; the audit of the accounts is expected by November": another thing's date
        reasons = [f'a new date in the report on it: "{found.text}"', *_changes(chosen, found.date, None)]
        return Proposal(
            "restatement", start, end, said, report.score, "; ".join(reasons), chosen.id,
            result=result, new_deadline=found.date, nearest=report.nearest,
        )  # fmt: skip
    return None


# Words that point back to what the report is about: "it", "its", "they", "the rest", "the
# remaining five", "the balance"; Urdu "باقی", "بقیہ" (the rest), "یہ" (it).
_REFERS_BACK = re.compile(
    r"\b(?:it|its|they|them|remaining|the\s+rest|the\s+balance|do(?:ing)?\s+so)\b|(?:^|\s)(?:باقی|بقیہ|یہ|اسے)(?:\s|$)",
    re.IGNORECASE,
)


def _names_first(words: str, result: Result, chosen: Candidate, pool: _Pool) -> bool:
    """Whether ``words``, scored as a clause of their own against the candidates ``result`` was
    scored against, put ``chosen`` first and at the score a result clause is proposed at
    (:data:`PROGRESS_AT`): "and that the agreement would now be signed by June" names the loan."""
    side = _read((words,), pool.owners)
    side.bodies = {b.canonical for b in pool.aliases.find(words)}
    ranked = pool.ranked(result, side, words, result.owner)
    return bool(ranked) and ranked[0][1].id == chosen.id and ranked[0][0] >= pool.progress_at


# A date ahead is one something "would", "will", "is expected to" happen by; Urdu "گا/گی/گے"
# (will), "توقع" (expected), "اب ... تک" (now by).
_AHEAD = re.compile(
    r"\b(?:will|would|shall|expect\w*|now|likely|scheduled|slated|due\s+(?:by|in)|aims?\s+to|plann(?:ed|ing)\s+to)\b"
    r"|(?:گا|گی|گے|توقع|امید)(?:\s|$|۔)|(?:^|\s)اب\s(?!تک)",
    re.IGNORECASE,
)
# Where a clause turns from what was done to what comes next.
_JOIN = re.compile(r",?\s+(?:and|but|while|whereas)\s+|;\s+|\s+اور\s+|،\s*", re.IGNORECASE)


# "the target ... from 1,200 to 1,500 officers", "ہدف ۱۲۰۰ سے بڑھا کر ۱۵۰۰ افسران" (Urdu digits
# read as Western ones): the figure it was, the figure it is now, and what that counts.
_TARGET_FROM_TO = re.compile(
    r"\b(?:target|goal)\b(?:\W+\w+){0,8}?\W+from\s+(\d[\d,]*)\s+(?:\w+\s+)?to\s+(\d[\d,]*)\s*(\w*)"
    r"|ہدف(?:\s+\S+){0,6}?\s+(\d[\d,]*)\s+سے\s+(?:\S+\s+){0,2}?کر(?:\s+کے)?\s+(\d[\d,]*)\s*(\S*)",
    re.IGNORECASE,
)


def _target_changed(text: str, chosen: Candidate) -> tuple[float, str] | None:
    """The new target a clause sets when it names the stored target's figure and then another
    ("the target has been raised from 1,200 to 1,500 officers"): in the unit the stored target
    counts, else in the word after the new figure. The figure it was must be the stored target,
    or, where none was read, a count the stored sentence states."""
    m = _TARGET_FROM_TO.search(for_matching(text))
    if m is None:
        return None
    was_text, now_text, unit = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
    was, now = float(was_text.replace(",", "")), float(now_text.replace(",", ""))
    if now == was:
        return None
    if chosen.target_value is not None:
        stated = was == chosen.target_value
    else:
        stated = any(was_text.replace(",", "") in _counts(t) for t in chosen.texts)
    unit = chosen.target_unit or unit
    return (now, unit) if stated and unit else None


_BARE_FIGURE = re.compile(r"\bto\s+(\d{1,3}(?:,\d{3})+|\d+)(?!\d|[.,]\d|\s*(?:%|percent|per\s+cent))")


def _status(result: Result, chosen: Candidate, sitting: date) -> tuple[str, str]:
    """The status a result implies for ``chosen``, and why, in words."""
    if result.status in ("dropped", "stalled"):
        return result.status, result.status
    due = chosen.deadline is not None and chosen.deadline < sitting
    ratio = _share(result, chosen)
    if ratio is not None and result.of_total is None and _is_ceiling(chosen):
        # "keep circular debt within Rs 2,100 billion": at or under the cap is the target met.
        share = f"{ratio:.0%} of a ceiling"
        if ratio > 1:
            return ("partly_done", share + ", deadline passed") if due else ("in_progress", share)
        return ("done", share + ", deadline passed") if due else ("in_progress", share + ", deadline not passed")
    if ratio is None and result.actual is not None and result.actual.unit == "%" and _SHARE_OF.search(result.text):
        # "91 percent of the civil works had been completed": that share of the thing itself.
        ratio = result.actual.value / 100
    elif ratio is None and result.actual is None:
        # "۴۵ فیصد تعمیراتی کام مکمل ہو چکا ہے": the share, where no amount was read from it.
        ratio = _urdu_share(result.text)
    if ratio is not None:
        share = f"{ratio:.0%} of the target"
        if ratio >= 1:
            return "done", share
        if due:
            return "partly_done", share + ", deadline passed"
        if _RELEASED.search(result.cue):
            # "Rs 250 million of the Rs 380 million sought was released": money is released once;
            # what came short of what was sought is part of it, whatever the deadline.
            return "partly_done", share + ", released short"
        return "in_progress", share + ", deadline not passed"
    aspect = _aspect(result.text)
    if aspect == "working" and result.of_total is None and not _part_of_list(result.text, chosen):
        # "the portal is now operational", "نظام ... کام کر رہا ہے": the thing delivered is in use;
        # one of the places a promise listed in use is work going on, not the whole of it.
        result = replace(result, status="done")
    elif aspect == "ongoing":
        # "is being built", "are under way", "کام جاری ہے": work going on is not done, whatever
        # the deadline ("a monthly report ... is being received" is never done either).
        return "in_progress", "work going on"
    if _ALL_OF.search(result.text) and not result.short:
        # "all 90 vans have been bought", "تمام ۹۰ گاڑیاں خرید لی گئی ہیں": the whole of it.
        return "done", "all of it reported"
    if (
        result.status == "progress"
        and result.actual is None
        and _STARTED.search(result.cue)
        and any(_STARTED.search(t) for t in (chosen.title, *chosen.texts[:1]))
    ):
        # "training would start in March" and "the sessions started in April": a promise to
        # start is kept once the thing has started.
        return "done", "started, as promised"
    if result.status == "done" and _SO_FAR.search(clause := _cue_clause(result)) and FIGURE.search(clause):
        # "six warehouses have been completed so far", "اب تک ۶ گودام مکمل": a count so far is
        # how far it has got, not the whole of it.
        return ("partly_done", "so far, deadline passed") if due else ("in_progress", "so far, deadline not passed")
    if result.status == "done":
        if result.short:
            return "partly_done", "done only in part"
        listed = _part_of_list(result.text, chosen)
        if listed:
            return "partly_done", listed
        return "done", "in use now" if aspect == "working" else "reported delivered"
    if chosen.kind == "directive" and result.actual is None and _ANSWERS_COMMITTEE.search(result.text):
        # "the list sought by the committee had reached it only last week": what the committee
        # asked for, come to it, is the request met.
        return "done", "what the committee asked for, given"
    if due:
        return "partly_done", "deadline passed"
    return "in_progress", "work reported, deadline not passed"


_RELEASED = re.compile(r"\b(?:released|disbursed)\b|جاری\s+کر", re.IGNORECASE)
# The aspect of a clause, by its verb group. Ongoing: a passive progressive ("is being built"),
# a perfect progressive ("had been receiving ... since July"; not one of talking or waiting about
# it, :data:`_NOT_WORK_ING`), "under way", "in progress", "going
# on", "continuing"; Urdu "جاری ہے" and a progressive ("ہو رہا ہے", "کی جا رہی ہے"). In use: a
# delivered thing's state of working now ("is now operational", "is functional", "on air",
# "فعال ہے", "کام کر رہا ہے"), which is done, not under way.
_WORKING = re.compile(
    r"\b(?:(?:is|are)(?:\s+now)?|(?:was|were)\s+now)\s+(?:fully\s+)?(?:operational|functional|functioning|in\s+operation|on\s+air|live)\b"
    r"|(?:^|\s)(?:فعال|کام\s+کر\s+(?:رہا|رہی|رہے))\s+(?:ہے|ہیں)",
    re.IGNORECASE,
)
# What people do about the work, not the work going on: "traders have been complaining about the
# delays", "the Ministry has been waiting for the approval", "members had been demanding it".
_NOT_WORK_ING = (
    r"(?:complain|wait|await|ask|demand|say|tell|urg|protest|press|seek|call|rais|question|object|lobby"
    r"|agitat|criticis|criticiz|speak|talk|argu|insist|plead|request|highlight|point|stress|lament)ing\b"
)
_ONGOING = re.compile(
    r"\b(?:is|are|was|were)\s+(?:still\s+|now\s+)?being\s+[a-z]+(?:ed|en|wn|lt|t)\b"
    r"|\b(?:has|have|had)\s+(?:still\s+)?been\s+(?!being\b|" + _NOT_WORK_ING + r")[a-z]{3,}ing\b"
    r"|\b(?:is|are|was|were)\s+(?:still\s+|now\s+)?(?:under\s*way|in\s+progress|going\s+on|continuing|ongoing)\b"
    r"|(?:^|\s)جاری\s+(?:ہے|ہیں)|(?:^|\s)(?:ہو|جا)\s+(?:رہا|رہی|رہے)\s+(?:ہے|ہیں)",
    re.IGNORECASE,
)
# "... is now operational at Multan, while the equipment for Faisalabad has still not been
# installed": a negated clause beside it says not all of it is in use.
_NOT_ALL = re.compile(r"\b(?:not|never|yet\s+to)\b|(?:^|\s)نہیں(?:\s|$)", re.IGNORECASE)
# "so far", "to date", "till now", Urdu "اب تک", "تاحال": what is counted is how far it got.
_SO_FAR = re.compile(r"\b(?:so\s+far|to\s+date|till\s+now|until\s+now)\b|(?:^|\s)(?:اب\s+تک|تاحال)\s", re.IGNORECASE)


def _cue_clause(result: Result) -> str:
    """The clause of ``result.text`` that holds its cue: from the "and", "but", "while" or
    semicolon before it to the next ("went live in May and 1,900 employers have signed up so
    far": "so far" is not said of going live)."""
    text = result.text
    at = text.find(result.cue) if result.cue else -1
    if at < 0:
        return text
    joins = list(_JOIN.finditer(text))
    start = max((j.end() for j in joins if j.end() <= at), default=0)
    end = min((j.start() for j in joins if j.start() >= at + len(result.cue)), default=len(text))
    return text[start:end]


def _aspect(text: str) -> str:
    """ "working" where ``text`` says a delivered thing is in use now, "ongoing" where work on
    it goes on, else ""; by the verb group alone."""
    if _WORKING.search(text) and not _NOT_ALL.search(text):
        return "working"
    if _ONGOING.search(text):
        return "ongoing"
    return ""


# "۴۵ فیصد تعمیراتی کام مکمل ہو چکا ہے", "کام 60 فیصد", "۱۲٫۵ فیصد کام": the Urdu share of the
# work, with a word of the work done within three words of it (مکمل done, کام work, تعمیر
# building, پیش رفت progress), as "percent complete" or "percent of the works" is in English;
# "بجٹ میں 10 فیصد کٹوتی" (a 10 percent cut) and "شرح سود 22 فیصد" (the rate) are no share of it.
_URDU_WORK = r"(?:مکمل|کام|تعمیر\S*|پیش\s+رفت)(?=\s|$|۔)"
_URDU_SHARE = re.compile(
    r"(?<![0-9۰-۹.٫])(?P<share>[0-9۰-۹]{1,3}(?:[.٫][0-9۰-۹]+)?)\s*فیصد(?=(?:\s+\S+){0,2}?\s+" + _URDU_WORK + ")"
    r"|(?:^|\s)" + _URDU_WORK + r"(?:\s+\S+){0,2}?\s+(?P<after>[0-9۰-۹]{1,3}(?:[.٫][0-9۰-۹]+)?)\s*فیصد"
)
# "91 percent of the works", "80 percent complete": the share of the thing itself.
_SHARE_OF = re.compile(
    r"\d\s*(?:%|percent|per\s+cent)\s*(?:of\b|complete|done|finished|ready)|" + _URDU_SHARE.pattern,
    re.IGNORECASE,
)


def _urdu_share(text: str) -> float | None:
    """The share of the work an Urdu ``text`` states (:data:`_URDU_SHARE`), as a fraction."""
    m = _URDU_SHARE.search(text)
    if m is None:
        return None
    # float() reads Urdu digits as it does Western ones; the Urdu decimal sign it does not.
    return float((m.group("share") or m.group("after")).replace("٫", ".")) / 100


_STARTED = re.compile(r"\b(?:start\w*|began|begun|begin\w*|commenc\w*)\b|شروع", re.IGNORECASE)


# A target that is a most, not a least: "cap", "limit to", "not exceed", "keep within", "reduce
# to", "bring down to"; Urdu "تک محدود" (limited to), "سے زیادہ نہیں" (not more than), "کم کر کے" (reduced to).
_CEILING = re.compile(
    r"\b(?:cap(?:ped|s)?|ceiling|limit(?:ed)?\s+(?:\S+\s+){0,4}?to|not\s+(?:to\s+)?exceed|no\s+more\s+than"
    r"|(?:keep|kept|contain\w*)\s+(?:\S+\s+){0,4}?(?:within|under|below)"
    r"|(?:reduc\w*|cut|br(?:ing|ought)\s+down|lower\w*)\s+(?:\S+\s+){0,4}?to)\b"
    r"|محدود|زیادہ\s+نہیں|کم\s+کر",
    re.IGNORECASE,
)


def _is_ceiling(chosen: Candidate) -> bool:
    return any(_CEILING.search(text) for text in chosen.texts)


_ALL_OF = re.compile(r"\ball\s+(?:the\s+|its\s+)?\d|\bتمام\s+\d", re.IGNORECASE)
# "trade offices in Nairobi, Tashkent and Baku": the places or things a promise lists.
_LISTED = re.compile(r"\b[A-Z][\w-]+(?:,\s+[A-Z][\w-]+)*,?\s+and\s+[A-Z][\w-]+")


def _part_of_list(text: str, chosen: Candidate) -> str:
    """ "2 of the 3 named" when ``text`` names some, not all, of a list the promise named."""
    named = _names(text)
    for stated in chosen.texts:
        for m in _LISTED.finditer(stated):
            listed = {w.lower() for w in re.findall(r"[A-Z][\w-]+", m.group())}
            if named & listed and not listed <= named:
                return f"{len(named & listed)} of the {len(listed)} named"
    return ""


def _share(result: Result, chosen: Candidate) -> float | None:
    actual = result.actual
    if actual is None:
        return None
    whole = result.of_total.value if result.of_total is not None else None
    target = chosen.target_unit
    if whole is None and chosen.target_value and target and _counts_the_same(actual.unit, target):
        whole = chosen.target_value
    if not whole:
        return None
    return actual.value / whole


# --- the candidates -----------------------------------------------------------------------


def candidates(
    session: Session,
    owners: Iterable[str],
    themes: Iterable[str] | None = None,
    *,
    accepted_only: bool = True,
    aliases: AliasIndex | None = None,
) -> list[Candidate]:
    """The open commitments and directives of ``owners`` (each with every name it goes by).

    Read through the owner index (``ix_commitment_owner``), never a scan of every row; only
    open ones (not started, in progress, stalled). ``themes`` narrows to those themes.
    ``accepted_only``: only commitments a person accepted (``review == "accepted"``) are
    linked to.
    """
    index = aliases if aliases is not None else load_aliases()
    names: set[str] = set()
    for owner in owners:
        canonical = index.resolve(owner) or owner
        names.add(owner)
        names.add(canonical)
        names.update(index.names_of(canonical))
    if not names:
        return []
    table = Commitment.__table__  # type: ignore[attr-defined]
    query: Any = select(
        table.c.id,
        table.c.title,
        table.c.owner,
        table.c.theme,
        table.c.kind,
        table.c.deadline,
        table.c.target_value,
        table.c.target_unit,
        func.coalesce(table.c.excerpt, table.c.description),
        table.c.status,
    ).where(
        table.c.owner.in_(sorted(names)),
        # "status || ''": without statistics SQLite would take the status index, which holds
        # most rows; so the owner's index, small at any size, is the only one it can take.
        table.c.status.concat("").in_([str(s) for s in OPEN_STATUSES]),
    )
    if themes is not None:
        query = query.where(table.c.theme.in_(sorted(set(themes))))
    if accepted_only:
        query = query.where(table.c.review == Review.ACCEPTED.value)
    # In the owner index's order (no sort); rows fetched at once and unpacked as plain tuples:
    # attribute access and a sort over a hundred thousand rows cost a second.
    rows = session.connection().execute(query).all()
    resolved = {name: index.resolve(name) or name for name in names}
    make = Candidate._make
    return [
        make((key, title, resolved.get(owner, owner), theme, kind, deadline, value, unit, (stated,), status))
        for key, title, owner, theme, kind, deadline, value, unit, stated, status in rows
    ]
