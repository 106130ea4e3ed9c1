"""Python functions as tools: `@beta_tool` / `@beta_async_tool` and the tool objects they build.

A tool object describes the function to the API (`to_dict()`), executes it for the tool runner (`call()`,
which validates the model's input first) and otherwise stays the function: calling the object calls it.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any, Generic, TypeVar, Union, cast, overload

import docstring_parser
import pydantic

from ..types.beta.tools import BetaToolParam
from ._results import BetaFunctionToolResultType
from ._schema import (
    ArgumentsValidator,
    caller_namespace,
    description_from_docstring,
    inject_param_descriptions,
    require_pydantic_v2,
)

__all__ = [
    "AsyncFunction",
    "BetaAsyncFunctionTool",
    "BetaFunctionTool",
    "Function",
    "beta_async_tool",
    "beta_tool",
]

InputSchemaArg = Union[Mapping[str, Any], type[pydantic.BaseModel], None]

Function = Callable[..., BetaFunctionToolResultType]
AsyncFunction = Callable[..., Coroutine[Any, Any, BetaFunctionToolResultType]]
FunctionT = TypeVar("FunctionT", bound=Function)
AsyncFunctionT = TypeVar("AsyncFunctionT", bound=AsyncFunction)
CallableT = TypeVar("CallableT", bound=Callable[..., Any])


class _BaseFunctionTool(Generic[CallableT]):
    """What sync and async function tools share: naming, description, schema, argument validation."""

    func: CallableT
    name: str
    description: str
    input_schema: dict[str, Any]

    def __init__(
        self,
        func: CallableT,
        *,
        name: str | None = None,
        description: str | None = None,
        input_schema: InputSchemaArg = None,
    ) -> None:
        require_pydantic_v2()
        if not callable(func):
            raise TypeError(f"A tool wraps a function, got {type(func).__name__}")
        self.func = func
        self.name = name or str(getattr(func, "__name__", type(func).__name__))
        parsed = docstring_parser.parse(inspect.getdoc(func) or "")
        self.description = description or description_from_docstring(parsed)
        # Annotations are resolved where the tool is declared (the first frame outside unbroken.tools).
        self._arguments = ArgumentsValidator(func, localns=caller_namespace())
        if input_schema is None:
            schema = self._arguments.json_schema()
            inject_param_descriptions(schema, parsed)
            self.input_schema = schema
        elif isinstance(input_schema, type) and issubclass(input_schema, pydantic.BaseModel):
            self.input_schema = input_schema.model_json_schema()
        elif isinstance(input_schema, Mapping):
            self.input_schema = cast("dict[str, Any]", input_schema)  # as given, not copied or changed
        else:
            raise TypeError(
                f"input_schema must be a dict or a pydantic model class, got {type(input_schema).__name__}"
            )

    @property
    def __call__(self) -> CallableT:
        """The function itself, so `tool(...)` behaves exactly as the undecorated function."""
        return self.func

    def to_dict(self) -> BetaToolParam:
        """The tool definition sent in `tools=[...]`."""
        return {"name": self.name, "description": self.description, "input_schema": self.input_schema}

    def _validated(self, input: object) -> tuple[tuple[Any, ...], dict[str, Any]]:
        if not isinstance(input, Mapping):
            raise TypeError(f"Input must be a dictionary, got {type(input).__name__}")
        try:
            return self._arguments.validate(cast("Mapping[str, Any]", input))
        except pydantic.ValidationError as exc:
            raise ValueError(f"Invalid arguments for function {self.name}") from exc

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class BetaFunctionTool(_BaseFunctionTool[FunctionT]):
    """A synchronous function as a tool."""

    def call(self, input: object) -> BetaFunctionToolResultType:
        """Validate the model's input and run the function with it."""
        if inspect.iscoroutinefunction(self.func):
            raise RuntimeError("Cannot call a coroutine function synchronously. Use `@async_tool` instead.")
        args, kwargs = self._validated(input)
        return self.func(*args, **kwargs)


class BetaAsyncFunctionTool(_BaseFunctionTool[AsyncFunctionT]):
    """An `async def` function as a tool."""

    async def call(self, input: object) -> BetaFunctionToolResultType:
        """Validate the model's input and await the function with it."""
        if not inspect.iscoroutinefunction(self.func):
            raise RuntimeError("Cannot call a synchronous function asynchronously. Use `@tool` instead.")
        args, kwargs = self._validated(input)
        result: Awaitable[BetaFunctionToolResultType] = self.func(*args, **kwargs)
        return await result


@overload
def beta_tool(func: FunctionT) -> BetaFunctionTool[FunctionT]: ...
@overload
def beta_tool(
    func: FunctionT,
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: InputSchemaArg = None,
) -> BetaFunctionTool[FunctionT]: ...
@overload
def beta_tool(
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: InputSchemaArg = None,
) -> Callable[[FunctionT], BetaFunctionTool[FunctionT]]: ...
def beta_tool(
    func: FunctionT | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: InputSchemaArg = None,
) -> BetaFunctionTool[FunctionT] | Callable[[FunctionT], BetaFunctionTool[FunctionT]]:
    """Make a function a tool: `@beta_tool`, `@beta_tool()` or `@beta_tool(name=..., ...)`."""
    require_pydantic_v2()

    def decorate(function: FunctionT) -> BetaFunctionTool[FunctionT]:
        return BetaFunctionTool(function, name=name, description=description, input_schema=input_schema)

    return decorate(func) if func is not None else decorate


@overload
def beta_async_tool(func: AsyncFunctionT) -> BetaAsyncFunctionTool[AsyncFunctionT]: ...
@overload
def beta_async_tool(
    func: AsyncFunctionT,
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: InputSchemaArg = None,
) -> BetaAsyncFunctionTool[AsyncFunctionT]: ...
@overload
def beta_async_tool(
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: InputSchemaArg = None,
) -> Callable[[AsyncFunctionT], BetaAsyncFunctionTool[AsyncFunctionT]]: ...
def beta_async_tool(
    func: AsyncFunctionT | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: InputSchemaArg = None,
) -> (
    BetaAsyncFunctionTool[AsyncFunctionT] | Callable[[AsyncFunctionT], BetaAsyncFunctionTool[AsyncFunctionT]]
):
    """Make an `async def` function a tool, in the same three forms as `beta_tool`."""
    require_pydantic_v2()

    def decorate(function: AsyncFunctionT) -> BetaAsyncFunctionTool[AsyncFunctionT]:
        return BetaAsyncFunctionTool(function, name=name, description=description, input_schema=input_schema)

    return decorate(func) if func is not None else decorate
