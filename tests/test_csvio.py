"""CSV cells a spreadsheet would run as formulas are neutralised, and read back unchanged."""

from __future__ import annotations

import io

import pytest

from tracker.csvio import cell, neutralise, unneutralise, write_csv


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_text_starting_with_a_formula_character_gets_a_quote(start: str) -> None:
    assert neutralise(start + "cmd") == "'" + start + "cmd"
    assert unneutralise(neutralise(start + "cmd")) == start + "cmd"


@pytest.mark.parametrize("value", ["plain", "'quoted", "''double", "'=x", "", "وزارت", "a=b"])
def test_reading_back_what_was_written_gives_the_same_text(value: str) -> None:
    assert unneutralise(neutralise(value)) == value


def test_numbers_stay_numbers() -> None:
    assert cell(-5.5) == -5.5
    assert cell(3) == 3
    assert cell(None) == ""


def test_written_csv_starts_with_a_byte_order_mark() -> None:
    out = io.StringIO()
    write_csv(out, ["title"], [["=1+1"], ["وزارت"]])
    assert out.getvalue() == "\ufefftitle\r\n'=1+1\r\nوزارت\r\n"
