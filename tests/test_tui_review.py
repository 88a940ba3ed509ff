"""The Review screen, driven with Pilot on a real SQLite file: what a briefing's import
proposed is accepted, rejected, edited, split, merged or made from a sentence, each decision
checked in the database, and the main list right on return without F5."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from sqlalchemy import select, text
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from tests.conftest import ROOT, follow_up_pair
from tests.test_tui import TODAY, settle
from tracker.browse import Browser
from tracker.models import Commitment, CommitmentExcerpt, LinkProposal, Measurement, StatusChange
from tracker.tui.app import TrackerApp, make_app
from tracker.tui.commitments import CommitmentsScreen
from tracker.tui.forms import ImportForm
from tracker.tui.review import ReviewScreen
from tracker.tui.review_forms import ItemForm, SplitForm
from tracker.tui.screens import HelpScreen
from tracker.tui.table import CommitmentTable

SEED = ROOT / "seeds" / "senate-it-briefing-2025-06.md"
SEED_TITLE = "MoITT briefing on the IT export target for FY2025-26"
# A briefing whose sentences include some with a future cue that gave no item.
WITH_MORE = ROOT / "tests" / "corpus" / "en" / "dev" / "it-na-psdp-2019-02.md"
MOITT = "Ministry of Information Technology and Telecommunication"
# A ministry's two briefings seven months apart: the later one restates and reports on the first.
FOLLOWUP = ROOT / "tests" / "corpus" / "followup" / "dev" / "com-export-target-2024-10"


def imported(store: Any, path: Path = SEED) -> int:
    """Import ``path`` as the TUI does (its items wait for review); the briefing's id."""
    done = Browser(store, today=TODAY).import_for_review(path)
    assert done.review_briefing_id is not None
    return done.review_briefing_id


def items(store: Any, briefing_id: int | None = None) -> list[Commitment]:
    """Every item, in id order, as stored."""
    with store.read() as session:
        stmt = select(Commitment).order_by(Commitment.id)  # type: ignore[arg-type]
        if briefing_id is not None:
            stmt = stmt.where(Commitment.briefing_id == briefing_id)  # type: ignore[arg-type]
        return list(session.scalars(stmt))


def reviews(store: Any) -> dict[int, str]:
    return {c.id or 0: c.review for c in items(store)}


def notes(store: Any, commitment_id: int) -> list[str]:
    with store.read() as session:
        stmt = select(col(StatusChange.note)).where(col(StatusChange.commitment_id) == commitment_id)
        return list(session.scalars(stmt.order_by(col(StatusChange.id))))


def app_on(store: Any, **kwargs: Any) -> TrackerApp:
    return make_app(store, today=TODAY, keymap=kwargs.pop("keymap", {}), **kwargs)


def screen(app: TrackerApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def listed(app: TrackerApp) -> list[tuple[int, str]]:
    """The item list as shown: (id, state) per row."""
    return [(r.item.id, r.state) for r in screen(app).rows]


def current_text(app: TrackerApp) -> str:
    return str(screen(app).query_one("#review-current", Static).render())


def reversed_in_text(app: TrackerApp) -> list[str]:
    """The words drawn reversed (the current item's sentence) in the briefing text."""
    found = []
    for paragraph in screen(app).query(".paragraph").results(Static):
        content = paragraph.content
        assert isinstance(content, Text)
        for span in content.spans:
            style = span.style if isinstance(span.style, Style) else Style.parse(span.style)
            if style.reverse:
                found.append(content.plain[span.start : span.end])
    return found


async def open_review(pilot: Pilot[Any]) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    return screen(pilot.app)  # type: ignore[arg-type]


@pytest.fixture
def seed(store: Any) -> int:
    return imported(store)


# ---------------------------------------------------------------- opening it


async def test_a_briefing_imported_in_the_form_opens_its_review_with_every_item_waiting(store: Any) -> None:
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, ImportForm)
        form.query_one("#path", Input).value = str(SEED)
        await pilot.press("ctrl+s")  # the sitting date is shown first
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        review = screen(app)
        stored = items(store)
        assert [c.review for c in stored] == ["proposed"] * 14
        assert listed(app) == [(c.id, "waits") for c in stored]
        title = str(review.query_one("#review-title", Static).render())
        assert SEED_TITLE in title
        assert "14 wait" in title
        # The first item is current: its sentence is reversed in the text, described below.
        first = stored[0]
        assert reversed_in_text(app) == [first.excerpt]
        assert f"#{first.id} commitment  IT exports of $5.2 billion" in current_text(app)
        assert '2026-06-30 from "for the upcoming fiscal year"' in current_text(app)
        await pilot.press("down")
        await settle(pilot)
        assert reversed_in_text(app) == [stored[1].excerpt]


