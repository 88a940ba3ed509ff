"""Deadline phrases: every form the parser knows, resolved against the briefing date."""

import calendar
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tracker.dates import parse_day
from tracker.deadlines import find_deadlines, resolve_deadline
from tracker.fiscal import fiscal_year_of

BRIEFING = date(2025, 6, 2)  # the seed briefing's sitting: FY2024-25 is current
_NEXT = "{} without a year: its next occurrence on or after the briefing date"


@pytest.mark.parametrize(
    ("sentence", "words", "day", "rule"),
    [
        (
            "exports of $3.8 billion in the current fiscal year",
            "in the current fiscal year",
            date(2025, 6, 30),
            "end of FY2024-25",
        ),
        ("by the end of this fiscal year", "by the end of this fiscal year", date(2025, 6, 30), "end of FY2024-25"),
        (
            "a target for the upcoming fiscal year",
            "for the upcoming fiscal year",
            date(2026, 6, 30),
            "end of FY2025-26",
        ),
        ("during the next financial year", "during the next financial year", date(2026, 6, 30), "end of FY2025-26"),
        ("a target of $5.2 billion in FY2025-26", "in FY2025-26", date(2026, 6, 30), "end of FY2025-26"),
        ("for FY 2025/2026", "for FY 2025/2026", date(2026, 6, 30), "end of FY2025-26"),
        ("in 2025-26", "in 2025-26", date(2026, 6, 30), "end of FY2025-26"),
        ("the budget for FY26", "for FY26", date(2026, 6, 30), "end of FY2025-26"),
        (
            "by the end of the second quarter of FY2025-26",
            "by the end of the second quarter of FY2025-26",
            date(2025, 12, 31),
            "end of Q2 FY2025-26",
        ),
        ("by the end of Q4 FY2025-26", "by the end of Q4 FY2025-26", date(2026, 6, 30), "end of Q4 FY2025-26"),
        (
            "in the first half of the next fiscal year",
            "in the first half of the next fiscal year",
            date(2025, 12, 31),
            "end of H1 FY2025-26",
        ),
        (
            "by the end of the current quarter",
            "by the end of the current quarter",
            date(2025, 6, 30),
            "end of Q4 FY2024-25",
        ),
        ("by March 2026", "by March 2026", date(2026, 3, 31), "end of March 2026"),
        ("by Feb. 2028", "by Feb. 2028", date(2028, 2, 29), "end of February 2028"),
        ("by 2023", "by 2023", date(2023, 12, 31), "end of 2023"),
        ("by the end of this year", "by the end of this year", date(2025, 12, 31), "end of 2025"),
        ("by 31 December 2025", "by 31 December 2025", date(2025, 12, 31), "31 December 2025"),
        ("by December 31, 2025", "by December 31, 2025", date(2025, 12, 31), "31 December 2025"),
        ("on 30/09/2025", "on 30/09/2025", date(2025, 9, 30), "30 September 2025 (day first)"),
        ("by 03/04/2026", "by 03/04/2026", date(2026, 4, 3), "3 April 2026 (day first)"),
        ("by 2026-06-30", "by 2026-06-30", date(2026, 6, 30), "30 June 2026"),
        ("within 60 days", "within 60 days", date(2025, 8, 1), "briefing date + 60 days"),
        (
            "within two to three weeks",
            "within two to three weeks",
            date(2025, 6, 23),
            "briefing date + 3 weeks (the later of 2 to 3 weeks)",
        ),
        (
            "within three to two weeks",
            "within three to two weeks",
            date(2025, 6, 23),
            "briefing date + 3 weeks (the later of 2 to 3 weeks)",
        ),
        ("in the next 90 days", "in the next 90 days", date(2025, 8, 31), "briefing date + 90 days"),
        ("within a fortnight", "within a fortnight", date(2025, 6, 16), "briefing date + 1 fortnight"),
        ("within six months", "within six months", date(2025, 12, 2), "briefing date + 6 months"),
        ("over the next three years", "over the next three years", date(2028, 6, 2), "briefing date + 3 years"),
        ("before March 2026", "before March 2026", date(2026, 2, 28), "day before March 2026"),
        ("before 2027", "before 2027", date(2026, 12, 31), "day before 2027"),
        # Forms real reports use without a year (issue 11), at a 2 June 2025 sitting.
        ("by March", "by March", date(2026, 3, 31), _NEXT.format("March") + "; end of March 2026"),
        ("by June", "by June", date(2025, 6, 30), _NEXT.format("June") + "; end of June 2025"),
        ("by end-December", "by end-December", date(2025, 12, 31), _NEXT.format("December") + "; end of December 2025"),
        ("from July", "from July", date(2025, 7, 31), _NEXT.format("July") + "; end of July 2025"),
        ("by 15th February", "by 15th February", date(2026, 2, 15), _NEXT.format("15 February")),
        ("this year", "this year", date(2025, 12, 31), "this year: end of 2025"),
        ("in the current year", "in the current year", date(2025, 12, 31), "this year: end of 2025"),
        ("by next year", "by next year", date(2026, 12, 31), "next year: end of 2026"),
        ("from the next month", "the next month", date(2025, 7, 31), "next month: end of July 2025"),
        ("from the next fiscal year", "from the next fiscal year", date(2026, 6, 30), "end of FY2025-26"),
        ("in fiscal 2026", "fiscal 2026", date(2026, 6, 30), "fiscal 2026 is FY2025-26: end of FY2025-26"),
        ("by mid-2026", "by mid-2026", date(2026, 6, 30), "mid-2026: 30 June 2026"),
        ("by the first quarter of 2026", "first quarter of 2026", date(2026, 3, 31), "end of calendar Q1 2026"),
        ("by the first quarter of 2025-26", "first quarter of 2025-26", date(2025, 9, 30), "end of Q1 FY2025-26"),
        (
            "before the current financial year closes",
            "before the current financial year",
            date(2025, 6, 30),
            "end of FY2024-25",
        ),
    ],
)
def test_a_deadline_phrase_resolves_to_a_day(sentence: str, words: str, day: date, rule: str) -> None:
    [found] = find_deadlines(f"The ministry will deliver it {sentence}.", BRIEFING)
    assert (found.text, found.date, found.rule) == (words, day, rule)


