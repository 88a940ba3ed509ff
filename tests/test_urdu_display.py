"""Urdu titles as a person sees them in the terminal, driven with Pilot.

What was seen before, in tmux (120x40), after importing
tests/corpus/ur/dev/ur-com-na-commerce-2023-01.md: terminals and Textual draw characters in
the order they are stored, so an Urdu title came out with its letters left to right, the first
word at the left, and cut at the right (the ellipsis at the right, i.e. at the reader's end of
a right-to-left line, though it is the start that was kept)::

       1 وزارت 32 ارب ڈالر کا برآمدی… com  IT exports   Ministry of Commerce  not started

(the line above is in stored order; a reader who sees the letters one by one reads it
backwards). Now each one-line text is reordered for display with the bidi algorithm: letters
of a right-to-left run are drawn right to left, numbers keep their digits left to right, the
line is right-aligned when it starts with an Urdu letter, and the ellipsis lands on the left.
A date inside Urdu is drawn as UAX #9 and browsers draw it: its parts in right-to-left order
(``30-06-2023`` on screen, read from the right as 2023, 06, 30).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from tests.test_tui import TODAY, line_text, row_of, select_id, settle, table
from tracker import commitments as svc
from tracker.tui.app import make_app
from tracker.tui.forms import UpdateForm
from tracker.tui.screens import DetailScreen

URDU = "وزارت تجارت"
MIXED = "SECP کی رپورٹ"
WITH_NUMBER = "ہدف 32 ارب"
WITH_DATE = "رپورٹ 2023-06-30 تک"
LONG = "بیرون ملک تعینات ٹریڈ افسران کی کارکردگی جانچنے کا نظام"


def _rev(text: str) -> str:
    return text[::-1]


def _seed(store: Any) -> dict[str, int]:
    ids: dict[str, int] = {}
    with store.write() as session:
        for key, title in (
            ("urdu", URDU),
            ("mixed", MIXED),
            ("number", WITH_NUMBER),
            ("date", WITH_DATE),
            ("long", LONG),
            ("english", "Publish the plan"),
        ):
            c = svc.add_commitment(session, title=title, owner="وزارت تجارت" if key == "urdu" else "PTA")
            assert c.id is not None
            ids[key] = c.id
    return ids


def _title_cell(line: str) -> str:
    # The title column follows a margin, the 6-column id and a space; 28 columns wide at 120.
    return line[8:36]


async def test_urdu_titles_are_drawn_in_reading_order_right_aligned(store: Any) -> None:
    ids = _seed(store)
    app = make_app(store, today=TODAY, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        t = table(app)
        lines = {t.rows[i].id: line_text(t, i + 1) for i in sorted(t.rows)}
        urdu = _title_cell(lines[ids["urdu"]])
        assert urdu == _rev(URDU).rjust(28)
        assert _title_cell(lines[ids["number"]]) == f"{_rev('ارب')} 32 {_rev('ہدف')}".rjust(28)
        assert _title_cell(lines[ids["date"]]) == f"{_rev('تک')} 30-06-2023 {_rev('رپورٹ')}".rjust(28)
        # Starts with Latin letters: left to right, left-aligned, only the Urdu run reversed.
        assert _title_cell(lines[ids["mixed"]]) == f"SECP {_rev('رپورٹ')} {_rev('کی')}".ljust(28)
        assert _title_cell(lines[ids["english"]]) == "Publish the plan".ljust(28)
        # Cut from the logical end: the first 27 letters kept, the ellipsis at the left.
        assert _title_cell(lines[ids["long"]]) == "…" + _rev(LONG[:27])
        # The owner cell goes through the same path.
        assert _rev(URDU) in lines[ids["urdu"]][36:]

        await select_id(pilot, ids["number"])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert body.splitlines()[0] == f"#{ids['number']}  {_rev('ارب')} 32 {_rev('ہدف')}"

        await pilot.press("escape")
        await select_id(pilot, ids["urdu"])
        await pilot.press("enter")
        await settle(pilot)
        body = str(app.screen.query_one("#detail-body", Static).render())
        # After an English label the line stays left to right; the Urdu run in it is reordered.
        assert f"Owner        {_rev('تجارت')} {_rev('وزارت')}" in body.splitlines()

        await pilot.press("escape")
        await select_id(pilot, ids["number"])
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UpdateForm)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert f"{_rev('ارب')} 32 {_rev('ہدف')}" in shown

    # Only the drawing changed: the stored titles are in logical order.
    assert row_of(store, ids["number"]).title == WITH_NUMBER
    assert row_of(store, ids["date"]).title == WITH_DATE
