"""A small streaming writer of Excel workbooks (SpreadsheetML in a zip): what the reports need.

Each sheet's XML is compressed into the zip as its rows are written, one sheet at a time, so a
sheet of a million rows never sits in memory. Text cells are inline strings (``t="inlineStr"``,
as XlsxWriter writes in its constant-memory mode): never a formula, a link or a number. The
styles are fixed (``BOLD``, ``WRAP``, ``DATE``, ``RTL``, ``WRAP_RTL``); a date is the number
``excel_serial`` gives in the ``DATE`` style.

Why not XlsxWriter: its own work per cell (about 4 microseconds: type checks, a cell object,
its position, the XML written attribute by attribute) made a workbook cost three to four times
the CSV of the same rows; building each row's XML in one string costs a fifth of that.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from tracker import csvio

# Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel reads "_x0041_" in a string as the escape of "A": a literal one gets its "_" escaped.
_EXCEL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
# Excel's limits count UTF-16 code units: a character beyond U+FFFF (an emoji) is two.
EXCEL_CELL_LIMIT = 32_767
# Text of at most this many characters is within the cell limit whatever they are.
_SURELY_SHORT = EXCEL_CELL_LIMIT // 2
# Excel's day 0 in its 1900 date system.
_EXCEL_EPOCH = date(1899, 12, 31).toordinal()
_NEUTRALISE_STARTS = (*csvio.FORMULA_STARTS, "'")

# Indexes into the cellXfs of ``_STYLES``.
NORMAL, BOLD, WRAP, DATE, RTL, WRAP_RTL = range(6)

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Text mainly in Urdu reads from the right edge of its cell, as Excel does for a right-to-left
# paragraph; the text itself is not changed.
_RTL = 'horizontal="right" readingOrder="2"'
_STYLES = (
    f"{_HEAD}<styleSheet {_NS}>"
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment {_RTL}/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment horizontal="right" vertical="top" wrapText="1" readingOrder="2"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def xlsx_text(value: str) -> str:
    """A text cell's value: neutralised like CSV, without what XML cannot carry, at most
    Excel's 32,767 characters (UTF-16 units, see ``excel_prefix``)."""
    if value.isprintable():  # most cells: no control character to drop, no line break to mend
        text = value
    else:
        # XML reads a carriage return back as a line feed: write the line feed it will be.
        text = _XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith(_NEUTRALISE_STARTS):
        text = csvio.neutralise(text)
    return text if len(text) <= _SURELY_SHORT else excel_prefix(text, EXCEL_CELL_LIMIT)


def excel_prefix(text: str, units: int) -> str:
    """The longest start of ``text`` that Excel counts as at most ``units`` long. Excel counts
    UTF-16 code units, two for a character beyond U+FFFF such as an emoji: a longer cell or
    sheet name makes it refuse or "repair" the file. A pair is never cut in half."""
    if len(text) * 2 <= units:
        return text
    data = text.encode("utf-16-le", "surrogatepass")
    cut = 2 * units
    if len(data) <= cut:
        return text
    if 0xD8 <= data[cut - 1] <= 0xDB:  # the last unit kept opens a pair: leave the pair out
        cut -= 2
    return data[:cut].decode("utf-16-le", "surrogatepass")


def excel_serial(day: date) -> int:
    """The number Excel stores for ``day`` in its 1900 date system: days since 1899-12-31,
    plus one from March 1900 on, for the 29 February 1900 that Excel counts and that never was."""
    serial = day.toordinal() - _EXCEL_EPOCH
    return serial + 1 if serial > 59 else serial


