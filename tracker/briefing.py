"""The briefing parser: from a briefing's text to its deliverables, one item each.

A briefing is UTF-8 text or Markdown with an optional front-matter block between ``---``
lines. The parser is pure (no database, no I/O) and deterministic; the importer stores what
it returns, and ``import --dry-run --explain`` prints its decision on every sentence. How it
reads a briefing:

1. **Sentences.** The body is cut into paragraphs, headings, bullet items and table rows,
   then into sentences at ``. ! ? ۔ ؟`` unless the full stop ends an abbreviation ("Sen.",
   "Rs.", "U.S."), an initial, or is followed by a lower-case word. A dateline before the
   lede ("ISLAMABAD, Nov 25 (APP):") is cut off as its own sentence.
2. **Furniture.** Headings, table header rows and blocks that do not end a sentence
   (headlines, bylines, "Published in ..." footers) never give an item nor lend a date. A
   headline restating the lede is therefore one item: the lede's.
3. **Directives.** "The committee directed/asked/instructed X to A and to B", "recommended
   that X do A", "sought A from X": one ``directive`` per action, owned by X. A directive
   recalled from an earlier sitting ("had directed") is a past result; a single member
   asking is an opinion.
4. **Commitments.** A future cue (will, would, is/was to, aims/intends/plans to, agreed to,
   has set a target of ...) starts a deliverable; a sentence holding several ("A would be
   done by March, and B would follow in fiscal 2025") gives one item each, and so does one
   cue with several deadlines ("40pc within four weeks and the balance in August"). Hedged
   forecasts (could, likely to, expected to), members' opinions, questions and sentences
   with no future cue (past results, context, attendance) give nothing.
5. **Conditions.** "... if X", "assuming X", "provided X", "subject to X" after a promise,
   and "will depend on X" / "assumes that X" on their own, are items titled "Condition:
   ...". A condition tied to a promise in the same sentence carries its deadline.
6. **Owner.** The body that is the clause's subject, resolved through the aliases in
   ``seeds/owners.toml`` ("MoITT", "IT Ministry" -> one name); else the body whose official
   speaks ("The USF chief executive said ..."; "He said" keeps the last speaker); else the
   presenter. Unknown bodies are kept as written.
7. **Theme, deadline, target.** One primary theme from the keywords of the deliverable's
   own words (a body's name, "Pakistan Software Export Board", does not count); ``other``
   when none fits. The deadline is in the deliverable's words, resolved against the sitting
   by :mod:`tracker.deadlines` with its rule. The target is its first amount that is not a
   baseline ("up from", "as of").
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.aliases import AliasIndex, load_aliases
from tracker.dates import DATE_FORMS, DateOutOfRange, parse_day
from tracker.deadlines import NUMBER_WORDS, Deadline, find_deadlines, for_matching
from tracker.results import FIGURE, URDU_SCALES, Quantity, Result, read_mentions, read_results
from tracker.text import CaselessPattern, fold
from tracker.themes import FALLBACK_THEME, KeywordIndex, Theme, load_themes

__all__ = [
    "BriefingDateError",
    "Decision",
    "Excerpt",
    "FrontMatter",
    "MissingDateError",
    "ParsedBriefing",
    "ParsedCommitment",
    "has_cue",
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
    """One deliverable found in a briefing, ready to be stored.

    ``kind`` is ``commitment`` (the body undertook it) or ``directive`` (the committee
    directed, asked or recommended that the owner do it). A sentence may hold several
    deliverables: each has the whole sentence as its excerpt and its own words in
    ``deliverable``.
    """

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
    kind: str = "commitment"
    deliverable: str = ""  # the words of the sentence that state this deliverable


@dataclass(frozen=True)
class Decision:
    """What the parser decided about one sentence, and why.

    ``verdict`` is commitment, directive, past_result, opinion, forecast, question,
    attendance, context, no_actor, or furniture: byline, dateline, headline, footer.
    ``items`` is how many deliverables the sentence gave.
    """

    start: int
    end: int
    text: str
    verdict: str
    reason: str
    items: int


@dataclass(frozen=True)
class ParsedBriefing:
    """A parsed briefing: its front matter, full text, digest, date, commitments and the
    decision taken on each sentence."""

    meta: FrontMatter
    text: str
    sha256: str
    date: date
    commitments: tuple[ParsedCommitment, ...]
    decisions: tuple[Decision, ...] = ()
    # Past-result clauses (tracker.results): evidence for the linker, never items.
    results: tuple[Result, ...] = ()
    # The other sentences that speak of something (tracker.results.read_mentions): the linker
    # proposes one only where it names a stored commitment strongly.
    mentions: tuple[Result, ...] = ()


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
    except DateOutOfRange as exc:
        raise BriefingDateError(f"the front matter's date: {exc}") from None
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
    # text, bullet, heading, row (of a table), table_header, line (a block without final
    # punctuation: a headline, byline or footer), dateline ("ISLAMABAD, Nov 25 (APP):")
    form: str = "text"


_BULLET = re.compile(r"[ \t]*(?:[-*+\u2022\u2023\u25e6\u25aa\u2013\u2014]|\(?\d{1,2}[.)]|\(?[a-z][)])[ \t]+")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+")
_RULE_LINE = re.compile(r"[ \t]*(?:[-*_][ \t]*){3,}")
_TABLE_LINE = re.compile(r"[ \t]*\|")
_TABLE_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*")
# A dateline before the lede: "ISLAMABAD:", "ISLAMABAD, Nov 25 (APP):", "QUETTA -",
# "Islamabad, 13th February 2019:".
_DATELINE = re.compile(
    r"(?!ALSO\b|READ\b|MORE\b)(?:[A-Z][A-Z.'-]+(?:[ \t][A-Z][A-Z.'-]+){0,2}|[A-Z][a-z]+(?=,[ \t]+\d))"
    r"(?:,[ \t]*(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}|\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]+[ \t]+\d{4}))?"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?::|[ \t][-\u2013\u2014])(?=[ \t]|$)"
)
_FINAL_PUNCTUATION = ".!?:;\u06d4\u061f\"'\u201d\u2019)"
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


# A table whose header names what was done ("Status", "Achieved") and no plan ("Target",
# "Deadline") is a status table: its rows are results, read by tracker.results.
_STATUS_COLUMN = re.compile(
    r"\b(?:status|achieved|actual|progress|position)\b|پیش\s*رفت|صورت\s*حال|حاصل", re.IGNORECASE
)
_PLAN_COLUMN = re.compile(r"\b(?:target|deadline|timeline|due|date|by\s+when)\b|ہدف|ڈیڈ\s*لائن|تاریخ", re.IGNORECASE)


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

    status_table = False
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
            if _TABLE_RULE.fullmatch(line):
                # The rule under a header row: the row above names the columns.
                if blocks and blocks[-1][2] == "row":
                    header = text[blocks[-1][0] : blocks[-1][1]]
                    status_table = _STATUS_COLUMN.search(header) is not None and not _PLAN_COLUMN.search(header)
                    blocks[-1] = (blocks[-1][0], blocks[-1][1], "table_header")
                continue
            # A table row (deliverable | target | deadline) is one unit.
            cells = [c for c in re.finditer(r"[^|]+", line) if c.group().strip()]
            if cells:
                row_kind = (
                    "status_row"
                    if status_table and blocks and blocks[-1][2] in ("table_header", "status_row")
                    else "row"
                )
                blocks.append((line_start + cells[0].start(), line_start + cells[-1].end(), row_kind))
            continue
        if bullet is not None:
            flush()
            current, kind = [line_start + bullet.end(), line_end], "bullet"
            continue
        if current is None:
            current, kind = [line_start, line_end], "text"
        else:
            current[1] = line_end
        if line.rstrip().endswith(":"):
            flush()  # a lead-in or sub-heading on its own line introduces what follows
    flush()

    sentences: list[_Sentence] = []
    lead_in = heading = -1
    for block, (start, end, block_kind) in enumerate(blocks):
        spans = _split_block(text, start, end)
        if not spans:
            continue
        if block_kind == "heading":
            heading = len(sentences)
            sentences.append(_Sentence(spans[0][0], spans[-1][1], -1, False, block, -1, "heading"))
            lead_in = heading
            continue
        if block_kind in ("row", "table_header", "status_row"):
            sentences.append(_Sentence(start, end, lead_in, True, block, heading, block_kind))
            continue
        if block_kind == "bullet":
            for s, e in spans:
                sentences.append(_Sentence(s, e, lead_in, True, block, heading, "bullet"))
            continue
        dateline = _DATELINE.match(text, spans[0][0], spans[0][1])
        if dateline is not None:
            sentences.append(_Sentence(spans[0][0], dateline.end(), -1, False, block, heading, "dateline"))
            rest = _trim(text, dateline.end(), spans[0][1])
            spans = ([rest] if rest[1] > rest[0] else []) + spans[1:]
            if not spans:
                continue
        # A short block that does not end a sentence is a headline, byline, dateline or
        # footer; a long one with a promise in it is a sentence that lost its full stop.
        form = "text"
        if len(spans) == 1 and text[spans[-1][1] - 1] not in _FINAL_PUNCTUATION:
            words = text[spans[0][0] : spans[0][1]]
            if len(words.split()) <= 20 or not re.search(r"\b(?:will|would|shall)\b", words):
                form = "line"
        for s, e in spans:
            sentences.append(_Sentence(s, e, -1, False, block, heading, form))
        last = text[spans[-1][0] : spans[-1][1]].rstrip()
        lead_in = len(sentences) - 1 if last.endswith(":") else -1
    return sentences


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
_MONEY_BEFORE = CaselessPattern(
    r"(?P<cur>US\s?\$|\$|USD|Rs\.?|PKR)\s?(?P<num>" + _NUMBER + r")(?:\s?(?P<mag>" + _MAGNITUDE + r")(?![\w]))?",
)
_MONEY_AFTER = CaselessPattern(
    r"(?<![\w.,$])(?P<num>" + _NUMBER + r")(?:\s?(?P<mag>" + _MAGNITUDE + r"))?\s?"
    r"(?P<cur>US\s+dollars?|dollars?|USD|rupees?|PKR)\b",
)
_BARE_MILLION = CaselessPattern(
    r"(?<![\w.,$])(?P<num>" + _NUMBER + r")\s?(?P<mag>million|mn|billion|bn|trillion)\b(?!\s+(?:[a-z]+\s+)?[a-z]+s\b)",
)
# "3 ارب 40 کروڑ روپے" (3.4 billion rupees), "۵۰ کروڑ ڈالر", "2 ارب روپے" (digits already made 0-9).
_URDU_MAGNITUDE = "(?:" + "|".join(URDU_SCALES) + r")(?!\w)"
_URDU_MONEY = re.compile(
    r"(?<![\w.,])(?P<num>" + _NUMBER + r")\s*(?P<mag>" + _URDU_MAGNITUDE + r")"
    r"(?:\s+(?P<num2>" + _NUMBER + r")\s*(?P<mag2>" + _URDU_MAGNITUDE + r"))?\s*(?P<cur>روپے|ڈالر)(?!\w)"
)
_PUBLIC_MONEY = CaselessPattern(r"\b(?:PSDP|releas\w*|allocat\w*|spent|spend|budget\w*|funds?|grant)\b")
_PERCENT = re.compile(r"(?<![\w.,$])(?P<num>" + _NUMBER + r")\s?(?:%|per\s?cent\b|percent\b)")
# Counts written as words ("three zones"); "a", "an" and "one" are too common to read as counts.
_NUMBER_WORDS = {word: n for word, n in NUMBER_WORDS.items() if word not in ("a", "an", "one")}
_COUNT = re.compile(
    r"(?<![\w.,$/-])(?P<num>" + _NUMBER + "|(?i:" + "|".join(_NUMBER_WORDS) + r"|one(?=\s+(?:million|thousand|lakh))))"
    r"(?:\s?(?P<mag>thousand|million|lakhs?|crores?|k)\b)?"
    r"(?:\+|\s+(?:more|new|additional|young|skilled|trained|certified|female|male|IT|local"
    r"|international|foreign)\b)?(?P<words>(?:\s+[A-Za-z][\w-]{0,30}){1,4})"
)
# What a count starts with when it has no digit: a number word (a necessary condition for _COUNT).
_COUNT_WORD = CaselessPattern(r"(?<![\w.,$/-])(?:" + "|".join(_NUMBER_WORDS) + r"|one)")
_FOLLOWING_WORD = re.compile(r"\s+([A-Za-z][\w-]*)")
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
_NOT_COUNTED = frozenset(
    "days weeks months years hours minutes seconds quarters times percent cents dollars "
    "rupees billions millions crores lakhs per of to and or the in on by for at from with "
    "than a an is are was were will has have had that this these those across into under over between among"
    " through within".split()
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
        value *= _FACTORS.get(fold(mag), 1.0)
    return value


def _amounts(sentence: str, blocked: Sequence[tuple[int, int]]) -> list[_Amount]:
    """Money, percentages and counts in a sentence, outside the ``blocked`` spans."""
    found: list[_Amount] = []
    taken = list(blocked)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # Money, percentages and sums all start with digits; only a count may be in words.
    numbers = FIGURE.search(sentence) is not None
    for m in _URDU_MONEY.finditer(sentence) if numbers else ():
        value = _amount_value(m.group("num"), None)
        if value is None or not free(*m.span()):
            continue
        value *= URDU_SCALES[m.group("mag")]
        if m.group("num2"):
            value += float(m.group("num2").replace(",", "")) * URDU_SCALES[m.group("mag2")]
        unit = "USD" if m.group("cur") == "ڈالر" else "PKR"
        found.append(_Amount(value, unit, *m.span()))
        taken.append(m.span())
    for pattern in (_MONEY_BEFORE, _MONEY_AFTER) if numbers else ():
        for m in pattern.finditer(sentence):
            cur = fold(m.group("cur"))
            if cur.startswith("rs") and not sentence[m.start("cur")].isupper():
                continue  # "rs" inside a word-like token is not the rupee sign
            value = _amount_value(m.group("num"), m.group("mag"))
            if value is None or not free(*m.span()):
                continue
            unit = "PKR" if cur.startswith(("rs", "pkr", "rupee")) else "USD"
            found.append(_Amount(value, unit, *m.span()))
            taken.append(m.span())
    if numbers and _PUBLIC_MONEY.search(sentence):
        # "16475 million would be spent ... under the PSDP": a sum of public money with no
        # currency is in rupees.
        for m in _BARE_MILLION.finditer(sentence):
            value = _amount_value(m.group("num"), m.group("mag"))
            if value is not None and free(*m.span()):
                found.append(_Amount(value, "PKR", *m.span()))
                taken.append(m.span())
    for m in _PERCENT.finditer(sentence) if numbers else ():
        value = _amount_value(m.group("num"), None)
        if value is not None and free(*m.span()):
            found.append(_Amount(value, "%", *m.span()))
            taken.append(m.span())
    for m in _COUNT.finditer(sentence) if numbers or _COUNT_WORD.search(sentence) else ():
        num = m.group("num")
        # The counted thing: the first plural (or unit) within three words, "250 e-Rozgaar
        # centres", "10 new IT facilitation centres", before any function word.
        noun = ""
        end = m.start("words")
        for following in _FOLLOWING_WORD.finditer(m.group("words")):
            candidate = following.group(1).lower()
            if candidate in _NOT_COUNTED:
                break
            # A plural ("IDs", "schemes"), not a singular that happens to end in "s" ("gas", "bus", "status").
            written = following.group(1)
            plural = candidate.endswith("s") and (
                (len(candidate) > 3 and not candidate.endswith(("ss", "us", "is"))) or not written.islower()
            )
            if plural or candidate in _SINGULAR_UNITS:
                noun, end = candidate, m.start("words") + following.end()
                break
        if not noun or not free(m.start(), end):
            continue
        if m.group("mag") is None and _YEAR_NUMBER.fullmatch(num):
            continue  # a year, not a count
        word = NUMBER_WORDS.get(fold(num))
        value = _amount_value(str(word) if word is not None else num, m.group("mag"))
        if value is None:
            continue
        unit = "people" if noun in _PEOPLE else noun
        found.append(_Amount(value, unit, m.start(), end))
        taken.append((m.start(), end))
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


# --- bodies and speakers ------------------------------------------------------------------

# Put before a list of words: the engine then skips a position that is no letter at one test
# instead of trying every word there, which halves the time of the long lists below. Every
# word of those lists starts with a letter, so what they match is unchanged.
_AT_A_LETTER = r"(?=[^\W\d_])"
# The same at the start of a word, for lists each of whose words follows a \b: said first,
# the \b turns away a position inside a word at one test (a third off the time of _SIGNAL).
_AT_A_WORD = r"\b" + _AT_A_LETTER

# A capitalised run that may name a body not in the alias list ("the Law Division").
_BODY_RUN = re.compile(r"[A-Z][\w@&'\u2019.-]*(?:[ \t]+(?:(?:of|for|and|on|&)[ \t]+)*[A-Z@][\w@&'\u2019.-]*)*")
_BODY_HEADS = frozenset(
    "ministry division authority board commission bank department directorate council "
    "corporation agency company fund cell secretariat bureau institute foundation "
    "association society regulator organisation organization centre center wing unit "
    "trust ombudsman".split()
)
_NOT_BODIES = ("senate", "committee", "senator", "standing", "assembly", "parliament", "house")
_LEADING_NOISE = frozenset(
    "the a an in on during under officials official meanwhile however also moreover both while if as and".split()
)
# A body referred to by its head noun ("the Authority said it would ..."): the speaker's body
# when its name has that head, else the presenter's, else the last body named with it.
_GENERIC_BODY = CaselessPattern(
    r"\b(?:the|its|her|his|their)\s+(?P<head>ministry|division|authority|board|fund|corporation|company|trust"
    r"|bank|government|department|organi[sz]ation|secretariat)\b",
)
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|they|it|we)\b", re.IGNORECASE)
# Who speaks: the words before a reporting verb ("The USF chief executive said ...").
_SPEECH = CaselessPattern(
    _AT_A_WORD
    + r"(?:said|says|stated|states|told|tells|informed|informs|added|adds|assured|assures|maintained|explained"
    r"|briefed|disclosed|confirmed|announced|apprised|replied|responded|revealed|clarified|highlighted|noted"
    r"|reported|mentioned|indicated|observed|stressed|emphasi[sz]ed|underlined|pointed\s+out|acknowledged"
    r"|admitted|claimed|was\s+told|were\s+told|was\s+informed|were\s+informed)\b",
)
_MEMBER = CaselessPattern(
    _AT_A_WORD
    + r"(?:senators?|sen\.|MNAs?|MPAs?|members?(?!\s*\(|\s+(?:inland|customs|IR|policy|operations)\b)|lawmakers?"
    r"|legislators?|convener|chairman\s+of\s+the\s+committee"
    r"|committee\s+chairman|the\s+chair)\b",
)
# The committee's recommendations going on to the House: parliamentary procedure, nobody's deliverable.
_TO_PARLIAMENT = CaselessPattern(
    r"\brecommendations\b.*\b(?:to|before)\s+the\s+(?:Senate|National\s+Assembly|House|Parliament)\b"
)
# "Panel" is the committee after a determiner or the house's name ("the panel", "the NA panel",
# "Senate panel irked"); "the solar panel and battery laboratory" is a thing, not who sat.
_COMMITTEE = CaselessPattern(
    r"\b(?:committee|sub-committee|subcommittee|house|senate"
    r"|(?:^|(?<=\bthe\s)|(?<=\ba\s)|(?<=\bthis\s)|(?<=\bits\s)|(?<=\bna\s)|(?<=\bsenate\s)|(?<=\bassembly\s)"
    r"|(?<=\bparliamentary\s)|(?<=\bstanding\s))panel)\b"
)
# An opening phrase that says on whose word or when ("As directed by the Committee, ...",
# "Following the Committee's directive, ..."), before the subject and its comma.
_OPENING_PHRASE = CaselessPattern(
    r"(?:as\s+(?:directed|desired|requested|recommended|asked)|following|in\s+line\s+with|in\s+compliance\s+with"
    r"|pursuant\s+to|on\s+the\s+(?:directions?|instructions?)\s+of"
    # "On the Committee's recommendation of 10 August 2022, the Ministry will post ...".
    r"|on\s+the\s+(?:committee['\u2019]s\s+)?(?:recommendations?|directions?|directives?|instructions?|advice)"
    # "Despite the Committee's recommendation, the Authority would complete ...".
    r"|despite|contrary\s+to|notwithstanding"
    r")\b[^,;]{0,80},\s*"
)


@dataclass(frozen=True)
class _Body:
    name: str
    start: int
    end: int


def _capitalised_bodies(sentence: str) -> list[_Body]:
    """Bodies not in the alias list, named by a capitalised run with a head noun."""
    found: list[_Body] = []
    for m in _BODY_RUN.finditer(sentence):
        words = m.group().split()
        skip = 0
        while skip < len(words) and words[skip].lower() in _LEADING_NOISE:
            skip += 1
        if len(words) - skip < 2:
            continue  # most runs are one capitalised word: no name of two words can be left
        words = [w.rstrip(".,'\u2019s") if i == len(words) - 1 else w for i, w in enumerate(words)][skip:]
        while words and words[-1].lower() in ("of", "for", "and", "on", "&"):
            words.pop()
        if len(words) < 2:
            continue
        name = " ".join(words)
        lowered = name.lower()
        if any(word in lowered for word in _NOT_BODIES):
            continue
        if words[-1].lower().strip("'\u2019s") in _BODY_HEADS or words[0].lower() in _BODY_HEADS:
            start = m.start() + m.group().find(words[0])
            found.append(_Body(name, start, start + len(name)))
    return found


# --- cues ---------------------------------------------------------------------------------

# A future action: "will", "would", "is to", "was to", "aims to", "intends to", "plans to" ...
_FUTURE = CaselessPattern(
    _AT_A_WORD
    + r"(?:will|would|shall|(?:is|are|was|were)\s+(?:also\s+)?(?:to|set\s+to|scheduled\s+to|due\s+to|going\s+to"
    r"|projected\s+to|on\s+course\s+to|on\s+track\s+to)|aims?\s+to|aimed\s+to|aiming\s+to|intends?\s+to|intended\s+to"
    r"|plans?\s+to|planned\s+to|planning\s+to|(?:has|have|had)?\s*agreed\s+to|undert(?:ook|akes?|aken)\s+to"
    r"|aims?\s+for|aiming\s+for|targets?\s+(?:is|are)|(?:is|are)\s+(?:projected|targeted)\s+for|(?:is|are)\s+planned"
    r"|committed\s+to|pledged\s+to|promised\s+to|(?:the\s+)?plan\s+is\s+to|commitment\s+to"
    r"|(?:has|have)\s+set\s+(?:a|an|the)\s+(?:new\s+)?(?:[\w-]+\s+){0,3}targets?\s+of)\b",
)
_NOT_FUTURE_AFTER = re.compile(
    r"\s+(?:not\s+|never\s+)?(?:have|has|had)\s+\w+ed\b|\s+(?:likely|probably|possibly|perhaps|hopefully)\b"
    r"|\s+(?:\w+ly\s+)?(?:also\s+)?depend\b"
    r"|\s+not\b|\s+like\s+to\b"
    # What something would cost or bring about is an estimate, not a deliverable.
    r"|\s+(?:also\s+)?(?:cost|mean|result|lead|save|benefit|boost|affect|hurt|need"
    # "would require Rs 5 billion", "more time", "amendments to the law"; but "would require all
    # banks to enable P2M payments" is an obligation the body undertakes to impose.
    r"|require(?!\s+(?!(?:more|additional|extra|further|some|time|funds?|funding|money|approval)\b)"
    r"(?:(?!to\b)[A-Za-z][\w-]*\s+){1,8}?to\s+(?!(?:the|a|an|its|their|this|that)\b)[a-z]+)"
    r"|be\s+(?:able|possible|difficult|easier|better|enough|sufficient|a\s+\w+\s+step))\b",
    re.IGNORECASE,
)
# "The Ministry's role is to ...": a mandate, not a promise.
_MANDATE_BEFORE = re.compile(r"\b(?:role|job|task|mandate|function|duty|purpose|aim|objective)\s+$", re.IGNORECASE)
_RELATIVE_BEFORE = re.compile(r"\b(?:which|who|whom|whose)\s+$|\bthat\s+$(?<!said\sthat\s)", re.IGNORECASE)
_HEDGE = CaselessPattern(
    _AT_A_WORD
    + r"(?:could|might|(?:"
    # The modal "may" is followed by its verb ("may be", "may take", "may not"); the month by
    # a number, a stop or a word that no verb is ("online during May, would ...", "by May the").
    + r"(?<!mid-)may(?=\s+(?!(?:and|or|to|through|till|until|onwards?|last|next|this|that|these|those|the|a|an"
    r"|its|their|in|on|of|at|for|from|with|by|when|if|as|but|while|after|before|so)\b)[a-z]))"
    r"|likely\s+to|unlikely\s+to|(?:was|were|is|are)\s+expected\s+to|expects?\s+to"
    r"|hoped|hopes"
    r"|hoping|feared|fears|risk(?:ed|s)?\s+(?:missing|falling)|set\s+to\s+miss|on\s+course\s+to\s+miss)\b",
)
_QUESTION = CaselessPattern(
    r"\b(?:asked|enquired|inquired|questioned|wondered|wanted\s+to\s+know)\s+(?:\w+\s+){0,3}?(?:why|whether|if|how"
    r"|what|when|where|who)\b|\bstarred\s+question\b|\bquestion\s+hour\b",
)
_PAST = CaselessPattern(
    _AT_A_WORD
    + r"(?:had|has\s+been|have\s+been|was|were|did|reached|recorded|achieved|stood|grew|rose|increased|decreased"
    r"|declined|fell|dropped|registered|posted|totall?ed|amounted|surged|jumped|climbed|crossed|exceeded|earned"
    r"|completed|concluded|finished|delivered|launched|inaugurated|established|disbursed|released|spent|utili[sz]ed"
    r"|trained|certified|installed|deployed|signed|approved|issued|exported|came\s+down|continued|received|collected"
    r"|last\s+year|so\s+far|to\s+date|already)\b",
)
_PAST_VERB = re.compile(r"\b[a-z]{3,}ed\b(?<!\bneed)(?<!\bproposed)")
_OPINION = CaselessPattern(
    _AT_A_WORD
    + r"(?:stressed|urged|emphasi[sz]ed|underlined|observed|expressed|lamented|criticised|criticized|regretted"
    r"|deplored|demanded|suggested|opined|felt|believed|termed|questioned|objected|showed\s+concern|raised\s+concern"
    r"|concerns?|need\s+(?:for|to)|the\s+need|imperative|alarmed|endorsed|appreciated|praised|lauded)\b",
)
_ATTENDANCE = CaselessPattern(
    r"\b(?:chaired|presided|in\s+the\s+chair|chairmanship|chairpersonship|attended|was\s+held|were\s+present"
    r"|met\s+(?:on|at|in|under|with|here)|participated|(?:also\s+)?present\s+(?:at|in)\s+the\s+meeting)\b",
)
# "The committee directed PTA to ...", "asked the ministry to ...", "recommended that ...".
_DIRECTIVE_VERB = CaselessPattern(
    r"\b(?P<had>had\s+(?:also\s+|earlier\s+|already\s+)?)?(?P<verb>directed|asked|instructed|recommended"
    r"|sought|called\s+(?:up)?on)\b",
)
# Who directs: the committee, its chair or convener, or "It" standing for the committee.
_DIRECTOR = re.compile(
    r"\b(?:committee|sub-committee|subcommittee|panel|convener|chairman|chairperson|chair|body)\b"
    r"|^(?:\(\w{1,5}\)\s*|\d{1,2}\.\s*)?It\b",
    re.IGNORECASE,
)
# "The Higher Education Commission (HEC) was asked to ...": a directive to the subject.
_ASKED = CaselessPattern(
    r"\b(?:was|were|has\s+been|have\s+been)\s+(?:asked|directed|instructed)\s+to\s+(?=[a-z])",
)
# "the financing plan, sought in November, had still not been presented": "sought" describing a
# noun (a request made before, with its date) directs nobody now; "sought a report from" does.
_SOUGHT_PARTICIPLE = re.compile(r"(?<=,\s)sought\s+(?:in|on|at|during|last|earlier|since)\b", re.IGNORECASE)
_DIRECTIVE_SPLIT = re.compile(r",?\s+and\s+(?:also\s+|further\s+)?to\s+(?=[a-z])")
_CONDITION_START = re.compile(
    r"(?:,\s*|\s+)\b(?P<word>if|assuming|provided(?:\s+that)?|subject\s+to|on\s+condition\s+that)\s+(?=\S)",
    re.IGNORECASE,
)
_DEPENDS = CaselessPattern(
    r"\b(?:(?:will|would|shall)\s+(?:\w+ly\s+)?(?:also\s+)?depend|depends|hinges?|(?:is|are)\s+contingent)"
    r"\s+(?:up)?on\s+|\bassumes\s+(?:that\s+)?",
)
# "Special Technology Zones, tax facilitation and digital payments require sustained policy
# attention": each area a body names as needing attention is a condition of its target.
_NEEDS = CaselessPattern(r"\b(?:requires?|needs?)\s+(?:\w+\s+){0,2}?(?:attention|support|action|focus)\b")
_NEEDS_SUBJECT = re.compile(
    r"^(?:.*?\b(?:that|the\s+role\s+of)\s+)?(?P<subject>.+?)(?:\s+(?:were|was|are|is|remain|remains)\b.*)?\s*$",
    re.IGNORECASE,
)
# Where one promise ends and the next begins inside a sentence.
# Every break starts with a comma, a semicolon or a space: said first, so that other
# positions are passed over at one test (twice as fast, the same breaks).
_SEGMENT_BREAK = re.compile(
    r"(?=[,;\s])(?:,?\s+and\s+that\s+|,\s+and\s+|;\s+|,?\s+while\s+|,\s+whereas\s+|,?\s+but\s+|\s+and\s+(?=(?:the"
    r"|its|it|he|she|they|all|[A-Z]\w+)\b[^,;]{0,60}?\b(?:will|would|shall|is\s+to|are\s+to)\b))"
)
_BACK_REFERENCE = re.compile(r"\s+(?:\w+\s+){0,2}?(?:it|them|this|that)\b(?!\s+(?:is|was|has|will))", re.IGNORECASE)
# "register 2,000 companies and open six parks": a second action of the same cue.
_VERB_JOINT = re.compile(
    r",?\s+and\s+(?:also\s+)?(?=(?:open|launch|set\s+up|establish|complete|issue|start|provide|install|lay|build"
    r"|hold|submit|share|release|pay|clear|train|register|bring|notify|award|move|place|publish|introduce|extend"
    r"|double|connect|deploy|upgrade|hire|recruit|conduct|organi[sz]e|prepare|finali[sz]e|implement|approve"
    r"|sign|launch|create|develop|allocate|disburse)\s(?!(?:it|them)\b))",
    re.IGNORECASE,
)
_NAME_END = re.compile(r"\b[A-Z][\w&'-]*$")
_BETWEEN_DEADLINES = re.compile(r",?\s+and\s+|;\s+|,\s+")
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_CUE_FRAME = CaselessPattern(
    r"^.{0,160}?\b(?:said|stated|told|informed|added|assured|maintained|explained|disclosed|confirmed|announced"
    r"|apprised|replied|revealed|clarified|highlighted|noted|indicated)\b(?:[^,;]{0,120}?\bthat\b|\s+that\b)?\s*",
)
_PRONOUN_SPEAKS = CaselessPattern(
    r",\s*(?:he|she|they)\s+(?:said|stated|told|informed|added|maintained|explained|assured)\b[^,]{0,60}$"
)
_TRAILING_FRAME = CaselessPattern(
    r",\s*(?:[^,]{0,60}?)\b(?:said|stated|told|informed|added|maintained|explained|assured)\b[^,]{0,60}$",
)
_FURNITURE_BYLINE = re.compile(
    r"^(?:by\b|staff\s+report|recorder\s+report|our\s+(?:staff\s+)?(?:correspondent|reporter)|staff\s+reporter"
    r"|web\s*desk|news\s+desk|monitoring\s+desk|published\b|updated\b|reporter\b|correspondent\b)|\|\s*published",
    re.IGNORECASE,
)
_FURNITURE_FOOTER = re.compile(
    r"^(?:published\s+in\b|copyright\b|\u00a9|prepared\s+by\b|\(sd/?-?\)|also\s+read\b|read\s+more\b|follow\s+us\b)",
    re.IGNORECASE,
)
_FURNITURE_DATE = re.compile(
    r"^(?:[A-Z][a-z]+,\s*)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"\s+\d{4})\b|^(?:event\s+date|minutes\s+of)\b",
    re.IGNORECASE,
)


def _furniture(sentence: str, form: str) -> str | None:
    """byline, dateline, headline or footer when the sentence is newspaper furniture."""
    if form == "dateline":
        return "dateline"
    if form in ("heading", "table_header"):
        return "headline"
    if form != "line":
        if _FURNITURE_FOOTER.match(sentence):
            return "footer"
        return None
    if _FURNITURE_FOOTER.match(sentence):
        return "footer"
    if _FURNITURE_BYLINE.search(sentence):
        return "byline"
    if _FURNITURE_DATE.match(sentence):
        return "dateline"
    return "headline"


# --- items --------------------------------------------------------------------------------


@dataclass
class _Item:
    kind: str
    start: int  # the deliverable's words inside the sentence
    end: int
    owner: str
    condition: bool = False
    deadline: Deadline | None = None
    title_end: int | None = None  # a table row is titled by its first cell


def _strip_frame(sentence: str, start: int, end: int) -> int:
    """Where the reported words begin after "He said that", "The PTA chairman assured the committee that"."""
    m = _CUE_FRAME.match(sentence, start, end)
    if m is not None and _FUTURE.search(sentence, m.end(), end) is not None:
        return m.end()
    return start


_LEADING_LINK = re.compile(r"^(?:that|and|also|further|then)\s+", re.IGNORECASE)
_DANGLING_PREPOSITION = re.compile(r"\s+(?:in|by|from|within|during|before|until|for)\s*$", re.IGNORECASE)
_ROLE_OF = re.compile(r"^(?:the\s+role\s+of\s+)", re.IGNORECASE)
_FY_RULE = re.compile(r"end of ((?:[QH]\d )?FY\d{4}-\d{2})(?:,|$)")


# "(a) set up ...", "ii) train ...", "3. publish ...": a list's numbering is no part of the title.
_ENUMERATOR = re.compile(r"^(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|\d{1,2}\.)\s+", re.IGNORECASE)
_QUOTES = "\"'\u2018\u2019\u201c\u201d"


def _clean_title(words: str) -> str:
    words = " ".join(words.split()).strip(" ,;:.-\u2013\u2014")
    words = _ENUMERATOR.sub("", words)
    if words[:1] in _QUOTES:
        # "'The portal will go live', the minister said": the words quoted, without the quotes.
        words = words[1:].rstrip(_QUOTES).strip(" ,;:.-\u2013\u2014")
    words = _LEADING_LINK.sub("", words)
    if not words:
        return ""
    return words[0].upper() + words[1:]


# --- Urdu ---------------------------------------------------------------------------------
# Urdu sentences go through the same steps (furniture, directives, commitments, owner, theme,
# deadline, target, title) with Urdu cues; they read the text made uniform by for_matching.
_URDU_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# A future verb: "کرے گا", "جائے گی", "ہوگا", "دیے جائیں گے"; a target or an intention.
_UR_FUTURE = re.compile(
    r"(?:(?<!\w)|(?<=ہو))(?:گا|گی|گے)(?!\w)|(?<!\w)(?:ہدف\s+(?:مقرر|رکھا)|کا\s+ارادہ|کا\s+منصوبہ\s+ہے)"
)
# What a body may do, is likely to do, or a member says should be done: nothing to follow up.
_UR_HEDGE = re.compile(r"(?<!\w)(?:امکان|توقع|خدشہ|ممکن\s+ہے|شاید)(?!\w)")
_UR_OPINION = re.compile(r"(?<!\w)(?:چاہیے|چاہئے|چاہیئے|زور\s+دیا|تشویش|مطالبہ|تنقید)(?!\w)")
_UR_MEMBER = re.compile(r"(?<!\w)(?:سینیٹر|رکن|ارکان|اراکین|ایم\s+این\s+اے|چیئرمین\s+کمیٹی|کنوینر)(?!\w)")
_UR_COMMITTEE = re.compile(r"(?<!\w)(?:کمیٹی|ذیلی\s+کمیٹی)(?!\w)")
# "کمیٹی نے X کو ... کی ہدایت کی", "سفارش کی کہ ...", "... طلب کر لی", "... مانگ لیا".
_UR_DIRECTIVE = re.compile(
    r"(?<!\w)(?:(?:ہدایت|سفارش|تاکید)\s+(?:\S+\s+){0,2}?(?:کی|کر\s+دی)(?:\s+(?P<had>تھی))?(?!\w)"
    r"|(?:طلب|مانگ)\s+(?:کر\s+)?(?:لی|لیا|کی)(?:\s+(?P<had2>تھی|تھا))?(?!\w))"
)
_UR_THAT = re.compile(r"(?<!\w)کہ(?!\w)")
# A clause that ends in a completed verb ("ہو چکے ہیں", "کھول دیے گئے ہیں") reports; it promises nothing.
_UR_DONE_END = re.compile(r"(?<!\w)(?:چکا|چکی|چکے|چکیں|گیا|گئی|گئے|گئیں)(?:\s+(?:ہے|ہیں|تھا|تھی|تھے|تھیں))?\s*$")
# The committee as the one told or briefed ("کمیٹی برائے داخلہ کو بتایا گیا", "کو آگاہ کیا گیا"), its
# name up to ten words long ("کمیٹی برائے مذہبی امور و بین المذاہب ہم آہنگی کو").
_UR_TOLD = re.compile(
    r"(?:\s+(?!(?:کہ|نے)(?!\w))\S+){0,10}?\s+کو\s+(?:\S+\s+){0,2}?(?:بتایا|آگاہ|بریفنگ|یقین\s+دہانی)(?!\w)"
)
_UR_SPEECH = re.compile(r"(?<!\w)نے\s+(?:\S+\s+){0,6}?(?:کہا|بتایا|آگاہ|یقین\s+دہانی|واضح|اعلان|انکشاف)(?!\w)")
_UR_ASIDE = re.compile(r"(?<!\w)(?:انہوں|ان|انھوں)\s+نے(?!\w)")
# Where one promise ends and the next begins.
_UR_BREAK = re.compile(r"\s*[،,؛;]\s*|\s+(?:اور|جبکہ|جب\s+کہ|جس\s+کے\s+بعد|تاہم)\s+")
# A body named by its head noun in its own sentences ("اتھارٹی", "بورڈ", "وزارت").
_UR_GENERIC = {
    "وزارت": "ministry",
    "اتھارٹی": "authority",
    "بورڈ": "board",
    "فنڈ": "fund",
    "بینک": "bank",
    "کارپوریشن": "corporation",
    "کمپنی": "company",
    "ڈویژن": "division",
    "حکومت": "government",
}
_UR_GENERIC_BODY = re.compile(r"(?<!\w)(?P<head>" + "|".join(_UR_GENERIC) + r")(?!\w)")
# The verb of an Urdu directive's action: each "... کی جائے اور ... جوڑا جائے" is one item.
_UR_ACTION_JOINT = re.compile(r"(?:(?<=جائے)|(?<=کرے)|(?<=کریں)|(?<=جائیں))\s+اور\s+")
_UR_FRAME_END = re.compile(r"^.*?(?<!\w)کہ\s+")


class _Parser:
    def __init__(
        self,
        day: date,
        owner: str,
        presenter: str | None,
        themes: Sequence[Theme],
        aliases: AliasIndex,
    ) -> None:
        self.day = day
        self.owner = owner
        self.presenter = presenter
        self.keywords = KeywordIndex(themes)
        self.labels = {t.slug: t.label for t in themes}
        self.aliases = aliases
        self.defined: dict[str, str] = {}
        self.defined_pattern: re.Pattern[str] | None = None
        self.speaker: str = owner  # the body of the last official who spoke
        self.recent: list[str] = []  # bodies named so far, most recent last
        self._deadlines_of: str | None = None
        self._known_of: str | None = None
        self._known: list[_Body] = []
        self._deadlines: list[Deadline] = []
        self._speech_of: str | None = None
        self._speech: re.Match[str] | None = None

    def learn_aliases(self, body_text: str) -> None:
        """Acronyms the briefing defines, "Pakistan Software Export Board (PSEB)"."""
        pattern = (
            r"([A-Z][\w&'\u2019-]*(?:\s+(?:of|for|and|&)?\s*[A-Z][\w&'\u2019-]*){1,8})"
            r"\s*\(([A-Z][A-Za-z@&]{1,9})\)"
        )
        for m in re.finditer(pattern, body_text[:200_000]):
            words = [w for w in m.group(1).split() if w.lower() not in _LEADING_NOISE]
            name = " ".join(words)
            if not words or name.split()[-1].lower() not in _BODY_HEADS:
                continue
            if self.aliases.resolve(m.group(2)) is None:
                self.defined.setdefault(m.group(2), self.aliases.resolve(name) or name)
        if self.defined:
            names = sorted(self.defined, key=len, reverse=True)
            self.defined_pattern = re.compile(r"(?<![\w@])(?:" + "|".join(map(re.escape, names)) + r")(?![\w@])")

    # -- owners --

    def bodies(self, sentence: str, start: int = 0, end: int | None = None) -> list[_Body]:
        """Bodies named in ``sentence[start:end]``, canonical where the alias list knows them."""
        end = len(sentence) if end is None else end
        part = sentence[start:end]
        found = [_Body(b.canonical, start + b.start, start + b.end) for b in self.aliases.find(part)]
        if self.defined_pattern is not None:
            for m in self.defined_pattern.finditer(part):
                found.append(_Body(self.defined[m.group()], start + m.start(), start + m.end()))
        for body in _capitalised_bodies(part):
            s = start + body.start
            if any(b.start <= s < b.end or s <= b.start < s + len(body.name) for b in found):
                continue
            found.append(_Body(self.aliases.resolve(body.name) or body.name, s, s + len(body.name)))
        found.sort(key=lambda b: b.start)
        return found

    def known_bodies(self, sentence: str) -> list[_Body]:
        """Bodies of the alias list or defined in the briefing, as named in ``sentence``."""
        if self._known_of == sentence:
            return self._known  # asked again for each item of the sentence
        found = [_Body(b.canonical, b.start, b.end) for b in self.aliases.find(sentence)]
        if self.defined_pattern is not None:
            for m in self.defined_pattern.finditer(sentence):
                found.append(_Body(self.defined[m.group()], m.start(), m.end()))
        self._known_of, self._known = sentence, found
        return found

    def generic(self, head: str) -> str | None:
        """The body a head noun ("the Authority") stands for here."""
        head = head.lower()
        if head == "government":
            return self.speaker if self.speaker != self.owner else self.owner
        for name in (self.speaker, self.owner):
            if head in name.lower():
                return name
        for name in reversed(self.recent):
            if head in name.lower():
                return name
        return None

    def actor(self, sentence: str, start: int, end: int) -> str | None:
        """The body that is the subject of ``sentence[start:end]`` (the words before its verb)."""
        bodies = self.bodies(sentence, start, end)
        if bodies:
            return bodies[0].name
        generic = _GENERIC_BODY.search(sentence, start, end)
        if generic is not None:
            return self.generic(generic.group("head"))
        return None

    def speech(self, sentence: str) -> re.Match[str] | None:
        """The first reporting verb of ``sentence`` ("said", "told"); several steps ask."""
        if self._speech_of != sentence:
            self._speech_of, self._speech = sentence, _SPEECH.search(sentence)
        return self._speech

    def note_speaker(self, sentence: str) -> None:
        """Remember whose official speaks, for "He said ..." in the sentences that follow."""
        speech = self.speech(sentence)
        if speech is None:
            return
        if _PRONOUN_SPEAKS.search(sentence):
            # "..., as linking the system with the State Bank had taken longer, he said": "he" is
            # who spoke before; a body named in the words he reports is not him.
            return
        frame = sentence[: speech.start()]
        if _MEMBER.search(frame) or _COMMITTEE.search(frame):
            return
        bodies = self.bodies(sentence, 0, speech.start())
        if bodies:
            self.speaker = bodies[0].name
        elif generic := _GENERIC_BODY.search(frame):
            self.speaker = self.generic(generic.group("head")) or self.speaker

    # -- one sentence --

    def analyse(self, sentence: str, form: str) -> tuple[str, str, list[_Item]]:
        """(verdict, reason, items) for one sentence."""
        furniture = _furniture(sentence, form)
        if furniture is not None:
            return furniture, f"{furniture}: newspaper or document furniture, never a deliverable", []
        if not _HAS_WORD.search(sentence):
            return "context", "no words", []
        for body in self.known_bodies(sentence):
            if body.name not in self.recent:
                self.recent = [*self.recent[-7:], body.name]
        if form == "row":
            return self.table_row(sentence)
        if form == "status_row":
            # A status table ("Deliverable | Status") reports in its cells what was done; a
            # date in them ("opened in March") is when, never a deadline to come.
            return "past_result", "a row of a status table: what was done", []
        if sentence.rstrip(" \"'\u201d\u2019)*_").endswith(("?", "\u061f")) or _QUESTION.search(sentence):
            return "question", "a question asked at the sitting", []
        if not sentence.isascii() and _URDU_LETTER.search(sentence) is not None:
            urdu = self.urdu(sentence)
            if urdu is not None:
                return urdu
        if _SIGNAL.search(sentence) is None:
            # No future cue, directive, condition or need: most sentences of a report.
            self.note_speaker(sentence)
            return self.nothing(sentence)
        directives = self.directives(sentence)
        if directives is not None:
            return directives
        self.note_speaker(sentence)
        return self.commitments(sentence)

    # -- Urdu --

    def urdu_actor(self, sentence: str, start: int, end: int) -> str | None:
        """The body an Urdu clause names first, or the body its head noun stands for."""
        bodies = self.bodies(sentence, start, end)
        if bodies:
            return bodies[0].name
        generic = _UR_GENERIC_BODY.search(sentence, start, end)
        if generic is not None:
            return self.generic(_UR_GENERIC[generic.group("head")])
        return None

    def urdu(self, sentence: str) -> tuple[str, str, list[_Item]] | None:
        """(verdict, reason, items) for a sentence with Urdu in it; None to read it as English
        (an English sentence that only quotes an Urdu name)."""
        speech = _UR_SPEECH.search(sentence)
        frame = sentence[: speech.start()] if speech is not None else ""
        member = _UR_MEMBER.search(frame) is not None
        if speech is not None and not member and not _UR_COMMITTEE.search(frame):
            speaker = self.bodies(sentence, 0, speech.start())
            if speaker:
                self.speaker = speaker[0].name
        directive = _UR_DIRECTIVE.search(sentence)
        if directive is not None:
            return self.urdu_directive(sentence, directive)
        cues = list(_UR_FUTURE.finditer(sentence))
        if not cues:
            if len(_URDU_LETTER.findall(sentence)) < len(_LATIN_LETTER.findall(sentence)):
                return None  # an English sentence quoting an Urdu name: read as English
            if _UR_OPINION.search(sentence) or member:
                return "opinion", "an opinion or concern, nobody undertakes anything", []
            if _UR_HEDGE.search(sentence):
                return "forecast", "a hedged forecast (could, likely, expected)", []
            return "context", "no future action", []
        if member:
            return "opinion", "a member's opinion, not a body's undertaking", []
        if _UR_OPINION.search(sentence):
            return "opinion", "an opinion or concern, nobody undertakes anything", []
        if _UR_HEDGE.search(sentence):
            return "forecast", "a hedged forecast (could, likely, expected)", []
        that = None
        for m in _UR_THAT.finditer(sentence, 0, cues[0].start()):
            that = m
        clause_start = that.end() if that is not None else 0
        while clause_start < len(sentence) and sentence[clause_start].isspace():
            clause_start += 1
        items: list[_Item] = []
        seg_start = clause_start
        for cue in cues:
            if cue.start() < seg_start:
                continue
            breaks = list(_UR_BREAK.finditer(sentence, seg_start, cue.start()))
            if items and breaks:
                seg_start = breaks[-1].end()
            elif breaks and _UR_DONE_END.search(sentence, seg_start, breaks[-1].start()):
                # "۴۰ میں سے ۲۶ ... فعال ہو چکے ہیں جبکہ باقی ۱۴ ... کھول دیے جائیں گے": what is
                # done is reported; the promise is the clause after it.
                seg_start = breaks[-1].end()
            elif items:
                items[-1].end = cue.end()  # "... ہو گا اور ... جائے گا" without a break: one promise
                seg_start = cue.end()
                continue
            owner = (
                self.urdu_actor(sentence, seg_start, cue.start())
                or (self.urdu_actor(sentence, 0, seg_start) if not items else None)
                or (items[-1].owner if items else None)
                or self.speaker
            )
            items.append(_Item("commitment", seg_start, cue.end(), owner))
            seg_start = cue.end()
        if items:
            items[-1].end = max(items[-1].end, len(sentence.rstrip("۔. ")))
        committee = _UR_COMMITTEE.search(sentence, 0, clause_start)
        if (
            committee is not None
            # "کمیٹی کو بتایا گیا کہ ...": the committee was told; whoever told it promised.
            and not _UR_TOLD.match(sentence, committee.end(), clause_start)
            and not self.bodies(sentence)
            and not _UR_GENERIC_BODY.search(sentence)
        ):
            return "no_actor", "the committee's own business, no body to follow up", []
        return "commitment", "a body's future action (reported or direct)", items

    def urdu_directive(self, sentence: str, verb: re.Match[str]) -> tuple[str, str, list[_Item]]:
        subject = sentence[: verb.start()]
        committee = _UR_COMMITTEE.search(subject)
        if committee is None:
            if _UR_MEMBER.search(subject):
                return "opinion", "a member asking is an opinion, not the committee's directive", []
            return "context", "no future action", []
        if verb.group("had") or verb.group("had2"):
            return "past_result", "a directive given at an earlier sitting", []
        that = _UR_THAT.search(sentence, verb.end())
        if that is not None:
            # "کمیٹی نے X کو ہدایت کی کہ ...": the action follows "کہ".
            action_start, action_end = that.end(), len(sentence)
            owner = self.urdu_actor(sentence, committee.end(), verb.start()) or self.urdu_actor(
                sentence, action_start, action_end
            )
        else:
            # "کمیٹی نے X سے ... طلب کر لی": the action is what comes before the verb.
            action_start, action_end = committee.end(), verb.end()
            owner = self.urdu_actor(sentence, committee.end(), verb.start())
        owner = owner or self.owner
        cuts = [action_start, *(m.end() for m in _UR_ACTION_JOINT.finditer(sentence, action_start, action_end))]
        items = []
        for i, start in enumerate(cuts):
            stop = action_end
            if i + 1 < len(cuts):
                joint = _UR_ACTION_JOINT.search(sentence, start, action_end)
                stop = joint.start() if joint is not None else action_end
            items.append(_Item("directive", start, stop, owner))
        return "directive", "the committee directed, asked or recommended that a body act", items

    def table_row(self, sentence: str) -> tuple[str, str, list[_Item]]:
        deadlines = self.deadlines(sentence)
        if not any(d.date is None or d.date >= self.day for d in deadlines):
            return "context", "a table row without a deadline to come", []
        first_cell = sentence.find("|")
        title_end = first_cell if first_cell > 0 else len(sentence)
        item = _Item("commitment", 0, len(sentence), self.owner, title_end=title_end)
        return "commitment", "a row of a table of deliverables", [item]

    def directives(self, sentence: str) -> tuple[str, str, list[_Item]] | None:
        """The committee's directives in a sentence, one item per action; None if there are none."""
        asked = _ASKED.search(sentence)
        if asked is not None:
            subject = self.actor(sentence, 0, asked.start())
            if subject is not None:
                item = _Item("directive", asked.end(), len(sentence), subject)
                return "directive", "a body was directed or asked to act", [item]
        verbs = list(_DIRECTIVE_VERB.finditer(sentence))
        if not verbs:
            return None
        items: list[_Item] = []
        past = member = False
        for n, m in enumerate(verbs):
            clause_start = max(sentence.rfind(";", 0, m.start()) + 1, 0)
            subject = sentence[clause_start : m.start()]
            director = _DIRECTOR.search(subject)
            if director is None and n == 0:
                member = member or _MEMBER.search(subject) is not None
                continue
            if director is None and _DIRECTOR.search(sentence, 0, m.start()) is None:
                continue
            if m.group("had"):
                past = True
                continue
            if _SOUGHT_PARTICIPLE.match(sentence, m.start()):
                continue
            end = verbs[n + 1].start() if n + 1 < len(verbs) else len(sentence)
            if n + 1 < len(verbs):
                # "..., and asked PTA to": the next directive's own words start at its "and".
                joint = re.search(r",?\s+(?:and\s+)?(?:also\s+|further\s+)?$", sentence[m.end() : end])
                if joint is not None:
                    end = m.end() + joint.start()
            items.extend(self.directive(sentence, m, end))
        if items:
            return "directive", "the committee directed, asked or recommended that a body act", items
        if past:
            return "past_result", "a directive given at an earlier sitting", []
        if member:
            return "opinion", "a member asking is an opinion, not the committee's directive", []
        return None

    def directive(self, sentence: str, m: re.Match[str], end: int) -> list[_Item]:
        verb = m.group("verb").lower()
        rest_start = m.end()
        if verb == "recommended":
            that = re.match(r"\s+that\s+", sentence[rest_start:end])
            if that is None:
                to = re.match(r"\s+(?:the\s+)?(?P<body>[^,;]{2,80}?)\s+to\s+(?=[a-z])", sentence[rest_start:end])
                if to is None:
                    return []  # "recommended the PSDP proposals": an endorsement, nobody is to act
                owner = self.actor(sentence, rest_start, rest_start + to.end()) or self.owner
                return [_Item("directive", rest_start + to.end(), end, owner)]
            body_start = rest_start + that.end()
            subject_end = min(end, _subject_end(sentence, body_start))
            owner = self.actor(sentence, body_start, subject_end) or self.speaker
            return [_Item("directive", body_start, end, owner)]
        if verb == "sought":
            source = re.search(r"\bfrom\s+(?:the\s+)?", sentence[rest_start:end])
            owner = self.owner
            if source is not None:
                owner = self.actor(sentence, rest_start + source.start(), end) or self.owner
            return [_Item("directive", rest_start, end, owner)]
        to = re.match(r"\s+(?P<body>[^;]{1,90}?)\s+(?P<prep>to|for)\s+(?=[a-z])", sentence[rest_start:end])
        if to is None:
            return []
        owner = self.actor(sentence, rest_start, rest_start + to.end("body")) or self.owner
        action_start = rest_start + (to.end() if to.group("prep") == "to" else to.start("prep"))
        cuts = [action_start, *(split.end() for split in _DIRECTIVE_SPLIT.finditer(sentence, action_start, end))]
        items = []
        for i, start in enumerate(cuts):
            stop = end
            if i + 1 < len(cuts):
                split = _DIRECTIVE_SPLIT.search(sentence, start, end)
                stop = split.start() if split is not None else end
            items.append(_Item("directive", start, max(start + 1, stop), owner))
        return items

    def commitments(self, sentence: str) -> tuple[str, str, list[_Item]]:
        cues = [m for m in _FUTURE.finditer(sentence) if self.live_cue(sentence, m)]
        depends = _DEPENDS.search(sentence)
        needs = _NEEDS.search(sentence)
        if not cues and depends is None and needs is not None:
            subject = _NEEDS_SUBJECT.match(sentence, 0, needs.start())
            if subject is not None and not _MEMBER.search(sentence, 0, subject.start("subject")):
                areas = self.theme_parts(sentence, subject.start("subject"), subject.end("subject"))
                needed = [_Item("commitment", s, e, self.speaker, condition=True) for s, e in areas]
                return "commitment", "areas a body names as needing attention for its target", needed
        if not cues and depends is None:
            return self.nothing(sentence)
        speech = self.speech(sentence)
        frame_start, frame_end = 0, (speech.start() if speech is not None else 0)
        trailing = _TRAILING_FRAME.search(sentence) if speech is not None else None
        if trailing is not None and trailing.start() < frame_end and cues and cues[0].start() < trailing.start():
            # "NAHE would train 2,000 faculty members, its director general said": who speaks is
            # named after the promise's comma; the promise's own words ("members") name no speaker.
            frame_start = trailing.start()
        if speech is not None and (
            _MEMBER.search(sentence, frame_start, frame_end) and not self.bodies(sentence, 0, frame_end)
        ):
            return "opinion", "a member's opinion, not a body's undertaking", []
        if _HEDGE.search(sentence) and not any(
            not _HEDGE.search(sentence, max(0, c.start() - 30), c.end() + 15) for c in cues
        ):
            return "forecast", "a hedged forecast (could, likely, expected)", []
        if not cues and depends is not None:
            return self.condition_sentence(sentence, depends)
        items: list[_Item] = []
        # The sentence's segments: one per future cue, cut where the next promise begins.
        # "the National Vocational and Technical Training Commission": an "and" inside a name.
        breaks = [
            b
            for b in _SEGMENT_BREAK.finditer(sentence)
            if not (
                b.group().strip() == "and"
                and _NAME_END.search(sentence, max(0, b.start() - 40), b.start())
                and sentence[b.end() : b.end() + 1].isupper()
            )
        ]
        starts: list[int] = []
        for found in cues:
            before = [b for b in breaks if b.end() <= found.start() and (not starts or b.start() >= starts[-1])]
            seg_start = before[-1].end() if before else (starts[-1] if starts else 0)
            if starts and seg_start <= starts[-1]:
                continue  # the same promise ("would be ... and would be ...") stays one
            starts.append(seg_start)
        if not starts:
            return self.nothing(sentence)
        bounds = [*starts, len(sentence)]
        for i, seg_start in enumerate(starts):
            seg_end = bounds[i + 1]
            if i + 1 < len(starts):
                cut = [b for b in breaks if seg_start < b.start() and b.end() <= bounds[i + 1]]
                seg_end = cut[-1].start() if cut else bounds[i + 1]
            seg_start = _strip_frame(sentence, seg_start, seg_end)
            trailing = _TRAILING_FRAME.search(sentence, seg_start, seg_end)
            if trailing is not None and _FUTURE.search(sentence, trailing.start(), seg_end) is None:
                seg_end = trailing.start()
            cue = next((c for c in cues if seg_start <= c.start() < seg_end), None)
            subject_end = cue.start() if cue is not None else seg_end
            # "As directed by the Committee at its last meeting, the Ministry will share ...": the
            # committee is in the opening phrase, the subject comes after its comma.
            opening = _OPENING_PHRASE.match(sentence, seg_start, subject_end)
            subject_start = opening.end() if opening is not None else seg_start
            if (
                _COMMITTEE.search(sentence, subject_start, subject_end)
                or _TO_PARLIAMENT.search(sentence, seg_start, seg_end)
            ) and not self.bodies(sentence, seg_start, subject_end):
                continue  # "The recommendations will be forwarded to the Senate": the committee's own business
            owner = self.actor(sentence, seg_start, subject_end) or self.speaker
            if items and cue is not None and _BACK_REFERENCE.match(sentence, cue.end()):
                # "... and subscribers there would get it by June": the same deliverable goes on.
                items[-1].end = seg_end
                continue
            condition = _CONDITION_START.search(sentence, cue.end() if cue else seg_start, seg_end)
            main_end = condition.start() if condition is not None else seg_end
            # The opening phrase says on whose word; its date ("recommendation of 10 August") is no deadline.
            parts = self.split_by_deadlines(sentence, subject_start, main_end, owner)
            if len(parts) == 1 and cue is not None:
                parts = self.split_by_verbs(sentence, cue.end(), parts[0])
            items.extend(parts)
            if condition is not None:
                items.extend(self.conditions(sentence, condition.start(), seg_end, owner, items[-1]))
        if not items:
            return "no_actor", "the committee's own business, no body to follow up", []
        return "commitment", "a body's future action (reported or direct)", items

    def live_cue(self, sentence: str, m: re.Match[str]) -> bool:
        if _NOT_FUTURE_AFTER.match(sentence, m.end()):
            return False
        if _RELATIVE_BEFORE.search(sentence, max(0, m.start() - 12), m.start()):
            return False
        return not (m.group().lower().startswith("is") and _MANDATE_BEFORE.search(sentence, 0, m.start()))

    def split_by_deadlines(self, sentence: str, start: int, end: int, owner: str) -> list[_Item]:
        """One item per deadline when a segment names several, "A by March, and B by December"."""
        deadlines = self.deadlines(sentence, start, end)
        if len({_deadline_id(d) for d in deadlines}) < 2:
            return [_Item("commitment", start, end, owner)]
        items = []
        cursor = start
        for first, second in zip(deadlines, deadlines[1:], strict=False):
            gap = list(_BETWEEN_DEADLINES.finditer(sentence, first.end, second.start))
            if not gap:
                continue
            items.append(_Item("commitment", cursor, gap[-1].start(), owner))
            cursor = gap[-1].end()
        items.append(_Item("commitment", cursor, end, owner))
        return items

    def split_by_verbs(self, sentence: str, after: int, item: _Item) -> list[_Item]:
        """One item per action of one cue ("would register 2,000 companies and open six parks
        by June"), each with the deadline the sentence gives them."""
        joints = list(_VERB_JOINT.finditer(sentence, after, item.end))
        if not joints:
            return [item]
        shared = self.deadline_of(sentence, item)
        items = []
        cursor = item.start
        for joint in joints:
            items.append(_Item("commitment", cursor, joint.start(), item.owner))
            cursor = joint.end()
        items.append(_Item("commitment", cursor, item.end, item.owner))
        for part in items:
            if shared is not None and not self.deadlines(sentence, part.start, part.end):
                part.deadline = shared
        return items

    def conditions(self, sentence: str, start: int, end: int, owner: str, target: _Item) -> list[_Item]:
        """A condition a body names for a target: one item per condition with its own theme."""
        words = _CONDITION_START.match(sentence, start)
        body = words.end() if words is not None else start
        parts = self.theme_parts(sentence, body, end)
        deadline = self.deadline_of(sentence, target)
        return [_Item("commitment", s, e, owner, condition=True, deadline=deadline) for s, e in parts]

    def theme_parts(self, sentence: str, start: int, end: int) -> list[tuple[int, int]]:
        """A list "better coordination, industry support and upskilling" split where each part
        names a theme of its own; otherwise the whole span."""
        cuts = [start, *(m.end() for m in _LIST_SPLIT.finditer(sentence, start, end))]
        parts = []
        for i, s in enumerate(cuts):
            e = end if i + 1 == len(cuts) else _LIST_SPLIT.search(sentence, s, end)
            parts.append((s, e if isinstance(e, int) else (e.start() if e else end)))
        if len(parts) < 2:
            return [(start, end)]
        themes = [self.theme_of(sentence[s:e]) for s, e in parts]
        named = [t for t in themes if t != FALLBACK_THEME]
        # Parts that are phrases of their own ("stable internet connectivity and continued
        # budgetary support"), not the halves of one ("programme and bilateral inflows").
        phrases = all(len(sentence[s:e].split()) >= 3 for s, e in parts)
        if phrases or (len(set(named)) > 1 and len(named) == len(parts)):
            return parts
        return [(start, end)]

    def condition_sentence(self, sentence: str, depends: re.Match[str]) -> tuple[str, str, list[_Item]]:
        owner = self.actor(sentence, 0, depends.start()) or self.speaker
        end = len(sentence)
        trailing = _TRAILING_FRAME.search(sentence, depends.end())
        if trailing is not None:
            end = trailing.start()
        parts = self.theme_parts(sentence, depends.end(), end)
        # "The export target for fiscal 2026 assumes ...": the condition is tied to that date.
        found = self.deadlines(sentence, 0, depends.start())
        deadline = found[0] if found else None
        items = [_Item("commitment", s, e, owner, condition=True, deadline=deadline) for s, e in parts]
        return "commitment", "a condition a body names for its target", items

    def nothing(self, sentence: str) -> tuple[str, str, list[_Item]]:
        if _ATTENDANCE.search(sentence):
            return "attendance", "who attended or chaired", []
        speech = self.speech(sentence)
        frame = sentence[: speech.start()] if speech is not None else sentence[:40]
        if _MEMBER.search(frame) or _OPINION.search(sentence):
            return "opinion", "an opinion or concern, nobody undertakes anything", []
        if _HEDGE.search(sentence):
            return "forecast", "a hedged forecast (could, likely, expected)", []
        if _PAST.search(sentence) or _PAST_VERB.search(sentence):
            return "past_result", "a past result or a state of affairs", []
        return "context", "no future action", []

    # -- what an item carries --

    def theme_of(self, words: str, bodies: Sequence[_Body] = ()) -> str:
        hits = self.keywords.find(words)
        counted: Counter[str] = Counter()
        first: dict[str, int] = {}
        for slug, spans in hits.items():
            for s, e in spans:
                # A body's name ("Pakistan Software Export Board") says nothing of the subject,
                # unless the whole name is the keyword ("FBR").
                if any(b.start <= s and e <= b.end and (s, e) != (b.start, b.end) for b in bodies):
                    continue
                counted[slug] += 1
                first.setdefault(slug, s)
        if not counted:
            return FALLBACK_THEME
        return min(counted, key=lambda slug: (-counted[slug], first[slug]))

    def deadline_of(self, sentence: str, item: _Item) -> Deadline | None:
        if item.deadline is not None or item.condition:
            return item.deadline
        found = self.deadlines(sentence, item.start, item.end)
        if not found:
            return None
        return found[-1] if len(found) > 1 and found[0].date is None else found[0]

    def deadlines(self, sentence: str, start: int = 0, end: int | None = None) -> list[Deadline]:
        """The deadlines inside ``sentence[start:end]``, offsets in the sentence; the sentence
        is searched once however many of its parts are asked about."""
        if self._deadlines_of != sentence:
            self._deadlines_of = sentence
            self._deadlines = find_deadlines(sentence, self.day)
        end = len(sentence) if end is None else end
        return [d for d in self._deadlines if start <= d.start and d.end <= end]


