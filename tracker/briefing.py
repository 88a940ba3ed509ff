"""The briefing parser: from a briefing's text to dated, themed commitments.

A briefing is UTF-8 text or Markdown with an optional front-matter block between ``---``
lines. The parser is pure (no database, no I/O) and deterministic; the importer stores what
it returns. How it reads a briefing:

1. **Sentences.** The body is cut into paragraphs, headings and bullet items, then into
   sentences at ``. ! ? ۔ ؟`` unless the full stop ends an abbreviation ("Sen.", "Dr.",
   "Rs.", "U.S."), an initial, or is followed by a lower-case word. A bullet item keeps the
   line that introduced its list ("Targets for FY2025-26:") as context.
2. **Is it a commitment?** Each sentence is cut into clauses ("..., while ...", "...; ...").
   A clause with a future or obligation cue (will, target, projected, plans to, committed,
   undertook, must, requires, will depend on, critical, assuming ...) is a commitment
   clause; one with a past-result verb (reached, recorded, achieved, completed ...) and no
   such cue is a past result and never comes out. A sentence with neither kind of cue is a
   commitment only when it names a future deadline (a bullet "Raast P2M rollout by March
   2026"), or when its list's lead-in is a commitment, and not when it hedges
   ("could", "may").
3. **Themes.** Every theme whose keywords occur in a commitment clause gives one mention;
   a commitment with a target or a deadline but no theme is filed under ``other``.
4. **Targets and deadlines.** Each amount ($5.2 billion, Rs. 4 bn, 50,000 people, 25%) goes
   to the nearest theme; an amount introduced by "from", "up from", "compared to" or sitting
   in a past clause is a baseline, not a target. Each mention takes the nearest deadline in
   its clause, else the sentence's only deadline. A sentence that names a target stated with
   a deadline elsewhere in the briefing ("achieving the $5.2 billion export target will
   depend on ...") inherits that deadline.
5. **Merging.** Mentions of one theme are one commitment unless their targets or deadlines
   differ (a missing value differs from nothing). The excerpt carrying the target or deadline
   comes first, the others follow in text order.
6. **Owner.** The presenter (or ``default_owner``), unless the clause names another body as
   its actor: "the State Bank will ...", "... by the FBR", "directed the PSEB to ...".
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.deadlines import NUMBER_WORDS, Deadline, find_deadlines
from tracker.fiscal import DATE_FORMS, parse_day
from tracker.themes import FALLBACK_THEME, KeywordIndex, Theme, load_themes, trie_pattern

__all__ = [
    "BriefingDateError",
    "Excerpt",
    "FrontMatter",
    "MissingDateError",
    "ParsedBriefing",
    "ParsedCommitment",
    "paragraph_around",
    "parse_briefing",
    "parse_front_matter",
]

UNASSIGNED_OWNER = "Unassigned"
TITLE_LIMIT = 80
# A "sentence" longer than this (a file with no punctuation) is cut at whitespace so that
# the work per sentence stays bounded.
_MAX_SENTENCE = 1500


class BriefingDateError(ValueError):
    """The briefing's date is missing or cannot be read."""


class MissingDateError(BriefingDateError):
    """Neither the front matter nor the caller gives the briefing's date."""


MISSING_DATE_MESSAGE = "the briefing has no date: add 'date: YYYY-MM-DD' to its front matter or pass --date"


