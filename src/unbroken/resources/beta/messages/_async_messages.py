# Source of _sync_messages.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta.messages`: create, parse (structured outputs), stream and count_tokens, with every beta param.

Every call goes to `/v1/messages?beta=true` with the caller's `betas` (plus the automatic ones) in the
`anthropic-beta` header. Requests are built by the pure functions of `_shared.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Optional, overload

from ...._async_response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from ...._concurrency import adeferred
from ...._resource import AsyncAPIResource
from ...._types import Headers, Omit, Query, SequenceNotStr, not_given, omit
from ....tools._async_methods import async_tool_runner
from ....types.anthropic_beta_param import AnthropicBetaParam
from ....types.beta.message import (
    BetaMessage,
    BetaMessageParam,
    BetaMessageTokensCount,
    BetaMetadataParam,
    BetaThinkingConfigParam,
)
from ....types.beta.parsed_beta_message import ParsedBetaMessage, ResponseFormatT
from ....types.beta.request_options import (
    BetaContextManagementConfigParam,
    BetaJSONOutputFormatParam,
    BetaRequestMCPServerURLDefinitionParam,
)
from ....types.beta.stream_events import BetaRawMessageStreamEvent
from ....types.beta.tools import BetaToolChoiceParam, BetaToolUnionParam
from ....types.message import ModelParam
from ..._shared import TimeoutArg, check_create_args, message_body, stream_if_long, with_request_id
from ._shared import (
    Container,
    Options,
    System,
    count_tokens_spec,
    create_spec,
    parse_spec,
    plain_message,
    stream_output_format,
    stream_spec,
    validate_output_format,
)

if TYPE_CHECKING:
    from ...._request import RequestSpec
    from ....streaming._async_stream import AsyncStream
    from ....streaming.beta import BetaAsyncMessageStreamManager
    from .batches import AsyncBatches, AsyncBatchesWithRawResponse, AsyncBatchesWithStreamingResponse

__all__ = [
    "AsyncMessages",
    "AsyncMessagesWithRawResponse",
    "AsyncMessagesWithStreamingResponse",
]


class AsyncMessages(AsyncAPIResource["AsyncMessagesWithRawResponse", "AsyncMessagesWithStreamingResponse"]):
    tool_runner = async_tool_runner  # the tool-use loop (unbroken.tools); returns a BetaAsyncToolRunner

    @cached_property
    def batches(self) -> AsyncBatches:
        from ._async_batches import AsyncBatches

        return AsyncBatches(self._client)

    @overload
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[BetaMessageParam],
        model: ModelParam,
        container: Container | Omit = omit,
        context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
        mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
        metadata: BetaMetadataParam | Omit = omit,
        output_format: Optional[BetaJSONOutputFormatParam] | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        stream: Literal[False] | Omit = omit,
        system: System | Omit = omit,
        temperature: float | Omit = omit,
        thinking: BetaThinkingConfigParam | Omit = omit,
        tool_choice: BetaToolChoiceParam | Omit = omit,
        tools: Iterable[BetaToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: list[AnthropicBetaParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaMessage: ...
    @overload
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[BetaMessageParam],
        model: ModelParam,
        stream: Literal[True],
        container: Container | Omit = omit,
        context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
        mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
        metadata: BetaMetadataParam | Omit = omit,
        output_format: Optional[BetaJSONOutputFormatParam] | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        system: System | Omit = omit,
        temperature: float | Omit = omit,
        thinking: BetaThinkingConfigParam | Omit = omit,
        tool_choice: BetaToolChoiceParam | Omit = omit,
        tools: Iterable[BetaToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: list[AnthropicBetaParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncStream[BetaRawMessageStreamEvent]: ...
    @overload
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[BetaMessageParam],
        model: ModelParam,
        stream: bool,
        container: Container | Omit = omit,
        context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
        mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
        metadata: BetaMetadataParam | Omit = omit,
        output_format: Optional[BetaJSONOutputFormatParam] | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        system: System | Omit = omit,
        temperature: float | Omit = omit,
        thinking: BetaThinkingConfigParam | Omit = omit,
        tool_choice: BetaToolChoiceParam | Omit = omit,
        tools: Iterable[BetaToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: list[AnthropicBetaParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaMessage | AsyncStream[BetaRawMessageStreamEvent]: ...
    async def create(
        self,
        *,
        max_tokens: int,
        messages: Iterable[BetaMessageParam],
        model: ModelParam,
        container: Container | Omit = omit,
        context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
        mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
        metadata: BetaMetadataParam | Omit = omit,
        output_format: Optional[BetaJSONOutputFormatParam] | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        stream: bool | Omit = omit,
        system: System | Omit = omit,
        temperature: float | Omit = omit,
        thinking: BetaThinkingConfigParam | Omit = omit,
        tool_choice: BetaToolChoiceParam | Omit = omit,
        tools: Iterable[BetaToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: list[AnthropicBetaParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaMessage | AsyncStream[BetaRawMessageStreamEvent]:
        """Send a conversation and get the next assistant message (or a stream of its raw events)."""
        validate_output_format(output_format)
        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container,
            context_management=context_management, mcp_servers=mcp_servers, metadata=metadata,
            output_format=output_format, service_tier=service_tier, stop_sequences=stop_sequences,
            stream=stream, system=system, temperature=temperature, thinking=thinking, tool_choice=tool_choice,
            tools=tools, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        streamed = stream_if_long(self._client, body, extra_headers)
        options = Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = create_spec(self._client.timeout, body, options)
        if streamed:  # `stream_long_requests`: the same message
            return plain_message(await self._read_whole(spec, None))
        if stream is True:
            from ....streaming._async_stream import AsyncStream

            raw: AsyncStream[BetaRawMessageStreamEvent] = await self._client.request(
                BetaRawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
            )
            return raw
        message: BetaMessage = await self._client.request(BetaMessage, spec)
        return message

    async def _read_whole(self, spec: RequestSpec, output_format: Any) -> ParsedBetaMessage[Any]:
        """A request streamed under the hood (`stream_long_requests`) and read whole, with the `_request_id`
        a non-streaming call's answer has; `output_format` as `BetaAsyncMessageStream` takes it."""
        from ....streaming._async_stream import AsyncStream
        from ....streaming.beta import BetaAsyncMessageStream

        raw: AsyncStream[BetaRawMessageStreamEvent] = await self._client.request(
            BetaRawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
        )
        async with BetaAsyncMessageStream(raw, output_format) as whole:
            return with_request_id(await whole.get_final_message(), raw)

    async def parse(
        self,
        *,
        max_tokens: int,
        messages: Iterable[BetaMessageParam],
        model: ModelParam,
        container: Container | Omit = omit,
        context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
        mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
        metadata: BetaMetadataParam | Omit = omit,
        output_format: Optional[type[ResponseFormatT]] | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        stream: Literal[False] | Literal[True] | Omit = omit,
        system: System | Omit = omit,
        temperature: float | Omit = omit,
        thinking: BetaThinkingConfigParam | Omit = omit,
        tool_choice: BetaToolChoiceParam | Omit = omit,
        tools: Iterable[BetaToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: list[AnthropicBetaParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> ParsedBetaMessage[ResponseFormatT]:
        """Structured outputs: the reply's text blocks parsed into `output_format` (`parsed_output`).

        A reply whose text does not match is an `APIResponseValidationError` (cause: pydantic's error,
        `partial_message`: the message as received).
        """
        from ...._exceptions import APIResponseValidationError
        from ....lib._parse._response import raise_output_mismatch

        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container,
            context_management=context_management, mcp_servers=mcp_servers, metadata=metadata,
            service_tier=service_tier, stop_sequences=stop_sequences, system=system, temperature=temperature,
            thinking=thinking, tool_choice=tool_choice, tools=tools, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        options = Options(betas, extra_headers, extra_query, extra_body, timeout)
        streamed = stream_if_long(self._client, body, extra_headers)
        spec, cast_to = parse_spec(self._client.timeout, body, output_format, options, stream)
        try:
            if streamed:  # `stream_long_requests`: the same parsed message
                return await self._read_whole(spec, stream_output_format(output_format))
            parsed: ParsedBetaMessage[ResponseFormatT] = await self._client.request(cast_to, spec)
        except APIResponseValidationError as err:
            raise_output_mismatch(err)
            raise
        return parsed

    def stream(
        self,
        *,
        max_tokens: int,
        messages: Iterable[BetaMessageParam],
        model: ModelParam,
        container: Container | Omit = omit,
        context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
        mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
        metadata: BetaMetadataParam | Omit = omit,
        output_format: Optional[type[ResponseFormatT]] | Omit = omit,
        service_tier: Literal["auto", "standard_only"] | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        system: System | Omit = omit,
        temperature: float | Omit = omit,
        thinking: BetaThinkingConfigParam | Omit = omit,
        tool_choice: BetaToolChoiceParam | Omit = omit,
        tools: Iterable[BetaToolUnionParam] | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: list[AnthropicBetaParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaAsyncMessageStreamManager[ResponseFormatT]:
        """A context manager that sends the request on enter and yields a `BetaAsyncMessageStream[T]`.

        `output_format` may be a type (parsed into `parsed_output` as blocks finish) or, passed through as
        is, a JSON-schema `output_format` dict.
        """
        from ....streaming._async_stream import AsyncStream
        from ....streaming.beta import BetaAsyncMessageStreamManager

        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container,
            context_management=context_management, mcp_servers=mcp_servers, metadata=metadata,
            output_format=output_format, service_tier=service_tier, stop_sequences=stop_sequences,
            stream=True, system=system, temperature=temperature, thinking=thinking, tool_choice=tool_choice,
            tools=tools, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        options = Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = stream_spec(body, output_format, options)

        api_request = adeferred(
            self._client.request, BetaRawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
        )
        return BetaAsyncMessageStreamManager(api_request, output_format=stream_output_format(output_format))

    async def count_tokens(
        self,
        *,
        messages: Iterable[BetaMessageParam],
        model: ModelParam,
        context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
        mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
        output_format: Optional[BetaJSONOutputFormatParam] | Omit = omit,
        system: System | Omit = omit,
        thinking: BetaThinkingConfigParam | Omit = omit,
        tool_choice: BetaToolChoiceParam | Omit = omit,
        tools: Iterable[BetaToolUnionParam] | Omit = omit,
        betas: list[AnthropicBetaParam] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaMessageTokensCount:
        """Count the input tokens a request would use, without creating a message."""
        body = message_body(
            messages=messages, model=model, context_management=context_management, mcp_servers=mcp_servers,
            output_format=output_format, system=system, thinking=thinking, tool_choice=tool_choice,
            tools=tools,
        )  # fmt: skip
        options = Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = count_tokens_spec(body, output_format, options)
        result: BetaMessageTokensCount = await self._client.request(BetaMessageTokensCount, spec)
        return result


class AsyncMessagesWithRawResponse:
    def __init__(self, messages: AsyncMessages) -> None:
        self._messages = messages
        self.create = async_to_raw_response_wrapper(messages.create)
        self.parse = async_to_raw_response_wrapper(messages.parse)
        self.count_tokens = async_to_raw_response_wrapper(messages.count_tokens)

    @cached_property
    def batches(self) -> AsyncBatchesWithRawResponse:
        return self._messages.batches.with_raw_response


class AsyncMessagesWithStreamingResponse:
    def __init__(self, messages: AsyncMessages) -> None:
        self._messages = messages
        self.create = async_to_streamed_response_wrapper(messages.create)
        self.parse = async_to_streamed_response_wrapper(messages.parse)
        self.count_tokens = async_to_streamed_response_wrapper(messages.count_tokens)

    @cached_property
    def batches(self) -> AsyncBatchesWithStreamingResponse:
        return self._messages.batches.with_streaming_response


AsyncMessages._views = (AsyncMessagesWithRawResponse, AsyncMessagesWithStreamingResponse)
