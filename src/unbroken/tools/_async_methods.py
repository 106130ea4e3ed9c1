# Source of _sync_methods.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta.messages.tool_runner(...)`, written here and attached to the beta `AsyncMessages` class.

The resource class only says `tool_runner = async_tool_runner`, so the beta messages module stays about
requests; the runner module loads on the first call. The method is a plain `def` returning the runner (used
with `async for`, never awaited), as in the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Optional, Union, overload

from .._types import Headers, NotGiven, Omit, Query, SequenceNotStr, TimeoutTypes, not_given, omit
from ..types.beta.parsed_beta_message import ResponseFormatT
from ._runner_core import split_arguments

if TYPE_CHECKING:
    from .._resource import AsyncAPIResource
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
    from ._async_runner import BetaAsyncStreamingToolRunner, BetaAsyncToolRunner
    from ._builtin import AnyTool

__all__ = ["async_tool_runner"]

Container = Union["BetaContainerParams", str, None]
System = Union[str, Iterable["BetaTextBlockParam"]]
TimeoutArg = Union[TimeoutTypes, NotGiven]


@overload
def async_tool_runner(
    self: AsyncAPIResource[Any, Any],
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
    self: AsyncAPIResource[Any, Any],
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
    self: AsyncAPIResource[Any, Any],
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
    self: AsyncAPIResource[Any, Any],
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
    """Run a tool-use conversation: each iteration is one API turn, tools are called for you in between.

    `stream=True` yields each turn's `BetaAsyncMessageStream` instead of its message. See
    `BetaAsyncToolRunner`; use it with `async for` (or `await runner.until_done()`).
    """
    params, options, iterations, streaming = split_arguments(dict(locals()))
    from ._async_runner import make_async_tool_runner

    return make_async_tool_runner(
        self._client, params=params, options=options, tools=tools, max_iterations=iterations, stream=streaming
    )