@dataclass(frozen=True)
class FrontMatter:
    """The front-matter block of a briefing (every field optional)."""

    title: str | None = None
    date: date | None = None
    committee: str | None = None
    presenter: str | None = None
    source: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Excerpt:
    """A span of the full briefing text (front matter included): ``text == full[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ParsedCommitment:
    """One commitment found in a briefing, ready to be stored."""

    title: str
    description: str
    theme: str
    owner: str
    deadline: date | None
    deadline_text: str | None
    deadline_rule: str | None
    target_value: float | None
    target_unit: str | None
    baseline: str | None
    excerpts: tuple[Excerpt, ...]
    key: str


@dataclass(frozen=True)
class ParsedBriefing:
    """A parsed briefing: its front matter, full text, digest, date and commitments."""

    meta: FrontMatter
    text: str
    sha256: str
    date: date
    commitments: tuple[ParsedCommitment, ...]


# --- front matter -------------------------------------------------------------------------

_FENCE = re.compile(r"[ \t]*---[ \t]*(?:\r?\n|\r|$)")
_KEY_VALUE = re.compile(r"[ \t]*([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*")
_KNOWN_KEYS = ("title", "date", "committee", "presenter", "source")


def _read_front_matter(text: str) -> tuple[dict[str, str], int]:
    """The raw key/values of the front matter and where the body starts (0 if none)."""
    start = 1 if text.startswith("\ufeff") else 0
    opening = _FENCE.match(text, start)
    if opening is None:
        return {}, 0
    values: dict[str, str] = {}
    pos = opening.end()
    while pos < len(text):
        line_end = text.find("\n", pos)
        next_pos = len(text) if line_end < 0 else line_end + 1
        line = text[pos:next_pos].rstrip("\r\n")
        if _FENCE.fullmatch(line + "\n"):
            return values, next_pos
        m = _KEY_VALUE.fullmatch(line)
        if m is not None:
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[m.group(1).lower()] = value
        pos = next_pos
    return {}, 0  # no closing fence: what looked like front matter is body text


def _front_matter(values: dict[str, str], day: date | None) -> FrontMatter:
    def get(key: str) -> str | None:
        value = values.get(key, "").strip()
        return value or None

    extra = {k: v for k, v in values.items() if k not in _KNOWN_KEYS}
    return FrontMatter(get("title"), day, get("committee"), get("presenter"), get("source"), extra)


def _front_matter_date(values: dict[str, str]) -> date | None:
    raw = values.get("date", "").strip()
    if not raw:
        return None
    try:
        return parse_day(raw)
    except ValueError:
        raise BriefingDateError(f"the front matter's date {raw!r} is not a date: write it as {DATE_FORMS}") from None


def parse_front_matter(text: str) -> tuple[FrontMatter, int]:
    """Read the front matter between ``---`` lines; return it and the offset of the body.

    Unknown keys are kept in ``extra``. Without a block (or without its closing ``---``)
    the front matter is empty and the body starts at 0. A ``date:`` that is not a date
    raises :class:`BriefingDateError` (a ValueError) saying so.
    """
    values, body = _read_front_matter(text)
    return _front_matter(values, _front_matter_date(values)), body


# --- sentences ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    lead_in: int  # index of the sentence introducing this bullet's list, or -1
    bullet: bool
    block: int  # paragraph, bullet item or heading it belongs to
    heading: int  # index of the heading of its section, or -1


_BULLET = re.compile(r"[ \t]*(?:[-*+\u2022\u2023\u25e6\u25aa\u2013\u2014]|\(?\d{1,2}[.)]|\(?[a-z][)])[ \t]+")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+")
_RULE_LINE = re.compile(r"[ \t]*(?:[-*_][ \t]*){3,}")
_TABLE_LINE = re.compile(r"[ \t]*\|")
_TERMINATOR = re.compile(r"[.!?\u06d4\u061f]+[\"'\u201d\u2019)\]*_]*(?=\s)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen senator hon engr eng st no nos rs re vs etc govt dept min approx "
    "est fig co ltd inc corp pvt jr sr lt gen col maj capt brig adm sec secy addl asst dy "
    "mo mnt jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k u.n u.a.e "
    "p.m a.m viz cf al incl".split()
)
_WORD_BEFORE = re.compile(r"([\w.@&'-]+)$")


def _lines(text: str, start: int) -> Iterable[tuple[int, int]]:
    """(start, end) of every line of ``text`` from ``start``, without its line break."""
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        yield pos, line_end
        pos = end + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "*_>"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*_"):
        end -= 1
    return start, end


def _ends_sentence(text: str, block_start: int, stop: int) -> bool:
    """Whether the punctuation ending at ``stop`` closes a sentence (not "Dr." or "U.S.")."""
    nxt = stop
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if nxt >= len(text):
        return True
    following = text[nxt]
    if following.islower():
        return False
    punct = stop
    while punct > block_start and text[punct - 1] in "\"'\u201d\u2019)]*_":
        punct -= 1
    if text[punct - 1] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(block_start, punct - 40), punct - 1)
    if m is None:
        return True
    word = m.group(1).lower().strip("'-")
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    # Dotted acronyms ("U.S.", "P.M.") and initials never end a sentence here.
    return not re.fullmatch(r"(?:\w\.)+\w", word)


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _TERMINATOR.finditer(text, start, end):
        if _ends_sentence(text, start, m.end()):
            spans.append((cursor, m.end()))
            cursor = m.end()
    spans.append((cursor, end))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        while e - s > _MAX_SENTENCE:
            cut = text.rfind(" ", s + _MAX_SENTENCE // 2, s + _MAX_SENTENCE)
            cut = cut if cut > s else s + _MAX_SENTENCE
            piece = _trim(text, s, cut)
            if piece[1] > piece[0]:
                out.append(piece)
            s, e = _trim(text, cut, e)
        if e > s:
            out.append((s, e))
    return out


def _sentences(text: str, body_start: int) -> list[_Sentence]:
    """The sentences of the body, bullets marked, each bullet tied to its list's lead-in."""
    blocks: list[tuple[int, int, str]] = []  # (start, end, kind) kind: text|bullet|heading
    current: list[int] | None = None
    kind = "text"

    def flush() -> None:
        nonlocal current
        if current is not None:
            blocks.append((current[0], current[1], kind))
            current = None

    for line_start, line_end in _lines(text, body_start):
        line = text[line_start:line_end]
        if not line.strip() or _RULE_LINE.fullmatch(line):
            flush()
            continue
        heading_mark = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if heading_mark is not None:
            flush()
            blocks.append((line_start + heading_mark.end(), line_end, "heading"))
            continue
        if _TABLE_LINE.match(line):
            flush()
            # A table row: each cell is its own unit.
            for cell in re.finditer(r"[^|]+", line):
                if cell.group().strip(" \t-:"):
                    blocks.append((line_start + cell.start(), line_start + cell.end(), "bullet"))
            continue
        if bullet is not None:
            flush()
            current, kind = [line_start + bullet.end(), line_end], "bullet"
            continue
        if current is None:
            current, kind = [line_start, line_end], "text"
        else:
            current[1] = line_end
    flush()

    sentences: list[_Sentence] = []
    lead_in = heading = -1
    for block, (start, end, block_kind) in enumerate(blocks):
        spans = _split_block(text, start, end)
        if not spans:
            continue
        if block_kind == "heading":
            heading = len(sentences)
            sentences.append(_Sentence(spans[0][0], spans[-1][1], -1, False, block, -1))
            lead_in = heading
            continue
        if block_kind == "bullet":
            for s, e in spans:
                sentences.append(_Sentence(s, e, lead_in, True, block, heading))
            continue
        for s, e in spans:
            sentences.append(_Sentence(s, e, -1, False, block, heading))
        last = text[spans[-1][0] : spans[-1][1]].rstrip()
        lead_in = len(sentences) - 1 if last.endswith(":") else -1
    return sentences


# --- cues ---------------------------------------------------------------------------------

_CUE_PREFIXES: set[str] = set()


def _words(*alternatives: str) -> re.Pattern[str]:
    # Each alternative starts with letters; those prefixes feed a fast pre-filter (below).
    for alternative in alternatives:
        # The letters before any regex syntax; a letter made optional ("targets?") is not
        # part of the prefix.
        letters = re.match(r"[a-z]*(?![?*{])", alternative)
        _CUE_PREFIXES.add(letters.group() if letters else "")
    # A look-behind is markedly faster than a leading \b in Python's engine.
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


