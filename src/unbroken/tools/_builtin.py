"""Bases for tools whose definition is one of the API's built-in tool types (memory, bash, text editor...).

The API fixes such a tool's schema, so a subclass only says which built-in it is (`to_dict()`) and how to
execute a call (`call()`); the runner finds it by the `name` inside that definition.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, TypeAlias, Union

from ..types.beta.tools import BetaToolUnionParam
from ._functions import BetaAsyncFunctionTool, BetaFunctionTool
from ._results import BetaFunctionToolResultType

__all__ = [
    "AnyTool",
    "BetaAsyncBuiltinFunctionTool",
    "BetaAsyncRunnableTool",
    "BetaBuiltinFunctionTool",
    "BetaRunnableTool",
]


def _name_of(definition: BetaToolUnionParam) -> str:
    name: object = definition.get("name")
    if not isinstance(name, str):
        raise TypeError(f"to_dict() must return a tool definition with a str 'name', got {definition!r}")
    return name


class BetaBuiltinFunctionTool(ABC):
    """A built-in tool executed by synchronous code of yours."""

    @abstractmethod
    def to_dict(self) -> BetaToolUnionParam:
        """The built-in tool definition, e.g. `{"type": "bash_20250124", "name": "bash"}`."""

    @abstractmethod
    def call(self, input: object) -> BetaFunctionToolResultType:
        """Execute the model's call with its raw `input`."""

    @property
    def name(self) -> str:
        return _name_of(self.to_dict())


class BetaAsyncBuiltinFunctionTool(ABC):
    """A built-in tool executed by asynchronous code of yours."""

    @abstractmethod
    def to_dict(self) -> BetaToolUnionParam:
        """The built-in tool definition, e.g. `{"type": "memory_20250818", "name": "memory"}`."""

    @abstractmethod
    async def call(self, input: object) -> BetaFunctionToolResultType:
        """Execute the model's call with its raw `input`."""

    @property
    def name(self) -> str:
        return _name_of(self.to_dict())


BetaRunnableTool: TypeAlias = Union[BetaFunctionTool[Any], BetaBuiltinFunctionTool]
BetaAsyncRunnableTool: TypeAlias = Union[BetaAsyncFunctionTool[Any], BetaAsyncBuiltinFunctionTool]
AnyTool: TypeAlias = Union[BetaAsyncRunnableTool, BetaRunnableTool]
"""What an async runner accepts: async tools, and sync ones (run in a worker thread)."""