# Anything that can make a sentence give an item; a sentence without one is settled quickly.
_SIGNAL = CaselessPattern(
    _AT_A_WORD
    + "(?:"
    + "|".join(f"(?:{p.pattern})" for p in (_FUTURE, _DIRECTIVE_VERB, _ASKED, _DEPENDS, _NEEDS))
    + ")",
)
_MEMBER_ONLY = re.compile(r"^(?:[^,]{0,40}?\b(?:senator|sen\.|MNA|member)\b)", re.IGNORECASE)


def _subject_end(sentence: str, start: int) -> int:
    """Where the subject of a "that"-clause ends: at its verb ("X be", "X hold", "X release")."""
    m = re.search(
        r"\s(?:be|not|should|must|hold|release|lay|take|give|make|pay|provide|share|submit|ensure"
        r"|bring|place|set|prepare|issue|clear|devise|start|stop|allow|review|reduce|waive|move)\b",
        sentence[start:],
    )
    return start + m.start() if m is not None else len(sentence)


def _deadline_id(deadline: Deadline | None) -> str | None:
    """What makes two deadlines the same: the day, or the words when there is no day."""
    if deadline is None:
        return None
    if deadline.date is not None:
        return deadline.date.isoformat()
    return "~" + " ".join(deadline.text.lower().split())


