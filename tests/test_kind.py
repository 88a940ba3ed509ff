"""The kind of each item, a body's ``commitment`` or a ``directive`` of the committee: stored,
imported, listed, shown, exported, filtered in the TUI and carried through a migration."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.worker import WorkerState

from tests.conftest import Cli, InProcess, table_snapshot
from tracker import commitments as svc
from tracker.models import Commitment, Kind
from tracker.store import resolve_url, upgrade
from tracker.tui.app import make_app
from tracker.tui.forms import AddForm
from tracker.tui.screens import OverdueScreen
from tracker.tui.table import CommitmentTable

FBR = "Federal Board of Revenue"
BRIEFING = """---
title: PTA briefing on connectivity
date: 2025-09-10
committee: Senate Standing Committee on IT and Telecom
presenter: Pakistan Telecommunication Authority
---
The Authority will restore full mobile data coverage in the merged districts within 60 days.
The committee directed the FBR to submit a report on IT tax refunds within 15 days.
"""


def listed(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


@pytest.fixture
def briefed(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "pta.md"
    path.write_text(BRIEFING, encoding="utf-8")
    result = cli("import", "--accept", str(path))
    assert result.exit_code == 0, result.output
    return cli


def test_a_directive_in_a_briefing_is_stored_as_the_directed_body_s_directive(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pta.md"
    path.write_text(BRIEFING, encoding="utf-8")

    dry = cli("import", "--dry-run", str(path))

    assert dry.exit_code == 0, dry.output
    kinds = [line.split()[1] for line in dry.stdout.splitlines() if line.startswith("  new ")]
    assert kinds == ["commitment", "directive"]
    as_json = json.loads(cli("import", "--dry-run", "--format", "json", str(path)).stdout)
    assert [c["kind"] for c in as_json[0]["commitments"]] == ["commitment", "directive"]

    assert cli("import", str(path)).exit_code == 0
    (directive,) = listed(cli, "--kind", "directive")
    assert (directive["kind"], directive["owner"], directive["deadline"]) == ("directive", FBR, "2025-09-25")
    (commitment,) = listed(cli, "--kind", "commitment")
    assert commitment["kind"] == "commitment"
    assert commitment["owner"] == "Pakistan Telecommunication Authority"
    assert len(listed(cli, "--kind", "commitment", "--kind", "directive")) == 2


def test_list_and_show_print_the_kind(briefed: Cli) -> None:
    directive = listed(briefed, "--kind", "directive")[0]

    table = briefed("list").stdout.splitlines()
    assert table[0].split()[:5] == ["ID", "DEADLINE", "WHEN", "STATUS", "KIND"]
    at = table[0].index("KIND")
    assert [line[at:].split()[0] for line in table[1:]] == ["commitment", "directive"]
    shown = briefed("show", str(directive["id"])).stdout
    assert "Kind         directive" in shown.splitlines()
    assert json.loads(briefed("show", str(directive["id"]), "--format", "json").stdout)["kind"] == "directive"


def test_an_unknown_kind_in_list_is_one_line_and_exit_1(run: InProcess) -> None:
    result = run("list", "--kind", "promise")

    assert result.returncode == 1
    assert result.stderr == "tracker: unknown kind 'promise' (choose from: commitment, directive)\n"


def test_the_csv_and_json_round_trips_keep_the_kind(briefed: Cli, tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        written = briefed("list", "--format", fmt).stdout
        copy = Cli(str(tmp_path / f"copy-{fmt}.db"))
        path = tmp_path / f"all.{fmt}"
        path.write_text(written, encoding="utf-8")

        result = copy("import", str(path))

        assert result.exit_code == 0, result.output
        assert [(r["id"], r["kind"]) for r in listed(copy)] == [(r["id"], r["kind"]) for r in listed(briefed)]
        assert [r["kind"] for r in listed(copy)] == ["commitment", "directive"]


def test_a_file_without_a_kind_column_holds_commitments_and_a_row_can_change_its_kind(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("title,owner\nPublish the cloud policy,MoITT\n", encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    (row,) = listed(cli)
    assert row["kind"] == "commitment"

    path.write_text(f"id,title,kind\n{row['id']},Publish the cloud policy,Directive\n", encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0

    assert [r["kind"] for r in listed(cli)] == ["directive"]


def test_a_bad_kind_in_a_file_names_its_line_and_imports_nothing(run: InProcess, store: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "title,owner,kind\nFirst,MoITT,commitment\nSecond,FBR,promise\nThird,PTA,directive\n", encoding="utf-8"
    )
    before = table_snapshot(store)

    result = run("import", str(path))

    assert result.returncode == 1
    assert "line 3" in result.stderr
    assert "unknown kind 'promise'" in result.stderr
    assert "Traceback" not in result.stderr
    assert table_snapshot(store) == before


def test_every_export_format_carries_the_kind(briefed: Cli, tmp_path: Path) -> None:
    def export(fmt: str) -> Path:
        out = tmp_path / f"all.{fmt}"
        result = briefed("export", "all", "--as-of", "2026-01-01", "--format", fmt, "--output", str(out))
        assert result.exit_code == 0, result.output
        return out

    rows = list(csv.DictReader(io.StringIO(export("csv").read_text("utf-8-sig"))))
    assert [r["kind"] for r in rows] == ["directive", "commitment"]  # most overdue first
    assert [r["kind"] for r in json.loads(export("json").read_text("utf-8"))] == ["directive", "commitment"]
    markdown = export("md").read_text("utf-8")
    head = next(line for line in markdown.splitlines() if line.startswith("| ID |"))
    assert "| Kind |" in head
    assert "| directive |" in markdown
    assert "| commitment |" in markdown
    page = export("html").read_text("utf-8")
    assert "<th>Kind</th>" in page
    assert ">directive</td>" in page
    assert ">commitment</td>" in page

    from openpyxl import load_workbook

    sheet = load_workbook(export("xlsx"))["Commitments"]
    header = [c.value for c in sheet[1]]
    kinds = [row[header.index("Kind")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert kinds == ["directive", "commitment"]


def test_the_migration_makes_every_existing_row_a_commitment(tmp_path: Path) -> None:
    from tracker.store import downgrade

    path = tmp_path / "old.db"
    url = resolve_url(str(path))
    upgrade(url, "0007")
    with sqlite3.connect(path) as conn:
        for title in ("Old one", "Old two"):
            conn.execute(
                "INSERT INTO commitment (title, description, theme, owner, status, base_status, fingerprint, version,"
                " created_at, updated_at) VALUES (?, '', 'other', '', 'not_started', 'not_started', ?, 1,"
                " '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
                (title, title),
            )
        indexes_before = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')").fetchall()

    upgrade(url, "0008")
    downgrade(url, "0007")
    upgrade(url, "0008")

    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT title, kind FROM commitment ORDER BY id").fetchall() == [
            ("Old one", "commitment"),
            ("Old two", "commitment"),
        ]
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute("UPDATE commitment SET kind = 'promise' WHERE id = 1")
        # Added in place: the expression indexes of 0003 and the search triggers of 0007 stay.
        indexes_after = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')").fetchall()
        assert sorted(indexes_after) == sorted(indexes_before)
        assert conn.execute("SELECT rowid FROM commitment_fts WHERE commitment_fts MATCH 'two'").fetchall() == [(2,)]


# ---------------------------------------------------------------- the TUI

TODAY = date(2026, 3, 1)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the workers are done and the messages they posted are handled."""
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    quiet = 0
    for _ in range(1000):
        await pilot.pause()
        quiet = 0 if any(w.state in busy for w in pilot.app.workers) else quiet + 1
        if quiet == 3:
            return
        await asyncio.sleep(0.002)
    raise AssertionError("the app did not settle")


