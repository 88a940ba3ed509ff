"""Every package tracker installs for its users is one its code uses: a dependency nothing
imports only costs every install (and a security review) for nothing."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Installed for what they carry, never imported by name.
DATA_ONLY = {"tzdata": "the time zones zoneinfo reads where the system has none (Windows)"}


def imported_distributions() -> set[str]:
    """The distributions whose top-level modules tracker's own code imports."""
    modules: set[str] = set()
    for path in (ROOT / "tracker").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    owners = importlib.metadata.packages_distributions()
    return {normalised(d) for m in modules for d in owners.get(m, [])}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_runtime_dependency_is_imported_or_says_why_not() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {normalised(re.split(r"[\[<>=!~;\s]", r, maxsplit=1)[0]) for r in project["dependencies"]}

    unused = declared - imported_distributions() - set(DATA_ONLY)

    assert unused == set()
