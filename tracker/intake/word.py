"""Word (.docx) briefings, read with python-docx: paragraphs in document order, headings as
Markdown headings, list items as bullets, and tables as Markdown tables (one row a
deliverable with its target and deadline, which the parser reads row by row)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from tracker.errors import UserError
from tracker.intake import Extracted
from tracker.intake.dates import find_date

_HEADING = re.compile(r"^(?:heading\s+(\d)|title)$", re.IGNORECASE)


def read_docx(path: Path, raw: bytes) -> Extracted:
    """The text of a Word document as Markdown; UserError for a damaged file."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        # Only python-docx runs here, on untrusted bytes: a damaged file fails inside the ZIP
        # or XML reader with whatever its bytes led to (BadZipFile, zlib.error, EOFError,
        # NotImplementedError for a compression a flipped byte made up, an lxml error, ...).
        reason = str(exc).strip().splitlines()
        raise UserError(f"{path}: damaged Word document: {reason[0][:160] if reason else type(exc).__name__}") from None
    blocks: list[str] = []
    for item in document.iter_inner_content():
        block = _table(item) if isinstance(item, Table) else _paragraph(item)
        if block:
            blocks.append(block)
    title = (document.core_properties.title or "").strip() or None
    text = _join(blocks)
    return Extracted(text, title=title, found_date=find_date(text))


def _paragraph(paragraph: Any) -> str:
    text = " ".join(paragraph.text.split())
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    m = _HEADING.match(style.strip())
    if m:
        return "#" * min(int(m.group(1) or 1), 6) + " " + text
    if _is_list_item(paragraph, style):
        return "- " + text
    return text


def _is_list_item(paragraph: Any, style: str) -> bool:
    if style.lower().startswith("list"):
        return True
    # Bullets applied by hand carry numbering properties on the paragraph itself.
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(table: Any) -> str:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_cell(cell.text))
        if any(cells):
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
    return "\n".join(lines)


def _join(blocks: list[str]) -> str:
    """Blocks separated by a blank line, except consecutive bullets, which form one list."""
    out: list[str] = []
    for block in blocks:
        if out and not (block.startswith("- ") and out[-1].startswith("- ")):
            out.append("")
        out.append(block)
    return "\n".join(out) + "\n"
