"""Typer's coercion of option values without pydantic, where none is needed.

Typer turns each value into its annotated type through a pydantic TypeAdapter that it builds
on first use: that loads pydantic (about 0.1 s of CPU, half of the start of ``tracker
export``) before any command runs. A string, an enum's value and a path take Typer's own rules
(``coerce_cli_choice``, ``coerce_cli_path``), as its adapters do; anything else (a number, a
value a rule refuses) goes to Typer's adapter as always, so every result and every message is
Typer's. This module uses Typer's private names; ``tracker.cli`` falls back to Typer's own
group when they cannot be imported.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
from typer.core import TyperGroup, _TyperParameter


@dataclass(frozen=True)
class _PlainValue(RuntimeParam):
    """One option's or argument's value, coerced as the module says."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.annotation
        simple = self.descriptor.file_annotation is None and self.parameter_info.parser is None
        if isinstance(value, str) and value and simple:
            if kind is str:
                return value
            if isinstance(kind, type) and issubclass(kind, Enum):
                with contextlib.suppress(ValueError):
                    return coerce_cli_choice(
                        value, choices=tuple(kind), case_sensitive=self.parameter_info.case_sensitive, ctx=ctx
                    )
            elif kind is Path and routes_to_path(kind, self.parameter_info) and self.parameter_info.path_type is None:
                return coerce_cli_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)
        return build_runtime_param(self.descriptor).coerce(value, param=param, ctx=ctx)


def _plain_values(command: Any, ctx: Any) -> None:
    """Give each option and argument of ``command`` its ``_PlainValue`` before it is parsed."""
    for param in command.get_params(ctx):
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            descriptor = param.type_descriptor
            param._runtime_param = _PlainValue(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, descriptor=descriptor
            )


class Commands(TyperGroup):
    """``tracker`` and its groups of commands: their options, and those of every command
    they run, are coerced by ``_PlainValue``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_values(self, ctx)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _plain_values(command, ctx)
        return name, command, rest
