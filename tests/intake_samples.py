"""Briefings as they arrive, built by the tests with real writers (fpdf2, python-docx) and
written in our own words in the shapes they come in: a ministry's two-column deck with running
headers and page numbers, a scan, a Word brief with a table of deliverables, and saved web
pages of the Senate's and the National Assembly's news items and of a newspaper's article."""

from __future__ import annotations

import textwrap
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod

HEADER = "Ministry of IT & Telecom - Briefing to the Senate Standing Committee on IT"
BODIES = ("The Universal Service Fund", "The Ministry of IT", "PTA", "The Pakistan Software Export Board")
THINGS = ("union councils to the fibre backbone", "rural towers", "e-Rozgar centres", "tehsil data centres")
MONTHS = ("March", "June", "September", "December")


def _column(page: int, side: str, pages: int) -> list[str]:
    """One column of one page: paragraphs of commitments, a word hyphenated at a line's end,
    and paragraphs that run on into the next column and onto the next page."""
    lines: list[str] = []
    if side == "right":
        lines.append(f"into the right column of page {page} without a break.")
        lines.append("")
    elif page > 1:
        lines.append(f"to page {page}, the Secretary said.")
        lines.append("")
    for k in range(3):
        n = page * 10 + k + (5 if side == "right" else 0)
        body, thing = BODIES[n % 4], THINGS[(n // 4) % 4]
        paragraph = (
            f"Item {side} {page}.{k}: {body} will complete {n * 7} {thing} by {MONTHS[n % 4]} {2026 + n % 3}. "
            f"The committee asked for district-wise figures on item {page}.{k} of the {side} column."
        )
        lines.extend(textwrap.wrap(paragraph, 44))
        lines.append("")
        if k == page % 3:
            # A word broken at a line's end, as a typesetter hyphenates it.
            lines.extend(
                [f"Broadband for tehsil {page} {side} will be imple-", f"mented in {page + 30} districts.", ""]
            )
    if side == "left":
        lines.append(f"The fibre survey of tehsil {page} runs on")
    elif page < pages:
        lines.append(f"The audit of page {page} runs on")
    return lines


def write_deck(path: Path, pages: int = 50, *, first_lines: tuple[str, ...] = ()) -> Path:
    """A two-column briefing deck, written row by row across both columns (as many office
    programs write a page), with a running header and "Page N of M" footers on every page."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_title("Briefing on the national fibre plan")
    for p in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.text(40, 30, HEADER)
        pdf.text(260, 820, f"Page {p} of {pages}")
        top = 60
        if p == 1 and first_lines:
            pdf.set_font("Helvetica", size=16)
            pdf.text(40, top, first_lines[0])
            pdf.set_font("Helvetica", size=10)
            for i, line in enumerate(first_lines[1:], start=1):
                pdf.text(40, top + 6 + i * 13, line)
            top += 13 * len(first_lines) + 19
        pdf.set_font("Helvetica", size=10)
        left, right = _column(p, "left", pages), _column(p, "right", pages)
        for i in range(max(len(left), len(right))):
            for x, column in ((40, left), (310, right)):
                if i < len(column) and column[i]:
                    pdf.text(x, top + i * 13, column[i])
    pdf.output(str(path))
    return path


def write_scan(path: Path, pages: int = 3) -> Path:
    """A PDF of page images and no text: what a scanner makes."""
    from PIL import Image

    picture = path.with_suffix(".png")
    Image.new("L", (400, 560), 230).save(picture)
    pdf = FPDF(format="A4", unit="pt")
    for _ in range(pages):
        pdf.add_page()
        pdf.image(str(picture), x=40, y=40, w=500)
    pdf.output(str(path))
    picture.unlink()
    return path


def write_encrypted(path: Path, *, user_password: str | None) -> Path:
    """A one-page briefing encrypted with AES; without a user password it opens for reading."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_encryption(
        owner_password="owner-secret", user_password=user_password, encryption_method=EncryptionMethod.AES_128
    )
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(40, 60, "Islamabad, March 02, 2026")
    pdf.text(40, 80, "The Ministry of IT will open 300 e-Rozgar centres by June 2026.")
    pdf.output(str(path))
    return path


def write_docx(path: Path) -> Path:
    """A ministry's Word brief: a title, a dateline, headings, bullets and a table of
    deliverables (one row a deliverable with its target and deadline)."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Briefing on digital payments"
    document.add_heading("Briefing on digital payments", level=1)
    document.add_paragraph("Islamabad, October 14, 2025")
    document.add_paragraph(
        "The State Bank of Pakistan briefed the Senate Standing Committee on Finance on the Raast programme."
    )
    document.add_heading("Commitments", level=2)
    document.add_paragraph(
        "The State Bank will launch Raast person-to-merchant payments by December 2025.", style="List Bullet"
    )
    document.add_paragraph(
        "PTA will publish the mobile wallet interoperability rules within 60 days.", style="List Bullet"
    )
    document.add_heading("Deliverables", level=2)
    document.add_paragraph("The main deliverables of the State Bank for the coming year are:")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Deliverable", "Target", "Deadline"), strict=True):
        cell.text = text
    for row in (
        ("Merchants onboarded to Raast", "500,000 merchants", "by June 2026"),
        ("Branchless banking agents trained", "20,000 agents", "by end-March 2026"),
    ):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.save(str(path))
    return path


NAV = """
<header class="site-header"><a href="/">Home</a> <a href="/members">Members</a> <a href="/committees">Committees</a>
<a href="/press">Press Releases</a> <a href="/contact">Contact Us</a></header>
<nav id="main-menu"><ul><li><a href="/about">About the House</a></li><li><a href="/rules">Rules of Procedure</a></li>
<li><a href="/archive">Archive</a></li></ul></nav>
"""

SENATE_NEWS = (
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Senate Standing Committee on IT reviews fibre plan | Senate of Pakistan</title>
<style>.x{color:red}</style><script>var tracking = "The ministry will never do this by 2030.";</script>
</head><body>"""
    + NAV
    + """
<div class="container"><div class="row">
<aside class="sidebar"><h3>Latest News</h3><ul>
<li><a href="/n/1">Chairman Senate meets delegation from Uzbekistan</a></li>
<li><a href="/n/2">House Business Advisory Committee meets</a></li></ul></aside>
<main><article class="news-detail">
<h1>Senate Standing Committee on IT reviews fibre plan</h1>
<p class="dateline">Islamabad, September 05, 2022</p>
<p>The Senate Standing Committee on Information Technology and Telecommunication met at Parliament House
under the chair of Senator Farhana Soomro to review the national fibre plan.</p>
<p>The Secretary told the committee that the Ministry will connect 1,200 union councils to the fibre backbone
by June 2023. The Universal Service Fund will launch rural broadband in 40 tehsils within 90 days.</p>
<p>The committee directed the ministry to submit a progress report at the next meeting.</p>
</article></main></div></div>
<footer class="site-footer"><p>Copyright 2022 Senate of Pakistan. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy Policy</a></li><li><a href="/sitemap">Sitemap</a></li></ul></footer>
</body></html>
"""
)