def _target_id(amount: _Amount | None) -> str | None:
    return None if amount is None else f"{amount.value:.6g} {amount.unit}"


_BASELINE_BEFORE = re.compile(
    r"(?:\bfrom|\bup\s+from|\bdown\s+from|\bcompared\s+(?:to|with)|\bagainst|\bbaseline\s+of"
    r"|\blast\s+year'?s|\bprevious(?:ly)?|\bof\s+which|\bas\s+of|\babout)\s+(?:the\s+)?(?:about\s+|around\s+|nearly\s+)?$",
    re.IGNORECASE,
)
_HAS_WORD = re.compile(r"[^\W\d_]{2}")
_PAST_TENSE = re.compile(r"\b(?:had|was|were|has\s+been|have\s+been|\w+ed\s+(?:in|on|last|during)\s+(?:19|20)\d\d)\b")


# --- titles -------------------------------------------------------------------------------


# The names strftime("%B") gives, asked once: asking for each title cost 40 us.
_MONTH_NAMES = tuple(date(2000, month, 1).strftime("%B") for month in range(1, 13))


def _deadline_phrase(deadline: Deadline | None) -> str:
    if deadline is None:
        return ""
    if deadline.date is None:
        return " (" + " ".join(deadline.text.split()) + ")"
    period = _FY_RULE.match(deadline.rule)
    if period is not None:
        label = period.group(1)
        return (" in " if label.startswith("FY") else " by end of ") + label
    d = deadline.date
    return f" by {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


