"""Deadline phrases in briefing text, resolved against a reference date (the briefing's).

Every form is an explicit pattern: nothing is read "fuzzily" (a fuzzy date parser turns
"soon" or "Q3" into a confident wrong day), and a phrase that names no definite day ("at the
next sitting", "before the budget", "soon", "by March" without a year) is kept with
``date=None`` and a rule that starts with ``"unresolved"`` (and may say why after a colon).

Forms resolved (``ref`` is the reference date):

- fiscal years: "FY2025-26", "FY 2025/2026", "FY25-26", "FY26" (the year that *ends* in 2026,
  the convention of the State Bank and the budget documents), "fiscal year 2025-26",
  "in 2025-26", "the current/this fiscal year" (the one containing ``ref``),
  "next/upcoming/coming fiscal year", "last/previous fiscal year", "the fiscal year"
  (the current one); "financial year" means the same. Resolved to the last day, 30 June.
- quarters and halves: "by the end of the second quarter of FY2025-26", "Q2 FY2025-26",
  "first half of the next fiscal year", "the current quarter", "next quarter".
- months: "by March 2026" (the last day of March); "by 2023" (31 December); "by the end of
  this year" (31 December of ``ref``'s year).
- days: "by 31 December 2025", "December 31, 2025", "30/09/2025" (always day first),
  "2025-09-30".
- durations: "within 60 days", "within two to three weeks" (the later bound), "in the next
  90 days", "over the next three years" (calendar arithmetic: 31 January + 1 month is 28 or
  29 February).

"before X" means the day before X begins ("before March 2026" is 28 February 2026), while
"by", "until", "in" and "end of" mean the last day of X.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from tracker.dates import EARLIEST_DAY, LATEST_DAY, OUT_OF_RANGE_RULE
from tracker.fiscal import FiscalYear, fiscal_year_of, quarter_of
from tracker.text import CaselessPattern, fold

__all__ = ["Deadline", "find_deadlines", "for_matching", "resolve_deadline"]

UNRESOLVED = "unresolved"


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase found in text and the day it resolves to (None if it cannot)."""

    date: date | None
    text: str
    rule: str
    start: int
    end: int


_MONTH_SPELLINGS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
# Urdu month names as briefings spell them (after the letter normalisation below).
_URDU_MONTH_SPELLINGS = (
    ("جنوری",),
    ("فروری",),
    ("مارچ",),
    ("اپریل",),
    ("مئی", "مئ"),
    ("جون",),
    ("جولائی", "جولائ"),
    ("اگست",),
    ("ستمبر",),
    ("اکتوبر",),
    ("نومبر",),
    ("دسمبر",),
)
# English month names and abbreviations to their number (also what the intake's date finder reads).
ENGLISH_MONTHS = {name: n for n, names in enumerate(_MONTH_SPELLINGS, start=1) for name in names}
_MONTHS = {
    name: n
    for spellings in (_MONTH_SPELLINGS, _URDU_MONTH_SPELLINGS)
    for n, names in enumerate(spellings, start=1)
    for name in names
}

# Letters and digits that Urdu texts write in more than one way, mapped one code point to
# one, so that offsets in the normalised text are offsets in the original: Arabic yeh and
# kaf (U+064A, U+0649, U+0643) to the Urdu ones, Urdu-Indic and Arabic-Indic digits to 0-9.
_MATCHING_FORM = str.maketrans(
    {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
    | {chr(0x06F0 + i): str(i) for i in range(10)}
    | {chr(0x0660 + i): str(i) for i in range(10)}
)


_VARIANT = re.compile("[" + "".join(map(chr, _MATCHING_FORM)) + "]")


def for_matching(text: str) -> str:
    """``text`` with Urdu letter and digit variants made one, for matching only: same
    length, so every offset stays valid in the original (which is what is stored)."""
    # Translating costs a table lookup a character, a megabyte a tenth of a second; most
    # text (all ASCII text) has no variant to change.
    return text if text.isascii() or not _VARIANT.search(text) else text.translate(_MATCHING_FORM)


_MONTH_NAMES = ("January February March April May June July August September October November December").split()

# Number words as briefings spell counts and durations ("two to three weeks").
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": 4,
    "final": 4,
}

# Month names are matched case-insensitively here and checked for a capital afterwards,
# so that the verb "may" and "march on" are never read as months.
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_NUM = (
    r"(?:\d{1,4}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|"
    r"three|four|five|six|seven|eight|nine))?|a|an|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"hundred)"
)
_DASH = r"\s?[-/\u2013]\s?"

# What may precede a core: a preposition and/or "the end of". "before" is remembered because
# it changes the day ("before March" is the end of February).
_LEAD = (
    r"(?P<prep>\b(?:no|not)\s+later\s+than\s+|\bon\s+or\s+before\s+|by\s+|before\s+|until\s+|"
    r"till\s+|up\s+to\s+|in\s+|during\s+|for\s+|within\s+|at\s+|on\s+|of\s+)?"
    r"(?:the\s+)?(?P<endof>(?:end|close|conclusion)\s+of\s+(?:the\s+)?)?"
)
_FY_CORE = (
    # "certify 50,000" is no "FY 50": the label starts a word.
    r"(?:(?<![A-Za-z])FY\s?'?\d{2,4}(?:" + _DASH + r"\d{2,4})?(?![\d-])"
    r"|(?:fiscal|financial)\s+year\s+\d{4}" + _DASH + r"\d{2,4}(?![\d-])"
    r"|(?:current|this|present|ongoing|running|next|upcoming|coming|following|last|previous"
    r"|past|preceding)\s+(?:fiscal|financial)\s+year"
    r"|(?<=the\s)(?:fiscal|financial)\s+year(?!\s+\d))"
)


def _compile(pattern: str) -> CaselessPattern:
    return CaselessPattern(pattern)


def _compile_form(pattern: str) -> CaselessPattern:
    """A deadline form. Each starts with a letter or a digit: saying so up front lets the
    case-insensitive engine pass over spaces and punctuation at one test each instead of
    trying the whole form there; on lower-cased ASCII text the form alone is faster still."""
    return CaselessPattern("(?:" + pattern + ")", lead=r"(?=\w)")