_COMMIT_CUES = _words(
    r"will",
    r"shall",
    r"would",
    r"must",
    r"should",
    r"ought\s+to",
    r"going\s+to",
    r"is\s+to",
    r"are\s+to",
    r"set\s+to",
    r"plans?\s+(?:to|for)",
    r"planned",
    r"planning\s+to",
    r"aims?",
    r"aimed",
    r"aiming",
    r"intends?",
    r"intended",
    r"targets?",
    r"targeted",
    r"targeting",
    r"goals?",
    r"objectives?",
    r"projected",
    r"projection",
    r"expected\s+to",
    r"expects?",
    r"anticipated",
    r"forecast",
    r"estimated\s+to",
    r"commit(?:s|ted|ment|ments)?",
    r"undert(?:ake|akes|aking|ook|aken)",
    r"undertakings?",
    r"pledged?",
    r"pledges",
    r"promised?",
    r"promises",
    r"vow(?:s|ed)?",
    r"assured?",
    r"assures",
    r"assurance",
    r"agreed\s+to",
    r"agrees\s+to",
    r"proposed?",
    r"proposals?",
    r"scheduled",
    r"due\s+(?:by|on|in|for|before)",
    r"deadline",
    r"timeline",
    r"depends?",
    r"depending",
    r"dependent",
    r"required?",
    r"requires",
    r"requirements?",
    r"requiring",
    r"needs?",
    r"needed",
    r"necessary",
    r"essential",
    r"crucial",
    r"critical",
    r"vital",
    r"imperative",
    r"priority",
    r"prioriti[sz]e[sd]?",
    r"urgency",
    r"urgent(?:ly)?",
    r"directed",
    r"instructed",
    r"urged",
    r"recommended",
    r"called\s+(?:for|on|upon)",
    r"sought",
    r"seeks?",
    r"ensure[sd]?",
    r"ensuring",
    r"assuming",
    r"provided\s+that",
    r"subject\s+to",
    r"conditional",
    r"contingent",
    r"to\s+be",
    r"working\s+(?:on|towards?)",
    r"in\s+the\s+process\s+of",
    r"under\s*way",
    r"in\s+the\s+pipeline",
    r"strive[sd]?",
    r"endeavou?r",
    r"asked\s+(?:the\s+)?[\w\s]{0,40}?\bto",
    r"requested",
    r"mandated",
)
_PAST_CUES = _words(
    r"reached",
    r"recorded",
    r"achieved",
    r"attained",
    r"stood",
    r"grew",
    r"rose",
    r"increased",
    r"decreased",
    r"declined",
    r"fell",
    r"dropped",
    r"registered",
    r"posted",
    r"totall?ed",
    r"amounted",
    r"surged",
    r"jumped",
    r"climbed",
    r"touched",
    r"crossed",
    r"surpassed",
    r"exceeded",
    r"generated",
    r"earned",
    r"completed",
    r"concluded",
    r"finished",
    r"delivered",
    r"launched",
    r"inaugurated",
    r"established",
    r"disbursed",
    r"released",
    r"spent",
    r"utili[sz]ed",
    r"trained",
    r"graduated",
    r"certified",
    r"enrolled",
    r"installed",
    r"deployed",
    r"signed",
    r"approved",
    r"issued",
    r"contributed",
    r"helped",
    r"enabled",
    r"saw",
    r"witnessed",
    r"remained",
    r"ended",
    r"received",
    r"awarded",
    r"collected",
    r"had",
    r"was",
    r"were",
    r"did",
    r"last\s+year",
    r"so\s+far",
    r"to\s+date",
)
# Both kinds in one pattern: one pass over each sentence instead of two.
_CUES = re.compile(rf"(?P<commit>{_COMMIT_CUES.pattern})|(?P<past>{_PAST_CUES.pattern})", re.IGNORECASE)
# Where a cue may start: its leading letters as one trie pattern, several times faster to
# scan than the cue pattern itself, which is then tried only there.
_CUE_START = re.compile(r"(?<!\w)" + trie_pattern(p for p in _CUE_PREFIXES if p), re.IGNORECASE)
# A reported question ("asked why the zone had not been notified") is nobody's commitment.
_QUESTION_CUES = _words(r"(?:asked|enquired|inquired|questioned)\s+(?:why|whether|if|how|what|when)")
_HAS_WORD = re.compile(r"[^\W\d_]{2}")
_HEDGES = _words(r"could", r"might", r"may", r"possibly", r"perhaps")
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[\u2013\u2014-]\s|,?\s+(?:while|whereas|but|although|though|however|yet)\s+"
    r"|,\s+(?:and|as)\s+(?=(?:the|this|it|we|they|its|their|a|an|these|officials?|ministry"
    r"|government)\b)",
    re.IGNORECASE,
)
_BASELINE_BEFORE = re.compile(
    r"(?:\bfrom|\bup\s+from|\bdown\s+from|\bcompared\s+(?:to|with)|\bagainst|\bbaseline\s+of"
    r"|\blast\s+year'?s|\bprevious(?:ly)?)\s+(?:the\s+|about\s+|around\s+|nearly\s+)?$",
    re.IGNORECASE,
)


# --- amounts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Amount:
    value: float
    unit: str
    start: int
    end: int


_NUMBER = r"\d+(?:,\d{2,3})*(?:\.\d+)?"
_MAGNITUDE = r"(?:thousand|k|million|mn|mln|m|billion|bn|b|trillion|tn|crores?|cr|lakhs?|lacs?|arab)"
_FACTORS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "arab": 1e9,
}
_MONEY_BEFORE = re.compile(
    r"(?P<cur>US\s?\$|\$|USD|Rs\.?|PKR)\s?(?P<num>" + _NUMBER + r")(?:\s?(?P<mag>" + _MAGNITUDE + r")(?![\w]))?",
    re.IGNORECASE,
)
_MONEY_AFTER = re.compile(
    r"(?<![\w.,$])(?P<num>" + _NUMBER + r")(?:\s?(?P<mag>" + _MAGNITUDE + r"))?\s?"
    r"(?P<cur>US\s+dollars?|dollars?|USD|rupees?|PKR)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.,$])(?P<num>" + _NUMBER + r")\s?(?:%|per\s?cent\b|percent\b)")
