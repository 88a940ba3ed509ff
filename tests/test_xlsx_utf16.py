"""Excel's limits (31 for a sheet name, 32,767 for a cell) count UTF-16 code units, in which an
emoji or any character beyond U+FFFF is two: a workbook of such names and titles stays within
them as Excel counts, and no character is cut in half."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import Cli

EMOJI = "\U0001f4c8"  # a chart: two UTF-16 units, one Python character


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_titles_and_owners_stay_within_excels_limits_in_utf16_units(cli: Cli, tmp_path: Path) -> None:
    # 40,000 units each: the cut at 32,767 falls inside an emoji in the first, after the
    # last whole one in the second; the owners' 80 and 81 units, likewise at 31.
    items = [
        {"title": EMOJI * 20_000, "owner": EMOJI * 40, "deadline": "2025-01-01"},
        {"title": "a" + EMOJI * 20_000, "owner": "x" + EMOJI * 40, "deadline": "2025-01-01"},
    ]
    source = tmp_path / "emoji.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    assert cli("import", str(source)).exit_code == 0
    out = tmp_path / "overdue.xlsx"

    result = cli(
        "export", "overdue", "--as-of", "2026-01-01", "--group-by", "owner", "--format", "xlsx", "--output", str(out)
    )

    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["x" + EMOJI * 15, EMOJI * 15, "Summary"]  # by owner: "x" sorts first
    assert [utf16_units(name) for name in book.sheetnames[:2]] == [31, 30]
    titles = [book[name]["B2"].value for name in book.sheetnames[:2]]
    assert titles == ["a" + EMOJI * 16_383, EMOJI * 16_383]
    assert [utf16_units(t) for t in titles] == [32_767, 32_766]