def test_a_duration_counted_from_an_event_gets_no_date() -> None:
    [found] = find_deadlines("Services will start within 90 days of the auction.", BRIEFING)
    assert (found.date, found.text) == (None, "within 90 days")
    assert found.rule.startswith("unresolved")


@pytest.mark.parametrize(
    "phrase",
    [
        "at the next sitting",
        "before the budget",
        "soon",
        "as soon as possible",
        "at the earliest",
        "in due course",
        "in the coming months",
    ],
)
def test_an_unclear_phrase_keeps_its_words_and_gets_no_date(phrase: str) -> None:
    [found] = find_deadlines(f"The report will be shared {phrase}.", BRIEFING)
    assert (found.date, found.text, found.rule) == (None, phrase, "unresolved")


@pytest.mark.parametrize("impossible", ["31/02/2026", "2026-02-30", "31 April 2026", "FY2025-27"])
def test_an_impossible_date_is_refused_not_moved(impossible: str) -> None:
    [found] = find_deadlines(f"It will be done by {impossible}.", BRIEFING)
    assert found.date is None
    assert found.rule == "unresolved"


def test_offsets_point_at_the_words() -> None:
    sentence = "Exports of $5.2 billion are targeted for the upcoming fiscal year, says MoITT."
    [found] = find_deadlines(sentence, BRIEFING)
    assert sentence[found.start : found.end] == found.text == "for the upcoming fiscal year"


def test_several_deadlines_in_one_sentence_come_in_order() -> None:
    sentence = "Raast P2M by March 2026 and the tax portal within 60 days."
    assert [d.date for d in find_deadlines(sentence, BRIEFING)] == [date(2026, 3, 31), date(2025, 8, 1)]


