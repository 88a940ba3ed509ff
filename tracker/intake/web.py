"""Saved web pages (.html): a committee's news item or a newspaper's report.

The article body is found with readability-lxml (chosen by measurement over trafilatura: on
pages in the shapes of the Senate's, the National Assembly's and a newspaper's, readability
kept no menu, footer or related link on all three, trafilatura let the National Assembly's
table layout through, and readability needs fewer packages). Its title and date are read here
from the page: ``og:title``, the first heading or ``<title>``; ``article:published_time``,
``<time datetime>``, or a dateline in the text.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from tracker.errors import UserError
from tracker.intake import Extracted
from tracker.intake.dates import FoundDate, find_date, parse_iso_stamp

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_META = ("article:published_time", "og:article:published_time", "datePublished", "date", "dc.date")


def _decode(raw: bytes) -> str:
    head = raw[:2048].decode("ascii", "replace")
    m = re.search(r"charset=[\"']?([\w-]+)", head, re.IGNORECASE)
    encoding = m.group(1) if m else "utf-8"
    try:
        return raw.decode(encoding, "replace").removeprefix("\ufeff")
    except LookupError:
        return raw.decode("utf-8", "replace").removeprefix("\ufeff")


def read_html(path: Path, raw: bytes) -> Extracted:
    """The article of a saved web page as paragraphs, with the page's title and date."""
    import lxml.etree
    import lxml.html
    from readability import Document

    # Control characters are no part of a page's text, and lxml refuses text that has them.
    html = _CONTROL.sub("", _decode(raw))
    # readability logs a traceback when it gives up; the user gets one line instead.
    logging.getLogger("readability").setLevel(logging.CRITICAL)
    try:
        page = lxml.html.fromstring(html)
        summary = Document(html).summary(html_partial=True)
        body = lxml.html.fromstring(summary)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UserError(f"{path}: damaged web page: {str(exc)[:160] or type(exc).__name__}") from None
    text = _text(body)
    title = _title(page)
    # The title is kept at the top of the text: the body often starts below the page's heading.
    if title and title not in text[: len(title) + 200]:
        text = f"# {title}\n\n{text}"
    return Extracted(text, title=title, found_date=_page_date(page) or find_date(text))


def _text(body: Any) -> str:
    paragraphs: list[str] = []
    for element in body.iter(*_BLOCKS):
        # A block inside another block (a paragraph in a list item) is read with its parent.
        if any(parent.tag in _BLOCKS for parent in element.iterancestors()):
            continue
        words = " ".join(element.text_content().split())
        if not words:
            continue
        if element.tag.startswith("h") and element.tag[1:].isdigit():
            words = "#" * int(element.tag[1:]) + " " + words
        elif element.tag == "li":
            words = "- " + words
        elif element.tag == "tr":
            words = "| " + " | ".join(" ".join(c.text_content().split()) for c in element.iter("td", "th")) + " |"
        paragraphs.append(words)
    if not paragraphs:
        return " ".join(body.text_content().split()) + "\n"
    return "\n\n".join(paragraphs) + "\n"


def _meta(page: Any, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = page.xpath(f"//meta[@{attr}=$n]/@content", n=name)
            if found and str(found[0]).strip():
                return str(found[0]).strip()
    return None


def _title(page: Any) -> str | None:
    candidates = [
        _meta(page, "og:title"),
        next((" ".join(h.text_content().split()) for h in page.iter("h1")), None),
        " ".join(page.findtext(".//title", "").split()),
    ]
    return next((c for c in candidates if c), None)


def _page_date(page: Any) -> FoundDate | None:
    stamp = _meta(page, *_DATE_META)
    if stamp and (day := parse_iso_stamp(stamp)):
        return FoundDate(day, stamp, "the page's published time")
    for value in page.xpath("//time/@datetime"):
        if day := parse_iso_stamp(str(value)):
            return FoundDate(day, str(value), "the page's <time>")
    return None
