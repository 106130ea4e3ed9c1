"""Commands the model sends to the memory tool (`memory_20250818`), dispatched on `command`.

The command union has no fallback: an unknown command is a validation error, as there is nothing sensible
to execute for it.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, TypeAlias, Union

from ..._models import BaseModel, OpenUnion

__all__ = [
    "BetaMemoryTool20250818Command",
    "BetaMemoryTool20250818CreateCommand",
    "BetaMemoryTool20250818DeleteCommand",
    "BetaMemoryTool20250818InsertCommand",
    "BetaMemoryTool20250818RenameCommand",
    "BetaMemoryTool20250818StrReplaceCommand",
    "BetaMemoryTool20250818ViewCommand",
]


class BetaMemoryTool20250818ViewCommand(BaseModel):
    command: Literal["view"]
    path: str
    view_range: Optional[list[int]] = None
    """`[start, end]` line numbers (1-based, inclusive) for a file; ignored for a directory."""


class BetaMemoryTool20250818CreateCommand(BaseModel):
    command: Literal["create"]
    file_text: str
    path: str


class BetaMemoryTool20250818StrReplaceCommand(BaseModel):
    command: Literal["str_replace"]
    new_str: str
    old_str: str
    path: str


class BetaMemoryTool20250818InsertCommand(BaseModel):
    command: Literal["insert"]
    insert_line: int
    insert_text: str
    path: str


class BetaMemoryTool20250818DeleteCommand(BaseModel):
    command: Literal["delete"]
    path: str


class BetaMemoryTool20250818RenameCommand(BaseModel):
    command: Literal["rename"]
    new_path: str
    old_path: str


BetaMemoryTool20250818Command: TypeAlias = Annotated[
    Union[
        BetaMemoryTool20250818ViewCommand,
        BetaMemoryTool20250818CreateCommand,
        BetaMemoryTool20250818StrReplaceCommand,
        BetaMemoryTool20250818InsertCommand,
        BetaMemoryTool20250818DeleteCommand,
        BetaMemoryTool20250818RenameCommand,
    ],
    OpenUnion(key="command", fallback=None),
]