@pytest.mark.parametrize(
    "text",
    [
        "Allocate 10 million by the ministry",
        "you may go",
        "march on",
        "Vision 2025 documents",
        "60 days of training",
        "from July 2025 onwards",
        "since 2023",
        "$5.2 billion",
    ],
)
def test_words_that_are_not_deadlines_give_none(text: str) -> None:
    assert find_deadlines(text, BRIEFING) == []


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("30/06/2026", date(2026, 6, 30)),
        ("2026-06-30", date(2026, 6, 30)),
        ("end of FY2025-26", date(2026, 6, 30)),
        ("within 60 days", date(2025, 8, 1)),
        ("March 2026", date(2026, 3, 31)),
        ("2026", date(2026, 12, 31)),
        (" by June 2026. ", date(2026, 6, 30)),
        ("Q2 FY2025-26", date(2025, 12, 31)),
    ],
)
def test_a_typed_deadline_resolves(phrase: str, day: date) -> None:
    found = resolve_deadline(phrase, BRIEFING)
    assert found is not None
    assert found.date == day
    assert phrase[found.start : found.end] == found.text


def test_a_typed_duration_names_its_reference_date() -> None:
    found = resolve_deadline("within 60 days", BRIEFING)
    assert found is not None
    assert found.rule == "reference date + 60 days"


@pytest.mark.parametrize("phrase", ["", "soonish maybe", "the ministry", "by March 2026 or so"])
def test_what_is_not_a_deadline_phrase_is_none(phrase: str) -> None:
    assert resolve_deadline(phrase, BRIEFING) is None


@pytest.mark.parametrize("phrase", ["at the next sitting", "31/02/2026"])
def test_a_typed_unclear_or_impossible_deadline_has_no_date(phrase: str) -> None:
    found = resolve_deadline(phrase, BRIEFING)
    assert found is not None
    assert (found.date, found.rule) == (None, "unresolved")


# --- any text: never raises, every span is the text, every accepted value round-trips ---------

PHRASE_WORDS = st.sampled_from(
    [
        "by", "before", "within", "in", "the", "end", "of", "next", "current", "fiscal", "financial",
        "year", "quarter", "first", "half", "Q2", "FY2025-26", "FY 2025/2026", "FY26", "2025-26",
        "March", "Feb.", "2026", "31", "December", "31/02/2026", "30/09/2025", "2026-06-30",
        "two", "to", "three", "weeks", "60", "days", "fortnight", "from", "since", "soon", ",", ".", "\n",
    ]
)  # fmt: skip
REFERENCE_DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
# Every day tracker accepts (see tracker.dates.check_day).
DEADLINE_DAYS = st.dates(min_value=date(1947, 1, 1), max_value=date(2200, 12, 31))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300) | st.lists(PHRASE_WORDS, max_size=40).map(" ".join), reference=REFERENCE_DAYS)
@example(text="IN 0 WEEK OF ", reference=date(2025, 6, 2))  # unresolved, with the reason after a colon
def test_any_text_gives_deadlines_whose_spans_are_the_text(text: str, reference: date) -> None:
    found = find_deadlines(text, reference)
    for deadline in found:
        assert text[deadline.start : deadline.end] == deadline.text
        assert deadline.text.strip() == deadline.text != ""
        assert (deadline.date is None) == deadline.rule.startswith("unresolved")
    for before, after in zip(found, found[1:], strict=False):
        assert before.end <= after.start  # in text order, never overlapping


@pytest.mark.parametrize(
    ("sentence", "day", "rule"),
    [
        ("the Sep survey, then the portal by \u017feptember 2025", None, None),  # small letter: as "september"
        ("the Sep survey, then the portal by \u017fEPTEMBER 2025", None, None),
        ("the Sep survey by 30 \u017feptember 2025", None, None),
        ("by APR\u0130L 2026", date(2026, 4, 30), "end of April 2026"),
        ("by the fir\u017ft quarter of FY2025-26", date(2025, 9, 30), "end of Q1 FY2025-26"),
        ("by the la\u017ft quarter of 2026", date(2026, 12, 31), "end of calendar Q4 2026"),
        ("in the fir\u017ft half of FY2025-26", date(2025, 12, 31), "end of H1 FY2025-26"),
        ("within \u017fix weeks", date(2025, 7, 14), "briefing date + 6 weeks"),
        ("within six week\u017f", date(2025, 7, 14), "briefing date + 6 weeks"),
        ("within 3 day\u017f", date(2025, 6, 5), "briefing date + 3 days"),
        ("in fi\u017fcal year 2025-26", date(2026, 6, 30), "end of FY2025-26"),
        ("by the end of the f\u0131scal year", date(2025, 6, 30), "end of FY2024-25"),
    ],
)
def test_letters_that_match_ascii_letters_read_as_those_letters(
    sentence: str, day: date | None, rule: str | None
) -> None:
    # IGNORECASE matches the long s to "s", the dotless and dotted i to "i", the Kelvin sign to
    # "k": the words a pattern took must be looked up as those letters, never fail or misread.
    found = [(d.date, d.rule) for d in find_deadlines(sentence, BRIEFING)]
    assert found == ([] if rule is None else [(day, rule)])


