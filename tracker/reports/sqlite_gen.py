"""Compiles the reports' statements for SQLite into ``tracker/reports/sqlite_sql.py``.

``python -m tracker.reports.sqlite_gen`` writes the module again; ``tests/test_sqlite_read.py``
compiles the statements and fails if the module differs, so a change to a query (in
``tracker.queries``, ``tracker.followup``, ``tracker.commitments`` or ``tracker.reports``)
reaches the SQLite read path (``sqlite_read``) or the tests say so.

Each statement is compiled by SQLAlchemy's SQLite dialect for every as-of form it takes
(``readmodels.AsOfVariant``) with a stand-in date for the as-of date. Every parameter is then
either a constant (written into the module) or one given when the report runs: the as-of date
(the stand-in's places), a commitment ``id``, or a list of ``ids`` that SQLAlchemy's own
``__[POSTCOMPILE_ids]`` marks. Each column is recorded with how SQLAlchemy reads it back: as
it comes, or a stored date as a date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Date, Select
from sqlalchemy.dialects import sqlite

from tracker.readmodels import AsOfVariant
from tracker.reports.sqlite_read import rows_key, variant_key

# A statement of any columns.
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

TARGET = Path(__file__).with_name("sqlite_sql.py")
# The as-of date while compiling: no other date appears in a report's statements.
STAND_IN = date(1901, 2, 3)
# Parameters given when the report runs, by the names the statements give them.
RUNTIME = ("as_of", "id", "ids")
_PLACES = re.compile(r"\?|__\[POSTCOMPILE_(\w+)\]")
VARIANTS = tuple(AsOfVariant(rebuilt, made) for rebuilt in (False, True) for made in (False, True))


def compile_sqlite(stmt: AnySelect) -> tuple[str, tuple[tuple[str, Any], ...], tuple[str, ...], tuple[str, ...]]:
    """``stmt`` as (SQL, parameters, column names, column kinds) for the stdlib driver.

    A parameter is ``("=", value)`` (a constant), ``(":", name)`` (given at run time) or
    ``("*", name)`` (a list given at run time, expanded where ``__[POSTCOMPILE_name]`` is).
    A column's kind is ``"date"`` where SQLAlchemy reads the stored text back as a date, else
    ``""`` (a column SQLAlchemy reads any other way cannot be compiled).
    """
    dialect = sqlite.dialect()
    compiled = stmt.compile(dialect=dialect)
    names = list(compiled.positiontup or ())
    pieces: list[str] = []
    params: list[tuple[str, Any]] = []
    end = 0
    places = list(_PLACES.finditer(compiled.string))
    if len(places) != len(names):
        raise ValueError(f"{len(places)} parameter places for {len(names)} parameters")
    for place, name in zip(places, names, strict=True):
        pieces.append(compiled.string[end : place.start()])
        end = place.end()
        bind = compiled.binds[name]
        if place.group(1) is not None and place.group(1) != name:
            raise ValueError(f"expanding parameter {place.group(1)} where {name} was expected")
        if name in RUNTIME:
            params.append(("*" if bind.expanding else ":", name))
            pieces.append(place.group(0))
        elif bind.expanding:
            values = list(bind.value or ())
            if not values or any(isinstance(v, date) for v in values):
                raise ValueError(f"cannot compile the list parameter {name} = {values!r}")
            params.extend(("=", v) for v in values)
            pieces.append(", ".join("?" * len(values)))
        else:
            params.append(_constant(name, bind.value))
            pieces.append("?")
    pieces.append(compiled.string[end:])
    columns = tuple(stmt.selected_columns.keys())
    kinds = tuple(_kind(column.type, dialect) for column in stmt.selected_columns)
    return "".join(pieces), tuple(params), columns, kinds


def _constant(name: str, value: Any) -> tuple[str, Any]:
    if isinstance(value, date):
        if value != STAND_IN:
            raise ValueError(f"parameter {name} is a date other than the as-of date: {value}")
        return (":", "as_of")
    if value is None or type(value) in (str, int, float):
        return ("=", value)
    if isinstance(value, str):  # an enum's value
        return ("=", str(value))
    raise ValueError(f"cannot compile parameter {name} = {value!r}")


def _kind(column_type: Any, dialect: Any) -> str:
    process = column_type.dialect_impl(dialect).result_processor(dialect, None)
    if process is None:
        return ""
    if isinstance(column_type, Date):
        return "date"
    raise ValueError(f"no plain reading of a {column_type!r} column")


def statements() -> Iterator[tuple[str, AnySelect]]:
    """Every statement a report runs, by the key ``sqlite_read`` asks for it by."""
    from tracker import commitments, followup, queries
    from tracker.reports import ics, json_format
    from tracker.reports.model import REPORT_FIELDS, GroupBy, Scope, actual_commitments_statement, moved_query
    from tracker.reports.model import report_statement as report

    yield "latest_dates", queries.latest_dates_statement()
    row_sets = ((REPORT_FIELDS, True), (json_format._FIELDS, False))
    for variant in VARIANTS:
        state = queries.state_columns_for(STAND_IN, variant)
        form = variant_key(variant)
        for scope in Scope:
            for group_by in (None, *GroupBy):
                for fields, last in row_sets:
                    key = rows_key(str(scope), str(group_by) if group_by else None, fields, last)
                    stmt = report(
                        state,
                        scope=scope,
                        as_of=STAND_IN,
                        group_by=group_by,
                        fields=fields,
                        with_last_update=last,
                        sqlite=True,
                    )
                    yield f"{key}/{form}", stmt
        for overdue in (True, False):
            scope_name = "overdue" if overdue else "all"
            filters = queries.Filters(overdue=overdue)
            yield f"count/{scope_name}/{form}", queries.count_statement(state, as_of=STAND_IN, filters=filters)
            yield f"briefings/{scope_name}/{form}", queries.briefings_statement(state, as_of=STAND_IN, overdue=overdue)
        # What ``model.build_header`` counts by: per owner; per owner and theme for the HTML chart.
        for by in (("owner",), ("owner", "theme")):
            yield f"count_states/{'+'.join(by)}/{form}", queries.count_states_statement(state, as_of=STAND_IN, by=by)
        yield f"moved/{form}", queries.rows_statement(state, as_of=STAND_IN, **moved_query())
        yield f"calendar/{form}", queries.rows_statement(state, as_of=STAND_IN, **ics.calendar_query())
    yield "slippage", followup.slippage_statement()
    yield "actual_commitments", actual_commitments_statement()
    # Only what ``followup_rules.actuals_of`` reads: the timestamps are SQLModel's own type.
    yield "history", _narrowed(commitments.history_statement(), TARGET_CHANGE_FIELDS)
    yield "measurements", _narrowed(followup.measurements_statement(up_to_as_of=True), MEASURED_FIELDS)


TARGET_CHANGE_FIELDS = (
    "id",
    "briefing_id",
    "effective_on",
    "from_target_value",
    "to_target_value",
    "from_target_unit",
    "to_target_unit",
)
MEASURED_FIELDS = ("value", "unit", "as_of", "source", "briefing_id", "recorded_by")


def _narrowed(stmt: AnySelect, names: tuple[str, ...]) -> AnySelect:
    return stmt.with_only_columns(*(stmt.selected_columns[name] for name in names), maintain_column_froms=True)


def module_text() -> str:
    """The text of ``sqlite_sql.py`` as the statements compile today."""
    from tracker.followup import SLIPPAGE_BATCH
    from tracker.store import SCHEMA_HEAD

    lines = [
        '"""The reports\' statements compiled for SQLite: GENERATED by ``python -m tracker.reports.sqlite_gen``',
        "from the SQLAlchemy statements; do not edit (tests/test_sqlite_read.py fails on any difference).",
        "",
        "Each entry: the SQL, its parameters (``=`` a constant, ``:`` given at run time, ``*`` a list",
        'given at run time), the names of its columns and how each is read back (see ``sqlite_gen``)."""',
        "",
        "from typing import Any",
        "",
        "# The schema these statements were compiled for: another one takes the normal path.",
        f"SCHEMA_HEAD = {SCHEMA_HEAD!r}",
        f"SLIPPAGE_BATCH = {SLIPPAGE_BATCH!r}",
        "",
        "QUERIES: dict[str, Any] = {",
    ]
    for key, stmt in statements():
        sql, params, columns, kinds = compile_sqlite(stmt)
        lines.append(f"    {key!r}: (")
        lines.append(f"        {sql!r},")
        lines.append(f"        {params!r},")
        lines.append(f"        {columns!r},")
        lines.append(f"        {kinds!r},")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    TARGET.write_text(module_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
