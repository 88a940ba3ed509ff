"""`tracker import BRIEFING`: parsed commitments stored once, with their source sentences."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli, InProcess, Proc, table_snapshot

SEED = ROOT / "seeds" / "senate-it-briefing-2025-06.md"

EDITABLE = """---
title: PTA briefing on connectivity
date: 2025-09-10
committee: Senate Standing Committee on IT and Telecom
presenter: Pakistan Telecommunication Authority
---
The Authority will restore full mobile data coverage in the merged districts within 60 days.
PTA undertook to publish the internet outage report by 31 December 2025.
"""


def stored(cli: Cli) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(cli("list", "--format", "json").stdout)
    return rows


def test_the_seed_briefing_becomes_dated_themed_commitments_tied_to_their_sentences(cli: Cli, store: object) -> None:
    result = cli("import", str(SEED))
    assert result.exit_code == 0, result.output
    assert "IT exports of $5.2 billion in FY2025-26" in result.stdout
    rows = stored(cli)
    exports = {(r["deadline"], r["target_value"]) for r in rows if r["theme"] == "exports"}
    assert ("2026-06-30", 5.2e9) in exports
    assert ("2025-06-30", 3.8e9) in exports
    themes = {r["theme"] for r in rows}
    assert {"internet_resilience", "fund_disbursement", "stz", "tax_facilitation", "upskilling"} <= themes
    assert len(rows) <= 14
    assert all(r["briefing_date"] == "2025-06-02" for r in rows)
    assert all(r["status"] == "not_started" for r in rows)

    text = SEED.read_text(encoding="utf-8")
    first = json.loads(cli("show", str(rows[0]["id"]), "--format", "json").stdout)
    assert first["briefing"]["date"] == "2025-06-02"
    for excerpt in first["excerpts"]:
        assert excerpt in text


def test_importing_the_same_briefing_again_adds_nothing(cli: Cli, store: object) -> None:
    cli("import", str(SEED))
    before = table_snapshot(store)
    again = cli("import", str(SEED))
    assert again.exit_code == 0
    assert "already imported" in again.stdout
    assert table_snapshot(store) == before


def test_an_edited_briefing_adds_only_what_is_new_and_reports_what_is_gone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pta.md"
    path.write_text(EDITABLE, encoding="utf-8")
    cli("import", str(path))
    first = stored(cli)
    assert len(first) == 2
    cli("update", str(first[0]["id"]), "--status", "in_progress", "--note", "work started")

    edited = EDITABLE.replace(
        "PTA undertook to publish the internet outage report by 31 December 2025.",
        "The Finance Ministry will release Rs 4 billion for the submarine cable by March 2026.",
    )
    path.write_text(edited, encoding="utf-8")
    result = cli("import", str(path))

    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout
    gone = next(r for r in first if r["deadline"] == "2025-12-31")
    assert f"no longer in the text (kept): #{gone['id']}" in result.stdout
    after = stored(cli)
    assert len(after) == 3
    assert any(r["target_value"] == 4e9 and r["target_unit"] == "PKR" for r in after)
    kept = next(r for r in after if r["id"] == first[0]["id"])
    assert kept["status"] == "in_progress"


def test_dry_run_shows_what_was_found_and_writes_nothing(cli: Cli, store: object) -> None:
    before = table_snapshot(store)
    result = cli("import", "--dry-run", "--format", "json", str(SEED))
    assert result.exit_code == 0
    (report,) = json.loads(result.stdout)
    assert report["dry_run"] is True
    assert any(c["target_value"] == 5.2e9 for c in report["commitments"])
    assert table_snapshot(store) == before


def test_a_briefing_without_a_date_needs_date(run: InProcess, tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("The Ministry will launch the payments gateway within 60 days.\n", encoding="utf-8")
    refused = run("import", str(path))
    assert refused.returncode == 1
    assert "--date" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    accepted = run("import", "--date", "01/10/2025", "--format", "json", str(path))
    assert accepted.returncode == 0, accepted.stderr
    (report,) = json.loads(accepted.stdout)
    assert report["commitments"][0]["deadline"] == "2025-11-30"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("Caf\xe9 policy".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_briefings_are_one_clear_line(run: InProcess, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "briefing.md"
    path.write_bytes(content)
    result = run("import", "--date", "2025-06-02", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_50_mb_file_is_refused_at_once(run: InProcess, tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    result = run("import", "--date", "2025-06-02", str(path))
    assert result.returncode == 1
    assert "larger than a briefing" in result.stderr


def test_the_first_run_loads_the_seeds_and_opens_on_them(
    tmp_path: Path, proc: Proc, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in (SEED.name, "themes.toml", "owners.toml"):
        shutil.copy(ROOT / "seeds" / name, seeds / name)
    monkeypatch.setenv("TRACKER_SEEDS", str(seeds))
    proc.env["TRACKER_SEEDS"] = str(seeds)
    proc.db = str(tmp_path / "explicit.db")
    assert proc("list").returncode == 0  # a command of its own does not seed
    assert json.loads(proc("list", "--format", "json").stdout) == []

    from tracker.tui.app import TrackerApp
    from tracker.tui.table import CommitmentTable

    seen: list[str] = []

    def run_under_pilot(self: TrackerApp) -> None:
        """The real app, driven headless instead of on a terminal; notes what it shows."""

        async def drive() -> None:
            async with self.run_test(size=(120, 40)) as pilot:
                await pilot.pause(0.5)
                await self.workers.wait_for_complete()
                await pilot.pause(0.2)
                grid = self.screen.query_one(CommitmentTable)
                seen.extend("".join(seg.text for seg in grid.render_line(y)) for y in range(grid.size.height))

        asyncio.run(drive())

    monkeypatch.setattr(TrackerApp, "run", run_under_pilot)
    fresh = Cli(str(tmp_path / "fresh.db"))
    result = fresh()
    assert result.exit_code == 0, result.output
    assert "first run" in result.stderr
    rows = stored(fresh)
    assert len(rows) >= 10
    assert any("IT exports of $5.2" in text for text in seen), seen
    owners = fresh("owner", "list").stdout
    assert "it-exports@moitt.example.gov.pk" in owners


def test_update_accepts_a_fiscal_phrase_for_the_deadline(cli: Cli) -> None:
    cli("import", str(SEED))
    result = cli("update", "1", "--deadline", "end of FY2026-27", "--note", "target moved a year")
    assert result.exit_code == 0, result.output
    assert "deadline 2026-06-30 -> 2027-06-30" in result.stdout
    vague = cli("update", "1", "--deadline", "at the next sitting")
    assert vague.exit_code == 1


def test_two_untitled_briefings_on_one_day_keep_each_ministrys_commitments(cli: Cli, tmp_path: Path) -> None:
    pseb = tmp_path / "pseb.txt"
    pseb.write_text(
        "The Pakistan Software Export Board said it will train 5,000 graduates in cloud skills by 30 June 2026.\n",
        encoding="utf-8",
    )
    navttc = tmp_path / "navttc.txt"
    navttc.write_text(
        "The National Vocational and Technical Training Commission said it will train 5,000 graduates "
        "in cloud skills by 30 June 2026.\n",
        encoding="utf-8",
    )
    assert cli("import", "--date", "2025-10-14", str(pseb)).exit_code == 0
    second = cli("import", "--date", "2025-10-14", str(navttc))
    assert second.exit_code == 0, second.output
    owners = {(r["theme"], r["owner"]) for r in stored(cli)}
    assert ("upskilling", "Pakistan Software Export Board") in owners
    assert ("upskilling", "National Vocational and Technical Training Commission") in owners


def test_tracker_after_init_still_loads_the_seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.cli import State, _first_run

    db = str(tmp_path / "inited.db")
    assert Cli(db)("init").exit_code == 0
    store = _first_run(State(db))
    with store.read() as session:
        from sqlalchemy import text

        assert session.execute(text("SELECT count(*) FROM briefing")).scalar() == 1
    store.dispose()


def test_imported_export_targets_say_which_exports_the_ministry_named(cli: Cli, store: object) -> None:
    # Neither sentence is about IT exports: the stored titles must not say so.
    pair = ROOT / "tests" / "corpus" / "followup" / "dev" / "com-export-target-2024-10"
    for name in ("earlier.md", "later.md"):
        result = cli("import", str(pair / name))
        assert result.exit_code == 0, result.output
    titles = {(r["briefing_date"], r["title"]) for r in stored(cli) if r["theme"] == "exports"}
    assert ("2024-10-08", "Merchandise exports of $32.3 billion in FY2024-25") in titles
    assert ("2025-05-13", "Exports of services other than IT of $4 billion in FY2025-26") in titles
    assert not any(str(title).startswith("IT exports") for _, title in titles)


def test_a_briefing_with_a_long_s_in_a_month_imports(cli: Cli, tmp_path: Path) -> None:
    # "\u017feptember" (a long s) beside "Sep": the month pattern takes it; it must not stop the import.
    path = tmp_path / "long-s.md"
    path.write_text(
        "---\ntitle: Portal briefing\ndate: 2025-06-10\npresenter: Ministry of IT and Telecom\n---\n"
        "The Ministry would complete the Sep survey and launch the portal by \u017feptember 2025.\n",
        encoding="utf-8",
    )
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    rows = stored(cli)
    assert len(rows) == 2
    assert all("by \u017feptember 2025" in str(row["excerpt"]) for row in rows)
