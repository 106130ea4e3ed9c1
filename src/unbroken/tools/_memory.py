"""The memory tool (`memory_20250818`): the model keeps files under `/memories`, your subclass stores them.

`call()` parses the model's raw input into a typed command and `execute()` dispatches it on `command` to one
handler per operation. A subclass implements the six handlers (and optionally `clear_all_memory`); see
`BetaLocalFilesystemMemoryTool` for one that keeps them in a local directory.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, get_args

import pydantic

from .._models import validate_value
from ..types.beta.content_params import BetaCacheControlEphemeralParam
from ..types.beta.memory import (
    BetaMemoryTool20250818Command,
    BetaMemoryTool20250818CreateCommand,
    BetaMemoryTool20250818DeleteCommand,
    BetaMemoryTool20250818InsertCommand,
    BetaMemoryTool20250818RenameCommand,
    BetaMemoryTool20250818StrReplaceCommand,
    BetaMemoryTool20250818ViewCommand,
)
from ..types.beta.tools import BetaMemoryTool20250818Param
from ._builtin import BetaAsyncBuiltinFunctionTool, BetaBuiltinFunctionTool
from ._results import BetaFunctionToolResultType

__all__ = ["BetaAbstractMemoryTool", "BetaAsyncAbstractMemoryTool", "parse_memory_command"]

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


def _definition(cache_control: BetaCacheControlEphemeralParam | None) -> BetaMemoryTool20250818Param:
    definition: BetaMemoryTool20250818Param = {"type": "memory_20250818", "name": "memory"}
    if cache_control is not None:
        definition["cache_control"] = cache_control
    return definition


def _unknown(command: Any) -> NotImplementedError:
    return NotImplementedError(f"Unknown command: {getattr(command, 'command', command)}")


class BetaAbstractMemoryTool(BetaBuiltinFunctionTool):
    """The memory tool with synchronous handlers; subclass it and implement the six operations."""

    def __init__(self, *, cache_control: BetaCacheControlEphemeralParam | None = None) -> None:
        self.cache_control = cache_control

    def to_dict(self) -> BetaMemoryTool20250818Param:
        return _definition(self.cache_control)

    def call(self, input: object) -> BetaFunctionToolResultType:
        return self.execute(parse_memory_command(input))

    def execute(self, command: BetaMemoryTool20250818Command) -> BetaFunctionToolResultType:
        """Run one parsed command through its handler."""
        if isinstance(command, BetaMemoryTool20250818ViewCommand):
            return self.view(command)
        if isinstance(command, BetaMemoryTool20250818CreateCommand):
            return self.create(command)
        if isinstance(command, BetaMemoryTool20250818StrReplaceCommand):
            return self.str_replace(command)
        if isinstance(command, BetaMemoryTool20250818InsertCommand):
            return self.insert(command)
        if isinstance(command, BetaMemoryTool20250818DeleteCommand):
            return self.delete(command)
        if isinstance(command, BetaMemoryTool20250818RenameCommand):
            return self.rename(command)
        raise _unknown(command)

    @abstractmethod
    def view(self, command: BetaMemoryTool20250818ViewCommand) -> BetaFunctionToolResultType:
        """Show a directory listing or a file's numbered lines."""

    @abstractmethod
    def create(self, command: BetaMemoryTool20250818CreateCommand) -> BetaFunctionToolResultType:
        """Create (or overwrite) a file with `file_text`."""

    @abstractmethod
    def str_replace(self, command: BetaMemoryTool20250818StrReplaceCommand) -> BetaFunctionToolResultType:
        """Replace the single occurrence of `old_str` with `new_str`."""

    @abstractmethod
    def insert(self, command: BetaMemoryTool20250818InsertCommand) -> BetaFunctionToolResultType:
        """Insert `insert_text` after line `insert_line` (0: at the top)."""

    @abstractmethod
    def delete(self, command: BetaMemoryTool20250818DeleteCommand) -> BetaFunctionToolResultType:
        """Delete a file or a directory."""

    @abstractmethod
    def rename(self, command: BetaMemoryTool20250818RenameCommand) -> BetaFunctionToolResultType:
        """Move `old_path` to `new_path`."""

    def clear_all_memory(self) -> BetaFunctionToolResultType:
        """Forget everything; optional, as not every store can."""
        raise NotImplementedError("clear_all_memory not implemented")


class BetaAsyncAbstractMemoryTool(BetaAsyncBuiltinFunctionTool):
    """The memory tool with `async` handlers; subclass it and implement the six operations."""

    def __init__(self, *, cache_control: BetaCacheControlEphemeralParam | None = None) -> None:
        self.cache_control = cache_control

    def to_dict(self) -> BetaMemoryTool20250818Param:
        return _definition(self.cache_control)

    async def call(self, input: object) -> BetaFunctionToolResultType:
        return await self.execute(parse_memory_command(input))

    async def execute(self, command: BetaMemoryTool20250818Command) -> BetaFunctionToolResultType:
        """Run one parsed command through its handler."""
        if isinstance(command, BetaMemoryTool20250818ViewCommand):
            return await self.view(command)
        if isinstance(command, BetaMemoryTool20250818CreateCommand):
            return await self.create(command)
        if isinstance(command, BetaMemoryTool20250818StrReplaceCommand):
            return await self.str_replace(command)
        if isinstance(command, BetaMemoryTool20250818InsertCommand):
            return await self.insert(command)
        if isinstance(command, BetaMemoryTool20250818DeleteCommand):
            return await self.delete(command)
        if isinstance(command, BetaMemoryTool20250818RenameCommand):
            return await self.rename(command)
        raise _unknown(command)

    @abstractmethod
    async def view(self, command: BetaMemoryTool20250818ViewCommand) -> BetaFunctionToolResultType:
        """Show a directory listing or a file's numbered lines."""

    @abstractmethod
    async def create(self, command: BetaMemoryTool20250818CreateCommand) -> BetaFunctionToolResultType:
        """Create (or overwrite) a file with `file_text`."""

    @abstractmethod
    async def str_replace(
        self, command: BetaMemoryTool20250818StrReplaceCommand
    ) -> BetaFunctionToolResultType:
        """Replace the single occurrence of `old_str` with `new_str`."""

    @abstractmethod
    async def insert(self, command: BetaMemoryTool20250818InsertCommand) -> BetaFunctionToolResultType:
        """Insert `insert_text` after line `insert_line` (0: at the top)."""

    @abstractmethod
    async def delete(self, command: BetaMemoryTool20250818DeleteCommand) -> BetaFunctionToolResultType:
        """Delete a file or a directory."""

    @abstractmethod
    async def rename(self, command: BetaMemoryTool20250818RenameCommand) -> BetaFunctionToolResultType:
        """Move `old_path` to `new_path`."""

    async def clear_all_memory(self) -> BetaFunctionToolResultType:
        """Forget everything; optional, as not every store can."""
        raise NotImplementedError("clear_all_memory not implemented")
