# Source of _runner.py: scripts/unasync.py generates it from this file (`make generate`).
"""Tool runners: call the model, run the tools it asks for, send the results, repeat.

Iterating a runner yields one item per API turn: a `ParsedBetaMessage` (`BetaAsyncToolRunner`) or the turn's
open `BetaAsyncMessageStream` (`BetaAsyncStreamingToolRunner`). The runner is a state machine rather than a
generator, so an API error raised by one step leaves it usable: the conversation so far stays on
`runner.messages`, and iterating again (or `until_done()`) retries the turn that failed.
"""
# The tool calls of one turn run concurrently (`agather`: an anyio task group,  # async-only
# so asyncio and trio both work), their results kept in the order of the  # async-only
# `tool_use` blocks; a sync tool given to an async runner runs in a worker  # async-only
# thread, so it never blocks the event loop.  # async-only

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .._concurrency import agather
from ..types.beta.content_params import BetaToolResultBlockParam
from ..types.beta.message import BetaMessageParam
from ..types.beta.parsed_beta_message import ParsedBetaMessage, ResponseFormatT
from ._builtin import AnyTool
from ._runner_core import (
    RequestOptions,
    RunnerCore,
    ToolUse,
    acall_tool,
    failed,
    failed_turn_snapshot,
    not_found,
    # sync-only: reject_async_tools,
    succeeded,
    tool_uses_of,
)

if TYPE_CHECKING:
    from .._client import AsyncAnthropic
    from ..streaming.beta import BetaAsyncMessageStream

__all__ = ["BetaAsyncStreamingToolRunner", "BetaAsyncToolRunner", "make_async_tool_runner"]

ItemT = TypeVar("ItemT")


class _AsyncToolRunner(RunnerCore[AnyTool, ResponseFormatT], Generic[ItemT, ResponseFormatT]):
    def __init__(
        self,
        *,
        client: AsyncAnthropic,
        params: Mapping[str, Any],
        options: RequestOptions,
        tools: Iterable[AnyTool],
        max_iterations: int | None = None,
    ) -> None:
        tools = list(tools)
        # sync-only: reject_async_tools(tools)
        super().__init__(params=params, options=options, tools=tools, max_iterations=max_iterations)
        self._client = client
        self._open: ItemT | None = None

    # -- iteration --------------------------------------------------------------------------------

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return self

    async def __anext__(self) -> ItemT:
        if self._open is not None:
            await self._end_turn()
        if self._tools_pending:
            await self._answer_tools()
        if self._done:
            raise StopAsyncIteration
        item = await self._begin_turn()  # on an API error nothing has changed: the next call retries
        self._open = item
        return item

    async def until_done(self) -> ParsedBetaMessage[ResponseFormatT]:
        """Run the loop to its end and return the final message."""
        async for _ in self:
            pass
        assert self._last_message is not None
        return self._last_message

    # -- tools ------------------------------------------------------------------------------------

    async def generate_tool_call_response(self) -> BetaMessageParam | None:
        """The tool results for the latest assistant message (run once per turn, then cached), or None."""
        if self._cached_tool_call_response is None:
            self._cached_tool_call_response = await self._run_tools(await self._current_message())
        return self._cached_tool_call_response

    async def _run_tools(self, message: ParsedBetaMessage[ResponseFormatT] | None) -> BetaMessageParam | None:
        uses = tool_uses_of(message)
        if not uses:
            return None
        results = await agather([functools.partial(self._run_one, use) for use in uses])
        return {"role": "user", "content": results}

    async def _run_one(self, use: ToolUse) -> BetaToolResultBlockParam:
        tool = self._tools_by_name.get(use["name"])
        if tool is None:
            return not_found(use)
        try:
            value = await acall_tool(tool, use["input"])
        except Exception as exc:
            return failed(use, exc)
        return succeeded(use, value)

    async def _answer_tools(self) -> None:
        if self._messages_modified:  # the user appended messages: no auto-append, so no need to run tools
            self._close_turn(has_calls=bool(tool_uses_of(self._last_message)), response=None)
            return
        response = await self.generate_tool_call_response()
        self._close_turn(has_calls=response is not None, response=response)

    # -- turns ------------------------------------------------------------------------------------

    async def _current_message(self) -> ParsedBetaMessage[ResponseFormatT] | None:
        if self._open is not None:
            return await self._final_message(self._open)
        return self._last_message

    async def _end_turn(self) -> None:
        item, self._open = self._open, None
        assert item is not None
        try:
            message = await self._final_message(item)
        finally:
            await self._close(item)
        if not self._accepts(item, message):
            return
        self._turn_completed(message)

    async def _begin_turn(self) -> ItemT:
        raise NotImplementedError

    async def _final_message(self, item: ItemT) -> ParsedBetaMessage[ResponseFormatT]:
        raise NotImplementedError

    async def _close(self, item: ItemT) -> None:
        pass

    def _accepts(self, item: ItemT, message: ParsedBetaMessage[ResponseFormatT]) -> bool:
        return True