# Counts written as words ("three zones"); "a", "an" and "one" are too common to read as counts.
_NUMBER_WORDS = {word: n for word, n in NUMBER_WORDS.items() if word not in ("a", "an", "one")}
_COUNT = re.compile(
    r"(?<![\w.,$/-])(?P<num>" + _NUMBER + "|(?i:" + "|".join(_NUMBER_WORDS) + r"))"
    r"(?:\s?(?P<mag>thousand|million|lakhs?|crores?|k)\b)?"
    r"(?:\+|\s+(?:more|new|additional|young|skilled|trained|certified|female|male|IT|local"
    r"|international|foreign)\b)?\s+(?P<noun>[A-Za-z][A-Za-z-]{1,30})\b"
)
_NOT_COUNTED = frozenset(
    "days weeks months years hours minutes seconds quarters times percent cents dollars "
    "rupees billions millions crores lakhs per of to and or the in on by for at from with "
    "than a an is are was were will has have had that this these those".split()
)
_PEOPLE = frozenset({"people", "persons", "individuals", "person", "individual"})
# Counted things that are not plurals in -s.
_SINGULAR_UNITS = _PEOPLE | frozenset(
    "youth staff personnel women men children km kilometres kilometers tbps gbps mbps mw acres hectares".split()
)


def _amount_value(num: str, mag: str | None) -> float | None:
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    if mag:
        value *= _FACTORS.get(mag.lower(), 1.0)
    return value


def _amounts(sentence: str, blocked: Sequence[tuple[int, int]]) -> list[_Amount]:
    """Money, percentages and counts in a sentence, outside the ``blocked`` spans."""
    found: list[_Amount] = []
    taken = list(blocked)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for pattern in (_MONEY_BEFORE, _MONEY_AFTER):
        for m in pattern.finditer(sentence):
            cur = m.group("cur").lower()
            if cur.startswith("rs") and not m.group("cur")[0].isupper():
                continue  # "rs" inside a word-like token is not the rupee sign
            value = _amount_value(m.group("num"), m.group("mag"))
            if value is None or not free(*m.span()):
                continue
            unit = "PKR" if cur.startswith(("rs", "pkr", "rupee")) else "USD"
            found.append(_Amount(value, unit, *m.span()))
            taken.append(m.span())
    for m in _PERCENT.finditer(sentence):
        value = _amount_value(m.group("num"), None)
        if value is not None and free(*m.span()):
            found.append(_Amount(value, "%", *m.span()))
            taken.append(m.span())
    for m in _COUNT.finditer(sentence):
        noun = m.group("noun").lower()
        num = m.group("num")
        if noun in _NOT_COUNTED or not free(*m.span()):
            continue
        if not (noun.endswith("s") or noun in _SINGULAR_UNITS):
            continue
        if m.group("mag") is None and re.fullmatch(r"(?:19|20)\d\d", num):
            continue  # a year, not a count
        word = _NUMBER_WORDS.get(num.lower())
        value = float(word) if word is not None else _amount_value(num, m.group("mag"))
        if value is None:
            continue
        unit = "people" if noun in _PEOPLE else noun
        found.append(_Amount(value, unit, m.start(), m.end()))
        taken.append(m.span())
    found.sort(key=lambda a: a.start)
    return found


def _format_number(value: float) -> str:
    for factor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= factor:
            return f"{value / factor:.3g} {word}" if value / factor < 1000 else f"{value:,.0f}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _format_amount(value: float, unit: str) -> str:
    if unit == "USD":
        return "$" + _format_number(value)
    if unit == "PKR":
        return "Rs " + _format_number(value)
    if unit == "%":
        return f"{value:g}%"
    return f"{_format_number(value)} {unit}"


# --- owners -------------------------------------------------------------------------------

