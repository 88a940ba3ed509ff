"""The TUI's facade: keyset pages that neither skip nor repeat, seeks that use the indexes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker.browse import NO_DEADLINE, SORTS, Browser, View
from tracker.dates import parse_deadline
from tracker.demo import fill
from tracker.errors import UserError
from tracker.models import CLOSED_STATUSES, Status
from tracker.queries import CommitmentRow, Filters

TODAY = date(2026, 3, 1)


@pytest.fixture
def browser(store: Any) -> Browser:
    with store.write() as session:
        fill(session, count=300, seed=7, today=TODAY)
    return Browser(store, today=TODAY)


def expected_order(rows: list[CommitmentRow], sort: str) -> list[int]:
    def key(r: CommitmentRow) -> tuple[Any, ...]:
        deadline = r.deadline or NO_DEADLINE
        keys = {
            "id": (),
            "title": (r.title,),
            "theme": (r.theme,),
            "owner": (r.owner,),
            "status": (list(Status).index(Status(r.status)),),  # workflow order, not alphabetical
            "deadline": (deadline,),
            "timeliness": (r.status in CLOSED_STATUSES, deadline),
            "moved": (r.deadline_moves,),
        }[sort]
        return (*keys, r.id)

    return [r.id for r in sorted(rows, key=key)]


@pytest.mark.parametrize("sort", SORTS)
def test_pages_forward_and_back_cover_every_row_once_in_order(browser: Browser, sort: str, is_postgres: bool) -> None:
    view = View(as_of=TODAY, sort=sort)
    everything = list(browser.first_page(view, limit=1000).rows)
    want = (
        [r.id for r in everything] if is_postgres and sort in ("title", "owner") else expected_order(everything, sort)
    )
    page = browser.first_page(view, limit=17)
    got = [r.id for r in page.rows]
    while not page.complete:
        page = browser.page_after(view, page.keys[-1], limit=17)
        got += [r.id for r in page.rows]
    assert got == want
    page = browser.last_page(view, limit=17)
    back = [r.id for r in page.rows]
    while not page.complete:
        page = browser.page_before(view, page.keys[0], limit=17)
        back = [r.id for r in page.rows] + back
    assert back == want
    descending = View(as_of=TODAY, sort=sort, descending=True)
    assert [r.id for r in browser.first_page(descending, limit=1000).rows] == want[::-1]
    assert [r.id for r in browser.page_at(view, 100, limit=5).rows] == want[100:105]


def test_a_filtered_page_and_its_counts(browser: Browser) -> None:
    view = View(as_of=TODAY, filters=Filters(overdue=True), sort="timeliness")
    rows = browser.first_page(view, limit=1000).rows
    summary = browser.summary(view)
    assert summary.total == len(rows) == summary.overdue == browser.count(view)
    assert all(r.days_overdue for r in rows)
    assert [r.days_overdue for r in rows] == sorted((r.days_overdue or 0 for r in rows), reverse=True)


@pytest.mark.sqlite_only("the plans checked are SQLite's")
@pytest.mark.parametrize("sort", SORTS)
def test_paging_seeks_in_an_index_instead_of_sorting(browser: Browser, sort: str) -> None:
    view = View(as_of=TODAY, sort=sort)
    with browser.store.read() as session:
        key = browser.first_page(view, limit=50).keys[-1]
        plans = []
        for stmt in browser.keys_queries(session, view, after=key, ascending=True, limit=201):
            sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
            rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            plans.append(" | ".join(str(r[-1]) for r in rows))
    assert plans
    for plan in plans:
        assert "TEMP B-TREE" not in plan, plan
        assert "INDEX" in plan or "PRIMARY KEY" in plan or sort == "id", plan
        if sort != "id":
            assert "SEARCH" in plan, plan  # a seek to the key, not a scan from the start


def test_typed_deadlines_are_dates_or_a_clear_error() -> None:
    assert parse_deadline("30/06/2026", reference=TODAY).date == date(2026, 6, 30)
    assert parse_deadline("2026-06-30", reference=TODAY).describe() == "2026-06-30"
    assert parse_deadline("none", reference=TODAY).date is None
    with pytest.raises(UserError, match="not a date"):
        parse_deadline("soon", reference=TODAY)


def test_a_page_that_finds_nothing_reads_no_commitment_rows(browser: Browser) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(browser.store.engine, "before_cursor_execute", seen)
    try:
        page = browser.first_page(View(as_of=TODAY, filters=Filters(search="nothingmatchesthis")))
    finally:
        event.remove(browser.store.engine, "before_cursor_execute", seen)
    assert page.rows == []
    assert page.complete
    # Reading the rows of no ids must not turn into reading every row (it did: 55 s at 300,000).
    assert not [s for s in statements if "commitment.description" in s and "WHERE" not in s]


def _slow_query(is_postgres: bool) -> str:
    if is_postgres:
        return "SELECT pg_sleep(60)"
    return (
        "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000000000) "
        "SELECT x FROM c)"
    )


def test_a_newer_read_in_a_lane_interrupts_the_one_still_running(browser: Browser, is_postgres: bool) -> None:
    import threading
    import time

    from sqlalchemy import text

    from tracker.browse import Cancelled, Lane

    lane = Lane()
    outcome: list[object] = []

    def stale_search() -> None:
        try:
            with browser._session(lane) as session:
                outcome.append(session.execute(text(_slow_query(is_postgres))).scalar())
        except Cancelled as exc:
            outcome.append(exc)

    worker = threading.Thread(target=stale_search)
    worker.start()
    for _ in range(500):
        if lane._running:
            break
        time.sleep(0.01)
    view = View(as_of=TODAY, filters=Filters(search="synthetic"))
    assert browser.count(view, lane=lane) == 300  # the new read runs, and answers
    worker.join(timeout=20)
    assert not worker.is_alive(), "the stale query was not interrupted"
    assert len(outcome) == 1
    assert isinstance(outcome[0], Cancelled)
    assert browser.count(view, lane=lane) == 300  # the lane goes on working
