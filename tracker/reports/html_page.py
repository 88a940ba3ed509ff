"""HTML: one printable page (A4 landscape) with bar charts, in words, nothing fetched."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import IO, Any

from tracker.followup_rules import format_amount
from tracker.reports.model import (
    MOVED_LABELS,
    MOVED_NUMERIC,
    MOVED_TITLE,
    NUMERIC_LABELS,
    ActualRow,
    GroupBy,
    PerValue,
    ReportSource,
    RowsWritten,
    Scope,
    as_date,
    build_header,
    date_reader,
    display_cells,
    display_labels,
    group_index,
    group_title,
    grouped_chunks,
    latest_actuals,
    moved_deadlines,
    report_tuples,
    status_words,
    theme_label,
    write_in_chunks,
)
from tracker.text import UNSAFE_TRANSLATION, one_line

_CSS = """
body { font: 11pt/1.35 "Noto Sans", "Segoe UI", Arial, sans-serif; color: #111; margin: 1.5em; }
h1 { font-size: 17pt; margin: 0 0 .3em; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; }
.meta { margin: .2em 0; }
.empty { font-size: 13pt; font-weight: bold; padding: .8em; border: 2px solid #2e7d32; display: inline-block; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; margin: 1em 0; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: bold; margin-bottom: .3em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 9.5pt; }
table.summary { width: auto; }
th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.num, th.num { text-align: right; }
td.excerpt { font-style: italic; color: #333; }
td.text { white-space: pre-wrap; }
.bar { width: 12em; height: .9em; background: #cfd8dc; display: inline-block; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #1e88e5; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } .charts { break-inside: avoid; } }
"""

# By the status as the chart shows it (in words).
_STATUS_COLOURS = {
    status_words(code): colour
    for code, colour in {
        "not_started": "#9e9e9e",
        "in_progress": "#1e88e5",
        "stalled": "#f9a825",
        "done": "#2e7d32",
        "partly_done": "#81c784",
        "dropped": "#616161",
    }.items()
}
_OVERDUE_COLOUR = "#c62828"
_REST_COLOUR = "#90a4ae"


def _e(value: Any) -> str:
    """Text escaped for HTML (quotes included), controls and bidi overrides removed."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).translate(_HTML_TRANSLATION)


# ``html.escape`` (quotes included) and ``clean`` in one pass.
_HTML_TRANSLATION = {
    **UNSAFE_TRANSLATION,
    **{ord(c): html.escape(c, quote=True) for c in "&<>\"'"},
}
# Whether a text holds any character ``_HTML_TRANSLATION`` changes.
_NEEDS_ESCAPING = re.compile("[" + "".join(re.escape(chr(c)) for c in _HTML_TRANSLATION) + "]").search


def bar_chart(title: str, bars: Sequence[tuple[str, int, int]], *, legend: Sequence[tuple[str, str]] = ()) -> str:
    """An inline SVG horizontal bar chart. Each bar: (label, total, highlighted part drawn
    in red, or -1 to colour the bar by its label as a status)."""
    label_width, bar_width, bar_height, gap, value_width = 170, 300, 16, 6, 110
    top = 20 if legend else 4
    height = top + len(bars) * (bar_height + gap) + 4
    width = label_width + bar_width + value_width
    biggest = max((total for _, total, _ in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}" font-size="11" '
        'font-family="sans-serif">'
    ]
    x = label_width
    for text, colour in legend:
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{_e(text)}</text>')
        x += 14 + 7 * len(text) + 16
    for i, (label, total, part) in enumerate(bars):
        y = top + i * (bar_height + gap)
        full = round(bar_width * total / biggest)
        shown = one_line(label, 26)
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end">{_e(shown)}</text>')
        if part < 0:
            colour = _STATUS_COLOURS.get(label, _REST_COLOUR)
            parts.append(f'<rect x="{label_width}" y="{y}" width="{full}" height="{bar_height}" fill="{colour}"/>')
            value = str(total)
        else:
            red = round(bar_width * part / biggest)
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{full}" height="{bar_height}" fill="{_REST_COLOUR}"/>'
            )
            if red:
                parts.append(
                    f'<rect x="{label_width}" y="{y}" width="{red}" height="{bar_height}" fill="{_OVERDUE_COLOUR}"/>'
                )
            value = f"{total} ({part} overdue)"
        parts.append(f'<text x="{label_width + full + 5}" y="{y + 12}">{_e(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bdi(value: Any) -> str:
    """User text isolated (``<bdi>``): its direction is its own and it never reorders the
    dates and punctuation around it."""
    return f"<bdi>{_e(value)}</bdi>"


def _html_rows_table(labels: Sequence[str]) -> str:
    heads = "".join(f"<th{' class=num' if label in NUMERIC_LABELS else ''}>{_e(label)}</th>" for label in labels)
    return f"<table class=rows><thead><tr>{heads}</tr></thead><tbody>\n"


def html_rows(
    rows: Iterable[Sequence[Any]], *, scope: Scope, as_of: date, date_of: Callable[[Any], date | None] = as_date
) -> Iterator[str]:
    """Rows of ``REPORT_FIELDS`` as the table rows under ``display_labels``, built in one
    string per row (``display_cells``; dates as stored read through ``date_of``). Free text
    is translated (``_e``) only where it holds a character to escape or remove: most hold
    none, and a search for one costs a fifth of the translation."""
    translation = _HTML_TRANSLATION
    needs = _NEEDS_ESCAPING
    owners = PerValue(lambda owner: owner.translate(translation), {None: ""})
    cells = display_cells(
        rows,
        scope=scope,
        as_of=as_of,
        escape=_e,
        state_cell=lambda words: f'<td class="text" dir="auto">{words}</td>',
        date_of=date_of,
    )
    for (
        id_,
        title,
        owner,
        last_on,
        last_by,
        last_note,
        excerpt,
        kind,
        theme,
        status,
        confidence,
        day,
        late,
        state,
    ) in cells:
        if last_on is None:
            last = '<td class="text" dir="auto"></td>'
        else:
            # The date is kept out of the isolate, or an Urdu name or note would pull it into
            # its right-to-left run and draw it reversed.
            said = f"{last_by or ''}: {last_note}" if last_note else (last_by or "")
            last = f'<td class="text">{last_on}, <bdi>{said.translate(translation) if needs(said) else said}</bdi></td>'
        if title and needs(title):
            title = title.translate(translation)
        if excerpt and needs(excerpt):
            excerpt = excerpt.translate(translation)
        yield (
            f"<tr><td class=num>{id_}</td>"
            f'<td class="text" dir="auto">{title or ""}</td>'
            f'<td class="text" dir="auto">{kind}</td><td class="text" dir="auto">{theme}</td>'
            f'<td class="text" dir="auto">{owners[owner]}</td>'
            f'<td class="text" dir="auto">{status}</td><td class="text" dir="auto">{confidence}</td>'
            f'<td class="text" dir="auto">{day}</td>{state}<td class=num>{late}</td>{last}'
            f'<td class="excerpt text" dir="auto">{excerpt or ""}</td></tr>\n'
        )


def write_html(
    session: ReportSource,
    out: IO[str],
    *,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    progress: RowsWritten | None = None,
) -> int:
    """One self-contained printable page: inline CSS and SVG, no script, nothing fetched
    from the network, every piece of text escaped; the rows streamed. Returns the number of
    rows."""
    header = build_header(session, scope=scope, as_of=as_of, group_by=group_by, by_theme=True)
    out.write(
        "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
        # No script, no network: only the inline styles and images this page carries.
        "<meta http-equiv=Content-Security-Policy "
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name=viewport content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(header.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
    )
    out.write(f"<h1>{_e(header.title)}</h1>\n")
    out.write(
        "<p class=meta>Briefings covered: "
        + ("; ".join(f"{_bdi(b.title)} ({b.date.isoformat()})" for b in header.briefings) or "none recorded")
        + "</p>\n"
    )
    t = header.totals
    out.write(
        "<table class=summary><tbody>"
        f"<tr><th>Overdue</th><td class=num>{t.overdue}</td></tr>"
        f"<tr><th>Open (including the overdue)</th><td class=num>{t.open}</td></tr>"
        f"<tr><th>Closed</th><td class=num>{t.closed}</td></tr>"
        f"<tr><th>Total</th><td class=num>{t.total}</td></tr>"
        "</tbody></table>\n"
    )
    out.write("<div class=charts>\n")
    out.write(
        "<figure><figcaption>Commitments by status</figcaption>"
        + bar_chart("Commitments by status", [(status_words(s), n, -1) for s, n in header.by_status])
        + "</figure>\n"
    )
    out.write(
        "<figure><figcaption>Commitments by theme</figcaption>"
        + bar_chart(
            "Commitments by theme",
            [
                (theme_label(theme), c.total, c.overdue)
                for theme, c in sorted(header.by_theme, key=lambda kv: (-kv[1].total, kv[0]))
            ],
            legend=(("overdue", _OVERDUE_COLOUR), ("not overdue", _REST_COLOUR)),
        )
        + "</figure>\n"
    )
    out.write("</div>\n")
    if header.by_owner:
        out.write(
            "<h2>By owner</h2>\n<table class=summary><thead><tr><th>Owner</th><th class=num>Overdue</th>"
            "<th class=num>Open</th><th class=num>Closed</th></tr></thead><tbody>\n"
        )
        for owner, c in header.by_owner:
            out.write(
                f'<tr><td dir="auto">{_e(owner)}</td><td class=num>{c.overdue}</td>'
                f"<td class=num>{c.open}</td><td class=num>{c.closed}</td></tr>\n"
            )
        out.write("</tbody></table>\n")
    labels = display_labels(scope)
    n = 0
    chunks = report_tuples(session, scope=scope, as_of=as_of, group_by=group_by, stored_dates=True)
    date_of = date_reader(session)
    for group, rows in grouped_chunks(chunks, group_index(group_by)):
        if group_by is not None:
            out.write(f"<h2>{_e(str(group_by).capitalize())}: {_bdi(group_title(group_by, group))}</h2>\n")
        else:
            out.write(f"<h2>{_e('Overdue' if scope is Scope.OVERDUE else 'Commitments')}</h2>\n")
        out.write(_html_rows_table(labels))
        n = write_in_chunks(
            out, html_rows(rows, scope=scope, as_of=as_of, date_of=date_of), written=n, progress=progress
        )
        out.write("</tbody></table>\n")
    if progress is not None:
        progress(n)
    if n == 0:
        out.write(f"<p class=empty>{_e(header.empty_message)}</p>\n")
    _write_moved(session, out, as_of=as_of)
    _write_actuals(session, out, as_of=as_of)
    out.write("</body>\n</html>\n")
    return n


def _write_moved(session: ReportSource, out: IO[str], *, as_of: date) -> None:
    """The "Deadlines moved" section, when any deadline had moved by ``as_of``."""
    heads = "".join(f"<th{' class=num' if label in MOVED_NUMERIC else ''}>{_e(label)}</th>" for label in MOVED_LABELS)
    opening = f"<h2>{_e(MOVED_TITLE)}</h2>\n<table class=moved><thead><tr>{heads}</tr></thead><tbody>\n"
    lines = (
        ("" if i else opening)
        + "<tr>"
        + "".join(
            f"<td class=num>{value}</td>" if label in MOVED_NUMERIC else f'<td class="text" dir="auto">{_e(value)}</td>'
            for label, value in zip(MOVED_LABELS, row, strict=True)
        )
        + "</tr>\n"
        for i, row in enumerate(moved_deadlines(session, as_of=as_of))
    )
    if write_in_chunks(out, lines, written=0, progress=None):
        out.write("</tbody></table>\n")


def _actual_line(row: ActualRow) -> str:
    a = row.actual
    shown = "-"
    if a.percent is not None:
        width = min(100.0, max(0.0, a.percent))
        shown = f'<span class=bar><span style="width:{width:.0f}%"></span></span> {a.percent:.0f}%'
    return (
        f'<tr><td class=num>{row.id}</td><td class="text" dir="auto">{_e(row.title)}</td>'
        f"<td>{a.as_of.isoformat()}</td><td>{_e(format_amount(a.value, a.unit))}</td>"
        f"<td>{_e(format_amount(a.target_value, a.target_unit))}</td><td>{shown}</td></tr>\n"
    )


def _write_actuals(session: ReportSource, out: IO[str], *, as_of: date) -> None:
    """ "Actuals against targets": each measured commitment's latest actual as a bar of its
    target (full at 100% and beyond; the percentage says how far), when any was measured."""
    opening = (
        "<h2>Actuals against targets</h2>\n<table class=actuals><thead><tr><th class=num>ID</th><th>Title</th>"
        "<th>Measured</th><th>Actual</th><th>Target</th><th>Progress</th></tr></thead><tbody>\n"
    )
    lines = (("" if i else opening) + _actual_line(row) for i, row in enumerate(latest_actuals(session, as_of=as_of)))
    if write_in_chunks(out, lines, written=0, progress=None):
        out.write("</tbody></table>\n")