# A promise's verb after its cue ("will launch ...", "is to forward ...").
_ACTION = CaselessPattern(
    r"\b(?:will|shall|would|undert(?:ook|akes?)\s+to|committed\s+to|pledged\s+to|promised\s+to|agreed\s+to"
    r"|aims?\s+to|aimed\s+to|intends?\s+to|intended\s+to|plans?\s+to|planned\s+to|plan\s+is\s+to|commitment\s+to"
    r"|(?:is|are|was|were)\s+(?:to|set\s+to|going\s+to))\s+(?:also\s+|soon\s+|now\s+|be\s+able\s+to\s+)?"
    r"(?P<verb>[a-z][a-z'-]+)\b",
)
# Where the promise's own words end: at a clause that explains it.
_ACTION_END = CaselessPattern(r"\s+(?:so\s+that|to\s+ensure|which|as\s+part)\b|,\s|;\s|\s[\u2013\u2014-]\s")
_TARGET_CUE = CaselessPattern(r"\btargets?\s+of\b|\bprojected\s+to\b|\bon\s+(?:course|track)\s+to\b")
# Words a phrase cannot end with: a title cut after one of them stops mid-phrase.
_OPEN_PHRASE_END = frozenset(
    "a an the its their his her our this that these those of for to in on at with by and or first second"
    " third fourth fifth new separate further additional another".split()
)
# ", the IT ministry told the committee ...", ", he said": who said it, after what is to be done.
_REPORTED_TAIL = CaselessPattern(
    r",\s+(?:[\w'\u2019-]+\s+){0,6}?(?:told|said|says|informed|added|stated|assured|explained|briefed"
    r"|maintained|noted|disclosed|revealed|conceded|confirmed)\b"
)