# The lead of a phrase is found by looking back from its core: a pattern that starts with an
# optional group is tried at every position of the text, and made parsing ten times slower.
_LEAD_BEFORE = _compile(_LEAD + r"$")
_LEAD_WINDOW = 60


def _group(m: re.Match[str], name: str, text: str) -> str:
    """The words of a group as ``text`` has them ("" when it did not take part): a match on
    the lower-cased text has lost the capital that tells "May" from "may"."""
    start = m.start(name)
    return text[start : m.end(name)] if start >= 0 else ""


class _Hit:
    """A match of a form in ``text``, with the lead ("by the end of") found before it."""

    def __init__(self, m: re.Match[str], text: str, prep: str, endof: str) -> None:
        self.m = m
        self.text = text
        self.prep = prep
        self.endof = endof

    def group(self, name: str) -> str:
        """The text of a group; "" when it did not take part in the match."""
        if name == "prep":
            return self.prep
        if name == "endof":
            return self.endof
        return _group(self.m, name, self.text)

    def has(self, name: str) -> bool:
        return name in self.m.re.groupindex and self.m.group(name) is not None


_P_QUARTER = _compile_form(
    r"(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+quarter"
    r"|Q(?P<qn>[1-4]))\s*(?:,\s*)?(?:of\s+)?(?:the\s+)?(?P<fy>" + _FY_CORE + r")"
)
_P_HALF = _compile_form(
    r"(?:(?P<h>first|second)\s+half|H(?P<hn>[12]))\s*(?:,\s*)?(?:of\s+)?(?:the\s+)?"
    r"(?P<fy>" + _FY_CORE + r")"
)
_P_REL_QUARTER = _compile_form(r"(?P<which>current|this|present|next|coming|following)\s+quarter")
_P_FY = _compile_form(r"(?P<fy>" + _FY_CORE + r")")
# "in 2025-26": a bare fiscal-year label, only after a preposition.
_P_BARE_FY = _compile_form(
    r"\b(?P<prep>by\s+|before\s+|until\s+|till\s+|in\s+|during\s+|for\s+)(?:the\s+)?"
    r"(?P<endof>(?:end|close)\s+of\s+)?(?P<b1>(?:19|20)\d{2})\s?[-/\u2013]\s?(?P<b2>\d{2})(?![\d%])"
)
_P_DAY_MONTH_YEAR = _compile_form(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>" + _MON + r")\.?,?\s+"
    r"(?P<year>\d{4})(?!\d)"
)
_P_MONTH_DAY_YEAR = _compile_form(
    r"(?P<mon>" + _MON + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>\d{4})(?!\d)"
)
_P_NUMERIC = _compile_form(
    r"(?<![\d./-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"(?![\d./-]\d)"
)
_P_ISO = _compile_form(r"(?<![\d./-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")
_P_MONTH_YEAR = _compile_form(r"(?P<mon>" + _MON + r")\.?,?\s+(?:of\s+)?(?P<year>\d{4})(?![\d-])")
_P_YEAR = _compile_form(
    r"\b(?P<prep>(?:no|not)\s+later\s+than\s+|by\s+|before\s+|until\s+|till\s+|in\s+|during\s+)"
    r"(?:the\s+)?(?P<endof>(?:end|close)\s+of\s+)?(?:calendar\s+year\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?![\d%]|\s?[-/\u2013]\s?\d)"
)
_P_THIS_YEAR = _compile_form(
    r"(?:\b(?P<prep>by|before|until|till)\s+)?(?:the\s+)?(?P<endof>\b(?:end|close)\s+of\s+)"
    r"(?:the\s+|this\s+)?(?P<which>current\s+|this\s+|calendar\s+)?year(?!\s*\d)"
)
_P_DURATION = _compile_form(
    r"(?:\b(?P<prep>within|in|over|during|for)\s+)?(?:the\s+)?(?:\b(?P<next>next|coming|following)\s+)?"
    r"(?<![\w.,$])(?P<n1>" + _NUM + r")(?:\s*(?:to|-|\u2013|or)\s*(?P<n2>" + _NUM + r"))?\s+"
    r"(?P<unit>days?|weeks?|fortnights?|months?|years?)(?:'s?)?(?:\s+time)?\b"
)
_UNRESOLVED_PATTERNS = [
    _compile_form(
        r"\b(?:at|by|before|in|during|till|until)\s+(?:the\s+)?(?:next|upcoming|coming|following)"
        r"\s+(?:sitting|meeting|session|briefing|hearing)(?:\s+of\s+the\s+committee)?"
    ),
    _compile_form(
        r"\b(?:before|by|after|ahead\s+of|in)\s+(?:the\s+)?(?:next\s+|upcoming\s+|coming\s+|federal\s+)?"
        r"budget(?:\s+session)?"
    ),
    _compile_form(
        r"\bas\s+soon\s+as\s+possible|at\s+the\s+earliest(?:\s+possible\s+date)?|in\s+due\s+course"
        r"|in\s+the\s+near\s+future|in\s+the\s+(?:coming|next)\s+(?:few\s+)?(?:days|weeks|months|years)"
        r"|in\s+the\s+(?:short|medium|long)\s+term|without\s+delay|forthwith|\bsoon\b|\bshortly\b"
    ),
    _compile_form(
        r"\b(?:by|before|until|till|in)\s+(?:the\s+)?(?:(?:end|middle)\s+of\s+(?:the\s+)?)?"
        r"(?:mid|early|late)[-\s]+(?:" + _MON + r"\s+)?(?:\d{4}|year)"
    ),
    _compile_form(
        r"\b(?:by|before|until|till|in)\s+(?:the\s+)?(?:(?:end|middle)\s+of\s+(?:the\s+)?)?(?P<mon>"
        + _MON
        + r")\b(?!\.?,?\s+(?:of\s+)?\d)"
    ),
    _compile_form(r"\b(?:by|before|until|till)\s+next\s+year"),
]

