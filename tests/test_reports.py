"""`tracker export`: the overdue report (and everything, and a calendar) as users open it.

Every format is read back the way its reader would (the csv module, json, openpyxl, an HTML
parser, a Markdown table split on its unescaped pipes, an iCalendar unfolder) and compared
to the rows a secretariat officer expects to see.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from tests.conftest import Cli, Proc
from tracker.themes import load_themes

URDU_TITLE = "انٹرنیٹ کی بحالی"
URDU_OWNER = "وزارت آئی ٹی"
URDU_EXCERPT = "وزارت نے یقین دلایا کہ انٹرنیٹ بحال ہوگا"

COMMITMENTS = [
    {
        "title": "Release funds for the STZs",
        "theme": "fund_disbursement",
        "owner": "Finance Division",
        "status": "in_progress",
        "deadline": "2025-09-30",
        "confidence": "amber",
        "excerpt": "Funds will be released by September.",
    },
    {
        "title": "Upskill 50,000 graduates",
        "theme": "upskilling",
        "owner": "DigiSkills",
        "kind": "directive",
        "status": "stalled",
        "deadline": "2025-12-31",
        "confidence": "red",
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
        "excerpt": URDU_EXCERPT,
    },
]
NOTE = "Half released | rest pending\nsecond tranche in January"

# What the overdue report as of 2026-01-01 shows, most overdue first.
OVERDUE_2026_01_01 = [
    {
        "id": "1",
        "title": "Release funds for the STZs",
        "theme": "fund_disbursement",
        "owner": "Finance Division",
        "kind": "commitment",
        "status": "in_progress",
        "confidence": "amber",
        "deadline": "2025-09-30",
        "days_overdue": "93",
        "excerpt": "Funds will be released by September.",
    },
    {
        "id": "6",
        "title": URDU_TITLE,
        "theme": "internet_resilience",
        "owner": URDU_OWNER,
        "kind": "commitment",
        "status": "not_started",
        "confidence": "",
        "deadline": "2025-11-15",
        "days_overdue": "47",
        "excerpt": URDU_EXCERPT,
    },
    {
        "id": "2",
        "title": "Upskill 50,000 graduates",
        "theme": "upskilling",
        "owner": "DigiSkills",
        "kind": "directive",
        "status": "stalled",
        "confidence": "red",
        "deadline": "2025-12-31",
        "days_overdue": "1",
        "excerpt": "",
    },
]
SHOWN = tuple(OVERDUE_2026_01_01[0])  # the columns every format shows
LABELS = {
    "ID": "id",
    "Title": "title",
    "Theme": "theme",
    "Owner": "owner",
    "Kind": "kind",
    "Status": "status",
    "Confidence": "confidence",
    "Deadline": "deadline",
    "Days overdue": "days_overdue",
    "Timeliness": "timeliness",
    "Last update": "last_update",
    "Updated by": "last_update_by",
    "Update note": "last_update_note",
    "Excerpt": "excerpt",
    "Made on": "since",
}


XLSX_LABELS = {"Last update": "last_update_on"}  # the date alone; by and note have their own columns


@pytest.fixture
def papers(cli: Cli, tmp_path: Path) -> Cli:
    """Six commitments, one of them in Urdu, and a note recorded on the first."""
    source = tmp_path / "commitments.json"
    source.write_text(json.dumps(COMMITMENTS, ensure_ascii=False), encoding="utf-8")
    assert cli("import", str(source)).exit_code == 0
    with freeze_time("2025-12-20 09:00:00"):
        result = cli("update", "1", "--note", NOTE, "--by", "Ayesha Khan", "--on", "2025-12-10")
    assert result.exit_code == 0, result.output
    return cli


def set_title(db_url: str, commitment_id: int, title: str) -> None:
    """A title as it may arrive from any source, leading whitespace and all."""
    from sqlalchemy import text

    from tracker.store import open_store

    store = open_store(db_url)
    with store.write() as session:
        session.execute(text("UPDATE commitment SET title = :t WHERE id = :id"), {"t": title, "id": commitment_id})
    store.dispose()


# ---------------------------------------------------------------- reading each format back


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a byte-order mark, so Excel reads it as UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def read_json(path: Path) -> list[dict[str, str]]:
    return [{k: "" if v is None else str(v) for k, v in item.items()} for item in json.loads(path.read_text("utf-8"))]


def _xlsx_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def read_xlsx_sheet(sheet: Any) -> list[dict[str, str]]:
    """A sheet's commitments (the rows with an ID), keyed like the CSV columns."""
    rows = list(sheet.iter_rows(values_only=True))
    names = [XLSX_LABELS.get(str(h), LABELS.get(str(h))) for h in rows[0]]
    return [
        {str(n): _xlsx_value(v) for n, v in zip(names, row, strict=False)}
        for row in rows[1:]
        if isinstance(row[0], int)
    ]


def read_xlsx(path: Path) -> list[dict[str, str]]:
    book = load_workbook(path)
    return [row for sheet in book.worksheets if sheet.title != "Summary" for row in read_xlsx_sheet(sheet)]