# Words that end a target's qualifier on its left: "a target of $4 billion for [merchandise] exports".
_NOT_QUALIFIER = frozenset(
    "a an the this that these those its their our his her for of in on at to from by with into under as or"
    " is are was were be been has have had will would shall set fixed reach reached".split()
)
# "exports of services other than IT": the complement that says which exports, up to a verb or preposition.
_OF_COMPLEMENT = re.compile(
    r"\s+of(?:\s+(?!(?:in|by|for|to|from|at|during|within|is|are|was|were|will|would|had|has)\b)[^\s,;:.$]+)+",
    re.IGNORECASE,
)
# "tax collection target", "merchandise export target": the words before "target" belong to the thing.
_UP_TO_TARGET = re.compile(r"(?:\s+(?!(?:of|for|in)\b)[\w-]+){0,2}?(?=\s+targets?\b)", re.IGNORECASE)
_TARGET_WORD = re.compile(r"\s+targets?$", re.IGNORECASE)
# "a target of Rs 9.4 trillion for tax collection": the measure that follows the keyword is part of the thing.
_MEASURE = re.compile(
    r"\s+(?:collections?|revenues?|receipts|earnings|proceeds|volumes?|disbursements?|spending)\b", re.IGNORECASE
)


def _named_thing(
    written: str, matching: str, keywords: KeywordIndex, theme: str, bodies: Sequence[_Body], near: int
) -> str:
    """What a target sentence says is targeted, in its own words: the theme keyword nearest
    the amount (at ``near``) with its qualifier ("merchandise exports", "IT and IT-enabled
    services exports", "exports of services other than IT"); "" when it names none.
    ``matching`` is ``written`` made uniform for matching, with the same offsets."""
    # A keyword inside a body's name ("Pakistan Software Export Board") does not name the thing.
    spans = [
        (s, e)
        for s, e in keywords.find(matching).get(theme, [])
        if not any(b.start <= s and e <= b.end for b in bodies)
    ]
    if not spans:
        return ""
    s, e = min(spans, key=lambda span: abs(span[0] - near))
    qualifiers: list[str] = []
    for word in reversed(written[:s].split()[-4:]):
        if word.lower() in _NOT_QUALIFIER or not _HAS_WORD.search(word) or word[-1] in ",;:.()":
            break
        qualifiers.insert(0, word)
    while qualifiers and qualifiers[0].lower() in ("and", "&"):
        qualifiers.pop(0)
    tail = _OF_COMPLEMENT.match(written, e) or _MEASURE.match(written, e) or _UP_TO_TARGET.match(written, e)
    if tail is not None:
        e = tail.end()
    named = written[s:e].rstrip(" ,;:.")
    thing = _TARGET_WORD.sub("", named)
    if thing != named and " " not in thing and theme in keywords.find(thing + "s"):
        thing += "s"  # "an export target": what is targeted is exports
    return " ".join([*qualifiers, thing])


