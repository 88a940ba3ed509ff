"""Every report format, written on one database with what makes writers slip (Urdu text, cells
a spreadsheet would run, markup, control characters, missing values, groups, moved deadlines,
actuals), compared with what it wrote before: Markdown, HTML, JSON and CSV byte for byte, the
workbook as openpyxl reads it back (each sheet's cells with their types, number formats and
alignment, the frozen pane, the autofilter, the column widths).

The snapshots in ``__snapshots__/test_report_snapshots/`` were written by the writers these
replaced (the workbook by XlsxWriter), so a faster writer must say exactly what they said.
After a change meant to alter a report, look at the difference and accept it with
``pytest tests/test_report_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension

from tests.conftest import Cli

URDU_TITLE = "انٹرنیٹ کی بحالی"
URDU_OWNER = "وزارت آئی ٹی"

COMMITMENTS: list[dict[str, Any]] = [
    {
        "title": "Release funds for the STZs",
        "theme": "fund_disbursement",
        "owner": "Finance Division",
        "status": "in_progress",
        "deadline": "2025-09-30",
        "confidence": "amber",
        "excerpt": "Funds will be released by September.",
        "target_value": 5000000000,
        "target_unit": "PKR",
        "since": "2025-06-01",
    },
    {
        "title": "Upskill 50,000 graduates",
        "theme": "upskilling",
        "owner": "DigiSkills",
        "kind": "directive",
        "status": "stalled",
        "deadline": "2025-12-31",
        "confidence": "red",
        "excerpt": "-5 % & <b>bold</b> | pipe `tick` *star* [link](x) \\ back",
    },
    {
        "title": "Reliable internet",
        "theme": "internet_resilience",
        "owner": "PTA",
        "status": "done",
        "deadline": "2025-10-01",
        "confidence": "green",
    },
    {"title": "Tax facilitation for IT firms", "theme": "tax_facilitation", "owner": "FBR", "status": "not_started"},
    {
        "title": "IT exports of $5.2 billion",
        "theme": "exports",
        "owner": "Ministry of IT",
        "status": "not_started",
        "deadline": "2026-06-30",
    },
    {
        "title": URDU_TITLE,
        "theme": "internet_resilience",
        "owner": URDU_OWNER,
        "status": "not_started",
        "deadline": "2025-11-15",
        "excerpt": "وزارت نے یقین دلایا کہ انٹرنیٹ بحال ہوگا",
    },
    {
        "title": "placeholder 7",
        "theme": "exports",
        "owner": "+Owner & Sons",
        "status": "in_progress",
        "deadline": "2025-10-15",
    },
    {"title": "placeholder 8", "theme": "other", "owner": "@FBR", "status": "not_started", "deadline": "2025-08-01"},
    {
        "title": "placeholder 9",
        "theme": "upskilling",
        "owner": URDU_OWNER,
        "status": "stalled",
        "deadline": "2025-07-01",
    },
]

# Stored as they may arrive from any source (set straight in the database, past the import's checks).
RAW_TITLES = {
    7: '=HYPERLINK("http://x","click") & <b>',
    8: "  spaces around\tand a tab, a bell\x07, _x0041_ and a form feed\x0c  ",
    9: "'=already quoted\r\nCRLF inside\rCR alone | pipe \u202eoverride",
}

VARIANTS = {
    "overdue": ("overdue", "--as-of", "2026-01-01"),
    "all-by-owner": ("all", "--as-of", "2026-01-01", "--group-by", "owner"),
    "all-by-theme": ("all", "--as-of", "2026-01-01", "--group-by", "theme"),
    "empty": ("overdue", "--as-of", "2025-01-01"),
}


@pytest.fixture
def hostile(cli: Cli, db_url: str, tmp_path: Path) -> Cli:
    source = tmp_path / "commitments.json"
    source.write_text(json.dumps(COMMITMENTS, ensure_ascii=False), encoding="utf-8")
    with freeze_time("2025-06-01 09:00:00"):
        assert cli("import", str(source)).exit_code == 0
    updates = [
        ("1", "--note", "Half released | rest pending\nsecond tranche in January", "--by", "Ayesha Khan"),
        ("1", "--actual", "3.8bn"),
        ("2", "--deadline", "2026-01-15", "--note", "=SUM(A1)", "--by", "@desk"),
        ("6", "--note", "کام جاری ہے", "--by", "علی"),
        ("7", "--deadline", "2025-12-15"),
        ("7", "--deadline", "2025-10-15"),
    ]
    with freeze_time("2025-12-20 09:00:00"):
        for args in updates:
            result = cli("update", *args, "--on", "2025-12-10")
            assert result.exit_code == 0, result.output
    from sqlalchemy import text

    from tracker.store import open_store

    store = open_store(db_url)
    with store.write() as session:
        for commitment_id, title in RAW_TITLES.items():
            session.execute(text("UPDATE commitment SET title = :t WHERE id = :id"), {"t": title, "id": commitment_id})
    store.dispose()
    return cli


def _export(cli: Cli, path: Path, fmt: str, args: tuple[str, ...]) -> Path:
    result = cli("export", *args, "--format", fmt, "--output", str(path))
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html"])
def test_text_formats_write_the_same_bytes_as_before(
    hostile: Cli, tmp_path: Path, snapshot: SnapshotAssertion, fmt: str, variant: str
) -> None:
    written = _export(hostile, tmp_path / f"report.{fmt}", fmt, VARIANTS[variant]).read_bytes()

    assert written == snapshot(extension_class=SingleFileSnapshotExtension)


def _cell(cell: Any) -> list[Any]:
    value = cell.value
    shown = value.isoformat() if isinstance(value, (date, datetime)) else value
    a = cell.alignment
    return [
        cell.coordinate,
        type(value).__name__,
        shown,
        cell.number_format,
        cell.font.b,
        a.horizontal,
        a.vertical,
        a.wrap_text,
        a.readingOrder,
    ]


def workbook_as_read(path: Path) -> list[dict[str, Any]]:
    """Every sheet as openpyxl reads it: what a user sees and filters on."""
    book = load_workbook(path)
    return [
        {
            "name": sheet.title,
            "freeze": sheet.freeze_panes,
            "autofilter": sheet.auto_filter.ref,
            "widths": {k: d.width for k, d in sorted(sheet.column_dimensions.items()) if d.customWidth},
            "cells": [_cell(c) for row in sheet.iter_rows() for c in row if c.value is not None],
        }
        for sheet in book.worksheets
    ]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_workbook_reads_back_as_before(
    hostile: Cli, tmp_path: Path, snapshot: SnapshotAssertion, variant: str
) -> None:
    path = _export(hostile, tmp_path / "report.xlsx", "xlsx", VARIANTS[variant])

    assert workbook_as_read(path) == snapshot
