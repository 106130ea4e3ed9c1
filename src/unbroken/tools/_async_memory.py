# Source of _sync_memory.py: scripts/unasync.py generates it from this file (`make generate`).
"""The memory tool (`memory_20250818`): the model keeps files under `/memories`, your subclass stores them.

`call()` parses the model's raw input into a typed command and `execute()` dispatches it on `command` to one
handler per operation. A subclass implements the six handlers (and optionally `clear_all_memory`);
`BetaAsyncLocalFilesystemMemoryTool` keeps them in a local directory.
"""
# Its file operations run in a worker thread (`arun_blocking`), off the event loop.  # async-only

from __future__ import annotations

import os
from abc import abstractmethod
from pathlib import Path

from .._concurrency import arun_blocking
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
from ._builtin import BetaAsyncBuiltinFunctionTool
from ._local_memory import LocalMemoryStore
from ._memory import memory_tool_definition, parse_memory_command, unknown_command
from ._results import BetaFunctionToolResultType

__all__ = ["BetaAsyncAbstractMemoryTool", "BetaAsyncLocalFilesystemMemoryTool"]


class BetaAsyncAbstractMemoryTool(BetaAsyncBuiltinFunctionTool):
    """The memory tool with asynchronous handlers; subclass it and implement the six operations."""

    def __init__(self, *, cache_control: BetaCacheControlEphemeralParam | None = None) -> None:
        self.cache_control = cache_control

    def to_dict(self) -> BetaMemoryTool20250818Param:
        return memory_tool_definition(self.cache_control)

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
        raise unknown_command(command)

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


class BetaAsyncLocalFilesystemMemoryTool(BetaAsyncAbstractMemoryTool):
    """The memory tool backed by `<base_path>/memories` on the local disk (see `LocalMemoryStore`)."""

    def __init__(
        self,
        base_path: str | os.PathLike[str] = "./memory",
        *,
        cache_control: BetaCacheControlEphemeralParam | None = None,
    ) -> None:
        super().__init__(cache_control=cache_control)
        self.store = LocalMemoryStore(base_path)

    @property
    def memory_root(self) -> Path:
        return self.store.root

    async def view(self, command: BetaMemoryTool20250818ViewCommand) -> str:
        return await arun_blocking(self.store.view, command)

    async def create(self, command: BetaMemoryTool20250818CreateCommand) -> str:
        return await arun_blocking(self.store.create, command)

    async def str_replace(self, command: BetaMemoryTool20250818StrReplaceCommand) -> str:
        return await arun_blocking(self.store.str_replace, command)

    async def insert(self, command: BetaMemoryTool20250818InsertCommand) -> str:
        return await arun_blocking(self.store.insert, command)

    async def delete(self, command: BetaMemoryTool20250818DeleteCommand) -> str:
        return await arun_blocking(self.store.delete, command)

    async def rename(self, command: BetaMemoryTool20250818RenameCommand) -> str:
        return await arun_blocking(self.store.rename, command)

    async def clear_all_memory(self) -> str:
        return await arun_blocking(self.store.clear)
