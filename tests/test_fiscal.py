"""The Pakistan fiscal calendar, today in Karachi (the clock), timeliness and the date grammar."""

from datetime import UTC, date, datetime

import pytest

from tracker import clock, dates, fiscal
from tracker.errors import ConfigError
from tracker.fiscal import FiscalYear, Timeliness


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 6, 30), "FY2024-25"),
        (date(2025, 7, 1), "FY2025-26"),
        (date(2025, 12, 31), "FY2025-26"),
        (date(2026, 1, 1), "FY2025-26"),
        (date(2026, 6, 30), "FY2025-26"),
        (date(2026, 7, 1), "FY2026-27"),
        (date(1999, 7, 1), "FY1999-00"),
    ],
)
def test_fiscal_year_of_a_day(day: date, label: str) -> None:
    assert fiscal.fiscal_year_of(day).label == label


def test_fiscal_year_bounds() -> None:
    fy = FiscalYear(2025)
    assert (fy.start, fy.end) == (date(2025, 7, 1), date(2026, 6, 30))


@pytest.mark.parametrize(
    ("n", "start", "end"),
    [
        (1, date(2025, 7, 1), date(2025, 9, 30)),
        (2, date(2025, 10, 1), date(2025, 12, 31)),
        (3, date(2026, 1, 1), date(2026, 3, 31)),
        (4, date(2026, 4, 1), date(2026, 6, 30)),
    ],
)
def test_quarters_of_fy2025_26(n: int, start: date, end: date) -> None:
    assert FiscalYear(2025).quarter(n) == (start, end)


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2025, 7, 1), 1),
        (date(2025, 9, 30), 1),
        (date(2025, 10, 1), 2),
        (date(2026, 1, 15), 3),
        (date(2026, 3, 31), 3),
        (date(2026, 4, 1), 4),
        (date(2026, 6, 30), 4),
    ],
)
def test_quarter_of_a_day(day: date, quarter: int) -> None:
    assert fiscal.quarter_of(day) == quarter


@pytest.mark.parametrize(
    ("day", "current", "following"),
    [
        (date(2025, 6, 2), "FY2024-25", "FY2025-26"),
        (date(2025, 7, 1), "FY2025-26", "FY2026-27"),
        (date(2026, 6, 30), "FY2025-26", "FY2026-27"),
    ],
)
def test_current_and_next_fiscal_year(day: date, current: str, following: str) -> None:
    assert fiscal.fiscal_year_of(day).label == current
    assert fiscal.next_fiscal_year(day).label == following


@pytest.mark.parametrize(
    ("label", "start_year"),
    [("FY2025-26", 2025), ("fy 2025-2026", 2025), ("FY2025/26", 2025), ("FY1999-00", 1999)],
)
def test_parse_fiscal_year_labels(label: str, start_year: int) -> None:
    assert fiscal.parse_fiscal_year(label) == FiscalYear(start_year)


@pytest.mark.parametrize("label", ["FY2025-27", "2025-26", "FY25-26", "FY2025-2027"])
def test_parse_fiscal_year_refuses_nonsense(label: str) -> None:
    with pytest.raises(ValueError, match="FY"):
        fiscal.parse_fiscal_year(label)


def test_karachi_midnight_boundary_starts_a_new_fiscal_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_TZ", raising=False)
    late_utc = datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    assert clock.today(late_utc) == date(2026, 7, 1)
    assert fiscal.fiscal_year_of(clock.today(late_utc)).label == "FY2026-27"
    assert clock.today(datetime(2026, 6, 30, 18, 59, tzinfo=UTC)) == date(2026, 6, 30)


def test_tracker_tz_moves_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_TZ", "UTC")
    assert clock.today(datetime(2026, 6, 30, 22, 0, tzinfo=UTC)) == date(2026, 6, 30)


def test_unknown_time_zone_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_TZ", "Mars/Olympus")
    with pytest.raises(ConfigError, match="Mars/Olympus"):
        clock.today()


@pytest.mark.parametrize(
    ("closed", "deadline", "expected", "late"),
    [
        (True, date(2025, 1, 1), Timeliness.CLOSED, None),
        (False, None, Timeliness.NO_DEADLINE, None),
        (False, date(2026, 1, 1), Timeliness.DUE_SOON, None),  # the deadline day is not overdue
        (False, date(2025, 12, 31), Timeliness.OVERDUE, 1),
        (False, date(2026, 1, 15), Timeliness.DUE_SOON, None),
        (False, date(2026, 1, 16), Timeliness.ON_TRACK, None),
    ],
)
def test_timeliness_as_of_new_year(closed: bool, deadline: date | None, expected: Timeliness, late: int | None) -> None:
    as_of = date(2026, 1, 1)
    assert fiscal.timeliness(closed=closed, deadline=deadline, as_of=as_of) is expected
    assert fiscal.days_overdue(closed=closed, deadline=deadline, as_of=as_of) == late


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-30", date(2026, 6, 30)),
        ("30/06/2026", date(2026, 6, 30)),
        ("03/04/2026", date(2026, 4, 3)),
        (" 1/7/2025 ", date(2025, 7, 1)),
    ],
)
def test_parse_day_is_iso_or_day_first(text: str, expected: date) -> None:
    assert dates.parse_day(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "June 2026", "", "30-06-26"])
def test_parse_day_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        dates.parse_day(text)