# Forms a newspaper report uses without a year, resolved against the sitting.
# "by June", "from October", "by end-December", "in August": the month's next occurrence.
_P_MONTH_ALONE = _compile_form(
    r"\b(?P<prep>by|before|until|till|in|from|during)\s+(?:the\s+)?(?P<endof>(?:end|middle)(?:\s+of\s+|-)|end-)?"
    r"(?P<mon>" + _MON + r")\b(?!\.?,?\s*(?:of\s+)?\d)"
)
# "by 15th February", "by the statutory date of 31st January": a day without a year.
_P_DAY_MONTH_ALONE = _compile_form(
    r"\b(?P<prep>by|before|until|till|on)\s+(?:the\s+)?(?:[a-z]+\s+date\s+of\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?P<mon>" + _MON + r")\b(?!\.?,?\s*(?:of\s+)?\d)"
)
# "this year", "the current year", "by next year".
_P_CAL_YEAR = _compile_form(r"\b(?P<which>this|current|next|coming)\s+(?:calendar\s+)?year\b(?!\s*\d)")
# "by the end of this month": the last day of the sitting's month.
_P_THIS_MONTH = _compile_form(r"\b(?:this|current)\s+month\b(?!\s+of)")
# "next month", "from the next month", "by next month".
_P_NEXT_MONTH = _compile_form(r"\b(?:next|coming|following)\s+month\b")
# "from the next fiscal year": a "from" that starts the promise, not a baseline.
_P_FROM_NEXT_FY = _compile_form(
    r"\bfrom\s+(?:the\s+)?(?:next|coming|following|upcoming)\s+(?:fiscal|financial)\s+year\b"
)
# "in fiscal 2026" (FY2025-26), "fiscal year 2026".
_P_FISCAL_YEAR_END = _compile_form(
    r"\b(?:fiscal|financial)\s+(?:year\s+)?(?P<year>(?:19|20)\d{2})(?![\d-]|\s?[-/\u2013]\s?\d)"
)
# "by mid-2026": the middle of a calendar year is 30 June.
_P_MID_YEAR = _compile_form(r"\b(?:by|before|until|till|in)\s+(?:the\s+)?mid[-\s]+(?P<year>(?:19|20)\d{2})(?!\d)")
# "first quarter of 2026" (calendar quarter) and "first quarter of 2016-17" (fiscal).
_P_QUARTER_OF_YEAR = _compile_form(
    r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+quarter\s+of\s+(?:the\s+)?(?:year\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?:\s?[-/\u2013]\s?(?P<y2>\d{2}))?(?![\d%])"
)


def _number(token: str) -> int | None:
    word = fold(token).replace("-", " ").split()
    if not word:
        return None
    if word[0].isdigit():
        return int(word[0])
    total = 0
    for part in word:
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total


def _fiscal_year(label: str, ref: date) -> FiscalYear | None:
    """The fiscal year a captured FY phrase names, or None when it names none."""
    text = " ".join(fold(label).split())
    m = re.fullmatch(r"fy\s?'?(\d{2,4})(?:\s?[-/\u2013]\s?(\d{2,4}))?", text)
    if m is None:
        m = re.fullmatch(r"(?:fiscal|financial) year (\d{4})\s?[-/\u2013]\s?(\d{2,4})", text)
    if m is not None:
        first, second = m.group(1), m.group(2)
        if second is None:
            # "FY26" / "FY2026": the fiscal year that ends in 2026.
            end_year = int(first) + (2000 if len(first) == 2 else 0)
            return FiscalYear(end_year - 1) if len(first) in (2, 4) else None
        if len(first) == 3 or len(second) == 3:
            return None
        start = int(first) + (2000 if len(first) == 2 else 0)
        if int(second) % 100 != (start + 1) % 100:
            return None
        if len(second) == 4 and int(second) != start + 1:
            return None
        return FiscalYear(start)
    current = fiscal_year_of(ref)
    if text.startswith(("current", "this", "present", "ongoing", "running", "fiscal", "financial")):
        return current
    if text.startswith(("next", "upcoming", "coming", "following")):
        return current.next()
    if text.startswith(("last", "previous", "past", "preceding")):
        return current.previous()
    return None


@dataclass(frozen=True)
class _Period:
    first: date
    last: date
    label: str


_CLOSES_AFTER = re.compile(r"\s+(?:closes|closed|ends|ended|is\s+over|was\s+over|runs\s+out)\b", re.IGNORECASE)


def _period_day(m: _Hit, period: _Period) -> tuple[date, str]:
    """The deadline a period gives: its last day, or the day before it for "before X"."""
    prep = _prep(m)
    # "before the current financial year closed" is its end, not the day before it starts.
    ends = bool(m.group("endof")) or _CLOSES_AFTER.match(m.text, m.m.end()) is not None
    if prep == "before" and not ends:
        return period.first - timedelta(days=1), f"day before {period.label}"
    return period.last, f"end of {period.label}"


def _prep(m: _Hit) -> str:
    """The preposition of a phrase, "before" also for the Urdu "سے پہلے" that follows it."""
    prep = fold(" ".join((m.group("prep") or "").split()))
    return "before" if prep == "سے پہلے" else prep


def _capitalised(m: _Hit) -> bool:
    # An Urdu month name has no capital and is never a verb ("may") or a noun ("march on"); a
    # long s is a small letter like the "s" it stands for.
    first = m.group("mon")[0]
    return first.isupper() or not (first.isascii() or first.islower())


def _month(m: _Hit) -> int:
    return _MONTHS[fold(m.group("mon")).rstrip(".")]


@dataclass(frozen=True)
class _Context:
    ref: date  # the reference date phrases are resolved against
    anchor: str  # its name in rules ("briefing date + 60 days")


_Resolved = tuple[date | None, str] | None
Resolver = Callable[[_Hit, _Context], _Resolved]


def _r_quarter(m: _Hit, ctx: _Context) -> _Resolved:
    fy = _fiscal_year(m.group("fy"), ctx.ref)
    if fy is None:
        return None, UNRESOLVED
    n = int(m.group("qn")) if m.group("qn") else _ORDINALS[fold(m.group("q"))]
    first, last = fy.quarter(n)
    return _period_day(m, _Period(first, last, f"Q{n} {fy.label}"))


