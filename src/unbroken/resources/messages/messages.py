"""`client.messages`: create (plain or `stream=True`), the `stream()` helper, and count_tokens.

Arguments are checked and the body built by shared pure functions, so the sync and async classes differ only
in `await`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Literal, Union, overload

from ..._constants import DEFAULT_TIMEOUT
from ..._request import check_deprecated_model, drop_unset, nonstreaming_timeout, request_spec
from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._types import Headers, NotGiven, Omit, Query, SequenceNotStr, TimeoutTypes, not_given, omit
from ...types.content import TextBlockParam
from ...types.message import (
    Message,
    MessageParam,
    MessageTokensCount,
    MetadataParam,
    ModelParam,
    ThinkingConfigParam,
)

if TYPE_CHECKING:
    # Only the response types a call needs load at run time (in the methods): a first `create` does not
    # pay for the stream event models or the tool params.
    from ...streaming.stream import AsyncMessageStreamManager, AsyncStream, MessageStreamManager, Stream
    from ...types.stream_events import RawMessageStreamEvent
    from ...types.tools import MessageCountTokensToolParam, ToolChoiceParam, ToolUnionParam
    from .batches import AsyncBatches, Batches

__all__ = ["AsyncMessages", "Messages"]

TimeoutArg = Union[TimeoutTypes, NotGiven]


def check_create_args(max_tokens: object, messages: object, model: object) -> None:
    """Catch the mistakes a type checker would, before anything is sent."""
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
        raise TypeError(f"`max_tokens` must be an int, got {type(max_tokens).__name__}")
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(messages, Iterable):
        raise TypeError(f"`messages` must be a list of message dicts, got {type(messages).__name__}")
    if not isinstance(model, str):
        raise TypeError(f"`model` must be a str, got {type(model).__name__}")
    check_deprecated_model(model)


def message_body(**params: object) -> dict[str, object]:
    """The JSON body: given parameters only; `messages` materialised so retries can re-send it."""
    body = drop_unset(params)
    messages = body.get("messages")
    if messages is not None and not isinstance(messages, list):
        body["messages"] = list(messages)  # type: ignore[call-overload]
    return body


def create_timeout(
    client_timeout: object, timeout: TimeoutArg, stream: object, max_tokens: int, model: str
) -> TimeoutArg:
    """The long-request guard: only when neither the caller nor the client chose a timeout."""
    if stream is True or not isinstance(timeout, NotGiven) or client_timeout != DEFAULT_TIMEOUT:
        return timeout
    return nonstreaming_timeout(max_tokens, model)


class Messages(SyncAPIResource):
    @cached_property
    def batches(self) -> Batches:
        from .batches import Batches

        return Batches(self._client)

    @overload
    def create(
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
    def create(
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
    ) -> Stream[RawMessageStreamEvent]: ...
    @overload
    def create(
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
    ) -> Message | Stream[RawMessageStreamEvent]: ...
    def create(
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
    ) -> Message | Stream[RawMessageStreamEvent]:
        """Send a conversation and get the next assistant message (or a stream of its events)."""
        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, metadata=metadata,
            service_tier=service_tier, stop_sequences=stop_sequences, stream=stream, system=system,
            temperature=temperature, thinking=thinking, tool_choice=tool_choice, tools=tools, top_k=top_k,
            top_p=top_p,
        )  # fmt: skip
        spec = request_spec(
            "post", "/v1/messages", body=body, extra_headers=extra_headers, extra_query=extra_query,
            extra_body=extra_body,
            timeout=create_timeout(self._client.timeout, timeout, stream, max_tokens, str(model)),
        )  # fmt: skip
        if stream is True:
            from ...streaming.stream import Stream
            from ...types.stream_events import RawMessageStreamEvent

            raw: Stream[RawMessageStreamEvent] = self._client.request(
                RawMessageStreamEvent, spec, stream=True, stream_cls=Stream
            )
            return raw
        message: Message = self._client.request(Message, spec)
        return message

    def stream(
        self,
        *,
        max_tokens: int,
        messages: Iterable[MessageParam],
        model: ModelParam,
        container: str | Omit | None = omit,
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
    ) -> MessageStreamManager:
        """A context manager that sends the request on enter and yields a `MessageStream`."""
        from ...streaming.stream import MessageStreamManager, Stream
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

        def make_request() -> Stream[RawMessageStreamEvent]:
            raw: Stream[RawMessageStreamEvent] = self._client.request(
                RawMessageStreamEvent, spec, stream=True, stream_cls=Stream
            )
            return raw

        return MessageStreamManager(make_request)

    def count_tokens(
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
        result: MessageTokensCount = self._client.request(MessageTokensCount, spec)
        return result


class AsyncMessages(AsyncAPIResource):
    @cached_property
    def batches(self) -> AsyncBatches:
        from .batches import AsyncBatches

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
        spec = request_spec(
            "post", "/v1/messages", body=body, extra_headers=extra_headers, extra_query=extra_query,
            extra_body=extra_body,
            timeout=create_timeout(self._client.timeout, timeout, stream, max_tokens, str(model)),
        )  # fmt: skip
        if stream is True:
            from ...streaming.stream import AsyncStream
            from ...types.stream_events import RawMessageStreamEvent

            raw: AsyncStream[RawMessageStreamEvent] = await self._client.request(
                RawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
            )
            return raw
        message: Message = await self._client.request(Message, spec)
        return message

    def stream(
        self,
        *,
        max_tokens: int,
        messages: Iterable[MessageParam],
        model: ModelParam,
        container: str | Omit | None = omit,
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
    ) -> AsyncMessageStreamManager:
        """Not a coroutine: returns a manager used with `async with`, which sends the request on enter."""
        from ...streaming.stream import AsyncMessageStreamManager, AsyncStream
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

        async def make_request() -> AsyncStream[RawMessageStreamEvent]:
            raw: AsyncStream[RawMessageStreamEvent] = await self._client.request(
                RawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
            )
            return raw

        return AsyncMessageStreamManager(make_request)

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