_BODY_RUN = re.compile(r"[A-Z][\w@&'\u2019.-]*(?:[ \t]+(?:(?:of|for|and|on|&)[ \t]+)*[A-Z@][\w@&'\u2019.-]*)*")
_BODY_HEADS = frozenset(
    "ministry division authority board commission bank department directorate council "
    "corporation agency company fund cell secretariat bureau institute foundation "
    "association society regulator organisation organization centre center wing unit "
    "government".split()
)
_NOT_BODIES = ("senate", "committee", "senator", "standing", "assembly", "parliament")
_KNOWN_BODIES = {
    "SBP": "State Bank of Pakistan",
    "FBR": "Federal Board of Revenue",
    "PSEB": "Pakistan Software Export Board",
    "PTA": "Pakistan Telecommunication Authority",
    "STZA": "Special Technology Zones Authority",
    "NADRA": "NADRA",
    "HEC": "Higher Education Commission",
    "SECP": "SECP",
    "BOI": "Board of Investment",
    "BoI": "Board of Investment",
    "NITB": "National Information Technology Board",
    "USF": "Universal Service Fund",
    "PITB": "Punjab Information Technology Board",
    "MoF": "Ministry of Finance",
    "P@SHA": "P@SHA",
    "NAVTTC": "NAVTTC",
    "State Bank": "State Bank of Pakistan",
}
_LEADING_NOISE = frozenset(
    "the a an in on during under officials official meanwhile however also moreover both while if as and".split()
)
_AGENT_BEFORE = re.compile(
    r"(?:\bby|\bdirected|\basked|\binstructed|\burged|\bcalled\s+(?:up)?on|\brequested"
    r"|\b(?:officials?|representatives?|officers?|secretary|chairman|chairperson|head|chief)"
    r"\s+(?:of|from))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_ACTOR_BEFORE = re.compile(
    r"\b(?:with|from|to|between|and|for|of|than|against|among|including|like|through|via"
    r"|under|in|into|on|at|about)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Body:
    name: str
    start: int
    end: int


def _bodies(sentence: str, aliases: dict[str, str]) -> list[_Body]:
    found: list[_Body] = []
    for m in _BODY_RUN.finditer(sentence):
        words = m.group().split()
        # A lower-case "the" never joins a run, so only leading noise needs dropping.
        skip = 0
        while skip < len(words) and words[skip].lower() in _LEADING_NOISE:
            skip += 1
        words = [w.rstrip(".,'\u2019s") if i == len(words) - 1 else w for i, w in enumerate(words)][skip:]
        while words and words[-1].lower() in ("of", "for", "and", "on", "&"):
            words.pop()
        if not words:
            continue
        name = " ".join(words)
        lowered = name.lower()
        if any(word in lowered for word in _NOT_BODIES):
            continue
        start = m.start() + m.group().find(words[0])
        if name in aliases:
            found.append(_Body(aliases[name], start, start + len(name)))
            continue
        if any(w.lower().strip("'\u2019s") in _BODY_HEADS for w in words) and len(words) > 1:
            found.append(_Body(name, start, start + len(name)))
            continue
        for word in words:
            key = word.strip(".,;:()'\u2019")
            if key in aliases:
                pos = sentence.find(key, m.start())
                found.append(_Body(aliases[key], pos, pos + len(key)))
    return found


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _same_body(name: str, presenter: str) -> bool:
    """Whether ``name`` ("MoITT", "the IT Ministry") refers to the presenter."""
    a, b = name.lower(), presenter.lower()
    if a == b or a in b or b in a:
        return True
    presenter_words = presenter.split()
    if re.fullmatch(r"[A-Za-z@]{2,8}", name) and sum(c.isupper() for c in name) >= 2:
        return "".join(c for c in name if c.isupper()) == _initials(presenter_words)
    heads = {w.lower() for w in name.split()} & _BODY_HEADS
    if not heads or not heads <= {w.lower() for w in presenter_words}:
        return False
    initials = _initials(presenter_words)
    for word in name.split():
        if word.lower() in heads:
            continue
        if word.lower() in b or (word.isupper() and word in initials):
            continue
        return False
    return True


def _owner_in(sentence: str, start: int, end: int, bodies: Sequence[_Body], cue_positions: Sequence[int]) -> str | None:
    """The body that acts in ``sentence[start:end]``, if one other than the speaker is named."""
    inside = [b for b in bodies if start <= b.start < end]
    for body in inside:
        if _AGENT_BEFORE.search(sentence, max(0, body.start - 40), body.start):
            return body.name
    first_cue = next((p for p in cue_positions if start <= p < end), None)
    for body in inside:
        if first_cue is not None and body.start > first_cue:
            break
        if not _NOT_ACTOR_BEFORE.search(sentence, max(0, body.start - 20), body.start):
            return body.name
    return None


# --- analysis of one sentence -------------------------------------------------------------


@dataclass
class _Mention:
    theme: str
    sentence: int
    target: _Amount | None
    deadline: Deadline | None
    owner: str | None
    baseline: _Amount | None
    order: int  # position in the briefing, to keep document order


@dataclass
class _Analysis:
    mentions: list[_Mention]
    is_commitment: bool
    owner: str | None
    deadline: Deadline | None = None  # the sentence's only deadline, if it has exactly one
    themes: tuple[str, ...] = ()  # the themes its words name, commitment or not


def _clause_bounds(sentence: str) -> list[int]:
    """Start offsets of the clauses of ``sentence`` (the first is 0)."""
    return [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence))]


def _nearest(pos: int, items: Sequence[tuple[int, int]]) -> int | None:
    """Index of the span nearest ``pos`` (distance to the span), or None if there are none."""
    best, best_distance = None, -1
    for i, (s, e) in enumerate(items):
        distance = 0 if s <= pos < e else min(abs(pos - s), abs(pos - (e - 1)))
        if best is None or distance < best_distance:
            best, best_distance = i, distance
    return best


def _tense_at(pos: int, commit: Sequence[int], past: Sequence[int], clause_start: int) -> str:
    """The tense of the cue nearest before ``pos`` in its clause: commit, past or none."""
    c = bisect.bisect_right(commit, pos) - 1
    p = bisect.bisect_right(past, pos) - 1
    last_commit = commit[c] if c >= 0 and commit[c] >= clause_start else -1
    last_past = past[p] if p >= 0 and past[p] >= clause_start else -1
    if last_commit < 0 and last_past < 0:
        return "none"
    return "commit" if last_commit >= last_past else "past"


