"""What a file is by its first bytes, whatever its name says."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """A kind of file: its short name and how a message describes it."""

    name: str
    description: str


_MAGIC: tuple[tuple[bytes, Kind], ...] = (
    (b"%PDF-", Kind("pdf", "a PDF document (.pdf)")),
    (b"\x89PNG\r\n\x1a\n", Kind("image", "a PNG image")),
    (b"\xff\xd8\xff", Kind("image", "a JPEG image")),
    (b"GIF8", Kind("image", "a GIF image")),
    (b"II*\x00", Kind("image", "a TIFF image (a scan?)")),
    (b"MM\x00*", Kind("image", "a TIFF image (a scan?)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Kind("ole", "an old Word or Excel file (.doc/.xls): save it as .docx")),
    (b"{\\rtf", Kind("rtf", "an RTF document: save it as .docx")),
)
_HTML = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL
)
BINARY = Kind("binary", "a binary file, not text")


def looks_like(raw: bytes) -> Kind:
    """The kind of file ``raw`` holds: pdf, docx, xlsx, zip, html, text, image or binary."""
    head = raw[:1024]
    # A PDF may carry a few bytes of junk before its header; readers accept it within 1 KB.
    if b"%PDF-" in head:
        return _MAGIC[0][1]
    for magic, kind in _MAGIC[1:]:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(raw)
    text_head = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML.match(text_head):
        return Kind("html", "a web page (.html)")
    if b"\x00" in raw:
        return BINARY
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return Kind("legacy-text", "text that is not UTF-8")
    return Kind("text", "plain text (.txt or .md)")


def _zip_kind(raw: bytes) -> Kind:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return Kind("zip", "a damaged ZIP file")
    if "word/document.xml" in names:
        return Kind("docx", "a Word document (.docx)")
    if "xl/workbook.xml" in names:
        return Kind("xlsx", "an Excel workbook (.xlsx)")
    if "ppt/presentation.xml" in names:
        return Kind("pptx", "a PowerPoint deck (.pptx): save it as PDF")
    if "content.xml" in names:
        return Kind("odf", "an OpenDocument file: save it as .docx")
    return Kind("zip", "a ZIP archive")
