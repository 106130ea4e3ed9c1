"""The memory tool (`memory_20250818`), what its sync and async forms share: the tool definition, and the
model's raw input parsed into a typed command. The tool classes are in `_async_memory.py` (and the generated
`_sync_memory.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

import pydantic

from .._models import validate_value
from ..types.beta.content_params import BetaCacheControlEphemeralParam
from ..types.beta.memory import (
    BetaMemoryTool20250818Command,
)
from ..types.beta.tools import BetaMemoryTool20250818Param

__all__ = ["memory_tool_definition", "parse_memory_command", "unknown_command"]

_COMMAND_MODELS: tuple[type[pydantic.BaseModel], ...] = get_args(get_args(BetaMemoryTool20250818Command)[0])
KNOWN_COMMANDS = frozenset(
    tag for model in _COMMAND_MODELS for tag in get_args(model.model_fields["command"].annotation)
)


def parse_memory_command(input: object) -> BetaMemoryTool20250818Command:
    """The typed command for the model's raw input.

    An unknown `command` is `NotImplementedError` (nothing sensible can be executed for it); a known one with
    missing or wrong fields is `ValueError` naming them, chained from pydantic's error.
    """
    if not isinstance(input, Mapping):
        raise TypeError(f"Input must be a dictionary, got {type(input).__name__}")
    command = input.get("command")
    if command not in KNOWN_COMMANDS:
        raise NotImplementedError(f"Unknown command: {command}")
    try:
        parsed: BetaMemoryTool20250818Command = validate_value(BetaMemoryTool20250818Command, dict(input))
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'][1:]) or 'input'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ValueError(f"Invalid input for memory command {command!r}: {problems}") from exc
    return parsed


def memory_tool_definition(
    cache_control: BetaCacheControlEphemeralParam | None,
) -> BetaMemoryTool20250818Param:
    definition: BetaMemoryTool20250818Param = {"type": "memory_20250818", "name": "memory"}
    if cache_control is not None:
        definition["cache_control"] = cache_control
    return definition


def unknown_command(command: Any) -> NotImplementedError:
    return NotImplementedError(f"Unknown command: {getattr(command, 'command', command)}")
