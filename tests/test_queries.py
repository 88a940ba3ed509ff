"""The bulk queries use the (status, deadline, owner) index (PERFORMANCE: indexes)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker import queries
from tracker.demo import fill
from tracker.reports import model as report_model

TODAY = date(2026, 1, 10)


def plan(store: Any, filters: queries.Filters) -> str:
    with store.read() as session:
        stmt = queries.select_rows(session, as_of=TODAY, filters=filters, order="most_overdue")
        sql = str(stmt.compile(store.engine, compile_kwargs={"literal_binds": True}))
        return "\n".join(str(r[-1]) for r in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's planner picks by table statistics")
@pytest.mark.parametrize("filters", [queries.Filters(overdue=True), queries.Filters(due_within=7)])
def test_overdue_and_due_soon_search_the_covering_index(store: Any, filters: queries.Filters) -> None:
    with store.write() as session:
        fill(session, count=500, seed=2, today=TODAY)
    assert "USING INDEX ix_commitment_status_deadline_owner" in plan(store, filters)


def test_overdue_counts_match_the_rows_listed(store: Any) -> None:
    with store.write() as session:
        fill(session, count=800, seed=5, today=TODAY)
    with store.read() as session:
        rows = list(queries.iter_rows(session, as_of=TODAY, filters=queries.Filters(overdue=True)))
        counted = queries.count(session, as_of=TODAY, filters=queries.Filters(overdue=True))
        by_status, overdue = queries.status_counts(session, as_of=TODAY)
    assert counted == overdue == len(rows) > 0
    assert all(r.days_overdue and r.days_overdue > 0 for r in rows)
    assert sum(by_status.values()) == 800


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's planner picks by table statistics")
def test_counts_read_only_accepted_items_from_the_covering_index(store: Any) -> None:
    from sqlalchemy import event, text

    with store.write() as session:
        fill(session, count=500, seed=3, today=TODAY)
        session.execute(text("UPDATE commitment SET review = 'proposed' WHERE id % 10 = 0"))
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "count(" in statement:
            statements.append((statement, parameters))

    with store.read() as session:
        event.listen(store.engine, "before_cursor_execute", seen)
        try:
            by_status, _ = queries.status_counts(session, as_of=TODAY)
            states = report_model.count_states(session, as_of=TODAY, by=("owner",))
            by_theme = report_model.count_states(session, as_of=TODAY, by=("theme",))  # counted by one column
            both = queries.count_states_statement(
                queries.state_columns(session, TODAY), as_of=TODAY, by=("owner", "theme")
            )  # the HTML page's header: one scan for both tallies
            by_both = session.execute(both).all()
        finally:
            event.remove(store.engine, "before_cursor_execute", seen)
        plans = [
            " | ".join(str(r[-1]) for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in statements
        ]
    assert sum(by_status.values()) == sum(row[-1] for row in states) == sum(row[-1] for row in by_theme) == 450
    assert sum(row[-1] for row in by_both) == 450
    assert len(plans) == 4
    for plan in plans:
        assert "USING COVERING INDEX ix_commitment_status_deadline_owner" in plan, plan