class Page(HTMLParser):
    """What a browser shows of a report: headings, paragraphs, tables, and the tags used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.tables: list[dict[str, Any]] = []  # {"class": ..., "rows": [[cell text]]}
        self.headings: list[str] = []
        self.paragraphs: list[str] = []
        self.svg_text: list[str] = []
        self._text: list[str] | None = None
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self._in.append(tag)
        if tag == "table":
            self.tables.append({"class": dict(attrs).get("class"), "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th", "h1", "h2", "p", "text"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if self._text is None:
            return
        content = "".join(self._text)
        if tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(content)
        elif tag in ("h1", "h2"):
            self.headings.append(content)
        elif tag == "p":
            self.paragraphs.append(content)
        elif tag == "text":
            self.svg_text.append(content)
        else:
            return
        self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def row_tables(self) -> list[list[dict[str, str]]]:
        found = []
        for table in self.tables:
            if table["class"] != "rows":
                continue
            head, *body = table["rows"]
            names = [LABELS[h] for h in head]
            found.append([dict(zip(names, row, strict=True)) for row in body])
        return found


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


def read_html(path: Path) -> list[dict[str, str]]:
    return [row for table in read_page(path).row_tables() for row in table]


def md_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, split on pipes that are not escaped."""
    inner = line.strip()[1:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def md_text(cell: str) -> str:
    """What a Markdown renderer shows for a cell: escapes undone, <br> as a line break."""
    return re.sub(r"\\(.)", r"\1", cell.replace("<br>", "\n"))


def md_tables(text: str) -> list[list[dict[str, str]]]:
    tables: list[list[dict[str, str]]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| ID |"):
            names = [LABELS[h] for h in md_cells(line)]
            table = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                cells = md_cells(row)
                assert len(cells) == len(names), f"a row with {len(cells)} cells under {len(names)} headings: {row}"
                table.append({n: md_text(c) for n, c in zip(names, cells, strict=True)})
            tables.append(table)
    return tables


def read_md(path: Path) -> list[dict[str, str]]:
    return [row for table in md_tables(path.read_text("utf-8")) for row in table]


READERS = {"csv": read_csv, "json": read_json, "xlsx": read_xlsx, "html": read_html, "md": read_md}
FORMATS = tuple(READERS)


def export(cli: Cli, tmp_path: Path, fmt: str, *args: str) -> Path:
    out = tmp_path / f"report-{len(list(tmp_path.iterdir()))}.{fmt}"
    result = cli("export", *args, "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    return out


def shown(rows: list[dict[str, str]], columns: tuple[str, ...] = SHOWN) -> list[dict[str, str]]:
    return [{c: row[c] for c in columns} for row in rows]


THEME_LABELS = {t.slug: t.label for t in load_themes()}


def as_written(fmt: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Expected rows as each format writes them: what people read (Markdown, HTML, the
    workbook) in words, theme labels and "not started"; the data formats (CSV, JSON) as stored."""
    if fmt not in ("md", "html", "xlsx"):
        return rows
    return [
        {
            **row,
            **({"theme": THEME_LABELS[row["theme"]]} if "theme" in row else {}),
            **({"status": row["status"].replace("_", " ")} if "status" in row else {}),
            **({"timeliness": row["timeliness"].replace("_", " ")} if "timeliness" in row else {}),
        }
        for row in rows
    ]


# ---------------------------------------------------------------- the overdue report


@pytest.mark.parametrize("fmt", FORMATS)
def test_overdue_report_lists_the_late_open_commitments_most_overdue_first(
    papers: Cli, tmp_path: Path, fmt: str
) -> None:
    path = export(papers, tmp_path, fmt, "overdue", "--as-of", "2026-01-01")

    assert shown(READERS[fmt](path)) == as_written(fmt, OVERDUE_2026_01_01)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_formats_carry_the_last_update_date_author_and_note(papers: Cli, tmp_path: Path, fmt: str) -> None:
    rows = READERS[fmt](export(papers, tmp_path, fmt, "overdue", "--as-of", "2026-01-01"))

    assert [(r["last_update_on"], r["last_update_by"]) for r in rows] == [
        ("2025-12-10", "Ayesha Khan"),
        ("", ""),
        ("", ""),
    ]
    assert rows[0]["last_update_note"] == NOTE
    assert {r["timeliness"] for r in rows} == {"overdue"}


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_papers_formats_show_the_last_update_in_one_cell(papers: Cli, tmp_path: Path, fmt: str) -> None:
    rows = READERS[fmt](export(papers, tmp_path, fmt, "overdue", "--as-of", "2026-01-01"))

    assert rows[0]["last_update"] == f"2025-12-10, Ayesha Khan: {NOTE}"
    assert rows[1]["last_update"] == ""


def test_json_report_is_the_array_list_prints(papers: Cli, tmp_path: Path) -> None:
    path = export(papers, tmp_path, "json", "overdue", "--as-of", "2026-01-01")
    listed = papers("list", "--overdue", "--as-of", "2026-01-01", "--format", "json")

    assert json.loads(path.read_text("utf-8")) == json.loads(listed.stdout)


def test_text_formats_go_to_stdout_without_output(papers: Cli) -> None:
    result = papers("export", "overdue", "--as-of", "2026-01-01", "--format", "json")

    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == [1, 6, 2]


def test_the_format_follows_the_output_suffix_when_not_given(papers: Cli, tmp_path: Path) -> None:
    out = tmp_path / "papers.xlsx"
    result = papers("export", "overdue", "--as-of", "2026-01-01", "--output", str(out))

    assert result.exit_code == 0, result.output
    assert shown(read_xlsx(out)) == as_written("xlsx", OVERDUE_2026_01_01)
    assert f"{out}: 3 overdue commitments as of 2026-01-01" in result.stdout


@freeze_time("2025-12-31 20:30:00")  # 01:30 on 1 January 2026 in Karachi
def test_as_of_defaults_to_today_in_karachi(papers: Cli, tmp_path: Path) -> None:
    rows = read_csv(export(papers, tmp_path, "csv", "overdue"))

    assert [(r["id"], r["days_overdue"]) for r in rows] == [("1", "93"), ("6", "47"), ("2", "1")]


# ---------------------------------------------------------------- the header


def test_markdown_header_gives_the_date_the_counts_and_each_owner(papers: Cli, tmp_path: Path) -> None:
    text = export(papers, tmp_path, "md", "overdue", "--as-of", "2026-01-01").read_text("utf-8")

    assert text.startswith("# Overdue commitments as of 2026-01-01\n")
    assert "Overdue: 3 · Open: 5 (including the overdue) · Closed: 1 · Total: 6" in text
    owners = {cells[0]: cells[1:] for cells in map(md_cells, text.splitlines()) if len(cells) == 4}
    assert owners["Finance Division"] == ["1", "1", "0"]
    assert owners["PTA"] == ["0", "0", "1"]
    assert owners[URDU_OWNER] == ["1", "1", "0"]


def test_the_header_names_the_briefings_the_overdue_commitments_came_from(store: Any, cli: Cli, tmp_path: Path) -> None:
    from tracker.models import Briefing, Commitment

    with store.write() as session:
        for i, (title, sitting, deadline) in enumerate(
            [
                ("MoITT briefing on IT exports", date(2025, 8, 12), date(2025, 9, 30)),
                ("PTA briefing on internet outages", date(2025, 10, 7), date(2026, 6, 30)),
            ]
        ):
            briefing = Briefing(title=title, date=sitting, text=title, sha256=f"{i:064d}")
            session.add(briefing)
            session.flush()
            session.add(
                Commitment(briefing_id=briefing.id, title=f"Commitment {i}", deadline=deadline, base_deadline=deadline,
                           fingerprint=f"test:{i}")
            )  # fmt: skip

    text = export(cli, tmp_path, "md", "overdue", "--as-of", "2026-01-01").read_text("utf-8")
    page = read_page(export(cli, tmp_path, "html", "overdue", "--as-of", "2026-01-01"))

    assert "- Briefings covered: MoITT briefing on IT exports (2025-08-12)\n" in text
    assert "Briefings covered: MoITT briefing on IT exports (2025-08-12)" in page.paragraphs
    assert shown(md_tables(text)[0], ("title",)) == [{"title": "Commitment 0"}]


def test_xlsx_summary_sheet_gives_the_date_the_counts_and_each_owner(papers: Cli, tmp_path: Path) -> None:
    book = load_workbook(export(papers, tmp_path, "xlsx", "overdue", "--as-of", "2026-01-01"))

    assert book.sheetnames == ["Overdue", "Summary"]
    summary = [tuple(v for v in row if v is not None) for row in book["Summary"].iter_rows(values_only=True)]
    assert summary[0] == ("Overdue commitments as of 2026-01-01",)
    assert ("As of", datetime(2026, 1, 1)) in summary  # noqa: DTZ001 (Excel dates have no zone)
    assert ("Overdue", 3) in summary
    assert ("Open (including the overdue)", 5) in summary
    assert ("Closed", 1) in summary
    assert ("Finance Division", 1, 1, 0) in summary
    assert (URDU_OWNER, 1, 1, 0) in summary


def test_html_is_one_printable_page_with_bar_charts_by_status_and_theme(papers: Cli, tmp_path: Path) -> None:
    path = export(papers, tmp_path, "html", "overdue", "--as-of", "2026-01-01")
    text = path.read_text("utf-8")
    page = read_page(path)

    assert page.headings[0] == "Overdue commitments as of 2026-01-01"
    assert page.tags.count("svg") == 2
    assert "style" in page.tags
    # Self-contained: nothing to fetch, nothing to run.
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    assert not [value for name, value in page.attrs if name in ("src", "href")]
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text
    # Status bars with their counts, theme bars with their overdue share, labelled in words.
    labels = page.svg_text
    assert labels[labels.index("not started") + 1] == "3"
    assert labels[labels.index("done") + 1] == "1"
    assert labels[labels.index("Internet resilience") + 1] == "2 (1 overdue)"
    assert not {"not_started", "in_progress", "internet_resilience"} & set(labels)


# ---------------------------------------------------------------- as of any date


@pytest.fixture
def marked_done_late(cli: Cli, tmp_path: Path) -> Cli:
    """A commitment due 2025-11-01, marked done effective 2025-12-01."""
    source = tmp_path / "late.csv"
    source.write_text("title,owner,deadline\nPublish the STZ rules,STZA,2025-11-01\n", encoding="utf-8")
    assert cli("import", str(source)).exit_code == 0
    with freeze_time("2026-01-15 09:00:00"):
        result = cli("update", "1", "--status", "done", "--on", "2025-12-01", "--note", "Notified in the Gazette")
    assert result.exit_code == 0, result.output
    return cli


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_commitment_done_after_its_deadline_is_overdue_until_the_day_it_was_done(
    marked_done_late: Cli, tmp_path: Path, fmt: str
) -> None:
    before = READERS[fmt](export(marked_done_late, tmp_path, fmt, "overdue", "--as-of", "2025-11-30"))
    on_the_day = READERS[fmt](export(marked_done_late, tmp_path, fmt, "overdue", "--as-of", "2025-12-01"))
    after = READERS[fmt](export(marked_done_late, tmp_path, fmt, "overdue", "--as-of", "2026-01-01"))

    assert shown(before, ("id", "title", "status", "deadline", "days_overdue")) == as_written(fmt, [
        {"id": "1", "title": "Publish the STZ rules", "status": "not_started", "deadline": "2025-11-01",
         "days_overdue": "29"}
    ])  # fmt: skip
    assert on_the_day == []
    assert after == []


def test_the_counts_are_rebuilt_as_of_the_date_too(marked_done_late: Cli, tmp_path: Path) -> None:
    before = export(marked_done_late, tmp_path, "md", "overdue", "--as-of", "2025-11-30").read_text("utf-8")
    after = export(marked_done_late, tmp_path, "md", "overdue", "--as-of", "2026-01-01").read_text("utf-8")

    assert "Overdue: 1 · Open: 1 (including the overdue) · Closed: 0" in before
    assert "Overdue: 0 · Open: 0 (including the overdue) · Closed: 1" in after


def test_a_note_recorded_after_the_date_is_not_the_last_update_yet(marked_done_late: Cli, tmp_path: Path) -> None:
    with freeze_time("2026-01-15 09:00:00"):
        marked_done_late("update", "1", "--note", "Reminder sent", "--on", "2025-11-20", "--by", "Bilal")

    early = read_csv(export(marked_done_late, tmp_path, "csv", "overdue", "--as-of", "2025-11-10"))
    later = read_csv(export(marked_done_late, tmp_path, "csv", "overdue", "--as-of", "2025-11-30"))

    assert (early[0]["last_update_on"], early[0]["last_update_note"]) == ("", "")
    assert (later[0]["last_update_on"], later[0]["last_update_by"], later[0]["last_update_note"]) == (
        "2025-11-20",
        "Bilal",
        "Reminder sent",
    )


def test_export_all_lists_overdue_first_then_open_by_deadline_then_closed(papers: Cli, tmp_path: Path) -> None:
    rows = read_csv(export(papers, tmp_path, "csv", "all", "--as-of", "2026-01-01"))

    assert [(r["id"], r["timeliness"]) for r in rows] == [
        ("1", "overdue"),
        ("6", "overdue"),
        ("2", "overdue"),
        ("5", "on_track"),
        ("4", "no_deadline"),
        ("3", "closed"),
    ]


@pytest.mark.parametrize("args", [("overdue", "--as-of", "2026-01-01"), ("all", "--as-of", "2025-11-30")])
def test_csv_and_xlsx_carry_the_same_cells(papers: Cli, tmp_path: Path, args: Any) -> None:
    csv_rows = read_csv(export(papers, tmp_path, "csv", *args))
    assert read_xlsx(export(papers, tmp_path, "xlsx", *args)) == as_written("xlsx", csv_rows)


# ---------------------------------------------------------------- typed, frozen, filtered


def test_xlsx_cells_are_typed_with_a_frozen_header_and_an_autofilter(papers: Cli, tmp_path: Path) -> None:
    sheet = load_workbook(export(papers, tmp_path, "xlsx", "overdue", "--as-of", "2026-01-01"))["Overdue"]

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:O4"
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    by_label = {XLSX_LABELS.get(str(h.value), LABELS[str(h.value)]): c for h, c in zip(sheet[1], first, strict=True)}
    assert (by_label["id"].value, by_label["id"].data_type) == (1, "n")
    assert by_label["deadline"].is_date
    assert by_label["deadline"].value == datetime(2025, 9, 30)  # noqa: DTZ001 (Excel dates have no zone)
    assert by_label["deadline"].number_format == "yyyy-mm-dd"
    assert (by_label["days_overdue"].value, by_label["days_overdue"].data_type) == (93, "n")
    assert by_label["last_update_on"].is_date
    assert by_label["title"].data_type == "s"


@pytest.mark.parametrize(
    "day", [date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(2026, 6, 30), date(9999, 12, 31)]
)
def test_xlsx_date_numbers_read_back_as_the_same_day(day: date) -> None:
    from openpyxl.utils.datetime import from_excel

    from tracker.reports.sheetml import excel_serial

    assert from_excel(excel_serial(day)) == datetime(day.year, day.month, day.day)  # noqa: DTZ001 (Excel dates have no zone)


# ---------------------------------------------------------------- grouping


def test_group_by_owner_gives_a_section_per_owner_in_markdown_and_html(papers: Cli, tmp_path: Path) -> None:
    text = export(papers, tmp_path, "md", "overdue", "--as-of", "2026-01-01", "--group-by", "owner").read_text("utf-8")
    page = read_page(export(papers, tmp_path, "html", "overdue", "--as-of", "2026-01-01", "--group-by", "owner"))

    sections = re.findall(r"^## (.*)$", text, flags=re.MULTILINE)
    assert sections == ["Owner: DigiSkills", "Owner: Finance Division", f"Owner: {URDU_OWNER}"]
    assert [[r["id"] for r in table] for table in md_tables(text)] == [["2"], ["1"], ["6"]]
    assert [h for h in page.headings if h.startswith("Owner:")] == sections
    assert [[r["owner"] for r in table] for table in page.row_tables()] == [
        ["DigiSkills"],
        ["Finance Division"],
        [URDU_OWNER],
    ]


def test_group_by_theme_gives_a_sheet_per_theme_in_xlsx(papers: Cli, tmp_path: Path) -> None:
    book = load_workbook(export(papers, tmp_path, "xlsx", "all", "--as-of", "2026-01-01", "--group-by", "theme"))

    themes = ["exports", "fund_disbursement", "internet_resilience", "tax_facilitation", "upskilling"]
    assert book.sheetnames == [*(THEME_LABELS[t][:31] for t in themes), "Summary"]  # named in words
    internet = THEME_LABELS["internet_resilience"][:31]
    assert [r["id"] for r in read_xlsx_sheet(book[internet])] == ["6", "3"]  # overdue before closed
    for name in book.sheetnames[:-1]:
        assert book[name].freeze_panes == "A2"
        assert book[name].auto_filter.ref == f"A1:O{book[name].max_row}"


def test_long_owner_names_make_valid_distinct_sheet_names(cli: Cli, tmp_path: Path) -> None:
    long = "Ministry of Information Technology and Telecommunication"
    source = tmp_path / "owners.csv"
    rows = [f"A,{long} (Wing 1),2025-01-01", f"B,{long} (Wing 2),2025-01-01", "C,R&D: [pilot]?,2025-01-01"]
    source.write_text("title,owner,deadline\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cli("import", str(source))

    book = load_workbook(export(cli, tmp_path, "xlsx", "overdue", "--as-of", "2026-01-01", "--group-by", "owner"))

    names = book.sheetnames[:-1]
    assert len(set(names)) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert {read_xlsx_sheet(book[n])[0]["title"] for n in names} == {"A", "B", "C"}


def test_owner_names_excel_or_xml_refuse_as_sheet_names_still_make_a_workbook(cli: Cli, tmp_path: Path) -> None:
    # U+FFFE is no character for XML; a name cut at 31 characters must not end in an apostrophe.
    owners = ["Finance Division\ufffe", "Ministry of Planning Developme's Wing"]
    source = tmp_path / "owners.json"
    items = [{"title": t, "owner": o, "deadline": "2025-01-01"} for t, o in zip("AB", owners, strict=True)]
    source.write_text(json.dumps(items), encoding="utf-8")
    assert cli("import", str(source)).exit_code == 0

    book = load_workbook(export(cli, tmp_path, "xlsx", "overdue", "--as-of", "2026-01-01", "--group-by", "owner"))

    names = book.sheetnames[:-1]
    assert names == ["Finance Division", "Ministry of Planning Developme"]
    assert [read_xlsx_sheet(book[n])[0]["title"] for n in names] == ["A", "B"]


def test_an_owner_named_like_the_moved_deadlines_sheet_keeps_a_sheet_of_its_own(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "owners.csv"
    source.write_text("title,owner,deadline\nA,Deadlines moved,2025-09-30\n", encoding="utf-8")
    cli("import", str(source))
    with freeze_time("2025-10-02 09:00:00"):
        assert cli("update", "1", "--deadline", "2025-10-31", "--on", "2025-10-01").exit_code == 0

    book = load_workbook(export(cli, tmp_path, "xlsx", "overdue", "--as-of", "2026-01-01", "--group-by", "owner"))

    assert book.sheetnames == ["Deadlines moved", "Deadlines moved (2)", "Summary"]
    assert read_xlsx_sheet(book["Deadlines moved"])[0]["title"] == "A"
    assert [r[:4] for r in book["Deadlines moved (2)"].iter_rows(min_row=2, values_only=True)] == [
        (1, "A", "Deadlines moved", 1)
    ]


def test_rows_past_what_an_excel_sheet_holds_go_on_in_the_next_sheet(
    papers: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Excel's 1,048,576 rows, made 3 here so that six commitments fill two sheets and start a third.
    monkeypatch.setattr("tracker.reports.xlsx.MAX_ROWS", 3)
    expected = read_csv(export(papers, tmp_path, "csv", "all", "--as-of", "2026-01-01"))

    book = load_workbook(export(papers, tmp_path, "xlsx", "all", "--as-of", "2026-01-01"))

    assert book.sheetnames == ["Commitments", "Commitments (2)", "Commitments (3)", "Summary"]
    assert [book[n].max_row for n in book.sheetnames[:3]] == [3, 3, 3]
    assert [book[n].auto_filter.ref for n in book.sheetnames[:3]] == ["A1:O3"] * 3
    assert [r["id"] for n in book.sheetnames[:3] for r in read_xlsx_sheet(book[n])] == [r["id"] for r in expected]


def test_csv_grouped_by_owner_is_sorted_by_owner(papers: Cli, tmp_path: Path) -> None:
    rows = read_csv(export(papers, tmp_path, "csv", "overdue", "--as-of", "2026-01-01", "--group-by", "owner"))

    assert [r["owner"] for r in rows] == ["DigiSkills", "Finance Division", URDU_OWNER]


# ---------------------------------------------------------------- nothing overdue


def test_an_empty_report_says_nothing_is_overdue_as_of_the_date(papers: Cli, tmp_path: Path) -> None:
    md = export(papers, tmp_path, "md", "overdue", "--as-of", "2025-01-01").read_text("utf-8")
    page = read_page(export(papers, tmp_path, "html", "overdue", "--as-of", "2025-01-01"))
    book = load_workbook(export(papers, tmp_path, "xlsx", "overdue", "--as-of", "2025-01-01"))
    csv_result = papers("export", "overdue", "--as-of", "2025-01-01", "--format", "csv")
    json_result = papers("export", "overdue", "--as-of", "2025-01-01", "--format", "json")

    message = "Nothing is overdue as of 2025-01-01."
    assert f"**{message}**" in md
    assert md_tables(md) == []
    assert message in page.paragraphs
    assert page.row_tables() == []
    assert book["Overdue"]["A2"].value == message
    assert (message,) in [tuple(v for v in r if v) for r in book["Summary"].iter_rows(values_only=True)]
    assert csv_result.stdout.strip("\ufeff\r\n").count("\n") == 0  # the header row alone
    assert message in csv_result.stderr
    assert json.loads(json_result.stdout) == []
    assert message in json_result.stderr


# ---------------------------------------------------------------- untrusted text

FORMULA_TITLES = ["=1+2", "+1+2", "-1+2", "@SUM(A1:A2)", "\t=1+2", "\r=1+2", "\n=1+2"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_titles_a_spreadsheet_would_run_are_written_as_text(papers: Cli, db_url: str, tmp_path: Path, fmt: str) -> None:
    for title in FORMULA_TITLES:
        set_title(db_url, 1, title)
        rows = READERS[fmt](export(papers, tmp_path, fmt, "all", "--as-of", "2026-01-01"))
        written = next(r["title"] for r in rows if r["id"] == "1")
        # A workbook is XML, where a carriage return reads back as a line feed.
        assert written == "'" + (title.replace("\r", "\n") if fmt == "xlsx" else title)
        if fmt == "xlsx":
            path = sorted(tmp_path.glob("report-*.xlsx"))[-1]
            cell = next(c for c in load_workbook(path)["Commitments"]["B"] if c.value == written)
            assert cell.data_type == "s"
            with zipfile.ZipFile(path) as z:
                assert not any(re.search(rb"<f[ >]", z.read(n)) for n in z.namelist()), "a formula in the workbook"


def test_a_title_that_looks_like_workbook_markup_stays_text(papers: Cli, db_url: str, tmp_path: Path) -> None:
    # XlsxWriter's constant-memory mode wrote such a string into the sheet's XML unescaped:
    # this one made a formula cell of its own.
    title = '<r><t>x</t></r></is></c><c r="Z1"><f>HYPERLINK("http://x")</f></c><c><is><r></r>'
    set_title(db_url, 1, title)
    path = export(papers, tmp_path, "xlsx", "overdue", "--as-of", "2026-01-01")

    assert read_xlsx(path)[0]["title"] == title
    with zipfile.ZipFile(path) as z:
        assert not any(re.search(rb"<f[ >]", z.read(n)) for n in z.namelist()), "a formula in the workbook"


def test_numbers_stay_numbers_in_csv(papers: Cli, tmp_path: Path) -> None:
    raw = export(papers, tmp_path, "csv", "overdue", "--as-of", "2026-01-01").read_text("utf-8-sig")

    assert raw.splitlines()[1].startswith("1,Release funds for the STZs,")
    assert ",93,overdue," in raw


def test_html_shows_a_script_title_and_never_runs_it(papers: Cli, db_url: str, tmp_path: Path) -> None:
    set_title(db_url, 1, '<script>alert("x")</script><img src=x onerror=alert(1)>')
    path = export(papers, tmp_path, "html", "overdue", "--as-of", "2026-01-01", "--group-by", "owner")
    page = read_page(path)

    assert read_html(path)[1]["title"] == '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert not [name for name, _ in page.attrs if name.startswith("on")]


def test_html_owner_in_a_heading_and_a_chart_is_escaped_too(papers: Cli, db_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from tracker.store import open_store

    store = open_store(db_url)
    with store.write() as session:
        session.execute(text("UPDATE commitment SET owner = '<b>Bold</b> & co', theme = 'other' WHERE id = 1"))
    store.dispose()
    page = read_page(export(papers, tmp_path, "html", "overdue", "--as-of", "2026-01-01", "--group-by", "owner"))

    assert "Owner: <b>Bold</b> & co" in page.headings
    assert "b" not in page.tags


def test_markdown_escapes_pipes_and_line_breaks_in_cells(papers: Cli, db_url: str, tmp_path: Path) -> None:
    set_title(db_url, 1, "Funds | STZs\nphase 2 <b>now</b>")
    text = export(papers, tmp_path, "md", "overdue", "--as-of", "2026-01-01").read_text("utf-8")

    row = next(line for line in text.splitlines() if line.startswith("| 1 |"))
    assert "Funds \\| STZs<br>phase 2 \\<b\\>now\\</b\\>" in row
    assert md_tables(text)[0][0]["title"] == "Funds | STZs\nphase 2 <b>now</b>"
    assert md_tables(text)[0][0]["last_update"] == f"2025-12-10, Ayesha Khan: {NOTE}"


# ---------------------------------------------------------------- Urdu


@pytest.mark.parametrize("fmt", FORMATS)
def test_urdu_titles_owners_and_excerpts_arrive_intact(papers: Cli, tmp_path: Path, fmt: str) -> None:
    rows = READERS[fmt](export(papers, tmp_path, fmt, "overdue", "--as-of", "2026-01-01"))

    urdu = next(r for r in rows if r["id"] == "6")
    assert (urdu["title"], urdu["owner"], urdu["excerpt"]) == (URDU_TITLE, URDU_OWNER, URDU_EXCERPT)


# ---------------------------------------------------------------- errors


def test_xlsx_without_output_is_refused_with_one_clear_line(proc: Proc) -> None:
    result = proc("export", "overdue", "--format", "xlsx")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "tracker: an xlsx workbook cannot go to the terminal: give --output FILE.xlsx"
    ]


def test_an_output_folder_that_does_not_exist_is_a_user_error(proc: Proc, tmp_path: Path) -> None:
    result = proc("export", "overdue", "--output", str(tmp_path / "missing" / "papers.html"))

    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_format_is_a_usage_error(proc: Proc) -> None:
    assert proc("export", "overdue", "--format", "pdf").returncode == 2


def test_a_bad_as_of_date_is_a_user_error(proc: Proc) -> None:
    result = proc("export", "overdue", "--as-of", "31st of never")

    assert result.returncode == 1
    assert result.stderr.startswith("tracker: --as-of:")


# ---------------------------------------------------------------- the calendar


def unfold(raw: bytes) -> list[str]:
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, f"a line longer than 75 octets: {line!r}"
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def events(lines: list[str]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            found.append({})
        elif found and line != "END:VEVENT" and ":" in line:
            name, value = line.split(":", 1)
            found[-1].setdefault(name, value)
    return found


def ics_unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


@freeze_time("2026-01-01 09:00:00")
def test_calendar_has_an_all_day_event_per_open_deadline_past_ones_included(papers: Cli, tmp_path: Path) -> None:
    out = tmp_path / "deadlines.ics"
    result = papers("export", "calendar", "--output", str(out))
    lines = unfold(out.read_bytes())

    assert result.exit_code == 0, result.output
    assert (lines[0], lines[-1]) == ("BEGIN:VCALENDAR", "END:VCALENDAR")
    assert "VERSION:2.0" in lines
    found = events(lines)
    # Open with a deadline: 1, 6, 2 (past) and 5; not 3 (done) nor 4 (no deadline).
    assert [(e["UID"], e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"]) for e in found] == [
        ("commitment-1@tracker", "20250930", "20251001"),
        ("commitment-6@tracker", "20251115", "20251116"),
        ("commitment-2@tracker", "20251231", "20260101"),
        ("commitment-5@tracker", "20260630", "20260701"),
    ]
    assert ics_unescape(found[1]["SUMMARY"]) == f"Due: {URDU_TITLE}"
    assert f"Owner: {URDU_OWNER}\n" in ics_unescape(found[1]["DESCRIPTION"])
    assert all(e["DTSTAMP"] == "20260101T090000Z" for e in found)
    assert f"{out}: 4 deadlines of open commitments" in result.stdout


def calendar(cli: Cli, tmp_path: Path) -> bytes:
    out = tmp_path / "deadlines.ics"
    assert cli("export", "calendar", "--output", str(out)).exit_code == 0
    return out.read_bytes()


def test_calendar_uids_stay_the_same_and_sequence_follows_the_version(papers: Cli, tmp_path: Path) -> None:
    first = events(unfold(calendar(papers, tmp_path)))
    with freeze_time("2026-01-02 09:00:00"):
        papers("update", "5", "--deadline", "2026-09-30", "--note", "moved")
    second = events(unfold(calendar(papers, tmp_path)))

    assert [e["UID"] for e in first] == [e["UID"] for e in second]
    moved = next(e for e in second if e["UID"] == "commitment-5@tracker")
    assert moved["DTSTART;VALUE=DATE"] == "20260930"
    assert int(moved["SEQUENCE"]) > int(next(e for e in first if e["UID"] == "commitment-5@tracker")["SEQUENCE"])


def test_calendar_escapes_commas_semicolons_backslashes_and_folds_long_lines(
    papers: Cli, db_url: str, tmp_path: Path
) -> None:
    title = "Release; funds, for the STZs \\ phase 2\nand " + URDU_TITLE * 6
    set_title(db_url, 1, title)
    raw = calendar(papers, tmp_path)
    event = events(unfold(raw))[0]

    assert event["SUMMARY"].startswith("Due: Release\\; funds\\, for the STZs \\\\ phase 2 and ")
    assert ics_unescape(event["SUMMARY"]) == "Due: " + " ".join(title.split())
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n")), "a long line is folded"
    raw.decode("utf-8")  # folding never splits a character


# ---------------------------------------------------------------- the format registry


def read_ics(path: Path) -> list[dict[str, str]]:
    return events(unfold(path.read_bytes()))


# The reader of each format, none of them tracker's own code: adding a format to the
# registry without one here fails the test below.
INDEPENDENT_READERS = {**READERS, "ics": read_ics}


@freeze_time("2026-01-01 09:00:00")
def test_every_registered_format_reads_back_with_an_independent_reader(papers: Cli, tmp_path: Path) -> None:
    from tracker.reports import FORMATS as REGISTERED

    assert {f.name for f in REGISTERED} == set(INDEPENDENT_READERS)
    for spec in REGISTERED:
        out = tmp_path / f"every{spec.suffixes[0]}"
        if spec.report:
            result = papers("export", "overdue", "--format", spec.name, "--output", str(out))
        else:
            result = papers("export", "calendar", "--output", str(out))
        assert result.exit_code == 0, result.output
        rows = INDEPENDENT_READERS[spec.name](out)
        if spec.report:
            assert [r["id"] for r in rows] == ["1", "6", "2"], spec.name
        else:
            # The open commitments with a deadline, soonest first.
            assert [r["UID"] for r in rows] == [f"commitment-{i}@tracker" for i in (1, 6, 2, 5)], spec.name


def test_the_format_choices_of_the_command_line_are_the_registry(proc: Proc) -> None:
    from tracker.reports import REPORT_FORMATS

    for command in ("overdue", "all"):
        result = proc("export", command, "--help")
        assert result.returncode == 0
        choices = re.search(r"--format <(\w+(?:\|\w+)+)>", result.stdout)
        assert choices is not None, result.stdout
        assert choices.group(1).split("|") == [f.name for f in REPORT_FORMATS]


# ---------------------------------------------------------------- progress


def run_with_stderr_on_a_terminal(proc: Proc, *args: str) -> tuple[int, str]:
    """Run tracker with stderr on a pseudo-terminal (as in an officer's shell); stdout to a
    pipe. Returns the exit code and what the terminal received."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import ROOT

    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "--db", proc.db, *args],
            stdout=subprocess.PIPE,
            stderr=slave,
            env=proc.env,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(slave)
    received = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's other side is closed and drained
            break
        if not chunk:
            break
        received += chunk
    os.close(master)
    return done.returncode, received.decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_draws_a_progress_bar_on_a_terminal_and_nothing_when_piped(
    papers: Cli, proc: Proc, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"overdue.{fmt}"
    code, terminal = run_with_stderr_on_a_terminal(proc, "export", "overdue", "--as-of", "2026-01-01", "-o", str(out))

    assert code == 0
    assert "export overdue [" in terminal
    assert "3 / 3 (100%)" in terminal
    assert terminal.endswith("\r\x1b[K")  # erased when done: the shell's prompt starts clean

    piped = proc("export", "overdue", "--as-of", "2026-01-01", "-o", str(out))
    assert piped.returncode == 0
    assert piped.stderr == ""  # cron mails nothing


def test_import_and_demo_draw_a_progress_bar_on_a_terminal_and_nothing_when_piped(proc: Proc, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("title,theme,owner\n" + "".join(f"Task {i},exports,PSEB\n" for i in range(30)))

    code, terminal = run_with_stderr_on_a_terminal(proc, "import", str(rows))
    assert code == 0
    assert "import rows.csv [" in terminal
    assert "30 / 30 (100%)" in terminal
    code, terminal = run_with_stderr_on_a_terminal(proc, "demo", "--count", "40")
    assert code == 0
    assert "demo [" in terminal
    assert "40 / 40 (100%)" in terminal

    rows.write_text("title,theme,owner\n" + "".join(f"More {i},exports,PSEB\n" for i in range(30)))
    for args in (("import", str(rows)), ("demo", "--count", "40")):
        piped = proc(*args)
        assert piped.returncode == 0, piped.stderr
        assert piped.stderr == ""
