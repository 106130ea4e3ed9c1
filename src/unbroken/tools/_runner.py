"""Synchronous tool runners: call the model, run the tools it asks for, send the results, repeat.

Iterating a runner yields one item per API turn: a `ParsedBetaMessage` (`BetaToolRunner`) or the turn's open
`BetaMessageStream` (`BetaStreamingToolRunner`). The runner is a state machine rather than a generator, so an
API error raised by one step leaves it usable: the conversation so far stays on `runner.messages`, and
iterating again (or `until_done()`) retries the turn that failed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..types.beta.content_params import BetaToolResultBlockParam
from ..types.beta.message import BetaMessageParam
from ..types.beta.parsed_beta_message import ParsedBetaMessage, ResponseFormatT
from ._builtin import BetaRunnableTool
from ._runner_core import (
    RequestOptions,
    RunnerCore,
    failed,
    failed_turn_snapshot,
    is_async_tool,
    not_found,
    succeeded,
    tool_uses_of,
)

if TYPE_CHECKING:
    from .._client import Anthropic
    from ..streaming.beta import BetaMessageStream

__all__ = ["BetaStreamingToolRunner", "BetaToolRunner", "make_tool_runner"]

ItemT = TypeVar("ItemT")


class _SyncToolRunner(RunnerCore[BetaRunnableTool, ResponseFormatT], Generic[ItemT, ResponseFormatT]):
    def __init__(
        self,
        *,
        client: Anthropic,
        params: Mapping[str, Any],
        options: RequestOptions,
        tools: Iterable[BetaRunnableTool],
        max_iterations: int | None = None,
    ) -> None:
        tools = list(tools)
        for tool in tools:
            if is_async_tool(tool):
                raise TypeError(
                    f"Tool {tool.name!r} is asynchronous; use it with AsyncAnthropic, or make it a sync tool"
                )
        super().__init__(params=params, options=options, tools=tools, max_iterations=max_iterations)
        self._client = client
        self._open: ItemT | None = None

    # -- iteration --------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[ItemT]:
        return self

    def __next__(self) -> ItemT:
        if self._open is not None:
            self._end_turn()
        if self._tools_pending:
            self._answer_tools()
        if self._done:
            raise StopIteration
        item = self._begin_turn()  # on an API error nothing has changed: the next call retries this turn
        self._open = item
        return item

    def until_done(self) -> ParsedBetaMessage[ResponseFormatT]:
        """Run the loop to its end and return the final message."""
        for _ in self:
            pass
        assert self._last_message is not None
        return self._last_message

    # -- tools ------------------------------------------------------------------------------------

    def generate_tool_call_response(self) -> BetaMessageParam | None:
        """The tool results for the latest assistant message (run once per turn, then cached), or None."""
        if self._cached_tool_call_response is None:
            self._cached_tool_call_response = self._run_tools(self._current_message())
        return self._cached_tool_call_response

    def _run_tools(self, message: ParsedBetaMessage[ResponseFormatT] | None) -> BetaMessageParam | None:
        uses = tool_uses_of(message)
        if not uses:
            return None
        results: list[BetaToolResultBlockParam] = []
        for use in uses:
            tool = self._tools_by_name.get(use["name"])
            if tool is None:
                results.append(not_found(use))
                continue
            try:
                results.append(succeeded(use, tool.call(use["input"])))
            except Exception as exc:
                results.append(failed(use, exc))
        return {"role": "user", "content": results}

    def _answer_tools(self) -> None:
        if self._messages_modified:  # the user appended messages: no auto-append, so no need to run tools
            self._close_turn(has_calls=bool(tool_uses_of(self._last_message)), response=None)
            return
        response = self.generate_tool_call_response()
        self._close_turn(has_calls=response is not None, response=response)

    # -- turns ------------------------------------------------------------------------------------

    def _current_message(self) -> ParsedBetaMessage[ResponseFormatT] | None:
        if self._open is not None:
            return self._final_message(self._open)
        return self._last_message

    def _end_turn(self) -> None:
        item, self._open = self._open, None
        assert item is not None
        try:
            message = self._final_message(item)
        finally:
            self._close(item)
        if not self._accepts(item, message):
            return
        self._turn_completed(message)

    def _begin_turn(self) -> ItemT:
        raise NotImplementedError

    def _final_message(self, item: ItemT) -> ParsedBetaMessage[ResponseFormatT]:
        raise NotImplementedError

    def _close(self, item: ItemT) -> None:
        pass

    def _accepts(self, item: ItemT, message: ParsedBetaMessage[ResponseFormatT]) -> bool:
        return True


class BetaToolRunner(_SyncToolRunner[ParsedBetaMessage[ResponseFormatT], ResponseFormatT]):
    """Yields each turn's `ParsedBetaMessage` (from `client.beta.messages.parse`).

    After each turn the tools the model called are run (an unknown tool or a raising tool becomes an
    `is_error` result) and the turn plus its results are appended to `messages`, unless you called
    `append_messages` during the turn. The loop ends when a turn calls no tool or after `max_iterations`
    turns. If a request fails, the error is raised, `messages` still holds every completed turn and result,
    and iterating again sends the failed turn again (tools are not re-run).
    """

    def _begin_turn(self) -> ParsedBetaMessage[ResponseFormatT]:
        message: ParsedBetaMessage[ResponseFormatT] = self._client.beta.messages.parse(
            **self._request_kwargs()
        )
        return message

    def _final_message(self, item: ParsedBetaMessage[ResponseFormatT]) -> ParsedBetaMessage[ResponseFormatT]:
        return item


class BetaStreamingToolRunner(_SyncToolRunner["BetaMessageStream[ResponseFormatT]", ResponseFormatT]):
    """Yields each turn's open `BetaMessageStream`; what the caller leaves unread is read before going on."""

    def _begin_turn(self) -> BetaMessageStream[ResponseFormatT]:
        manager = self._client.beta.messages.stream(**self._request_kwargs())
        stream: BetaMessageStream[ResponseFormatT] = manager.__enter__()
        return stream

    def _final_message(self, item: BetaMessageStream[ResponseFormatT]) -> ParsedBetaMessage[ResponseFormatT]:
        snapshot: ParsedBetaMessage[ResponseFormatT] | None = failed_turn_snapshot(item)
        if snapshot is not None:
            return snapshot
        message: ParsedBetaMessage[ResponseFormatT] = item.get_final_message()
        return message

    def _close(self, item: BetaMessageStream[ResponseFormatT]) -> None:
        item.close()

    def _accepts(
        self, item: BetaMessageStream[ResponseFormatT], message: ParsedBetaMessage[ResponseFormatT]
    ) -> bool:
        return not self._turn_is_incomplete(message, item.response.request)

    def close(self) -> None:
        """Release the connection of a turn left open (e.g. after `break`); safe to call twice."""
        item, self._open = self._open, None
        if item is not None:
            item.close()


def make_tool_runner(
    client: Anthropic,
    *,
    params: Mapping[str, Any],
    options: RequestOptions,
    tools: Iterable[BetaRunnableTool],
    max_iterations: int | None,
    stream: bool,
) -> BetaToolRunner[Any] | BetaStreamingToolRunner[Any]:
    """What `client.beta.messages.tool_runner(...)` returns (`stream=True` → the streaming runner)."""
    runner_cls = BetaStreamingToolRunner if stream else BetaToolRunner
    return runner_cls(
        client=client, params=params, options=options, tools=tools, max_iterations=max_iterations
    )