class _Parser:
    def __init__(self, text: str, day: date, owner: str, presenter: str | None, themes: Sequence[Theme]) -> None:
        self.text = text
        self.day = day
        self.owner = owner
        self.presenter = presenter
        self.keywords = KeywordIndex(themes)
        self.slugs = {t.slug for t in themes}
        self.aliases = dict(_KNOWN_BODIES)

    def learn_aliases(self, body_text: str) -> None:
        """Acronyms the briefing defines, "Pakistan Software Export Board (PSEB)"."""
        pattern = (
            r"([A-Z][\w&'\u2019-]*(?:\s+(?:of|for|and|&)?\s*[A-Z][\w&'\u2019-]*){1,8})"
            r"\s*\(([A-Z][A-Za-z@&]{1,9})\)"
        )
        for m in re.finditer(pattern, body_text):
            words = [w for w in m.group(1).split() if w.lower() not in _LEADING_NOISE]
            name = " ".join(words)
            if words and _initials(words) and name.split()[-1].lower() in _BODY_HEADS:
                self.aliases.setdefault(m.group(2), name)

    def resolve_owner(self, name: str | None) -> str | None:
        if name is None:
            return None
        if self.presenter and _same_body(name, self.presenter):
            return None
        return name

    def analyse(
        self,
        index: int,
        sentence: str,
        lead_in: _Analysis | None,
        context_themes: Sequence[str] = (),
        introduces: bool = False,
    ) -> _Analysis:
        """The mentions of one sentence. ``lead_in`` is its list's introduction, if any;
        ``context_themes`` the themes of its section, for a commitment whose words name none;
        ``introduces`` tells that bullets follow it (they inherit its deadline and owner)."""
        if not _HAS_WORD.search(sentence):
            return _Analysis([], False, None)
        if sentence.rstrip(" \"'\u201d\u2019)*_").endswith(("?", "\u061f")):
            return _Analysis([], False, None)
        theme_hits = self.keywords.find(sentence)
        named = tuple(theme_hits)
        commit: list[int] = []
        past: list[int] = []
        for candidate in _CUE_START.finditer(sentence):
            m = _CUES.match(sentence, candidate.start())
            if m is not None:
                (commit if m.lastgroup == "commit" else past).append(m.start())
        clauses = _clause_bounds(sentence)

        def clause_of(pos: int) -> int:
            return bisect.bisect_right(clauses, pos) - 1

        statuses: list[str] = []
        for i, start in enumerate(clauses):
            end = clauses[i + 1] if i + 1 < len(clauses) else len(sentence)
            has_commit = any(start <= p < end for p in commit)
            has_past = any(start <= p < end for p in past)
            if _QUESTION_CUES.search(sentence, start, end):
                statuses.append("past")  # excluded like a past result
            else:
                statuses.append("commit" if has_commit else "past" if has_past else "none")

        # Deadlines are the costliest part: a pure past result does not need them.
        needed = "commit" in statuses or "past" not in statuses or introduces
        deadlines = find_deadlines(sentence, self.day) if needed else []
        distinct_days = {_deadline_id(d) for d in deadlines}
        sole = deadlines[0] if len(distinct_days) == 1 else None
        if "commit" in statuses:
            is_commitment = True
        elif "past" in statuses:
            is_commitment = False
        else:
            future = any(d.date is None or d.date >= self.day for d in deadlines)
            is_commitment = (future and not _HEDGES.search(sentence)) or (lead_in is not None and lead_in.is_commitment)
        if not (is_commitment or introduces):
            return _Analysis([], False, None, sole, named)
        bodies = _bodies(sentence, self.aliases)
        sentence_owner = self.resolve_owner(_owner_in(sentence, 0, len(sentence), bodies, commit))
        if lead_in is not None and sentence_owner is None:
            sentence_owner = lead_in.owner
        if not is_commitment:
            return _Analysis([], False, sentence_owner, sole, named)

        def live(pos: int) -> bool:
            return statuses[clause_of(pos)] != "past"

        live_deadlines = [d for d in deadlines if live(d.start)]
        if not deadlines and lead_in is not None and lead_in.deadline is not None:
            # "Targets for FY2025-26:" dates the bullets that follow it.
            inherited = lead_in.deadline
            live_deadlines = [Deadline(inherited.date, inherited.text, inherited.rule, 0, 0)]
        hits: dict[str, list[tuple[int, int]]] = {}
        for slug, spans in theme_hits.items():
            spans = [s for s in spans if live(s[0])]
            if spans:
                hits[slug] = spans
        amounts = _amounts(sentence, [(d.start, d.end) for d in deadlines])
        targets: list[_Amount] = []
        baselines: list[_Amount] = []
        for amount in amounts:
            before = sentence[max(0, amount.start - 30) : amount.start]
            clause_start = clauses[clause_of(amount.start)]
            tense = _tense_at(amount.start, commit, past, clause_start)
            if _BASELINE_BEFORE.search(before) or not live(amount.start) or tense == "past":
                baselines.append(amount)
            else:
                targets.append(amount)
        if not hits:
            if not (live_deadlines or targets):
                return _Analysis([], True, sentence_owner, sole, named)
            anchor = (targets[0].start, targets[0].end) if targets else (live_deadlines[0].start, live_deadlines[0].end)
            for slug in context_themes or (FALLBACK_THEME,):
                if slug in self.slugs:
                    hits[slug] = [anchor]

        # Each target goes to the nearest theme keyword (same clause first).
        flat = [(slug, span) for slug, spans in hits.items() for span in spans]
        by_theme: dict[str, list[_Amount]] = {slug: [] for slug in hits}
        for amount in targets:
            same_clause = [(slug, span) for slug, span in flat if clause_of(span[0]) == clause_of(amount.start)]
            pool = same_clause or flat
            chosen = _nearest(amount.start, [span for _, span in pool])
            if chosen is not None:
                by_theme[pool[chosen][0]].append(amount)

        def deadline_near(pos: int) -> Deadline | None:
            same = [d for d in live_deadlines if clause_of(d.start) == clause_of(pos)]
            if same:
                i = _nearest(pos, [(d.start, d.end) for d in same])
                return same[i] if i is not None else None
            distinct = {(d.date, d.text if d.date is None else "") for d in live_deadlines}
            return live_deadlines[0] if len(distinct) == 1 else None

        mentions: list[_Mention] = []
        for slug, spans in hits.items():
            first = spans[0][0]
            clause = clause_of(first)
            clause_end = clauses[clause + 1] if clause + 1 < len(clauses) else len(sentence)
            owner = (
                self.resolve_owner(_owner_in(sentence, clauses[clause], clause_end, bodies, commit)) or sentence_owner
            )
            theme_targets = by_theme[slug]
            if not theme_targets:
                mentions.append(_Mention(slug, index, None, deadline_near(first), owner, None, first))
                continue
            # One mention per distinct deadline among this theme's targets ("$3.8 billion
            # this year and $5.2 billion next year"); money outranks counts and percentages.
            groups: dict[object, list[tuple[_Amount, Deadline | None]]] = {}
            for amount in theme_targets:
                dl = deadline_near(amount.start)
                groups.setdefault(_deadline_id(dl), []).append((amount, dl))
            for group in groups.values():
                amount, dl = min(group, key=lambda p: (_unit_rank(p[0].unit), p[0].start))
                baseline = next((b for b in baselines if b.unit == amount.unit), None)
                mentions.append(_Mention(slug, index, amount, dl, owner, baseline, amount.start))
        return _Analysis(mentions, True, sentence_owner, sole, named)


def _unit_rank(unit: str) -> int:
    return 0 if unit in ("USD", "PKR") else 2 if unit == "%" else 1


def _deadline_id(deadline: Deadline | None) -> str | None:
    """What makes two deadlines the same: the day, or the words when there is no day."""
    if deadline is None:
        return None
    if deadline.date is not None:
        return deadline.date.isoformat()
    return "~" + " ".join(deadline.text.lower().split())


def _target_id(amount: _Amount | None) -> str | None:
    return None if amount is None else f"{amount.value:.6g} {amount.unit}"


# --- grouping -----------------------------------------------------------------------------


