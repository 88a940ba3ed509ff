"""Urdu in what leaves the tracker: HTML pages, workbooks, CSV files and e-mail."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import Cli
from tests.test_reminders import Server, _settings, add, body, html_body, remind, smtp  # noqa: F401  (fixtures)

CORPUS = Path(__file__).parent / "corpus" / "ur" / "dev" / "ur-com-na-commerce-2023-01.md"
BRIEFING = "قائمہ کمیٹی برائے تجارت کا اجلاس، بیرون ملک ٹریڈ افسران کی کارکردگی جانچنے کی ہدایت"
NOTE = "رپورٹ جمع کرا دی گئی"
BY = "عائشہ خان"


def _urdu_db(cli: Cli) -> Cli:
    """The Urdu commerce briefing (sitting 2023-01-10) and an Urdu note by an Urdu name on #1."""
    assert cli("import", "--accept", str(CORPUS)).exit_code == 0
    assert cli("update", "1", "--note", NOTE, "--by", BY, "--on", "2023-02-01").exit_code == 0
    return cli


def _export(cli: Cli, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"papers.{fmt}"
    result = cli("export", "all", "--as-of", "2023-03-01", "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    return out


class _Isolates(HTMLParser):
    """Each element's text, split into what is inside a ``<bdi>`` and what is outside."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.elements: list[dict[str, Any]] = []  # tag, attrs, inside, outside
        self.depth_bdi = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "bdi":
            self.depth_bdi += 1
            return
        if tag in ("meta", "br", "rect"):
            return
        self.stack.append((tag, dict(attrs)))
        self.elements.append({"tag": tag, "attrs": dict(attrs), "inside": [], "outside": []})

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi":
            self.depth_bdi -= 1

    def handle_data(self, data: str) -> None:
        if self.elements:
            self.elements[-1]["inside" if self.depth_bdi else "outside"].append(data)

    def containing(self, text: str) -> dict[str, Any]:
        return next(e for e in self.elements if text in "".join(e["inside"] + e["outside"]))


def test_html_isolates_urdu_text_and_keeps_dates_outside_the_isolate(cli: Cli, tmp_path: Path) -> None:
    page = _Isolates()
    page.feed(_export(_urdu_db(cli), tmp_path, "html").read_text("utf-8"))

    covered = page.containing("Briefings covered")
    assert covered["inside"] == [BRIEFING]
    assert "".join(covered["outside"]).strip() == "Briefings covered:  (2023-01-10)"

    update = page.containing(NOTE)
    assert update["tag"] == "td"
    assert update["inside"] == [f"{BY}: {NOTE}"]
    assert update["outside"] == ["2023-02-01, "]

    title = page.containing("وزارت 32 ارب ڈالر")
    assert title["tag"] == "td"
    assert title["attrs"].get("dir") == "auto"


def test_xlsx_right_aligns_urdu_cells_only(cli: Cli, tmp_path: Path) -> None:
    path = _export(_urdu_db(cli), tmp_path, "xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 1)
    title, owner, by, note = (row[header.index(label)] for label in ("Title", "Owner", "Updated by", "Update note"))

    assert isinstance(title.value, str)
    assert title.value.startswith("وزارت 32 ارب ڈالر")
    assert (title.alignment.horizontal, title.alignment.readingOrder) == ("right", 2)
    assert (by.value, by.alignment.horizontal, by.alignment.readingOrder) == (BY, "right", 2)
    assert (note.value, note.alignment.horizontal) == (NOTE, "right")
    assert owner.value == "Ministry of Commerce"
    assert owner.alignment.horizontal in (None, "general")
    assert not owner.alignment.readingOrder

    summary = openpyxl.load_workbook(path)["Summary"]
    cell = next(c for r in summary.iter_rows() for c in r if c.value == BRIEFING)
    assert cell.alignment.horizontal == "right"


def test_csv_keeps_its_byte_order_mark_with_urdu(cli: Cli, tmp_path: Path) -> None:
    raw = _export(_urdu_db(cli), tmp_path, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert NOTE.encode() in raw
    assert "وزارت 32 ارب ڈالر".encode() in raw


def test_urdu_owner_and_titles_arrive_intact_in_the_subject_and_both_bodies(
    cli: Cli,
    store: Any,
    smtp: Server,  # noqa: F811  (the fixture)
) -> None:
    # Long enough that the Subject is folded into several encoded words.
    owner = "وزارت تجارت (TDAP) برائے برآمدات، ٹیکسٹائل اور انجینئرنگ کے شعبے 2023"
    titles = ["ای کامرس پالیسی پر عملدرآمد کی رپورٹ", "32 ارب ڈالر کا برآمدی ہدف 2023-06-30 تک"]
    assert cli("owner", "set", owner, "--email", "commerce@gov.pk").exit_code == 0
    for title in titles:
        add(store, title, owner, date(2023, 6, 30))

    result = remind(cli, smtp, "--as-of", "2023-07-01")

    assert result.exit_code == 0, result.output
    (msg,) = smtp.received
    assert msg["Subject"] == f"[tracker] 2 overdue - {owner}"
    for part in (body(msg), html_body(msg)):
        assert owner in part
        for title in titles:
            assert title in part