def _title(
    words: str, deadline: Deadline | None, condition: bool, start: int, target: _Amount | None, thing: str
) -> str:
    """What a clerk writes in the register: the promised action ("Launch a freelancer
    registration portal"), a target named as its sentence names it ("Merchandise exports of
    $32.3 billion"; ``thing`` is that name, or the theme's label when the sentence names
    nothing usable), or the deliverable's words; then the deadline as resolved."""
    if deadline is not None and deadline.end > deadline.start:
        a, b = deadline.start - start, deadline.end - start
        if 0 <= a <= b <= len(words):
            # "... up for auction in fiscal 2025": the preposition goes with its date.
            before = _DANGLING_PREPOSITION.sub("", words[:a].rstrip())
            after = words[b:]
            if before.endswith(",") and after.lstrip().startswith(","):
                # "submit, within two weeks, a list of ...": the date set off by commas goes
                # with both of them ("submit a list of ...").
                before, after = before[:-1], after.lstrip()[1:]
            words = before + after
    words = " ".join(words.split())
    promise = _ACTION.search(words)
    # Only after the promise: "The Secretary, Ministry of Railways briefed ... that" frames it.
    tail = _REPORTED_TAIL.search(words, promise.end()) if promise is not None else None
    if tail is not None:
        words = words[: tail.start()]
    if not _HAS_WORD.search(words):
        # Nothing but the deadline: no title from these words (the sentence's stands in).
        return ""
    if condition:
        words = _ROLE_OF.sub("", _clean_title(words))
        first = words.split()[:2]
        if first and (
            first[0] in ("The", "A", "An", "Its", "Their")
            or (len(first) == 2 and first[0][1:].islower() and first[1][:1].islower())
        ):
            words = words[0].lower() + words[1:]  # "stable internet", not "Special Technology Zones"
        return _short("Condition: " + words, TITLE_LIMIT)
    head = None
    if target is not None and thing != "Other" and _TARGET_CUE.search(words):
        head = _clean_title(f"{thing} of {_format_amount(target.value, target.unit)}")
    else:
        m = _ACTION.search(words)
        # "would launch X" is titled "Launch X"; "the rest of the country would follow" keeps
        # its subject, the action saying too little alone.
        if (
            m is not None
            and m.group("verb").lower() not in ("be", "have", "not")
            and len(words[m.end() :].split()) >= 2
        ):
            words = words[m.start("verb") :]
        # Cut at the first break, unless it comes too soon to leave a title ("Obtain, for every
        # suspension, ...") or the words before it are still open: "hold a second, separate
        # auction" goes on to the next break.
        cut = len(words)
        for end in _ACTION_END.finditer(words):
            if end.start() <= 12:
                break
            if words[: end.start()].split()[-1].lower() not in _OPEN_PHRASE_END:
                cut = end.start()
                break
        head = _clean_title(words[:cut])
    phrase = _deadline_phrase(deadline)
    return _short(head, TITLE_LIMIT - len(phrase)) + phrase


