"""The body of `POST /v1/messages?beta=true` as TypedDicts (also what a beta batch request carries)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from ..._types import SequenceNotStr
from ..anthropic_beta_param import AnthropicBetaParam
from ..message import ModelParam
from .content_params import BetaTextBlockParam
from .message import BetaMessageParam, BetaMetadataParam, BetaThinkingConfigParam
from .parsed_beta_message import ResponseFormatT
from .request_options import (
    BetaContainerParams,
    BetaContextManagementConfigParam,
    BetaJSONOutputFormatParam,
    BetaRequestMCPServerURLDefinitionParam,
)
from .tools import BetaToolChoiceParam, BetaToolUnionParam

__all__ = [
    "Container",
    "MessageCreateParams",
    "MessageCreateParamsBase",
    "MessageCreateParamsNonStreaming",
    "MessageCreateParamsStreaming",
    "OutputFormat",
    "ParseMessageCreateParamsBase",
]

Container: TypeAlias = Union[BetaContainerParams, str]


class MessageCreateParamsBase(TypedDict, total=False):
    max_tokens: Required[int]
    messages: Required[Iterable[BetaMessageParam]]
    model: Required[ModelParam]
    container: Optional[Container]
    context_management: Optional[BetaContextManagementConfigParam]
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam]
    metadata: BetaMetadataParam
    output_format: Optional[BetaJSONOutputFormatParam]
    service_tier: Literal["auto", "standard_only"]
    stop_sequences: SequenceNotStr[str]
    system: Union[str, Iterable[BetaTextBlockParam]]
    temperature: float
    thinking: BetaThinkingConfigParam
    tool_choice: BetaToolChoiceParam
    tools: Iterable[BetaToolUnionParam]
    top_k: int
    top_p: float
    betas: list[AnthropicBetaParam]
    """Sent as the `anthropic-beta` header, never in the body."""


class MessageCreateParamsNonStreaming(MessageCreateParamsBase, total=False):
    stream: Literal[False]


class MessageCreateParamsStreaming(MessageCreateParamsBase):
    stream: Required[Literal[True]]


class ParseMessageCreateParamsBase(MessageCreateParamsBase, Generic[ResponseFormatT]):
    """The params of `beta.messages.parse()`, whose `output_format` is a type to parse the reply into."""

    output_format: type[ResponseFormatT]  # type: ignore[misc]


class OutputFormat(TypedDict, total=False):
    """A JSON-schema output format (the reference's older spelling of `BetaJSONOutputFormatParam`)."""

    schema: Required[object]
    type: Required[Literal["json_schema"]]


MessageCreateParams: TypeAlias = Union[MessageCreateParamsNonStreaming, MessageCreateParamsStreaming]