def _r_half(m: _Hit, ctx: _Context) -> _Resolved:
    fy = _fiscal_year(m.group("fy"), ctx.ref)
    if fy is None:
        return None, UNRESOLVED
    n = int(m.group("hn")) if m.group("hn") else (1 if fold(m.group("h")) == "first" else 2)
    first = fy.start if n == 1 else fy.quarter(3)[0]
    last = fy.quarter(2)[1] if n == 1 else fy.end
    return _period_day(m, _Period(first, last, f"H{n} {fy.label}"))


def _r_rel_quarter(m: _Hit, ctx: _Context) -> _Resolved:
    fy, n = fiscal_year_of(ctx.ref), quarter_of(ctx.ref)
    if fold(m.group("which")) in ("next", "coming", "following"):
        fy, n = (fy, n + 1) if n < 4 else (fy.next(), 1)
    first, last = fy.quarter(n)
    return _period_day(m, _Period(first, last, f"Q{n} {fy.label}"))


def _r_fy(m: _Hit, ctx: _Context) -> _Resolved:
    fy = _fiscal_year(m.group("fy"), ctx.ref)
    if fy is None:
        return None, UNRESOLVED
    return _period_day(m, _Period(fy.start, fy.end, fy.label))


def _r_bare_fy(m: _Hit, _ctx: _Context) -> _Resolved:
    start = int(m.group("b1"))
    if int(m.group("b2")) != (start + 1) % 100:
        return None  # "in 2025-30" is a span of years, not a fiscal year
    fy = FiscalYear(start)
    return _period_day(m, _Period(fy.start, fy.end, fy.label))


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _r_exact(m: _Hit, day: date | None, how: str) -> _Resolved:
    if day is None:
        return None, UNRESOLVED  # an impossible date (31/02/2026) is refused, never moved
    written = f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"
    if _prep(m) == "before":
        return day - timedelta(days=1), f"day before {written}"
    return day, f"{written} {how}".strip()


def _r_day_month_year(m: _Hit, _ctx: _Context) -> _Resolved:
    if not _capitalised(m):
        return None
    return _r_exact(m, _day(int(m.group("year")), _month(m), int(m.group("day"))), "")


