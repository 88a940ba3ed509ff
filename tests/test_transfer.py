"""Moving an office's SQLite database to the shared server keeps every row and id."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import Cli, table_snapshot
from tracker import commitments as svc
from tracker.demo import fill
from tracker.models import Status
from tracker.store import open_store

TODAY = date(2026, 1, 10)


def test_copy_keeps_every_row_history_and_id(tmp_path: Path, db_url: str, store: Any) -> None:
    source_path = str(tmp_path / "office.db")
    source = open_store(source_path)
    with source.write() as session:
        fill(session, count=300, seed=9, today=TODAY)
        svc.add_commitment(session, title="وزارت آئی ٹی: upskill 50,000 graduates", theme="upskilling")
    with source.write() as session:
        svc.update_commitment(session, 7, today=TODAY, status=Status.DONE, note="delivered", by="A")
        svc.update_commitment(session, 7, today=TODAY, note="press release", by="B")
        svc.set_owner(session, "FBR", ["ops@fbr.example.gov.pk"])

    result = Cli(db_url)("copy", "--from", source_path, "--to", db_url)

    assert result.exit_code == 0, result.output
    assert "301 commitment" in result.stdout
    assert table_snapshot(store) == table_snapshot(source)
    after = Cli(db_url)
    after("update", "7", "--note", "after the move")
    shown = json.loads(after("show", "7", "--format", "json").stdout)
    assert [h["by"] for h in shown["history"]] == ["A", "B", "tester"]
    added = svc_add_after_copy(store)
    assert added == 302  # new ids continue after the copied ones
    source.dispose()


def svc_add_after_copy(store: Any) -> int:
    with store.write() as session:
        return svc.add_commitment(session, title="Made after the move").id or 0


def test_copy_refuses_a_target_that_holds_data(tmp_path: Path, cli: Cli, store: Any) -> None:
    source_path = str(tmp_path / "office.db")
    Cli(source_path)("demo", "--count", "5")
    cli("demo", "--count", "3")
    before = table_snapshot(store)
    result = cli("copy", "--from", source_path, "--to", cli.db)
    assert result.exit_code == 1
    assert "copy into an empty database" in result.stderr
    assert table_snapshot(store) == before
