"""The parser reads ASCII sentences on a fast path: lower-cased once, searched by its
case-insensitive patterns compiled without IGNORECASE. It must find exactly what the patterns
as written find, or a briefing would parse differently for being plain ASCII."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import briefing, deadlines
from tracker.aliases import load_aliases
from tracker.text import CaselessPattern
from tracker.themes import KeywordIndex, load_themes

# Every case-insensitive pattern the parser runs, the alias and theme indexes' included.
PATTERNS: list[tuple[str, CaselessPattern | None]] = [
    (f"{module.__name__}.{name}", value)
    for module in (briefing, deadlines)
    for name, value in vars(module).items()
    if isinstance(value, CaselessPattern)
]
PATTERNS += [(f"deadlines form {i}", form[0]) for i, form in enumerate(deadlines._FORMS)]
PATTERNS += [("aliases", load_aliases()._pattern), ("themes", KeywordIndex(load_themes())._plain)]

# Words the patterns look for, in the cases briefings write them, and any ASCII around them.
WORDS = (
    "May may MAY March march by By BY June 30 2026 FY2025-26 fy26 Q2 H1 within 60 days Within "
    "the end of this year next month Rs rs. Rs. PKR USD $5.2 billion 16475 million per cent % "
    "PTA pta MoITT Ministry of IT and Telecom IT Ministry FBR will Will WOULD shall is to was "
    "aims to committee Committee directed asked sought recommended that said told Senator "
    "members could likely exported had trained depend on requires attention exports "
    "internet upskilling digital payments STZ tax facilitation 15th February end-December mid-2026"
).split()
ascii_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(st.characters(max_codepoint=127), max_size=6)), max_size=25
).map(" ".join)


def spans(pattern: re.Pattern[str], text: str) -> list[list[tuple[int, int]]]:
    return [[m.span(g) for g in range(pattern.groups + 1)] for m in pattern.finditer(text)]


@settings(max_examples=150, deadline=None)
@given(text=ascii_text)
def test_the_fast_path_finds_exactly_what_the_pattern_as_written_finds(text: str) -> None:
    for name, pattern in PATTERNS:
        assert pattern is not None
        assert spans(pattern.folded, text.lower()) == spans(pattern.regex, text), name


def test_a_pattern_naming_a_letter_that_folds_into_ascii_keeps_its_meaning() -> None:
    # IGNORECASE matches the long s to "s" and the Kelvin sign to "k"; lower-casing cannot.
    assert CaselessPattern("\u017fep").search("Sep") is not None
    assert CaselessPattern("[\u0100-\u0200]").search("s") is not None
    assert CaselessPattern("\u212a").search("k") is not None
    # "[A-z]" holds "_" and "^": lower-cased to "[a-z]" it would not.
    assert CaselessPattern("[A-z]").search("_") is not None


def test_a_pattern_naming_a_capital_by_its_code_finds_it_on_the_fast_path() -> None:
    # "\x41" and "\101" are "A": kept as written they would miss the lower-cased "a".
    assert CaselessPattern(r"\x41pril").search("April") is not None
    assert CaselessPattern(r"\101pril").search("APRIL") is not None
    # "[!-[]" holds the capitals only; case-insensitively it finds the small letters too.
    assert CaselessPattern("[!-[]").search("a") is not None


def test_a_named_group_keeps_its_name_on_the_fast_path() -> None:
    m = CaselessPattern(r"(?P<Month>may) (?P=Month)").search("MAY may")
    assert m is not None
    assert m.group("Month") == "may"


# Pieces of a pattern: letters in either case, characters written as escapes, ranges whose ends
# are written either way, and named groups whose names have capitals.
def _written(c: str, escaped: bool) -> str:
    return f"\\x{ord(c):02x}" if escaped else re.escape(c)


_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
_LETTER = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PIECE = st.one_of(
    _LETTER,
    st.builds(_written, _CHARS, st.booleans()),
    st.builds(
        lambda a, b, e1, e2: f"[{_written(min(a, b), e1)}-{_written(max(a, b), e2)}]",
        _CHARS,
        _CHARS,
        st.booleans(),
        st.booleans(),
    ),
)


@st.composite
def _patterns(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(_PIECE, min_size=1, max_size=6))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(pieces) - 1))
        pieces[at] = f"(?P<{draw(_LETTER)}Name{at}>{pieces[at]})"
    return "".join(pieces)


@settings(max_examples=100, deadline=None)
@given(source=_patterns(), text=st.text(st.characters(max_codepoint=127), max_size=30))
def test_any_pattern_finds_on_the_fast_path_what_it_finds_as_written(source: str, text: str) -> None:
    pattern = CaselessPattern(source)
    assert pattern.folded.groupindex == pattern.regex.groupindex
    assert spans(pattern.folded, text.lower()) == spans(pattern.regex, text)
