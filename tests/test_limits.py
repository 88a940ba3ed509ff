"""Inputs at the edges a user or an attacker can reach: far dates, huge or quadratic files,
deeply nested configuration. Each is refused (or, for a row already stored, still reported)
with one line and no traceback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Proc


def test_a_keymap_nested_too_deeply_stops_tracker_with_exit_78(proc: Proc, tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text('[keys]\n"commitments.update" = ' + "[" * 100_000 + "]" * 100_000 + "\n")
    proc.env["TRACKER_KEYMAP"] = str(deep)
    result = proc("tui")
    assert result.returncode == 78, result.stderr
    assert "Traceback" not in result.stderr
    # (the lines before it say what the first run loaded from seeds/)
    assert result.stderr.strip().splitlines()[-1] == f"tracker: {deep}: not a valid keymap (values nested too deeply)"