def _r_numeric(m: _Hit, _ctx: _Context) -> _Resolved:
    found = _day(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    return _r_exact(m, found, "(day first)")


def _r_iso(m: _Hit, _ctx: _Context) -> _Resolved:
    found = _day(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    return _r_exact(m, found, "")


def _r_month_year(m: _Hit, _ctx: _Context) -> _Resolved:
    if not _capitalised(m):
        return None
    year, month = int(m.group("year")), _month(m)
    return _period_day(m, _Period(date(year, month, 1), _month_end(year, month), f"{_MONTH_NAMES[month - 1]} {year}"))


def _r_year(m: _Hit, _ctx: _Context) -> _Resolved:
    year = int(m.group("year"))
    return _period_day(m, _Period(date(year, 1, 1), date(year, 12, 31), str(year)))


def _r_this_year(m: _Hit, ctx: _Context) -> _Resolved:
    year = ctx.ref.year
    return _period_day(m, _Period(date(year, 1, 1), date(year, 12, 31), str(year)))


def _r_duration(m: _Hit, ctx: _Context) -> _Resolved:
    if not m.group("prep") and not m.group("next"):
        return None  # "60 days" alone is a quantity, not a deadline
    if fold(m.group("prep")) == "for" and not m.group("next"):
        return None  # "for six months" is a duration, not a deadline
    first, second = _number(m.group("n1")), _number(m.group("n2") or m.group("n1"))
    if first is None or second is None:
        return None
    # "two to three weeks" is the later bound, whichever order the words come in.
    low, high = min(first, second), max(first, second)
    if high > 3660:
        return None
    if _FROM_AN_EVENT_AFTER.match(m.text, m.m.end()):
        return None, f"{UNRESOLVED}: counted from an event, not from the {ctx.anchor}"
    unit = fold(m.group("unit")).rstrip("s")
    plural = unit if high == 1 else unit + "s"
    rule = f"{ctx.anchor} + {high} {plural}"
    if m.group("n2"):
        rule += f" (the later of {low} to {high} {unit}s)"
    return _later(ctx.ref, high * 2 if unit == "fortnight" else high, "week" if unit == "fortnight" else unit), rule


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _later(day: date, n: int, unit: str) -> date:
    """``day`` plus ``n`` days, weeks, months or years; a month or a year later is the same
    day of the month, or the month's last day when it has no such day (31 January + 1 month
    is 28 February, 29 February + 1 year is 28 February): ``relativedelta``'s calendar
    arithmetic."""
    later: date = day + relativedelta(**{f"{unit}s": n})
    return later


def _next_month_end(month: int, day: int | None, ref: date) -> date:
    year = ref.year
    last = _month_end(year, month)
    if (last if day is None else date(year, month, min(day, last.day))) < ref:
        year += 1
    last = _month_end(year, month)
    return last if day is None else date(year, month, min(day, last.day))


def _r_month_alone(m: _Hit, ctx: _Context) -> _Resolved:
    if not _capitalised(m):
        return None
    month = _month(m)
    name = _MONTH_NAMES[month - 1]
    last = _next_month_end(month, None, ctx.ref)
    if _prep(m) == "before" and not m.group("endof"):
        day = date(last.year, month, 1) - timedelta(days=1)
        return (
            day,
            f"{name} without a year: its next occurrence on or after the {ctx.anchor}; day before {name} {last.year}",
        )
    return last, f"{name} without a year: its next occurrence on or after the {ctx.anchor}; end of {name} {last.year}"


def _r_day_month_alone(m: _Hit, ctx: _Context) -> _Resolved:
    if not _capitalised(m):
        return None
    month, day = _month(m), int(m.group("day"))
    if not 1 <= day <= 31:
        return None
    found = _next_month_end(month, day, ctx.ref)
    return found, f"{day} {_MONTH_NAMES[month - 1]} without a year: its next occurrence on or after the {ctx.anchor}"


def _r_cal_year(m: _Hit, ctx: _Context) -> _Resolved:
    which = fold(m.group("which"))
    year = ctx.ref.year + (1 if which in ("next", "coming") else 0)
    return date(year, 12, 31), f"{'next' if year > ctx.ref.year else 'this'} year: end of {year}"


def _r_this_month(_m: _Hit, ctx: _Context) -> _Resolved:
    last = _month_end(ctx.ref.year, ctx.ref.month)
    return last, f"this month: end of {_MONTH_NAMES[last.month - 1]} {last.year}"


def _r_next_month(_m: _Hit, ctx: _Context) -> _Resolved:
    shifted = _later(ctx.ref, 1, "month")
    last = _month_end(shifted.year, shifted.month)
    return last, f"next month: end of {_MONTH_NAMES[last.month - 1]} {last.year}"


def _r_from_next_fy(_m: _Hit, ctx: _Context) -> _Resolved:
    fy = fiscal_year_of(ctx.ref).next()
    return fy.end, f"end of {fy.label}"


def _r_fiscal_year_end(m: _Hit, _ctx: _Context) -> _Resolved:
    fy = FiscalYear(int(m.group("year")) - 1)
    return fy.end, f"fiscal {m.group('year')} is {fy.label}: end of {fy.label}"


def _r_mid_year(m: _Hit, _ctx: _Context) -> _Resolved:
    year = int(m.group("year"))
    return date(year, 6, 30), f"mid-{year}: 30 June {year}"


def _r_quarter_of_year(m: _Hit, _ctx: _Context) -> _Resolved:
    n = _ORDINALS[fold(m.group("q"))]
    year = int(m.group("year"))
    if m.group("y2"):
        if int(m.group("y2")) != (year + 1) % 100:
            return None, UNRESOLVED
        fy = FiscalYear(year)
        first, last = fy.quarter(n)
        return _period_day(m, _Period(first, last, f"Q{n} {fy.label}"))
    first = date(year, 3 * n - 2, 1)
    last = _month_end(year, 3 * n)
    return _period_day(m, _Period(first, last, f"calendar Q{n} {year}"))


def _r_unresolved(m: _Hit, _ctx: _Context) -> _Resolved:
    if m.has("mon") and not _capitalised(m):
        return None
    return None, UNRESOLVED


# --- Urdu ---------------------------------------------------------------------------------
# Urdu puts the preposition after its phrase: "۳۰ ستمبر تک" (by 30 September), "جولائی سے
# پہلے" (before July), "تین ماہ کے اندر" (within three months). The forms below read the
# normalised text (for_matching) and resolve with the same rules, in the same words, as the
# English forms.
_UR_MON = (
    "(?:" + "|".join(sorted((n for names in _URDU_MONTH_SPELLINGS for n in names), key=len, reverse=True)) + r")(?!\w)"
)
_UR_PREP = r"(?P<prep>تک|میں|سے\s+پہلے|سے)(?!\w)"
_UR_END_OF = r"(?:\s+کے\s+(?P<endof>آخر|اختتام))?"
_UR_NUMBER_WORDS = {
    "ایک": 1,
    "دو": 2,
    "تین": 3,
    "چار": 4,
    "پانچ": 5,
    "چھ": 6,
    "سات": 7,
    "آٹھ": 8,
    "نو": 9,
    "دس": 10,
    "گیارہ": 11,
    "بارہ": 12,
    "پندرہ": 15,
    "بیس": 20,
    "پچیس": 25,
    "تیس": 30,
    "پینتالیس": 45,
    "ساٹھ": 60,
    "نوے": 90,
}
_UR_NUM = r"(?:\d{1,4}|" + "|".join(sorted(_UR_NUMBER_WORDS, key=len, reverse=True)) + r")(?!\w)"
_UR_UNITS = {
    "دن": "day",
    "دنوں": "day",
    "ہفتے": "week",
    "ہفتوں": "week",
    "ماہ": "month",
    "مہینے": "month",
    "مہینوں": "month",
    "سال": "year",
}
_P_UR_DAY_MONTH_YEAR = _compile_form(
    r"(?P<day>\d{1,2})\s+(?P<mon>" + _UR_MON + r")\s*,?\s+(?P<year>\d{4})(?!\d)(?:\s*ء)?(?:\s+" + _UR_PREP + ")?"
)
_P_UR_MONTH_YEAR = _compile_form(
    r"(?P<mon>" + _UR_MON + r")\s*,?\s+(?P<year>\d{4})(?![\d-])(?:\s*ء)?" + _UR_END_OF + r"(?:\s+" + _UR_PREP + ")?"
)
_P_UR_DAY_MONTH = _compile_form(r"(?P<day>\d{1,2})\s+(?P<mon>" + _UR_MON + r")(?!\s*,?\s*\d)(?:\s+(?P<prep>تک))?")
_P_UR_MONTH = _compile_form(
    r"(?:(?P<which>رواں|اس|آئندہ|اگلے)\s+سال\s+)?(?P<mon>"
    + _UR_MON
    + r")(?!\s*,?\s*\d)"
    + _UR_END_OF
    + r"\s+"
    + _UR_PREP
)
_P_UR_YEAR = _compile_form(
    r"(?P<year>(?:19|20)\d{2})(?![\d-])(?:\s*ء)?" + _UR_END_OF + r"\s+(?P<prep>تک|سے\s+پہلے)(?!\w)"
)
_P_UR_DURATION = _compile_form(
    r"(?:(?P<next>اگلے|آئندہ)\s+)?(?P<n1>" + _UR_NUM + r")\s+(?P<unit>" + "|".join(_UR_UNITS) + r")(?!\w)"
    r"\s+(?P<prep>میں|کے\s+اندر|تک)(?!\w)"
)
_P_UR_NEXT_MONTH = _compile_form(r"(?:اگلے|آئندہ)\s+(?:ماہ|مہینے)(?!\w)(?:\s+(?:تک|میں|سے))?")
_P_UR_THIS_MONTH = _compile_form(r"(?:رواں|اس)\s+(?:ماہ|مہینے)(?!\w)" + _UR_END_OF + r"(?:\s+(?:تک|میں))?")
_P_UR_NEXT_WEEK = _compile_form(r"(?:اگلے|آئندہ)\s+ہفتے(?!\w)(?:\s+(?:تک|میں))?")
_P_UR_THIS_YEAR = _compile_form(r"(?:رواں|اس)\s+سال(?!\s+(?:" + _UR_MON + r"))" + _UR_END_OF + r"(?:\s+(?:تک|میں))")
_P_UR_FY = _compile_form(
    r"(?P<which>رواں|موجودہ|جاری|اس|آئندہ|اگلے|گزشتہ|پچھلے)\s+مالی\s+سال(?!\s*\d)"
    + _UR_END_OF
    + r"(?:\s+(?P<prep>تک|میں|سے\s+پہلے|سے)(?!\w))?"
)
_P_UR_FY_LABEL = _compile_form(
    r"مالی\s+سال\s+(?P<b1>(?:19|20)\d{2})\s?[-/\u2013]\s?(?P<b2>\d{2})(?![\d%])"
    + _UR_END_OF
    + r"(?:\s+"
    + _UR_PREP
    + ")?"
)
_P_UR_QUARTER = _compile_form(
    r"(?:(?P<q>پہلی|دوسری|تیسری|چوتھی)|(?P<which>رواں|اگلی|آئندہ))\s+سہ\s*ماہی(?!\w)"
    + _UR_END_OF
    + r"(?:\s+(?P<prep>تک|میں|سے\s+پہلے)(?!\w))?"
)
_P_UR_EVENT = _compile_form(r"(?:آئندہ|اگلے)\s+(?:اجلاس|بجٹ|میٹنگ)(?!\w)(?:\s+(?:میں|سے\s+پہلے|تک))?")
# "30 ستمبر تک جمع ہونے والے کلیمز": a cut-off describing what was filed, not a deadline.
_UR_CUT_OFF_AFTER = re.compile(r"\s+(?:\S+\s+){0,2}?(?:ہونے|کیے\s+جانے|کی\s+جانے|جانے)\s+وال[ےیا](?!\w)")
# "کلیم جمع ہونے کے 45 دن کے اندر": counted from an event.
_UR_FROM_AN_EVENT_BEFORE = re.compile(r"(?:ہونے|جانے|بعد)\s+کے\s+$")
_UR_PAST_BEFORE = re.compile(r"(?:گزشتہ|پچھلے|گذشتہ)\s+$")
# "رواں مالی سال کے پی ایس ڈی پی میں": a period naming what it qualifies, not a deadline.
_UR_GENITIVE_AFTER = re.compile(r"\s+(?:کے|کی|کا)(?!\s+(?:آخر|اختتام))(?!\w)")
_UR_QUARTERS = {"پہلی": 1, "دوسری": 2, "تیسری": 3, "چوتھی": 4}
_UR_NEXT = ("آئندہ", "اگلے", "اگلی")


def _r_ur_day_month_year(m: _Hit, ctx: _Context) -> _Resolved:
    if _UR_CUT_OFF_AFTER.match(m.text, m.m.end()):
        return None
    return _r_day_month_year(m, ctx)


def _r_ur_day_month(m: _Hit, ctx: _Context) -> _Resolved:
    if _UR_CUT_OFF_AFTER.match(m.text, m.m.end()):
        return None
    return _r_day_month_alone(m, ctx)


def _r_ur_month(m: _Hit, ctx: _Context) -> _Resolved:
    if _UR_CUT_OFF_AFTER.match(m.text, m.m.end()):
        return None
    which = m.group("which")
    if which in _UR_NEXT:
        # "اگلے سال اپریل میں": that month of the next calendar year.
        year = ctx.ref.year + 1
        first = date(year, _month(m), 1)
        return _period_day(m, _Period(first, _month_end(year, first.month), f"{_MONTH_NAMES[first.month - 1]} {year}"))
    if which:
        year = ctx.ref.year
        first = date(year, _month(m), 1)
        return _period_day(m, _Period(first, _month_end(year, first.month), f"{_MONTH_NAMES[first.month - 1]} {year}"))
    return _r_month_alone(m, ctx)


def _r_ur_duration(m: _Hit, ctx: _Context) -> _Resolved:
    token = m.group("n1")
    n = int(token) if token.isdigit() else _UR_NUMBER_WORDS[token]
    if not 0 < n <= 3660:
        return None
    if _UR_CUT_OFF_AFTER.match(m.text, m.m.end()) or _UR_PAST_BEFORE.search(
        m.text, max(0, m.m.start() - 12), m.m.start()
    ):
        return None  # "آئندہ تین ماہ میں ہونے والی نمائشیں", "گزشتہ چھ ماہ میں": a period described
    if _UR_FROM_AN_EVENT_BEFORE.search(m.text, max(0, m.m.start() - 12), m.m.start()):
        return None, f"{UNRESOLVED}: counted from an event, not from the {ctx.anchor}"
    unit = _UR_UNITS[m.group("unit")]
    return _later(ctx.ref, n, unit), f"{ctx.anchor} + {n} {unit if n == 1 else unit + 's'}"


def _r_ur_next_week(_m: _Hit, ctx: _Context) -> _Resolved:
    return ctx.ref + timedelta(days=7), f"{ctx.anchor} + 1 week"


def _r_ur_this_year(_m: _Hit, ctx: _Context) -> _Resolved:
    return date(ctx.ref.year, 12, 31), f"this year: end of {ctx.ref.year}"


def _r_ur_fy(m: _Hit, ctx: _Context) -> _Resolved:
    if not m.group("prep") and not m.group("endof") and _UR_GENITIVE_AFTER.match(m.text, m.m.end()):
        return None
    which = m.group("which")
    fy = fiscal_year_of(ctx.ref)
    if which in _UR_NEXT:
        fy = fy.next()
    elif which in ("گزشتہ", "پچھلے"):
        fy = fy.previous()
    return _period_day(m, _Period(fy.start, fy.end, fy.label))


def _r_ur_quarter(m: _Hit, ctx: _Context) -> _Resolved:
    fy, n = fiscal_year_of(ctx.ref), quarter_of(ctx.ref)
    if m.group("q"):
        n = _UR_QUARTERS[m.group("q")]
    elif m.group("which") in _UR_NEXT:
        fy, n = (fy, n + 1) if n < 4 else (fy.next(), 1)
    first, last = fy.quarter(n)
    return _period_day(m, _Period(first, last, f"Q{n} {fy.label}"))


# Order matters only to break ties between candidates with the same span.
# Each form comes with words one of which any match must contain ("" = a digit): checking
# them with ``in`` first skips most patterns on most sentences, which keeps a megabyte of
# briefing well under a second.
_DIGIT = ("",)
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_UR_MONTH_WORDS = tuple(n for names in _URDU_MONTH_SPELLINGS for n in names)
_FORMS: list[tuple[CaselessPattern, Resolver, bool, tuple[str, ...]]] = [
    # pattern, resolver, whether to look back for a lead, words it needs
    (_P_QUARTER_OF_YEAR, _r_quarter_of_year, False, ("quarter",)),
    (_P_MONTH_ALONE, _r_month_alone, False, _MONTH_WORDS),
    (_P_DAY_MONTH_ALONE, _r_day_month_alone, False, _MONTH_WORDS),
    (_P_NEXT_MONTH, _r_next_month, True, ("month",)),
    (_P_THIS_MONTH, _r_this_month, True, ("month",)),
    (_P_FROM_NEXT_FY, _r_from_next_fy, False, ("fiscal", "financial")),
    (_P_FISCAL_YEAR_END, _r_fiscal_year_end, False, ("fiscal", "financial")),
    (_P_MID_YEAR, _r_mid_year, False, ("mid",)),
    (_P_QUARTER, _r_quarter, True, ("quarter", "q1", "q2", "q3", "q4")),
    (_P_HALF, _r_half, True, ("half", "h1", "h2")),
    (_P_REL_QUARTER, _r_rel_quarter, True, ("quarter",)),
    (_P_DAY_MONTH_YEAR, _r_day_month_year, True, _MONTH_WORDS),
    (_P_MONTH_DAY_YEAR, _r_day_month_year, True, _MONTH_WORDS),
    (_P_NUMERIC, _r_numeric, True, ("/", ".", "-")),
    (_P_ISO, _r_iso, True, ("-",)),
    (_P_FY, _r_fy, True, ("fy", "fiscal", "financial")),
    (_P_BARE_FY, _r_bare_fy, False, ("-", "/", "\u2013")),
    (_P_MONTH_YEAR, _r_month_year, True, _MONTH_WORDS),
    (_P_YEAR, _r_year, False, _DIGIT),
    (_P_THIS_YEAR, _r_this_year, False, ("year",)),
    (_P_CAL_YEAR, _r_cal_year, True, ("year",)),
    (_P_DURATION, _r_duration, False, ("day", "week", "month", "year", "fortnight")),
    (_UNRESOLVED_PATTERNS[0], _r_unresolved, False, ("sitting", "meeting", "session", "briefing", "hearing")),
    (_UNRESOLVED_PATTERNS[1], _r_unresolved, False, ("budget",)),
    (
        _UNRESOLVED_PATTERNS[2],
        _r_unresolved,
        False,
        ("soon", "earliest", "course", "future", "coming", "next", "term", "delay", "forthwith", "shortly"),
    ),
    (_UNRESOLVED_PATTERNS[3], _r_unresolved, False, ("mid", "early", "late")),
    (_UNRESOLVED_PATTERNS[4], _r_unresolved, False, _MONTH_WORDS),
    (_UNRESOLVED_PATTERNS[5], _r_unresolved, False, ("next year",)),
    (_P_UR_DAY_MONTH_YEAR, _r_ur_day_month_year, False, _UR_MONTH_WORDS),
    (_P_UR_MONTH_YEAR, _r_month_year, False, _UR_MONTH_WORDS),
    (_P_UR_DAY_MONTH, _r_ur_day_month, False, _UR_MONTH_WORDS),
    (_P_UR_MONTH, _r_ur_month, False, _UR_MONTH_WORDS),
    (_P_UR_YEAR, _r_year, False, ("تک", "پہلے")),
    (_P_UR_DURATION, _r_ur_duration, False, tuple(_UR_UNITS)),
    (_P_UR_NEXT_MONTH, _r_next_month, False, ("ماہ", "مہینے")),
    (_P_UR_THIS_MONTH, _r_this_month, False, ("ماہ", "مہینے")),
    (_P_UR_NEXT_WEEK, _r_ur_next_week, False, ("ہفتے",)),
    (_P_UR_THIS_YEAR, _r_ur_this_year, False, ("سال",)),
    (_P_UR_FY, _r_ur_fy, False, ("مالی",)),
    (_P_UR_FY_LABEL, _r_bare_fy, False, ("مالی",)),
    (_P_UR_QUARTER, _r_ur_quarter, False, ("سہ",)),
    (_P_UR_EVENT, _r_unresolved, False, ("اجلاس", "بجٹ", "میٹنگ")),
]
_ANY_DIGIT = re.compile(r"\d")
# "30/09/2025", "2025-09-30", "in 2025-26": forms that need two numbers joined by a separator.
# Almost every sentence holds a full stop or a hyphen, so their gate words alone open them.
_DIGIT_PAIR = re.compile(r"\d\s?[-/.\u2013]\s?\d")
# Every gate word found in one pass: a look-ahead matches at each position, so "next year"
# and the "year" inside it are both seen.
_GATE_WORDS = sorted({w for _, _, _, needs in _FORMS for w in needs if w}, key=len, reverse=True)


def _longest_first_trie(words: list[str]) -> str:
    """``w1|w2|...`` (longest first) factored by shared prefixes: the same match at each
    position, each character tested once instead of once per word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_GATE_SCAN = re.compile("(?=(" + _longest_first_trie(_GATE_WORDS) + "))")
_CONTAINED = {w: {v for v in _GATE_WORDS if v in w} for w in _GATE_WORDS}
# Which forms each gate word opens, and those that only need a digit.
_FORMS_OF: dict[str, frozenset[int]] = {
    w: frozenset(i for i, (_, _, _, needs) in enumerate(_FORMS) if w in needs) for w in _GATE_WORDS
}
_DIGIT_FORMS = frozenset(i for i, (_, _, _, needs) in enumerate(_FORMS) if needs == _DIGIT)
_NEED_DIGIT = frozenset(
    {
        _P_QUARTER_OF_YEAR,
        _P_DAY_MONTH_ALONE,
        _P_FISCAL_YEAR_END,
        _P_MID_YEAR,
        _P_DAY_MONTH_YEAR,
        _P_MONTH_DAY_YEAR,
        _P_NUMERIC,
        _P_ISO,
        _P_BARE_FY,
        _P_MONTH_YEAR,
    }
)

_NEED_DIGIT_PAIR = frozenset({_P_NUMERIC, _P_ISO, _P_BARE_FY})

# Words that make a date a starting point or a past reference rather than a deadline.
_NOT_A_DEADLINE_BEFORE = CaselessPattern(
    r"(?:\b(?:from|since|after|starting|commencing|beginning|effective|w\.e\.f\.)\s*(?:the\s+)?$)"
)


# "from next month", "from October": a promise that starts then is due by then.
_STARTS_ALLOWED = frozenset({_P_MONTH_ALONE, _P_NEXT_MONTH, _P_FROM_NEXT_FY})
# "| 40 schools | from April 2019 |": a deadline column's cell that opens with "from" gives when the
# thing starts, which is when it is due; in running text "from April 2019" is a baseline.
_CELL_STARTS = re.compile(r"\|\s*from\s+$")
# "within 90 days of the auction", "within 60 days of filing": counted from an event.
_FROM_AN_EVENT_AFTER = re.compile(
    r"\s+(?:of|after|from)\s+(?!(?:the\s+)?(?:sitting|meeting|briefing|today)\b)", re.IGNORECASE
)


def find_deadlines(text: str, reference: date, *, anchor: str = "briefing date") -> list[Deadline]:
    """Every deadline phrase in ``text``, resolved against ``reference``, in text order.

    Overlapping candidates are settled by taking the one that starts first, then the
    longest, so "by the end of the second quarter of FY2025-26" is one deadline, not two.
    ``anchor`` names the reference date in rules ("briefing date + 60 days").
    """
    ctx = _Context(reference, anchor)
    candidates: list[tuple[int, int, int, int, _Hit, Resolver]] = []
    original, text = text, for_matching(text)
    lowered = fold(text)
    # ASCII text is searched lower-cased by the forms' fast variants (see CaselessPattern).
    fast = text.isascii()
    subject = lowered if fast else text
    lead_before = _LEAD_BEFORE.folded if fast else _LEAD_BEFORE.regex
    not_a_deadline = _NOT_A_DEADLINE_BEFORE.folded if fast else _NOT_A_DEADLINE_BEFORE.regex
    has_digit = _ANY_DIGIT.search(text) is not None
    present: set[str] = set()
    for m in _GATE_SCAN.finditer(lowered):
        present |= _CONTAINED[m.group(1)]
    opened: set[int] = set(_DIGIT_FORMS) if has_digit else set()
    has_pair: bool | None = None
    for word in present:
        opened |= _FORMS_OF[word]
    for order in sorted(opened):
        pattern, resolve, looks_back, _ = _FORMS[order]
        if pattern in _NEED_DIGIT and not has_digit:
            continue
        if pattern in _NEED_DIGIT_PAIR:
            if has_pair is None:
                has_pair = _DIGIT_PAIR.search(text) is not None
            if not has_pair:
                continue
        for m in (pattern.folded if fast else pattern.regex).finditer(subject):
            start, end = m.span()
            groups = m.re.groupindex
            if looks_back:
                lead = lead_before.search(subject, max(0, start - _LEAD_WINDOW), start)
                if lead is not None and lead.start() < start:
                    hit = _Hit(m, text, _group(lead, "prep", text), _group(lead, "endof", text))
                    start = lead.start()
                else:
                    hit = _Hit(m, text, "", "")
            else:
                hit = _Hit(
                    m,
                    text,
                    _group(m, "prep", text) if "prep" in groups else "",
                    _group(m, "endof", text) if "endof" in groups else "",
                )
            # Leading whitespace belongs to no phrase (the duration pattern allows it).
            while start < end and text[start].isspace():
                start += 1
            if start == end:
                continue
            if (
                pattern not in _STARTS_ALLOWED
                and not_a_deadline.search(subject, max(0, start - 24), start)
                and not (pattern is _P_MONTH_YEAR and _CELL_STARTS.search(subject, max(0, start - 24), start))
            ):
                continue
            candidates.append((start, -(end - start), order, end, hit, resolve))
    # Settled before resolving: a phrase inside one already taken (the unresolved forms read
    # "by June" again) is never resolved, and a candidate that resolves to nothing lets the
    # next one at its place in.
    candidates.sort(key=lambda c: c[:3])
    chosen: list[Deadline] = []
    taken_until = -1
    for start, _, _, end, hit, resolve in candidates:
        if start < taken_until:
            continue
        resolved = resolve(hit, ctx)
        if resolved is None:
            continue
        day, rule = resolved
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            # Kept as words with no date, like any phrase that names no usable day.
            day, rule = None, OUT_OF_RANGE_RULE
        chosen.append(Deadline(day, original[start:end], rule, start, end))
        taken_until = end
    return chosen


_EDGE_NOISE = " \t\r\n.,;:!?()[]\"'"


def resolve_deadline(phrase: str, reference: date, *, anchor: str = "reference date") -> Deadline | None:
    """Resolve a whole deadline typed by a user, or None if it is not a deadline phrase.

    Accepts every form :func:`find_deadlines` knows plus a bare year ("2026" means by 2026).
    An impossible date ("31/02/2026") or an unclear phrase ("at the next sitting") comes back
    with ``date=None`` and a rule that starts with ``"unresolved"``: the caller decides whether
    to refuse it.
    """
    stripped = phrase.strip(_EDGE_NOISE)
    if not stripped:
        return None
    offset = phrase.find(stripped)
    for prefix in ("", "by "):
        found = find_deadlines(prefix + stripped, reference, anchor=anchor)
        if len(found) == 1:
            hit = found[0]
            before = (prefix + stripped)[: hit.start]
            after = (prefix + stripped)[hit.end :]
            if before.strip(_EDGE_NOISE) in ("", prefix.strip()) and not after.strip(_EDGE_NOISE):
                start = offset + max(0, hit.start - len(prefix))
                end = offset + hit.end - len(prefix)
                return Deadline(hit.date, phrase[start:end], hit.rule, start, end)
    return None