@pytest.fixture
def mixed(store: Any) -> dict[str, int]:
    with store.write() as session:
        made = {
            "promise": svc.add_commitment(session, title="Restore coverage", owner="PTA", deadline=date(2026, 1, 5)),
            "order": svc.add_commitment(
                session, title="Report on refunds", owner=FBR, deadline=date(2026, 2, 1), kind=Kind.DIRECTIVE
            ),
        }
        return {k: int(c.id or 0) for k, c in made.items()}


def shown(app: Any) -> list[int]:
    t = app.screen.query_one(CommitmentTable)
    return [t.rows[i].id for i in sorted(t.rows)]


def line_text(app: Any, y: int) -> str:
    return "".join(segment.text for segment in app.screen.query_one(CommitmentTable).render_line(y))


async def test_the_tui_shows_the_kind_and_its_filter_narrows_to_directives(store: Any, mixed: dict[str, int]) -> None:
    app = make_app(store, today=TODAY, keymap={})
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        assert "Kind" in line_text(app, 0)
        assert "directive" in line_text(app, 2)
        assert "commitment" in line_text(app, 1)
        await pilot.press("f")
        app.screen.query_one("#kind", Select).value = "directive"
        await settle(pilot)
        assert shown(app) == [mixed["order"]]
        assert "directives only" in str(app.screen.query_one("#summary").render())
        app.screen.query_one(CommitmentTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Kind         directive" in str(app.screen.query_one("#detail-body").render())
        await pilot.press("escape", "O")  # the overdue report lists both kinds, each named
        await settle(pilot)
        assert isinstance(app.screen, OverdueScreen)
        assert shown(app) == [mixed["promise"], mixed["order"]]
        assert "commitment" in line_text(app, 1)
        assert "directive" in line_text(app, 2)


async def test_the_add_form_records_a_directive(store: Any, mixed: dict[str, int]) -> None:
    app = make_app(store, today=TODAY, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddForm)
        assert form.query_one("#kind", Select).value == "commitment"
        form.query_one("#title", Input).value = "Brief the committee on the cable outage"
        form.query_one("#owner", Input).value = "PTA"
        form.query_one("#kind", Select).value = "directive"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.read() as session:
        c = session.scalars(
            select(Commitment).where(col(Commitment.title) == "Brief the committee on the cable outage")
        ).one()
    assert (c.kind, c.owner) == ("directive", "PTA")