async def test_the_review_key_on_the_main_screen_opens_what_waits_and_says_when_nothing_does(store: Any) -> None:
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        assert "Nothing waits for review" in current_text(app)
        await pilot.press("escape")
        imported(store)
        review = await open_review(pilot)
        assert review.briefing is not None
        assert review.briefing.title == SEED_TITLE
        assert len(listed(app)) == 14


# ---------------------------------------------------------------- deciding


async def test_accept_and_reject_are_stored_at_once_and_the_cursor_moves_to_the_next_that_waits(
    store: Any, seed: int
) -> None:
    first, second, third = (c.id or 0 for c in items(store)[:3])
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert reviews(store)[first] == "accepted"
        assert notes(store, first) == [f"accepted from {SEED_TITLE} by tester"]
        assert screen(app).current_id() == second
        await pilot.press("x")
        await settle(pilot)
        assert reviews(store)[second] == "rejected"
        assert listed(app)[:3] == [(first, "accepted"), (second, "rejected"), (third, "waits")]
        assert screen(app).current_id() == third
        assert "12 wait · 2 decided here" in str(screen(app).query_one("#review-title", Static).render())
        # A decided item is decided: a second key changes nothing.
        await pilot.press("up", "a")
        await settle(pilot)
        assert reviews(store)[second] == "rejected"


async def test_keys_typed_while_the_database_is_busy_each_decide_the_next_item(store: Any, seed: int) -> None:
    ids = [c.id or 0 for c in items(store)]
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        # Another officer's write holds the items a moment: the keys go on to the next ones.
        with store.engine.connect() as other:
            other.execute(text("UPDATE commitment SET version = version WHERE briefing_id = :b"), {"b": seed})
            await pilot.press("a", "x", "a")
            assert screen(app).current_id() == ids[3]
            assert [r for _, r in listed(app)][:4] == ["accepted", "rejected", "accepted", "waits"]
            other.rollback()
        await settle(pilot)
        assert [reviews(store)[i] for i in ids[:4]] == ["accepted", "rejected", "accepted", "proposed"]
        assert screen(app).current_id() == ids[3]


async def test_accept_all_accepts_what_remains_and_the_screen_says_nothing_waits(store: Any, seed: int) -> None:
    ids = [c.id or 0 for c in items(store)]
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press("x", "A")
        await settle(pilot)
        assert reviews(store) == {ids[0]: "rejected", **dict.fromkeys(ids[1:], "accepted")}
        assert "Nothing waits for review in this briefing" in current_text(app)
        assert [state for _, state in listed(app)] == ["rejected"] + ["accepted"] * 13


async def test_an_item_decided_elsewhere_meanwhile_is_refused_and_the_list_read_again(store: Any, seed: int) -> None:
    first = items(store)[0].id or 0
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        Browser(store, today=TODAY).review_reject([first], by="colleague")
        await pilot.press("a")
        await settle(pilot)
        assert reviews(store)[first] == "rejected"
        assert notes(store, first) == [f"rejected from {SEED_TITLE} by colleague"]
        assert first not in [i for i, _ in listed(app)]


# ---------------------------------------------------------------- correcting