@dataclass
class _Group:
    theme: str
    target: _Amount | None
    deadline: Deadline | None
    mentions: list[_Mention]

    def accepts(self, mention: _Mention) -> bool:
        if mention.theme != self.theme:
            return False
        if self.theme == FALLBACK_THEME and mention.sentence != self.mentions[0].sentence:
            return False  # "other" is no subject: unrelated sentences stay apart
        mine, theirs = _target_id(self.target), _target_id(mention.target)
        if mine is not None and theirs is not None and mine != theirs:
            return False
        mine, theirs = _deadline_id(self.deadline), _deadline_id(mention.deadline)
        return mine is None or theirs is None or mine == theirs

    def add(self, mention: _Mention) -> None:
        self.mentions.append(mention)
        if self.target is None and mention.target is not None:
            self.target = mention.target
        if self.deadline is None and mention.deadline is not None:
            self.deadline = mention.deadline


def _group(mentions: Sequence[_Mention]) -> list[_Group]:
    """Merge mentions of a theme unless their targets or deadlines differ.

    Complete mentions (target and deadline) are placed first, then those with one of the
    two, then bare mentions, so that a bare mention joins the first commitment of its theme
    instead of starting one that a later, fuller mention would have to be merged into.
    """
    by_theme: dict[str, list[_Group]] = {}

    def richness(m: _Mention) -> int:
        return (m.target is None) + (m.deadline is None)

    for rank in (0, 1, 2):
        for mention in mentions:
            if richness(mention) != rank:
                continue
            candidates = by_theme.setdefault(mention.theme, [])
            home = next((g for g in candidates if g.accepts(mention)), None)
            if home is None:
                candidates.append(_Group(mention.theme, mention.target, mention.deadline, [mention]))
            else:
                home.add(mention)
    groups = [g for candidates in by_theme.values() for g in candidates]
    groups.sort(key=lambda g: min(m.order for m in g.mentions))
    return groups


# --- titles -------------------------------------------------------------------------------


def _deadline_phrase(deadline: Deadline | None) -> str:
    if deadline is None:
        return ""
    if deadline.date is None:
        return " (" + " ".join(deadline.text.split()) + ")"
    period = re.match(r"end of ((?:[QH]\d )?FY\d{4}-\d{2})(?:,|$)", deadline.rule)
    if period is not None:
        label = period.group(1)
        return (" in " if label.startswith("FY") else " by end of ") + label
    d = deadline.date
    return f" by {d.day} {d.strftime('%B')} {d.year}"


# What follows a promise's cue: its verb and the words after it, to the end of the sentence
# (a full stop inside a number, 0.25, or an abbreviation, U.S., does not end them).
_ACTION = re.compile(
    r"\b(?:will|shall|would|undert(?:ook|akes?)\s+to|committed\s+to|pledged\s+to|promised\s+to|agreed\s+to"
    r"|plans?\s+to|(?:is|are)\s+(?:to|set\s+to|going\s+to))\s+(?:also\s+|soon\s+|now\s+|be\s+able\s+to\s+)?"
    r"(?P<verb>[a-z][a-z'-]+)\b(?P<rest>(?:[^.;:!?]|\.(?=\S)|(?<=\b[A-Z])\.)*)",
    re.IGNORECASE,
)
# Where the promise's own words end: at its deadline, or at a clause that explains it.
_ACTION_END = re.compile(
    r"\s+(?:by|within|before|until|no\s+later\s+than|in\s+the\s+(?:next|coming)|over\s+the\s+next|at\s+the"
    r"|during|this|next|in\s+FY|so\s+that|to\s+ensure|which|as|after)\b|,\s|\s[\u2013\u2014-]\s",
    re.IGNORECASE,
)
_NOT_ACTIONS = frozenset({"be", "have", "also", "depend", "need", "require", "continue", "remain", "help", "not"})


def _action(sentence: str) -> str | None:
    """What a one-promise sentence says will be done ("launch a freelancer registration
    portal"), or None when it says no more than its theme would."""
    m = _ACTION.search(sentence)
    if m is not None:
        verb, rest = m.group("verb"), m.group("rest")
    else:
        # A bullet under "The State Bank will:" starts with its verb.
        bullet = re.match(r"\s*(?P<verb>[a-z][a-z'-]+)\b(?P<rest>(?:[^.;:!?]|\.(?=\S)|(?<=\b[A-Z])\.)*)", sentence)
        if bullet is None:
            return None
        verb, rest = bullet.group("verb"), bullet.group("rest")
    if verb.lower() in _NOT_ACTIONS:
        return None
    end = _ACTION_END.search(rest)
    phrase = " ".join((verb + (rest[: end.start()] if end else rest)).split())
    words = phrase.split()
    if len(words) < 2 or len(phrase) > 60:
        return None
    return phrase[0].upper() + phrase[1:]


def _title(
    label: str, target: _Amount | None, deadline: Deadline | None, description: str, *, action: str | None = None
) -> str:
    head = label
    if action is not None:
        head = action
    elif target is not None:
        head += " of " + _format_amount(target.value, target.unit)
    elif label == "Other":
        head = _short(description, 60)
    title = head + _deadline_phrase(deadline)
    if len(title) > TITLE_LIMIT:
        title = _short(title, TITLE_LIMIT)
    return title


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "\u2026"


# --- the parser ---------------------------------------------------------------------------


