# Source of _sync_messages.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.messages`: create (plain or `stream=True`), the `stream()` helper, and count_tokens.

Arguments are checked and the body built by the pure functions of `resources/_shared.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Literal, overload

from ..._request import request_spec
from ..._resource import AsyncAPIResource
from ..._types import Headers, Omit, Query, not_given, omit
from ...types.message import Message, ModelParam
from .._shared import (
    TimeoutArg,
    check_create_args,
    create_timeout,
    message_body,
    stream_if_long,
    with_request_id,
)

if TYPE_CHECKING:
    # Only the response types a call needs load at run time (in the methods): a first `create` does not
    # pay for the stream event models or the params (TypedDicts: annotations only).
    from ..._types import SequenceNotStr
    from ...streaming._async_stream import AsyncMessageStreamManager, AsyncStream
    from ...types.content_params import TextBlockParam
    from ...types.message_params import MessageParam, MetadataParam, ThinkingConfigParam
    from ...types.message_tokens_count import MessageTokensCount
    from ...types.stream_events import RawMessageStreamEvent
    from ...types.tools import MessageCountTokensToolParam, ToolChoiceParam, ToolUnionParam
    from ._async_batches import AsyncBatches, AsyncBatchesWithRawResponse, AsyncBatchesWithStreamingResponse

__all__ = [
    "AsyncMessages",
    "AsyncMessagesWithRawResponse",
    "AsyncMessagesWithStreamingResponse",
]


class AsyncMessages(AsyncAPIResource["AsyncMessagesWithRawResponse", "AsyncMessagesWithStreamingResponse"]):
    @cached_property
    def batches(self) -> AsyncBatches:
        from ._async_batches import AsyncBatches

        return AsyncBatches(self._client)

    @overload
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[MessageParam],
        model: ModelParam,
        metadata: MetadataParam | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        stream: Literal[False] | Omit = omit,
        system: str | Iterable[TextBlockParam] | Omit = omit,
        temperature: float | Omit = omit,
        thinking: ThinkingConfigParam | Omit = omit,
        tool_choice: ToolChoiceParam | Omit = omit,
        tools: Iterable[ToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> Message: ...
    @overload
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[MessageParam],
        model: ModelParam,
        stream: Literal[True],
        metadata: MetadataParam | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        system: str | Iterable[TextBlockParam] | Omit = omit,
        temperature: float | Omit = omit,
        thinking: ThinkingConfigParam | Omit = omit,
        tool_choice: ToolChoiceParam | Omit = omit,
        tools: Iterable[ToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncStream[RawMessageStreamEvent]: ...
    @overload
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[MessageParam],
        model: ModelParam,
        stream: bool,
        metadata: MetadataParam | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        system: str | Iterable[TextBlockParam] | Omit = omit,
        temperature: float | Omit = omit,
        thinking: ThinkingConfigParam | Omit = omit,
        tool_choice: ToolChoiceParam | Omit = omit,
        tools: Iterable[ToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> Message | AsyncStream[RawMessageStreamEvent]: ...
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[MessageParam],
        model: ModelParam,
        metadata: MetadataParam | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        stream: bool | Omit = omit,
        system: str | Iterable[TextBlockParam] | Omit = omit,
        temperature: float | Omit = omit,
        thinking: ThinkingConfigParam | Omit = omit,
        tool_choice: ToolChoiceParam | Omit = omit,
        tools: Iterable[ToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> Message | AsyncStream[RawMessageStreamEvent]:
        """Send a conversation and get the next assistant message (or a stream of its events)."""
        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, metadata=metadata,
            service_tier=service_tier, stop_sequences=stop_sequences, stream=stream, system=system,
            temperature=temperature, thinking=thinking, tool_choice=tool_choice, tools=tools, top_k=top_k,
            top_p=top_p,
        )  # fmt: skip
        streamed = stream_if_long(self._client, body, extra_headers)
        spec = request_spec(
            "post", "/v1/messages", body=body, extra_headers=extra_headers, extra_query=extra_query,
            extra_body=extra_body,
            timeout=create_timeout(self._client.timeout, timeout, body.get("stream"), max_tokens, str(model)),
        )  # fmt: skip
        if stream is True or streamed:
            from ...streaming._async_stream import AsyncMessageStream, AsyncStream
            from ...types.stream_events import RawMessageStreamEvent

            raw: AsyncStream[RawMessageStreamEvent] = await self._client.request(
                RawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
            )
            if not streamed:
                return raw
            async with AsyncMessageStream(raw) as whole:  # `stream_long_requests`: the same Message
                return with_request_id(await whole.get_final_message(), raw)
        message: Message = await self._client.request(Message, spec)
        return message

    def stream(
        self,
        *,
        max_tokens: int,
        messages: Iterable[MessageParam],
        model: ModelParam,
        metadata: MetadataParam | Omit = omit,
        container: str | Omit | None = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        system: str | Iterable[TextBlockParam] | Omit = omit,
        temperature: float | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        thinking: ThinkingConfigParam | Omit = omit,
        tool_choice: ToolChoiceParam | Omit = omit,
        tools: Iterable[ToolUnionParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncMessageStreamManager:
        """A context manager that sends the request on enter and yields a `MessageStream`."""
        from ..._concurrency import adeferred
        from ...streaming._async_stream import AsyncMessageStreamManager, AsyncStream
        from ...types.stream_events import RawMessageStreamEvent

        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container, metadata=metadata,
            service_tier=service_tier, stop_sequences=stop_sequences, stream=True, system=system,
            temperature=temperature, thinking=thinking, tool_choice=tool_choice, tools=tools, top_k=top_k,
            top_p=top_p,
        )  # fmt: skip
        spec = request_spec(
            "post", "/v1/messages", body=body,
            headers={"X-Stainless-Stream-Helper": "messages"},
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )  # fmt: skip

        return AsyncMessageStreamManager(
            adeferred(self._client.request, RawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream)
        )

    async def count_tokens(
        self,
        *,
        messages: Iterable[MessageParam],
        model: ModelParam,
        system: str | Iterable[TextBlockParam] | Omit = omit,
        thinking: ThinkingConfigParam | Omit = omit,
        tool_choice: ToolChoiceParam | Omit = omit,
        tools: Iterable[MessageCountTokensToolParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> MessageTokensCount:
        """Count the input tokens a request would use, without creating a message."""
        from ...types.message_tokens_count import MessageTokensCount

        body = message_body(
            messages=messages,
            model=model,
            system=system,
            thinking=thinking,
            tool_choice=tool_choice,
            tools=tools,
        )
        spec = request_spec(
            "post", "/v1/messages/count_tokens", body=body, extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )  # fmt: skip
        result: MessageTokensCount = await self._client.request(MessageTokensCount, spec)
        return result


class AsyncMessagesWithRawResponse:
    def __init__(self, messages: AsyncMessages) -> None:
        from ..._async_response import async_to_raw_response_wrapper  # not loaded by a first plain call

        self._messages = messages
        self.create = async_to_raw_response_wrapper(messages.create)
        self.count_tokens = async_to_raw_response_wrapper(messages.count_tokens)

    @cached_property
    def batches(self) -> AsyncBatchesWithRawResponse:
        return self._messages.batches.with_raw_response


class AsyncMessagesWithStreamingResponse:
    def __init__(self, messages: AsyncMessages) -> None:
        from ..._async_response import async_to_streamed_response_wrapper

        self._messages = messages
        self.create = async_to_streamed_response_wrapper(messages.create)
        self.count_tokens = async_to_streamed_response_wrapper(messages.count_tokens)

    @cached_property
    def batches(self) -> AsyncBatchesWithStreamingResponse:
        return self._messages.batches.with_streaming_response


AsyncMessages._views = (AsyncMessagesWithRawResponse, AsyncMessagesWithStreamingResponse)