def _escape(text: str) -> str:
    """``text`` as XML character data (``"`` needs no escape there)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def inline(value: str, style: int = NORMAL) -> str:
    """A text cell after its ``<c r="..."``: the style, the inline string, the end tag. Text
    that is empty once cleaned is an empty cell that keeps its style."""
    text = xlsx_text(value)
    if not text:
        return f' s="{style}"/>' if style else "/>"
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    if "\ufffe" in text or "\uffff" in text:  # not characters: Excel's escapes for them
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    styled = f' s="{style}"' if style else ""
    return f'{styled} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def column_letter(index: int) -> str:
    """The letters of a column (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _width(characters: float) -> float:
    """A column's width as Excel stores it for ``characters`` of the default font's digits
    (7 pixels each, plus 5 of padding, in 256ths of a character)."""
    pixels = int(characters * 7 + 0.5) + 5
    return int(pixels / 7 * 256) / 256


Cell = str | int | float | date | None


class Sheet:
    """One sheet being written: rows go straight into the zip, in order."""

    def __init__(self, stream: IO[bytes], name: str, widths: Sequence[float], *, freeze_header: bool, first: bool):
        self.name = name
        self.autofilter: str | None = None
        self._stream = stream
        pane = (
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
            if freeze_header
            else ""
        )
        cols, first_column = [], 1
        for i, w in enumerate(widths, start=1):  # neighbours of the same width share one <col>
            if i == len(widths) or widths[i] != w:
                cols.append(f'<col min="{first_column}" max="{i}" width="{_width(w)}" customWidth="1"/>')
                first_column = i + 1
        selected = ' tabSelected="1"' if first else ""
        columns = f"<cols>{''.join(cols)}</cols>" if cols else ""
        self.write(
            f"{_HEAD}<worksheet {_NS} {_NS_R}><sheetViews>"
            f'<sheetView{selected} workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{columns}<sheetData>'
        )

    def write(self, xml: str) -> None:
        """Raw XML of whole rows (``<row r="N">...</row>``), in order."""
        self._stream.write(xml.encode())

    def row(self, r: int, cells: Iterable[tuple[Cell, int]]) -> None:
        """Row ``r`` (1 is the first) of (value, style) cells from column A: text inline,
        numbers as numbers, dates as their serial in the date style, None left empty."""
        parts = [f'<row r="{r}">']
        for c, (value, style) in enumerate(cells):
            if value is None:
                continue
            ref = f"{column_letter(c)}{r}"
            if isinstance(value, str):
                parts.append(f'<c r="{ref}"{inline(value, style)}')
            elif isinstance(value, date):
                parts.append(f'<c r="{ref}" s="{DATE}"><v>{excel_serial(value)}</v></c>')
            else:
                styled = f' s="{style}"' if style else ""
                parts.append(f'<c r="{ref}"{styled}><v>{value}</v></c>')
        parts.append("</row>")
        self.write("".join(parts))

    def close(self, *, autofilter: tuple[int, int] | None = None) -> None:
        """End the sheet; ``autofilter`` (last row, last column) filters the range from A1."""
        tail = "</sheetData>"
        if autofilter is not None:
            last_row, last_column = autofilter
            self.autofilter = f"$A$1:${column_letter(last_column)}${last_row}"
            tail += f'<autoFilter ref="{self.autofilter.replace("$", "")}"/>'
        self.write(
            tail
            + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        )
        self._stream.close()


class Workbook:
    """An .xlsx file written sheet after sheet. ``close`` writes the parts that list them."""

    def __init__(self, target: Path | IO[bytes]) -> None:
        self._file: IO[bytes] | None = None
        into: Path | IO[bytes] | _Stream = target
        if isinstance(target, Path) and target.exists() and not target.is_file():
            # A device or a pipe: its position cannot be read back (/dev/null's is always 0),
            # so the zip goes to it as a stream, each entry's sizes after its data.
            self._file = target.open("wb")
            into = _Stream(self._file)
        # Level 1: the sheets' XML is very repetitive, and stronger levels cost far more time
        # than they save room (level 6: three times the time for a fifth less).
        self._zip = zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[Sheet] = []
        self._stream: IO[bytes] | None = None

    def add_sheet(self, name: str, widths: Sequence[float] = (), *, freeze_header: bool = False) -> Sheet:
        """A new sheet after the others, named ``name`` (already valid: see ``xlsx.sheet_name``).
        The sheet before it must be closed."""
        # A full sheet of long Urdu excerpts passes 2 GiB of XML: zip64 from the start, since
        # a streamed entry cannot be widened once written.
        self._stream = self._zip.open(f"xl/worksheets/sheet{len(self._sheets) + 1}.xml", "w", force_zip64=True)
        sheet = Sheet(self._stream, name, widths, freeze_header=freeze_header, first=not self._sheets)
        self._sheets.append(sheet)
        return sheet

    def close(self) -> None:
        """Write the workbook's index of its sheets, its styles and its package parts."""
        sheets = "".join(
            f'<sheet name="{_attribute(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self._sheets, start=1)
        )
        # Excel keeps each autofilter's range in this hidden name as well as in the sheet.
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{_escape(quoted_sheet_name(s.name))}!{s.autofilter}</definedName>"
            for i, s in enumerate(self._sheets)
            if s.autofilter
        )
        n = len(self._sheets)
        parts = {
            "[Content_Types].xml": (
                f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, n + 1)
                )
                + "</Types>"
            ),
            "_rels/.rels": (
                f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f"{_HEAD}<workbook {_NS} {_NS_R}><bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>"
                f"{f'<definedNames>{filters}</definedNames>' if filters else ''}</workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, n + 1)
                )
                + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": _STYLES,
        }
        for name, xml in parts.items():
            self._zip.writestr(name, xml.encode())
        self._zip.close()
        if self._file is not None:
            self._file.close()

    def abandon(self) -> None:
        """Let go of the file after a failure (a full disk), writing no more than it must."""
        for close in (
            self._stream.close if self._stream else None,
            self._zip.close,
            self._file.close if self._file else None,
        ):
            if close is not None:
                try:
                    close()
                except (OSError, ValueError):
                    pass


class _Stream:
    """A file written straight through, that says it cannot seek or tell (``zipfile`` then
    counts the bytes itself)."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file

    def write(self, data: bytes) -> int:
        return self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def quoted_sheet_name(name: str) -> str:
    """A sheet's name as a formula or a defined name refers to it."""
    return "'" + name.replace("'", "''") + "'"