# Each letter that IGNORECASE matches to an ASCII letter of the same case, and that letter.
LOOKALIKES = {"s": "\u017f", "i": "\u0131", "I": "\u0130", "K": "\u212a"}
LOOKALIKE_WORDS = PHRASE_WORDS | st.sampled_from(
    [
        "September", "Sept", "sep", "SEPT", "April", "APRIL", "six", "first", "last", "FIRST", "weeks", "days",
        "fiscal", "this", "KIND", "within", "Within", "until", "till", "since", "mid-2026", "Q1", "H1",
    ]
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(LOOKALIKE_WORDS, max_size=20),
    swaps=st.lists(st.booleans(), min_size=200, max_size=200),
    reference=REFERENCE_DAYS,
)
def test_a_text_with_lookalike_letters_reads_as_the_ascii_text(
    words: list[str], swaps: list[bool], reference: date
) -> None:
    text = " ".join(words)
    swaps = swaps + [False] * len(text)
    swapped = "".join(LOOKALIKES.get(c, c) if swap else c for c, swap in zip(text, swaps[: len(text)], strict=True))
    as_ascii = [(d.date, d.rule, d.start, d.end) for d in find_deadlines(text, reference)]
    assert [(d.date, d.rule, d.start, d.end) for d in find_deadlines(swapped, reference)] == as_ascii


@settings(max_examples=100, deadline=None)
@given(phrase=st.text(max_size=80) | st.lists(PHRASE_WORDS, max_size=12).map(" ".join), reference=REFERENCE_DAYS)
def test_any_typed_deadline_resolves_to_its_own_words_or_none(phrase: str, reference: date) -> None:
    found = resolve_deadline(phrase, reference)
    if found is not None:
        assert phrase[found.start : found.end] == found.text


@settings(max_examples=100, deadline=None)
@given(day=DEADLINE_DAYS, reference=REFERENCE_DAYS)
def test_a_day_written_either_way_reads_back_as_that_day(day: date, reference: date) -> None:
    iso, day_first = day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    assert parse_day(iso) == parse_day(day_first) == day
    for typed in (iso, day_first, f"by {iso}", f"on {day_first}"):
        found = resolve_deadline(typed, reference)
        assert found is not None, typed
        assert found.date == day, typed


@settings(max_examples=100, deadline=None)
# Up to the last fiscal year that ends inside the accepted range.
@given(day=st.dates(min_value=date(1947, 1, 1), max_value=date(2200, 6, 30)), reference=REFERENCE_DAYS)
def test_a_month_or_fiscal_year_reads_back_as_its_last_day(day: date, reference: date) -> None:
    month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    found = resolve_deadline(f"by {day:%B} {day.year}", reference)
    assert found is not None
    assert found.date == month_end
    fiscal = fiscal_year_of(day)
    found = resolve_deadline(f"by the end of {fiscal.label}", reference)
    assert found is not None
    assert found.date == fiscal.end


def test_a_deadline_cell_opening_with_from_gives_the_start_month_as_the_date() -> None:
    # The defect: "from April 2019" in a table's deadline column was read as a baseline, so the
    # row had no date; in running text it still is one.
    (found,) = find_deadlines("| Second-shift classes | 40 schools | from April 2019 |", date(2019, 2, 10))
    assert (found.date, found.text) == (date(2019, 4, 30), "April 2019")
    assert find_deadlines("Enrolment has risen steadily from April 2019.", date(2019, 2, 10)) == []
