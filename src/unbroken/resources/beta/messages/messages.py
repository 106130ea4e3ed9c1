"""`client.beta.messages`: create, parse (structured outputs), stream and count_tokens, with every beta param.

Every call goes to `/v1/messages?beta=true` with the caller's `betas` (plus the automatic ones) in the
`anthropic-beta` header. The argument checks, long-request guard and deprecation warnings are the non-beta
ones (`resources/messages/messages.py`); requests are built by the pure `_*_spec` functions below, so the
sync and async classes differ only in `await`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Optional, Union, cast, overload

from ...._request import RequestSpec, request_spec
from ...._resource import AsyncAPIResource, SyncAPIResource
from ...._types import Headers, NotGiven, Omit, Query, SequenceNotStr, not_given, omit
from ....tools._methods import async_tool_runner, sync_tool_runner
from ....types.anthropic_beta_param import AnthropicBetaParam
from ....types.beta.content_params import BetaTextBlockParam
from ....types.beta.message import (
    BetaMessage,
    BetaMessageParam,
    BetaMessageTokensCount,
    BetaMetadataParam,
    BetaThinkingConfigParam,
)
from ....types.beta.parsed_beta_message import ParsedBetaMessage, ResponseFormatT
from ....types.beta.request_options import (
    BetaContainerParams,
    BetaContextManagementConfigParam,
    BetaJSONOutputFormatParam,
    BetaRequestMCPServerURLDefinitionParam,
)
from ....types.beta.stream_events import BetaRawMessageStreamEvent
from ....types.beta.tools import BetaToolChoiceParam, BetaToolUnionParam
from ....types.message import ModelParam
from ...messages.messages import TimeoutArg, check_create_args, create_timeout, message_body
from ...models import beta_header

if TYPE_CHECKING:
    from ....streaming.beta import BetaAsyncMessageStreamManager, BetaMessageStreamManager
    from ....streaming.stream import AsyncStream, Stream
    from .batches import AsyncBatches, Batches

__all__ = ["AsyncMessages", "Messages"]

# `?beta=true` goes in the params, not the path: a query written in the path is dropped by httpx as soon as
# the request has any params (extra_query, the client's default_query).
_BETA_QUERY = {"beta": "true"}
_MESSAGES = "/v1/messages"
_COUNT_TOKENS = "/v1/messages/count_tokens"
TOKEN_COUNTING_BETA = "token-counting-2024-11-01"  # sent by the reference on every beta count_tokens


# -- pure request building, shared by the sync and async classes -----------------------------------------


def _is_output_type(output_format: object) -> bool:
    """A Python type to build a schema from (not a JSON-schema dict, None, or left out)."""
    return output_format is not None and not isinstance(output_format, (Mapping, NotGiven, Omit))


def _reject_output_type(output_format: object) -> None:
    """`create()` sends `output_format` as given, so a type there is a mistake: say where it belongs."""
    if not _is_output_type(output_format):
        return
    from ....lib._parse._response import is_model_class

    what = "a `BaseModel` class" if is_model_class(output_format) else f"a type ({output_format!r})"
    raise TypeError(
        f"You tried to pass {what} to `beta.messages.create()`; You must use `beta.messages.parse()` instead"
    )


def _output_format(body: dict[str, object], output_format: object) -> tuple[str, ...]:
    """Put the JSON schema of an `output_format` type in the body; return the betas that requires."""
    if not _is_output_type(output_format):
        return ()
    from ....lib._parse._response import STRUCTURED_OUTPUTS_BETA, output_format_param

    body["output_format"] = output_format_param(output_format)
    return (STRUCTURED_OUTPUTS_BETA,)


@dataclass(frozen=True)
class _Options:
    """The per-call arguments every method takes besides its body."""

    betas: Iterable[str] | Omit
    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Mapping[str, object] | None
    timeout: TimeoutArg


def _spec(
    path: str, body: dict[str, object], headers: dict[str, str], options: _Options, timeout: TimeoutArg
) -> RequestSpec:
    return request_spec(
        "post", path, body=body, params=_BETA_QUERY, headers=headers, extra_headers=options.extra_headers,
        extra_query=options.extra_query, extra_body=options.extra_body, timeout=timeout,
    )  # fmt: skip


def _create_spec(client_timeout: object, body: dict[str, object], options: _Options) -> RequestSpec:
    max_tokens, model = cast(int, body["max_tokens"]), str(body["model"])
    timeout = create_timeout(client_timeout, options.timeout, body.get("stream"), max_tokens, model)
    return _spec(_MESSAGES, body, beta_header(options.betas), options, timeout)


def _parse_spec(
    client_timeout: object, body: dict[str, object], output_format: object, options: _Options, stream: object
) -> tuple[RequestSpec, Any]:
    """The request of `parse()` and what its body is validated as (`ParsedBetaMessage[T]`, text parsed)."""
    from ....lib._parse._response import STRUCTURED_OUTPUTS_BETA, parsed_message_type

    if stream is True:  # the reference takes the parameter, then fails reading the stream as one message
        raise TypeError("parse() returns the whole message; use beta.messages.stream(output_format=...)")
    if stream is False:
        body["stream"] = False
    if _is_output_type(output_format):
        _output_format(body, output_format)
    elif not isinstance(output_format, (NotGiven, Omit)):
        body["output_format"] = output_format  # None, or a JSON-schema dict: sent as given, nothing to parse
    headers = {
        "X-Stainless-Helper": "beta.messages.parse",
        **beta_header(options.betas, STRUCTURED_OUTPUTS_BETA),
    }
    max_tokens, model = cast(int, body["max_tokens"]), str(body["model"])
    timeout = create_timeout(client_timeout, options.timeout, False, max_tokens, model)
    spec = _spec(_MESSAGES, body, headers, options, timeout)
    return spec, parsed_message_type(output_format if _is_output_type(output_format) else None)


def _stream_spec(body: dict[str, object], output_format: object, options: _Options) -> RequestSpec:
    automatic = _output_format(body, output_format)
    headers = {"X-Stainless-Stream-Helper": "beta.messages", **beta_header(options.betas, *automatic)}
    return _spec(_MESSAGES, body, headers, options, options.timeout)


def _count_tokens_spec(body: dict[str, object], output_format: object, options: _Options) -> RequestSpec:
    # A type is accepted too (the reference would fail to encode it): counts what `parse()` would send.
    automatic = _output_format(body, output_format)
    headers = beta_header(options.betas, *automatic, TOKEN_COUNTING_BETA)
    return _spec(_COUNT_TOKENS, body, headers, options, options.timeout)


def _stream_output_format(output_format: object) -> Any:
    return output_format if _is_output_type(output_format) else not_given


Container = Union[BetaContainerParams, str, None]
System = Union[str, Iterable[BetaTextBlockParam]]


class Messages(SyncAPIResource):
    tool_runner = sync_tool_runner  # the tool-use loop (unbroken.tools); returns a BetaToolRunner

    @cached_property
    def batches(self) -> Batches:
        from .batches import Batches

        return Batches(self._client)

    @overload
    def create(
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
    def create(
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
    ) -> Stream[BetaRawMessageStreamEvent]: ...
    @overload
    def create(
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
    ) -> BetaMessage | Stream[BetaRawMessageStreamEvent]: ...
    def create(
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
    ) -> BetaMessage | Stream[BetaRawMessageStreamEvent]:
        """Send a conversation and get the next assistant message (or a stream of its raw events)."""
        _reject_output_type(output_format)
        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container,
            context_management=context_management, mcp_servers=mcp_servers, metadata=metadata,
            output_format=output_format, service_tier=service_tier, stop_sequences=stop_sequences,
            stream=stream, system=system, temperature=temperature, thinking=thinking, tool_choice=tool_choice,
            tools=tools, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = _create_spec(self._client.timeout, body, options)
        if stream is True:
            from ....streaming.stream import Stream

            raw: Stream[BetaRawMessageStreamEvent] = self._client.request(
                BetaRawMessageStreamEvent, spec, stream=True, stream_cls=Stream
            )
            return raw
        message: BetaMessage = self._client.request(BetaMessage, spec)
        return message

    def parse(
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
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec, cast_to = _parse_spec(self._client.timeout, body, output_format, options, stream)
        try:
            parsed: ParsedBetaMessage[ResponseFormatT] = self._client.request(cast_to, spec)
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
    ) -> BetaMessageStreamManager[ResponseFormatT]:
        """A context manager that sends the request on enter and yields a `BetaMessageStream[T]`.

        `output_format` may be a type (parsed into `parsed_output` as blocks finish) or, passed through as
        is, a JSON-schema `output_format` dict.
        """
        from ....streaming.beta import BetaMessageStreamManager
        from ....streaming.stream import Stream

        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container,
            context_management=context_management, mcp_servers=mcp_servers, metadata=metadata,
            output_format=output_format, service_tier=service_tier, stop_sequences=stop_sequences,
            stream=True, system=system, temperature=temperature, thinking=thinking, tool_choice=tool_choice,
            tools=tools, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = _stream_spec(body, output_format, options)

        def make_request() -> Stream[BetaRawMessageStreamEvent]:
            raw: Stream[BetaRawMessageStreamEvent] = self._client.request(
                BetaRawMessageStreamEvent, spec, stream=True, stream_cls=Stream
            )
            return raw

        return BetaMessageStreamManager(make_request, output_format=_stream_output_format(output_format))

    def count_tokens(
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
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = _count_tokens_spec(body, output_format, options)
        result: BetaMessageTokensCount = self._client.request(BetaMessageTokensCount, spec)
        return result


class AsyncMessages(AsyncAPIResource):
    tool_runner = async_tool_runner  # a plain def returning a BetaAsyncToolRunner (unbroken.tools)

    @cached_property
    def batches(self) -> AsyncBatches:
        from .batches import AsyncBatches

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
        _reject_output_type(output_format)
        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container,
            context_management=context_management, mcp_servers=mcp_servers, metadata=metadata,
            output_format=output_format, service_tier=service_tier, stop_sequences=stop_sequences,
            stream=stream, system=system, temperature=temperature, thinking=thinking, tool_choice=tool_choice,
            tools=tools, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = _create_spec(self._client.timeout, body, options)
        if stream is True:
            from ....streaming.stream import AsyncStream

            raw: AsyncStream[BetaRawMessageStreamEvent] = await self._client.request(
                BetaRawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
            )
            return raw
        message: BetaMessage = await self._client.request(BetaMessage, spec)
        return message

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
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec, cast_to = _parse_spec(self._client.timeout, body, output_format, options, stream)
        try:
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
        """Not a coroutine: returns a manager for `async with`, which sends the request on enter.

        `output_format` may be a type (parsed into `parsed_output` as blocks finish) or, passed through as
        is, a JSON-schema `output_format` dict.
        """
        from ....streaming.beta import BetaAsyncMessageStreamManager
        from ....streaming.stream import AsyncStream

        check_create_args(max_tokens, messages, model)
        body = message_body(
            max_tokens=max_tokens, messages=messages, model=model, container=container,
            context_management=context_management, mcp_servers=mcp_servers, metadata=metadata,
            output_format=output_format, service_tier=service_tier, stop_sequences=stop_sequences,
            stream=True, system=system, temperature=temperature, thinking=thinking, tool_choice=tool_choice,
            tools=tools, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = _stream_spec(body, output_format, options)

        async def make_request() -> AsyncStream[BetaRawMessageStreamEvent]:
            raw: AsyncStream[BetaRawMessageStreamEvent] = await self._client.request(
                BetaRawMessageStreamEvent, spec, stream=True, stream_cls=AsyncStream
            )
            return raw

        return BetaAsyncMessageStreamManager(make_request, output_format=_stream_output_format(output_format))

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
        options = _Options(betas, extra_headers, extra_query, extra_body, timeout)
        spec = _count_tokens_spec(body, output_format, options)
        result: BetaMessageTokensCount = await self._client.request(BetaMessageTokensCount, spec)
        return result
