"""What every tool runner shares: the conversation it keeps, and turning tool calls into tool results.

The runner's conversation is plain data (`{"role", "content"}` dicts whose blocks are dicts), kept in the
request params and readable at any time through `runner.messages`. A turn's assistant message and its tool
results are appended before the next request is sent, so when that request fails the caller still has every
completed turn and every result the tools computed; iterating again retries the failed turn.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar, cast

import pydantic
from typing_extensions import TypedDict

from .._concurrency import arun_blocking
from .._exceptions import IncompleteStreamError
from .._request import drop_unset
from .._types import Body, Headers, NotGiven, Omit, Query
from ..types.beta.content_params import BetaToolResultBlockParam
from ..types.beta.message import BetaMessageParam
from ..types.beta.parsed_beta_message import ParsedBetaMessage, ResponseFormatT
from ._builtin import AnyTool, BetaAsyncBuiltinFunctionTool, BetaBuiltinFunctionTool, BetaRunnableTool
from ._functions import BetaAsyncFunctionTool, BetaFunctionTool
from ._results import ToolError, error_result, tool_result

__all__ = [
    "RUNNER_HELPER_HEADER",
    "RequestOptions",
    "RunnerCore",
    "ToolUse",
    "acall_tool",
    "call_tool",
    "message_param",
    "reject_async_tools",
    "split_arguments",
]

logger = logging.getLogger(__name__)

RUNNER_HELPER_HEADER = {"X-Stainless-Helper": "BetaToolRunner"}
# How many streamed turns in a row may end without a stop_reason (each is sent again) before giving up.
MAX_INCOMPLETE_TURNS = 2

ToolT = TypeVar("ToolT")
MessageParams = dict[str, Any]


class RequestOptions(TypedDict, total=False):
    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Body | None
    timeout: Any


class ToolUse(TypedDict):
    id: str
    name: str
    input: object


def _block_param(block: object) -> object:
    if isinstance(block, pydantic.BaseModel):
        # As the API sent it; `parsed_output` and other client-side fields are excluded.
        return block.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return block


def message_param(message: BetaMessageParam | pydantic.BaseModel | Mapping[str, Any]) -> BetaMessageParam:
    """A message (a dict, or a `BetaMessage` the API returned) as a `{"role", "content"}` param of dicts."""
    if isinstance(message, pydantic.BaseModel):
        role, content = getattr(message, "role"), getattr(message, "content")  # noqa: B009
    elif isinstance(message, Mapping):
        role, content = message["role"], message["content"]
    else:
        raise TypeError(f"A message is a dict or a BetaMessage, got {type(message).__name__}")
    if not isinstance(content, str):
        content = [_block_param(block) for block in content]
    return cast(BetaMessageParam, {"role": role, "content": content})


def tool_uses_of(message: object) -> list[ToolUse]:
    """The `tool_use` blocks of an assistant message, in order."""
    if message is None or getattr(message, "role", None) != "assistant":
        return []
    uses: list[ToolUse] = []
    for block in getattr(message, "content", None) or []:
        if getattr(block, "type", None) == "tool_use":
            uses.append({"id": block.id, "name": block.name, "input": block.input})
    return uses


def not_found(use: ToolUse) -> BetaToolResultBlockParam:
    return error_result(use["id"], f"Error: Tool '{use['name']}' not found")


def failed(use: ToolUse, exc: Exception) -> BetaToolResultBlockParam:
    """An exception from a tool: a `ToolError` sends its own text, anything else its repr (and is logged)."""
    if isinstance(exc, ToolError):
        logger.debug("Tool %r reported an error: %s", use["name"], exc)
        return error_result(use["id"], exc.content)
    logger.exception("Error occurred while calling tool: %s", use["name"], exc_info=exc)
    return error_result(use["id"], repr(exc))


def succeeded(use: ToolUse, value: object) -> BetaToolResultBlockParam:
    return tool_result(use["id"], value)


def failed_turn_snapshot(stream: Any) -> Any:
    """The message of a streamed turn whose stream already failed in the caller's hands (who got that
    error), so the runner can send the turn again; None when the stream has not failed. A failed stream
    re-raises its error on `get_final_message()`, which is right for callers but not here."""
    failure = getattr(getattr(stream, "_raw_stream", None), "_failure", None)
    if failure is None:
        return None
    snapshot = stream._accumulator.snapshot
    if snapshot is None:
        raise failure
    return snapshot


def is_async_tool(tool: object) -> bool:
    return isinstance(tool, (BetaAsyncFunctionTool, BetaAsyncBuiltinFunctionTool)) or (
        inspect.iscoroutinefunction(getattr(tool, "call", None))
    )


def reject_async_tools(tools: Iterable[object]) -> None:
    """A sync runner cannot await a tool: say so when it is built, not when the model first calls it."""
    for tool in tools:
        if is_async_tool(tool):
            name = getattr(tool, "name", repr(tool))
            raise TypeError(
                f"Tool {name!r} is asynchronous; use it with AsyncAnthropic, or make it a sync tool"
            )


async def acall_tool(tool: AnyTool, tool_input: object) -> object:
    """Call a tool from an async runner: awaited if it is async, else in a worker thread (off the loop)."""
    if is_async_tool(tool):
        result: object = await cast(Any, tool).call(tool_input)
        return result
    return await arun_blocking(cast(Any, tool).call, tool_input)


def call_tool(tool: BetaRunnableTool, tool_input: object) -> object:
    """The sync form (a sync runner holds sync tools only)."""
    result: object = tool.call(tool_input)
    return result


def _check_tool(tool: object) -> str:
    if not isinstance(
        tool, (BetaFunctionTool, BetaAsyncFunctionTool, BetaBuiltinFunctionTool, BetaAsyncBuiltinFunctionTool)
    ):
        hint = " (decorate it with @beta_tool)" if callable(tool) else ""
        raise TypeError(f"tools must be tool objects, got {type(tool).__name__}{hint}")
    return tool.name


class RunnerCore(Generic[ToolT, ResponseFormatT]):
    """The conversation state machine, with no I/O: params, messages, iteration count, cached tool results."""

    def __init__(
        self,
        *,
        params: Mapping[str, Any],
        options: RequestOptions,
        tools: Iterable[ToolT],
        max_iterations: int | None = None,
    ) -> None:
        tools = list(tools)
        self._tools_by_name: dict[str, ToolT] = {}
        for tool in tools:
            name = _check_tool(tool)
            if name in self._tools_by_name:
                raise ValueError(f"Two tools are named {name!r}; tool names must be unique")
            self._tools_by_name[name] = tool
        if max_iterations is not None and max_iterations < 1:
            raise ValueError(f"max_iterations must be at least 1, got {max_iterations}")
        self._params: MessageParams = {
            **params,
            "messages": [message_param(m) for m in params["messages"]],
            "tools": [cast(Any, tool).to_dict() for tool in tools],
        }
        headers = {**RUNNER_HELPER_HEADER, **(options.get("extra_headers") or {})}
        self._options: RequestOptions = {**options, "extra_headers": headers}
        self._max_iterations = max_iterations
        self._iteration_count = 0
        self._messages_modified = False
        self._cached_tool_call_response: BetaMessageParam | None = None
        self._last_message: ParsedBetaMessage[ResponseFormatT] | None = None
        # The last message's tool calls still have to be answered (set between a turn and its results).
        self._tools_pending = False
        self._done = False
        self._incomplete_turns = 0

    # -- the conversation -------------------------------------------------------------------------

    @property
    def messages(self) -> list[BetaMessageParam]:
        """The conversation so far, as sent (or about to be sent): every completed turn and tool result."""
        return list(self._params["messages"])

    @property
    def iteration_count(self) -> int:
        """How many turns (API responses) have completed."""
        return self._iteration_count

    @property
    def last_message(self) -> ParsedBetaMessage[ResponseFormatT] | None:
        """The most recent complete assistant message, or None before the first."""
        return self._last_message

    def set_messages_params(self, params: MessageParams | Callable[[MessageParams], MessageParams]) -> None:
        """Replace the params of the next request (or transform them with a function of the current ones)."""
        if callable(params):
            params = params(self._params)
        self._params = dict(params)
        self._cached_tool_call_response = None

    def append_messages(self, *messages: BetaMessageParam | ParsedBetaMessage[ResponseFormatT]) -> None:
        """Add messages to the conversation; the runner then does not append this turn's own messages."""
        converted = [message_param(m) for m in messages]
        self.set_messages_params(lambda params: {**params, "messages": [*params["messages"], *converted]})
        self._messages_modified = True

    # -- the loop's decisions ---------------------------------------------------------------------

    def _should_stop(self) -> bool:
        return self._max_iterations is not None and self._iteration_count >= self._max_iterations

    def _turn_is_incomplete(self, message: ParsedBetaMessage[ResponseFormatT], request: Any) -> bool:
        """A streamed turn whose message has no stop_reason never finished: its stream failed while the
        caller read it (who got that error). It is not part of the conversation; the turn is sent again."""
        if message.stop_reason is not None:
            self._incomplete_turns = 0
            return False
        self._incomplete_turns += 1
        if self._incomplete_turns > MAX_INCOMPLETE_TURNS:
            err = IncompleteStreamError(
                message="The turn's stream ended without a stop_reason.", request=request
            )
            err.partial_message = message
            raise err
        logger.debug("A streamed turn did not complete; sending it again.")
        return True

    def _turn_completed(self, message: ParsedBetaMessage[ResponseFormatT]) -> None:
        """A response arrived whole: count it; its tool calls are answered next, unless that was the last."""
        self._last_message = message
        self._iteration_count += 1
        if self._should_stop():
            self._done = True
        else:
            self._tools_pending = True

    def _close_turn(self, *, has_calls: bool, response: BetaMessageParam | None) -> None:
        """Stop when the model called no tool; otherwise append the turn and its results, unless the user
        appended messages during the turn (then what to send next is theirs to decide)."""
        self._tools_pending = False
        if not has_calls:
            logger.debug("No tool call was requested; the tool runner is done.")
            self._done = True
        elif response is not None:
            assert self._last_message is not None
            self.append_messages(self._last_message, response)
        self._messages_modified = False
        self._cached_tool_call_response = None

    def _request_kwargs(self) -> dict[str, Any]:
        return {**self._params, **self._options}


def split_arguments(arguments: dict[str, Any]) -> tuple[dict[str, Any], RequestOptions, Any, bool]:
    """(request params, request options, max_iterations, stream) from `tool_runner`'s arguments."""
    arguments.pop("self")
    options: RequestOptions = {
        "extra_headers": arguments.pop("extra_headers"),
        "extra_query": arguments.pop("extra_query"),
        "extra_body": arguments.pop("extra_body"),
        "timeout": arguments.pop("timeout"),
    }
    max_iterations = arguments.pop("max_iterations")
    stream = arguments.pop("stream") is True
    params = drop_unset(arguments)
    params.pop("tools")
    params["messages"] = list(arguments["messages"])
    return params, options, (None if isinstance(max_iterations, (NotGiven, Omit)) else max_iterations), stream