NA_NEWS = (
    """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>National Assembly of Pakistan - Press Release</title>
<meta property="og:title" content="NA Committee on Finance discusses e-invoicing">
</head><body>"""
    + NAV
    + """
<table class="layout"><tr><td class="left-menu"><a href="/q">Questions</a><br><a href="/r">Resolutions</a></td>
<td class="content">
<h2>NA Committee on Finance discusses e-invoicing</h2>
<p>The Standing Committee on Finance and Revenue met on Tuesday. The meeting was held on 14th October 2025
in the Committee Room of Parliament House.</p>
<p>The Federal Board of Revenue will integrate 5,000 retailers with the point-of-sale system by December 2025.
The Chairman FBR said the e-invoicing rules will be notified within 30 days.</p>
</td><td class="right-links"><h4>Related links</h4><a href="/x">Budget 2025-26</a><br>
<a href="/y">Order of the Day</a></td>
</tr></table>
<div class="footer">National Assembly Secretariat, Islamabad. Best viewed in Chrome.</div>
</body></html>
"""
)

NEWSPAPER = (
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministry promises 300 e-Rozgar centres - Newspaper</title>
<meta property="article:published_time" content="2026-03-12T08:15:00+05:00">
<meta name="description" content="Ministry makes commitments to Senate panel">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>
</head><body>"""
    + NAV
    + """
<div class="top-ad">Advertisement</div>
<div class="story">
<h1 class="story__title">Ministry promises 300 e-Rozgar centres</h1>
<span class="story__byline">Our Correspondent</span>
<time datetime="2026-03-12T08:15:00+05:00">March 12, 2026</time>
<div class="story__content">
<p>ISLAMABAD: The Ministry of IT told the Senate panel on Wednesday that it will open 300 e-Rozgar centres
across the country by June 2026.</p>
<p>The Pakistan Software Export Board will register 2,000 new IT companies within six months, the
Secretary said, adding that exports had reached $3.2 billion last year.</p>
</div></div>
<div class="related"><h3>Related Stories</h3><ul><li><a href="/a">Cabinet approves telecom policy</a></li>
<li><a href="/b">IT exports grow in February</a></li></ul></div>
<div class="comments"><h3>Comments</h3><p>Reader: The ministry will never deliver, mark my words.</p></div>
<footer><p>Copyright 2026 The Newspaper. Terms of use.</p></footer>
</body></html>
"""
)