def parse_briefing(
    text: str,
    *,
    briefing_date: date | None = None,
    default_owner: str | None = None,
    themes: Sequence[Theme] | None = None,
) -> ParsedBriefing:
    """Parse a briefing's text into its front matter and commitments.

    ``briefing_date`` supplies the sitting's date or overrides the front matter's; with
    neither, :class:`MissingDateError` is raised (the only error on arbitrary text apart
    from an unreadable front-matter ``date:`` when no ``briefing_date`` is given).
    ``default_owner`` overrides the front matter's presenter as the owner of commitments
    that name no other body; with neither, the owner is "Unassigned". ``themes`` defaults
    to the taxonomy in ``seeds/themes.toml``.
    """
    values, body_start = _read_front_matter(text)
    if briefing_date is not None:
        try:
            front_date = _front_matter_date(values)
        except BriefingDateError:
            front_date = None  # the caller's date replaces the unreadable one
        meta = _front_matter(values, front_date)
        day = briefing_date
    else:
        meta = _front_matter(values, _front_matter_date(values))
        if meta.date is None:
            raise MissingDateError(MISSING_DATE_MESSAGE)
        day = meta.date
    theme_list = tuple(themes) if themes is not None else load_themes()
    labels = {t.slug: t.label for t in theme_list}
    owner = (default_owner or "").strip() or meta.presenter or UNASSIGNED_OWNER
    parser = _Parser(text, day, owner, meta.presenter or default_owner, theme_list)
    parser.learn_aliases(text[body_start:])

    sentences = _sentences(text, body_start)
    introductions = {s.lead_in for s in sentences if s.bullet and s.lead_in >= 0}
    analyses: list[_Analysis] = []
    mentions: list[_Mention] = []
    for i, sentence in enumerate(sentences):
        lead_in = analyses[sentence.lead_in] if sentence.lead_in >= 0 else None
        analysis = parser.analyse(
            i, text[sentence.start : sentence.end], lead_in, _context_themes(sentences, analyses, i), i in introductions
        )
        analyses.append(analysis)
        if i in introductions:
            # "The ministry committed to the following:" is context; its list holds the
            # commitments. Dropping its mentions keeps them from being counted twice.
            analysis.mentions = []
        for mention in analysis.mentions:
            # Offsets become absolute so that mentions sort in document order.
            mention.order += sentence.start
        mentions.extend(analysis.mentions)
    _inherit_target_deadlines(mentions)

    commitments: list[ParsedCommitment] = []
    used_keys: set[str] = set()
    groups = _group(mentions)
    primaries = [next((m for m in g.mentions if m.target is not None or m.deadline), g.mentions[0]) for g in groups]
    from_sentence = Counter(p.sentence for p in primaries)
    for group, primary in zip(groups, primaries, strict=True):
        others = sorted({m.sentence for m in group.mentions} - {primary.sentence})
        order = [primary.sentence, *others]
        excerpts = tuple(
            Excerpt(sentences[i].start, sentences[i].end, text[sentences[i].start : sentences[i].end]) for i in order
        )
        head = sentences[primary.sentence]
        description = " ".join(text[head.start : head.end].split())
        if head.lead_in >= 0:
            lead = sentences[head.lead_in]
            description = " ".join(text[lead.start : lead.end].split()) + " " + description
        baseline = next(
            (
                m.baseline
                for m in group.mentions
                if m.baseline is not None and group.target is not None and m.baseline.unit == group.target.unit
            ),
            None,
        )
        key = _key(group)
        while key in used_keys:
            key += "+"
        used_keys.add(key)
        deadline = group.deadline
        commitments.append(
            ParsedCommitment(
                title=_title(
                    labels.get(group.theme, group.theme),
                    group.target,
                    deadline,
                    description,
                    # A sentence that makes one promise names it better than its theme does.
                    action=_action(text[head.start : head.end]) if from_sentence[primary.sentence] == 1 else None,
                ),
                description=description,
                theme=group.theme,
                owner=primary.owner or owner,
                deadline=deadline.date if deadline else None,
                deadline_text=" ".join(deadline.text.split()) if deadline else None,
                deadline_rule=deadline.rule if deadline else None,
                target_value=group.target.value if group.target else None,
                target_unit=group.target.unit if group.target else None,
                baseline=_format_amount(baseline.value, baseline.unit) if baseline else None,
                excerpts=excerpts,
                key=key,
            )
        )
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return ParsedBriefing(meta, text, digest, day, tuple(commitments))


def _context_themes(sentences: Sequence[_Sentence], analyses: Sequence[_Analysis], i: int) -> tuple[str, ...]:
    """Themes for a commitment whose own words name none: those of its list's lead-in, of
    its section heading, or of the sentence before it in the same paragraph when that one
    names a single theme (a paragraph keeps to its subject)."""
    sentence = sentences[i]
    for j in (sentence.lead_in, sentence.heading):
        if 0 <= j < i and analyses[j].themes:
            return analyses[j].themes
    if i > 0 and sentences[i - 1].block == sentence.block and len(analyses[i - 1].themes) == 1:
        return analyses[i - 1].themes
    return ()


def _inherit_target_deadlines(mentions: list[_Mention]) -> None:
    """A sentence naming a target whose deadline was given elsewhere takes that deadline."""
    known: dict[str, Deadline] = {}
    for m in mentions:
        tid = _target_id(m.target)
        if (
            m.target is not None
            and tid is not None
            and m.deadline is not None
            and m.deadline.date is not None
            and tid not in known
        ):
            d = m.deadline
            # The rule says where the date came from, since these words are not in the sentence.
            amount = _format_amount(m.target.value, m.target.unit)
            rule = f"{d.rule}, the deadline of the {amount} target"
            known[tid] = Deadline(d.date, d.text, rule, d.start, d.end)
    by_sentence: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for group in by_sentence.values():
        if any(m.deadline is not None for m in group):
            continue
        inherited = next((known[t] for m in group if (t := _target_id(m.target)) is not None and t in known), None)
        if inherited is None:
            continue
        for m in group:
            m.deadline = inherited


def _key(group: _Group) -> str:
    target = _target_id(group.target) or "-"
    deadline = _deadline_id(group.deadline) or "-"
    return f"{group.theme}|{target}|{deadline}"


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the paragraph (text between blank lines) containing ``text[start:end]``.

    Offsets outside the text are clamped; surrounding whitespace is left out.
    """
    n = len(text)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    blank = re.compile(r"\n[ \t\r]*\n")
    before = None
    for m in blank.finditer(text, 0, start):
        before = m
    para_start = before.end() if before is not None else 0
    after = blank.search(text, end)
    para_end = after.start() if after is not None else n
    while para_start < para_end and text[para_start].isspace():
        para_start += 1
    while para_end > para_start and text[para_end - 1].isspace():
        para_end -= 1
    if para_start > start:
        para_start = start
    if para_end < end:
        para_end = end
    return para_start, para_end