async def test_edit_in_place_title_kind_theme_owner_by_alias_deadline_read_from_the_sitting_and_target(
    store: Any, seed: int
) -> None:
    item = items(store)[1]
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("down", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        assert "→ 2025-06-30 (end of FY2024-25)" in str(form.query_one("#deadline-resolved", Static).render())
        form.query_one("#title", Input).value = "IT exports of $4 billion in FY2024-25"
        form.query_one("#kind", Select).value = "directive"
        form.query_one("#theme", Select).value = "policy"
        form.query_one("#owner", Input).value = "MoITT"
        await settle(pilot)
        assert f"→ {MOITT}" in str(form.query_one("#owner-resolved", Static).render())
        form.query_one("#deadline", Input).value = "someday"
        await settle(pilot)
        assert "✗" in str(form.query_one("#deadline-resolved", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Deadline:" in str(form.query_one("#message", Static).render())
        assert items(store)[1].title == item.title  # nothing saved
        form.query_one("#deadline", Input).value = "within 60 days"
        await settle(pilot)
        # Read from the sitting (2025-06-02), not from today.
        assert "→ 2025-08-01" in str(form.query_one("#deadline-resolved", Static).render())
        form.query_one("#target", Input).value = "4000000000 USD"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen(app).current_id() == item.id
    edited = items(store)[1]
    assert (edited.title, edited.kind, edited.theme, edited.owner) == (
        "IT exports of $4 billion in FY2024-25",
        "directive",
        "policy",
        MOITT,
    )
    assert (str(edited.deadline), edited.deadline_text) == ("2025-08-01", "within 60 days")
    assert (edited.target_value, edited.target_unit, edited.review) == (4e9, "USD", "proposed")


async def test_an_unknown_owner_is_kept_as_written_and_offered_from_the_known_names(store: Any, seed: int) -> None:
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        owner = form.query_one("#owner", Input)
        owner.focus()
        owner.value = ""
        await pilot.press(*"Pakistan Software E")
        await settle(pilot)
        assert owner._suggestion == "Pakistan Software Export Board"
        owner.value = "Gilgit Fibre Cell"
        await settle(pilot)
        assert "kept as written" in str(form.query_one("#owner-resolved", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert items(store)[0].owner == "Gilgit Fibre Cell"


async def test_split_makes_two_waiting_items_of_one_sentence(store: Any, seed: int) -> None:
    before = items(store)
    coordination = next(c for c in before if c.title.startswith("Improving coordination"))
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        at = [i for i, _ in listed(app)].index(coordination.id or 0)
        review.query_one("#review-items", DataTable).move_cursor(row=at)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SplitForm)
        form.query_one("#first", Input).value = "Improve coordination between ministries"
        form.query_one("#second", Input).value = "Improve coordination with provinces"
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = items(store)
        new = after[-1]
        assert len(after) == len(before) + 1
        assert screen(app).current_id() == new.id
        assert (new.id, "waits") in listed(app)
    kept = next(c for c in after if c.id == coordination.id)
    assert (kept.title, new.title) == ("Improve coordination between ministries", "Improve coordination with provinces")
    assert (new.span_start, new.span_end, new.owner, new.review) == (
        kept.span_start,
        kept.span_end,
        kept.owner,
        "proposed",
    )


async def test_merge_the_marked_items_into_one_or_this_one_with_the_next(store: Any, seed: int) -> None:
    ids = [c.id or 0 for c in items(store)]
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        # Space marks an item and moves on; the marked need not be side by side (the first
        # and the fifth come from different sentences).
        await pilot.press("space", "down", "down", "down", "space", "m")
        await settle(pilot)
        assert reviews(store)[ids[0]] == "proposed"
        assert reviews(store)[ids[4]] == "rejected"
        assert notes(store, ids[4]) == [f"merged into #{ids[0]} by tester"]
        assert (ids[4], f"merged into #{ids[0]}") in listed(app)
        with store.read() as session:
            extra = list(session.execute(select(CommitmentExcerpt.commitment_id, CommitmentExcerpt.excerpt)))  # type: ignore[call-overload]
        assert [tuple(e) for e in extra] == [(ids[0], items(store)[4].excerpt)]
        # The cursor is on the merged item; without marks, m merges it with the next that waits.
        assert screen(app).current_id() == ids[0]
        await pilot.press("m")
        await settle(pilot)
        assert (reviews(store)[ids[0]], reviews(store)[ids[1]]) == ("proposed", "rejected")


async def test_also_in_this_briefing_lists_what_gave_no_item_and_plus_makes_one(store: Any) -> None:
    briefing = imported(store, WITH_MORE)
    before = items(store, briefing)
    also = Browser(store, today=TODAY).review_briefing(briefing).also
    assert also  # the briefing has sentences with a cue that gave no item
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        shown = review.query_one("#review-also", DataTable)
        assert shown.row_count == len(also)
        heading = str(review.query_one("#review-also-title", Static).render())
        assert f"Also in this briefing ({len(also)}): tab, then + makes one an item" in heading
        await pilot.press("tab")
        await settle(pilot)
        assert reversed_in_text(app) == [also[0].text]
        await pilot.press("plus")
        await settle(pilot)
        after = items(store, briefing)
        assert len(after) == len(before) + 1
        made = after[-1]
        assert (made.excerpt, made.review) == (also[0].text, "proposed")
        assert screen(app).current_id() == made.id
        assert shown.row_count == len(also) - 1


# ---------------------------------------------------------------- follow-ups


def stored_state(store: Any, commitment_id: int) -> tuple[Any, ...]:
    """What a follow-up could change of a commitment: status, deadline, target, actuals, history."""
    with store.read() as session:
        c = session.get(Commitment, commitment_id)
        assert c is not None
        actuals = session.scalars(select(col(Measurement.value)).where(col(Measurement.commitment_id) == commitment_id))
        changes = session.scalars(select(col(StatusChange.id)).where(col(StatusChange.commitment_id) == commitment_id))
        return (c.status, str(c.deadline), c.target_value, list(actuals), len(list(changes)))


def link_states(store: Any) -> dict[int, str]:
    with store.read() as session:
        return {p.id or 0: p.state for p in session.scalars(select(LinkProposal))}


def rendered(app: TrackerApp, selector: str) -> str:
    return str(screen(app).query_one(selector, Static).render())


async def test_follow_ups_are_listed_old_beside_new_and_accepted_or_rejected_with_a_and_x(store: Any, cli: Any) -> None:
    assert cli("import", str(FOLLOWUP / "earlier.md"), "--accept").exit_code == 0
    target = next(c for c in items(store) if c.title.startswith("Merchandise exports of $32.3 billion"))
    fairs = next(c for c in items(store) if c.target_unit == "firms")
    later = imported(store, FOLLOWUP / "later.md")
    links = Browser(store, today=TODAY).review_briefing(later).links
    restated = next(link for link in links if link.relation == "restatement" and link.new_target_value == 35e9)
    progress = next(link for link in links if link.commitment_id == fairs.id)
    before = stored_state(store, fairs.id or 0)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        assert review.briefing_id == later
        table = review.query_one("#review-links", DataTable)
        assert table.row_count == len(links) == 6
        assert "Follow-ups of earlier commitments (6 wait)" in rendered(app, "#review-links-title")
        assert "4 wait · 6 follow-ups" in rendered(app, "#review-title")
        # Each row: relation, score, the earlier commitment, the old and the new side by side.
        row = str(table.get_row_at(1)[0])
        assert f"restatement 0.80  #{target.id} Merchandise exports of $32.3 billion" in row
        assert "deadline 2025-06-30 -> 2026-06-30; target 32.3 bn USD -> 35 bn USD" in row
        await pilot.press("tab")
        await settle(pilot)
        assert review.focused is table
        assert reversed_in_text(app) == [links[0].excerpt]
        await pilot.press("down")
        await settle(pilot)
        assert review.current_link_id() == restated.id
        assert reversed_in_text(app) == [restated.excerpt]
        assert f"restatement of #{target.id} (0.80): deadline 2025-06-30 -> 2026-06-30" in current_text(app)
        assert "same owner" in current_text(app)
        await pilot.press("a")
        await settle(pilot)
        accepted = items(store)[0]
        assert (accepted.id, str(accepted.deadline), accepted.target_value) == (target.id, "2026-06-30", 35e9)
        assert (target.target_value or 0) == pytest.approx(32.3e9)
        assert link_states(store)[restated.id] == "accepted"
        assert ("accepted", restated.id) in [(r.state, r.link.id) for r in review.links]
        # The cursor went on to the next that waits; down to the progress report on the fairs.
        assert review.current_link_id() == links[2].id
        table.move_cursor(row=[r.link.id for r in review.links].index(progress.id))
        await settle(pilot)
        assert "not started -> in progress; actual 310 companies" in str(table.get_row_at(table.cursor_row)[0])
        await pilot.press("x")
        await settle(pilot)
        assert link_states(store)[progress.id] == "rejected"
        assert stored_state(store, fairs.id or 0) == before
        assert "4 wait · 4 follow-ups · 2 decided here" in rendered(app, "#review-title")
        # Accepting the restatement of the Baku office turns down the item its sentence gave.
        baku = next(link for link in links if link.item_id is not None)
        table.move_cursor(row=[r.link.id for r in review.links].index(baku.id))
        await pilot.press("a")
        await settle(pilot)
        assert reviews(store)[baku.item_id or 0] == "rejected"
        assert (baku.item_id, f"restated #{baku.commitment_id}") in listed(app)
        # On return the main list shows the moved deadline, without F5.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        table_rows = app.screen.query_one(CommitmentTable).rows
        shown = next(r for r in table_rows.values() if r.id == target.id)
        assert str(shown.deadline) == "2026-06-30"


async def test_nothing_waits_only_when_neither_items_nor_follow_ups_wait(store: Any, cli: Any) -> None:
    assert cli("import", str(FOLLOWUP / "earlier.md"), "--accept").exit_code == 0
    later = imported(store, FOLLOWUP / "later.md")
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_review(pilot)
        await pilot.press("A")  # every item; the follow-ups still wait
        await settle(pilot)
        assert "Nothing waits" not in current_text(app)
        await pilot.press("tab")
        await settle(pilot)
        for _ in range(6):
            await pilot.press("x")
            await settle(pilot)
        assert set(link_states(store).values()) == {"rejected"}
        await pilot.press("shift+tab")
        await settle(pilot)
        assert "Nothing waits for review in this briefing" in current_text(app)
        assert review.briefing_id == later
    assert Browser(store, today=TODAY).review_waiting() == []


async def test_a_follow_up_decided_elsewhere_meanwhile_is_refused_and_the_commitment_left_alone(
    store: Any, cli: Any
) -> None:
    assert cli("import", str(FOLLOWUP / "earlier.md"), "--accept").exit_code == 0
    later = imported(store, FOLLOWUP / "later.md")
    first = Browser(store, today=TODAY).review_briefing(later).links[0]
    before = stored_state(store, first.commitment_id)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        Browser(store, today=TODAY).review_reject_links([first.id], by="colleague")
        await pilot.press("tab", "a")
        await settle(pilot)
        assert link_states(store)[first.id] == "rejected"
        assert stored_state(store, first.commitment_id) == before
        assert first.id not in [r.link.id for r in review.links]
        assert "Follow-ups of earlier commitments (5 wait)" in rendered(app, "#review-links-title")


# ---------------------------------------------------------------- back to the list


async def test_the_main_list_counts_and_what_waits_show_the_decisions_on_return_without_f5(
    store: Any, seed: int
) -> None:
    ids = [c.id or 0 for c in items(store)]
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "14 wait for review · 0 shown" in str(app.screen.query_one("#summary", Static).render())
        await open_review(pilot)
        await pilot.press("a", "a", "x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        table = app.screen.query_one(CommitmentTable)
        assert [table.rows[i].id for i in sorted(table.rows)] == ids[:2]
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "11 wait for review · 2 shown" in summary
        assert "2 not started" in summary
        assert "1 overdue" in summary


# ---------------------------------------------------------------- the goal and the keys


async def test_reviewing_the_seed_briefing_takes_fewer_than_30_keys(store: Any, seed: int) -> None:
    """Accept all but one, edit one deadline, reject one: counted from the main screen."""
    ids = [c.id or 0 for c in items(store)]
    app = app_on(store)
    pressed: list[str] = []

    async def press(pilot: Pilot[Any], *keys: str) -> None:
        for key in keys:
            pressed.append(key)
            await pilot.press(key)
            await settle(pilot)

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")  # the review of the briefing that waits
        await press(pilot, "end", "x")  # reject the last item ("Remain a critical concern ...")
        await press(pilot, "down", "d")  # the cursor went back to the first; edit the second's deadline
        await press(pilot, *"by December 2025", "ctrl+s")
        await press(pilot, "A")  # accept the rest
        assert "Nothing waits for review in this briefing" in current_text(app)
    assert len(pressed) == 23
    assert reviews(store) == {**dict.fromkeys(ids[:-1], "accepted"), ids[-1]: "rejected"}
    edited = items(store)[1]
    assert (str(edited.deadline), edited.deadline_text) == ("2025-12-31", "by December 2025")


async def test_review_keys_are_listed_in_help_and_a_keymap_moves_them(store: Any, seed: int) -> None:
    first = items(store)[0].id or 0
    app = app_on(store, keymap={"review.accept": "y"})
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert reviews(store)[first] == "proposed"
        await pilot.press("y")
        await settle(pilot)
        assert reviews(store)[first] == "accepted"
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help-body", Static).render())
        for binding in ("review.accept", "review.reject", "review.accept_all", "review.edit", "review.split"):
            assert binding in shown
        assert "y Accept" in " ".join(shown.split())


# ---------------------------------------------------------------- how it looks


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_review_screen_snapshot(snap_compare: Any, store: Any, seed: int, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_review(pilot)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(app_on(store), terminal_size=size, run_before=run_before)


async def test_a_mention_is_shown_in_review_as_mentioned_with_no_change_of_status(
    store: Any, cli: Any, tmp_path: Path
) -> None:
    earlier, later = follow_up_pair(
        tmp_path,
        "The Secretary Commerce told the Committee that the dry port's second phase would be completed by June 2025.",
        "The Secretary Commerce briefed the Committee on the dry port's second phase at Sukkur.",
    )
    assert cli("import", str(earlier), "--accept").exit_code == 0
    imported(store, later)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        table = review.query_one("#review-links", DataTable)
        assert table.row_count == 1
        row = str(table.get_row_at(0)[0])
        assert "progress" in row
        assert "mentioned (no change of status read)" in row