# "... that the financing plan for the scheme had still not been presented, and directed the
# CDA to submit it within 15 days": a title whose object is "it" or "them" names what the
# clause before it was about, the subject after its "that".
_PRONOUN_OBJECT = re.compile(r"^[A-Z][a-z]+\s+(?P<pronoun>it|them)\b")
_AUXILIARY_AHEAD = r"(?:had|has|have|was|were|is|are|would|will|could|had\s+been)\b"
_CLAUSE_SUBJECT = re.compile(
    rf"\b(?:that|which)\s+(?P<np>the\s+[\w-]+(?:\s+(?!{_AUXILIARY_AHEAD})[\w-]+){{0,8}}?)(?=\s*,|\s+{_AUXILIARY_AHEAD})"
)


def _pronoun_resolved(title: str, before: str, phrase: str) -> str:
    """``title`` with an object pronoun ("Submit it") read as the subject of the clause before
    the item in its sentence ("Submit the financing plan for the scheme"), kept to the limit."""
    m = _PRONOUN_OBJECT.match(title)
    subjects = list(_CLAUSE_SUBJECT.finditer(before)) if m is not None else []
    if m is None or not subjects:
        return title
    head = title[: len(title) - len(phrase)] if phrase and title.endswith(phrase) else title
    head = head[: m.start("pronoun")] + subjects[-1].group("np") + head[m.end("pronoun") :]
    return _short(head, TITLE_LIMIT - len(phrase)) + (phrase if title.endswith(phrase) else "")


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
    aliases: AliasIndex | None = None,
) -> ParsedBriefing:
    """Parse a briefing's text into its front matter, commitments and per-sentence decisions.

    ``briefing_date`` supplies the sitting's date or overrides the front matter's; with
    neither, :class:`MissingDateError` is raised (the only error on arbitrary text apart
    from an unreadable front-matter ``date:`` when no ``briefing_date`` is given).
    ``default_owner`` overrides the front matter's presenter as the owner of commitments
    that name no other body; with neither, the owner is "Unassigned". ``themes`` defaults
    to the taxonomy in ``seeds/themes.toml``, ``aliases`` to the owners' aliases in
    ``seeds/owners.toml``.
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
    index = aliases if aliases is not None else load_aliases()
    presenter = (default_owner or "").strip() or meta.presenter
    owner = index.resolve(presenter) or presenter if presenter else UNASSIGNED_OWNER
    parser = _Parser(day, owner, meta.presenter or default_owner, theme_list, index)
    parser.learn_aliases(text[body_start:])

    sentences = _sentences(text, body_start)
    # Urdu letter and digit variants made one for matching; same offsets, the text is kept.
    matching = for_matching(text)
    commitments: list[ParsedCommitment] = []
    decisions: list[Decision] = []
    keys: Counter[str] = Counter()
    # What each lead-in ("Targets for FY2025-26:", "The State Bank will:") promises and by when.
    leads: dict[int, tuple[bool, Deadline | None]] = {}
    lead_owners: dict[int, str] = {}
    introductions = {s.lead_in for s in sentences if s.bullet and s.lead_in >= 0}
    for i, sentence in enumerate(sentences):
        words = matching[sentence.start : sentence.end]
        verdict, reason, items = parser.analyse(words, sentence.form)
        if words.rstrip().endswith(":") and sentence.form in ("text", "heading", "bullet"):
            future = [d for d in parser.deadlines(words) if d.date is None or d.date >= day]
            leads[i] = (verdict == "commitment" or bool(future), future[0] if future else None)
        if i in introductions and verdict == "commitment":
            # "The State Bank undertook to:" introduces its promises; the list holds them.
            verdict, reason, items = "context", "introduces a list of promises", []
            lead_owners[i] = parser.actor(words, 0, len(words)) or parser.speaker
        lead = leads.get(sentence.lead_in) if sentence.form == "bullet" else None
        if lead is not None and lead[0] and verdict in ("context", "past_result") and not _PAST_TENSE.search(words):
            # A bullet under a promise or a dated list ("- IT exports of $5.2 billion") is a deliverable.
            own = parser.deadlines(words)
            owner = parser.actor(words, 0, len(words)) or lead_owners.get(sentence.lead_in) or parser.speaker
            item = _Item("commitment", 0, len(words), owner)
            item.deadline = None if own or lead[1] is None else Deadline(lead[1].date, lead[1].text, lead[1].rule, 0, 0)
            verdict, reason, items = "commitment", "an item of a list of promises or targets", [item]
        made = 0
        for item in items:
            commitment = _commitment(parser, text, sentence, words, item, keys)
            if commitment is not None:
                commitments.append(commitment)
                made += 1
        if items and not made:
            verdict, reason = "context", "nothing to deliver was left once the frame was set aside"
        decisions.append(Decision(sentence.start, sentence.end, words, verdict, reason, made))
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    results = read_results(text, decisions, _quantities, index, owner)
    mentions = read_mentions(text, decisions, results, _quantities, index, owner)
    return ParsedBriefing(meta, text, digest, day, tuple(commitments), tuple(decisions), results, mentions)


def _commitment(
    parser: _Parser,
    text: str,
    sentence: _Sentence,
    words: str,
    item: _Item,
    keys: Counter[str],
) -> ParsedCommitment | None:
    part = words[item.start : item.end]
    if not _HAS_WORD.search(part):
        return None
    written = text[sentence.start : sentence.end]  # as written: what is stored and shown
    deadline = parser.deadline_of(words, item)
    names = parser.known_bodies(words)
    theme = parser.theme_of(part, [_Body(b.name, b.start - item.start, b.end - item.start) for b in names])
    if theme == FALLBACK_THEME:
        # A deliverable whose own words name no theme takes its sentence's.
        theme = parser.theme_of(words, names)
    blocked = [(deadline.start - item.start, deadline.end - item.start)] if deadline is not None else []
    amounts = _amounts(part, blocked)
    targets = [a for a in amounts if not _BASELINE_BEFORE.search(part[max(0, a.start - 30) : a.start])]
    target = min(targets, key=lambda a: (_unit_rank(a.unit), a.start)) if targets else None
    baselines = [a for a in amounts if a not in targets and target is not None and a.unit == target.unit]
    if target is not None and not baselines:
        # "Exports reached $3.2 billion, while the ministry aims for $4 billion": the result
        # stated beside the target, in a clause of its own, is its baseline.
        outside = _amounts(words[: item.start], [])
        baselines = [a for a in outside if a.unit == target.unit]
    label = parser.labels.get(theme, theme)
    if item.title_end is not None:
        title = _title(written[item.start : item.title_end], None, False, item.start, None, label)
        title = _short(title, TITLE_LIMIT - len(_deadline_phrase(deadline))) + _deadline_phrase(deadline)
    else:
        thing = ""
        if target is not None and _TARGET_CUE.search(part):
            # The thing as the deliverable's words name it, else as the rest of its sentence does.
            own = [_Body(b.name, b.start - item.start, b.end - item.start) for b in names]
            thing = _named_thing(
                written[item.start : item.end], part, parser.keywords, theme, own, target.start
            ) or _named_thing(written, words, parser.keywords, theme, names, item.start + target.start)
        title = _title(written[item.start : item.end], deadline, item.condition, item.start, target, thing or label)
    title = title or _short(_clean_title(written), TITLE_LIMIT)
    title = _pronoun_resolved(title, written[: item.start], _deadline_phrase(deadline))
    description = " ".join(written.split())
    kind_prefix = "" if item.kind == "commitment" else item.kind + "|"
    base = f"{kind_prefix}{theme}|{_target_id(target) or '-'}|{_deadline_id(deadline) or '-'}"
    keys[base] += 1
    # A counter, not a growing string: the same key many times over stays cheap.
    key = base if keys[base] == 1 else f"{base}+{keys[base] - 1}"
    return ParsedCommitment(
        title=title,
        description=description,
        theme=theme,
        owner=item.owner,
        deadline=deadline.date if deadline else None,
        deadline_text=" ".join(_written(written, deadline).split()) if deadline else None,
        deadline_rule=deadline.rule if deadline else None,
        target_value=target.value if target else None,
        target_unit=target.unit if target else None,
        baseline=_format_amount(baselines[0].value, baselines[0].unit) if baselines else None,
        excerpts=(Excerpt(sentence.start, sentence.end, text[sentence.start : sentence.end]),),
        key=key,
        kind=item.kind,
        deliverable=" ".join(written[item.start : item.end].split()),
    )


def _written(sentence: str, deadline: Deadline) -> str:
    """A deadline's words as written in ``sentence`` (one taken from a list's lead-in keeps its own)."""
    if deadline.end > deadline.start and sentence[deadline.start : deadline.end] != deadline.text:
        if for_matching(sentence[deadline.start : deadline.end]) == for_matching(deadline.text):
            return sentence[deadline.start : deadline.end]
    return deadline.text


def _unit_rank(unit: str) -> int:
    return 0 if unit in ("USD", "PKR") else 2 if unit == "%" else 1


def has_cue(sentence: str) -> bool:
    """Whether a sentence says something will or must be done: a future or obligation cue
    (will, plans to, directed, asked to, depends on, needs), in English or Urdu. A sentence
    with a cue that gave no item is one a reviewer may still want to make an item of."""
    matching = for_matching(sentence)
    return any(p.search(matching) is not None for p in (_SIGNAL, _UR_FUTURE, _UR_DIRECTIVE))


def _quantities(clause: str) -> list[Quantity]:
    """The amounts of a past-result clause, read as an item's are."""
    return [Quantity(a.value, a.unit, a.start, a.end) for a in _amounts(clause, [])]
