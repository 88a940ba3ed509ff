"""Reports for the committee's papers: what is overdue (or everything) as of any date, and a
calendar of deadlines.

The command line (``tracker export``) and the TUI's export dialog call the same functions;
``registry.FORMATS`` lists the formats, each written by its own module from the rows
``model.report_tuples`` streams. The names below load their module on first use, so that
reading the list of formats (at every start of the command line) loads no database library.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "FORMATS": "registry",
    "REPORT_FORMATS": "registry",
    "Format": "registry",
    "export_file": "registry",
    "format_for_suffix": "registry",
    "get_format": "registry",
    "write_report": "registry",
    "GroupBy": "model",
    "Scope": "model",
    "empty_message": "model",
    "calendar_rows": "ics",
    "write_calendar": "ics",
    "write_json": "json_format",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
