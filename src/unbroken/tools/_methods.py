"""`client.beta.messages.tool_runner(...)`, written once here and attached to the beta `Messages` classes.

The resource classes only say `tool_runner = sync_tool_runner` (and the async twin), so the beta messages
module stays about requests; the runner modules load on the first call. On `AsyncAnthropic` the method is a
plain `def` returning the runner (used with `async for`, never awaited), as in the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Optional, Union, overload

from .._request import drop_unset
from .._types import Headers, NotGiven, Omit, Query, SequenceNotStr, TimeoutTypes, not_given, omit
from ..types.beta.parsed_beta_message import ResponseFormatT

if TYPE_CHECKING:
    from .._resource import AsyncAPIResource, SyncAPIResource
    from ..types.anthropic_beta_param import AnthropicBetaParam
    from ..types.beta.content_params import BetaTextBlockParam
    from ..types.beta.message import BetaMessageParam, BetaMetadataParam, BetaThinkingConfigParam
    from ..types.beta.request_options import (
        BetaContainerParams,
        BetaContextManagementConfigParam,
        BetaRequestMCPServerURLDefinitionParam,
    )
    from ..types.beta.tools import BetaToolChoiceParam
    from ..types.message import ModelParam
    from ._async_runner import AnyTool, BetaAsyncStreamingToolRunner, BetaAsyncToolRunner
    from ._builtin import BetaRunnableTool
    from ._runner import BetaStreamingToolRunner, BetaToolRunner
    from ._runner_core import RequestOptions

__all__ = ["async_tool_runner", "sync_tool_runner"]

Container = Union["BetaContainerParams", str, None]
System = Union[str, Iterable["BetaTextBlockParam"]]
TimeoutArg = Union[TimeoutTypes, NotGiven]


def _split(arguments: dict[str, Any]) -> tuple[dict[str, Any], RequestOptions, Any, bool]:
    """(request params, request options, max_iterations, stream) from the method's arguments."""
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


@overload
def sync_tool_runner(
    self: SyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[BetaRunnableTool],
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    stream: Literal[False] | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaToolRunner[ResponseFormatT]: ...
@overload
def sync_tool_runner(
    self: SyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[BetaRunnableTool],
    stream: Literal[True],
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaStreamingToolRunner[ResponseFormatT]: ...
@overload
def sync_tool_runner(
    self: SyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[BetaRunnableTool],
    stream: bool,
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaToolRunner[ResponseFormatT] | BetaStreamingToolRunner[ResponseFormatT]: ...
def sync_tool_runner(
    self: SyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[BetaRunnableTool],
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    stream: bool | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaToolRunner[ResponseFormatT] | BetaStreamingToolRunner[ResponseFormatT]:
    """Run a tool-use conversation: each iteration is one API turn, tools are called for you in between.

    `stream=True` yields each turn's `BetaMessageStream` instead of its message. See `BetaToolRunner`.
    """
    params, options, iterations, streaming = _split(dict(locals()))
    from ._runner import make_tool_runner

    return make_tool_runner(
        self._client, params=params, options=options, tools=tools, max_iterations=iterations, stream=streaming
    )


@overload
def async_tool_runner(
    self: AsyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[AnyTool],
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    stream: Literal[False] | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaAsyncToolRunner[ResponseFormatT]: ...
@overload
def async_tool_runner(
    self: AsyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[AnyTool],
    stream: Literal[True],
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaAsyncStreamingToolRunner[ResponseFormatT]: ...
@overload
def async_tool_runner(
    self: AsyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[AnyTool],
    stream: bool,
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaAsyncToolRunner[ResponseFormatT] | BetaAsyncStreamingToolRunner[ResponseFormatT]: ...
def async_tool_runner(
    self: AsyncAPIResource,
    *,
    max_tokens: int,
    messages: Iterable[BetaMessageParam],
    model: ModelParam,
    tools: Iterable[AnyTool],
    max_iterations: int | Omit = omit,
    container: Container | Omit = omit,
    context_management: Optional[BetaContextManagementConfigParam] | Omit = omit,
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam] | Omit = omit,
    metadata: BetaMetadataParam | Omit = omit,
    output_format: Optional[type[ResponseFormatT]] | Omit = omit,
    service_tier: Literal["auto", "standard_only"] | Omit = omit,
    stop_sequences: SequenceNotStr[str] | Omit = omit,
    stream: bool | Omit = omit,
    system: System | Omit = omit,
    temperature: float | Omit = omit,
    top_k: int | Omit = omit,
    top_p: float | Omit = omit,
    thinking: BetaThinkingConfigParam | Omit = omit,
    tool_choice: BetaToolChoiceParam | Omit = omit,
    betas: list[AnthropicBetaParam] | Omit = omit,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutArg = not_given,
) -> BetaAsyncToolRunner[ResponseFormatT] | BetaAsyncStreamingToolRunner[ResponseFormatT]:
    """Not a coroutine: returns the runner, used with `async for` (or `await runner.until_done()`)."""
    params, options, iterations, streaming = _split(dict(locals()))
    from ._async_runner import make_async_tool_runner

    return make_async_tool_runner(
        self._client, params=params, options=options, tools=tools, max_iterations=iterations, stream=streaming
    )
