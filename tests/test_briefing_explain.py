"""`tracker import --dry-run --explain`: every sentence of a briefing with the decision the
parser took and why, as a table or in JSON; nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli

BRIEFING = """---
title: Trade missions to be opened by December, Senate panel told
date: 2024-04-10
presenter: Ministry of Commerce
---
Trade missions to be opened by December, Senate panel told

By Our Staff Reporter

ISLAMABAD: The ministry would open two trade missions in Africa by December, the secretary said.

Exports had risen by 8 percent in the first half of the year.

Members stressed the need for a stable exchange rate.

The committee directed TDAP to share its plan for the missions within 15 days.
"""


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "missions.md"
    path.write_text(BRIEFING, encoding="utf-8")
    return path


def test_explain_lists_every_sentence_with_its_decision(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "--dry-run", "--explain", str(_file(tmp_path)))
    assert result.exit_code == 0, result.output
    rows = [line.split()[:3] for line in result.output.splitlines() if line[:4].strip().isdigit()]
    assert rows == [
        ["1", "headline", "0"],
        ["2", "byline", "0"],
        ["3", "dateline", "0"],
        ["4", "commitment", "1"],
        ["5", "past_result", "0"],
        ["6", "opinion", "0"],
        ["7", "directive", "1"],
    ]
    assert "dry run: nothing written" in result.output
    listed = cli("list", "--format", "json")
    assert json.loads(listed.output) == []


def test_explain_in_json_gives_each_sentence_its_offsets_decision_and_reason(cli: Cli, tmp_path: Path) -> None:
    path = _file(tmp_path)
    result = cli("import", "--dry-run", "--explain", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    text = path.read_text(encoding="utf-8")
    decisions = report["decisions"]
    assert [d["decision"] for d in decisions][-1] == "directive"
    assert all(text[d["start"] : d["end"]] == d["sentence"] for d in decisions)
    directive = decisions[-1]
    assert directive["items"] == 1
    assert "directed" in directive["why"]


def test_without_explain_the_output_has_no_decisions(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "--dry-run", "--format", "json", str(_file(tmp_path)))
    [report] = json.loads(result.output)
    assert "decisions" not in report