class BetaAsyncToolRunner(_AsyncToolRunner[ParsedBetaMessage[ResponseFormatT], ResponseFormatT]):
    """Yields each turn's `ParsedBetaMessage` (from `client.beta.messages.parse`).

    After each turn the tools the model called are run (an unknown tool or a raising tool becomes an
    `is_error` result) and the turn plus its results are appended to `messages`, unless you called
    `append_messages` during the turn. The loop ends when a turn calls no tool or after `max_iterations`
    turns. If a request fails, the error is raised, `messages` still holds every completed turn and result,
    and iterating again sends the failed turn again (tools are not re-run).
    """

    async def _begin_turn(self) -> ParsedBetaMessage[ResponseFormatT]:
        message: ParsedBetaMessage[ResponseFormatT] = await self._client.beta.messages.parse(
            **self._request_kwargs()
        )
        return message

    async def _final_message(
        self, item: ParsedBetaMessage[ResponseFormatT]
    ) -> ParsedBetaMessage[ResponseFormatT]:
        return item


class BetaAsyncStreamingToolRunner(
    _AsyncToolRunner["BetaAsyncMessageStream[ResponseFormatT]", ResponseFormatT]
):
    """Yields each turn's open `BetaAsyncMessageStream`; what the caller leaves unread is read next."""

    async def _begin_turn(self) -> BetaAsyncMessageStream[ResponseFormatT]:
        manager = self._client.beta.messages.stream(**self._request_kwargs())
        stream: BetaAsyncMessageStream[ResponseFormatT] = await manager.__aenter__()
        return stream

    async def _final_message(
        self, item: BetaAsyncMessageStream[ResponseFormatT]
    ) -> ParsedBetaMessage[ResponseFormatT]:
        snapshot: ParsedBetaMessage[ResponseFormatT] | None = failed_turn_snapshot(item)
        if snapshot is not None:
            return snapshot
        message: ParsedBetaMessage[ResponseFormatT] = await item.get_final_message()
        return message

    async def _close(self, item: BetaAsyncMessageStream[ResponseFormatT]) -> None:
        await item.close()

    def _accepts(
        self, item: BetaAsyncMessageStream[ResponseFormatT], message: ParsedBetaMessage[ResponseFormatT]
    ) -> bool:
        return not self._turn_is_incomplete(message, item.response.request)

    async def close(self) -> None:
        """Release the connection of a turn left open (e.g. after `break`); safe to call twice."""
        item, self._open = self._open, None
        if item is not None:
            await item.close()


def make_async_tool_runner(
    client: AsyncAnthropic,
    *,
    params: Mapping[str, Any],
    options: RequestOptions,
    tools: Iterable[AnyTool],
    max_iterations: int | None,
    stream: bool,
) -> BetaAsyncToolRunner[Any] | BetaAsyncStreamingToolRunner[Any]:
    """What `client.beta.messages.tool_runner(...)` returns (`stream=True` → the streaming runner)."""
    runner_cls = BetaAsyncStreamingToolRunner if stream else BetaAsyncToolRunner
    return runner_cls(
        client=client, params=params, options=options, tools=tools, max_iterations=max_iterations
    )
