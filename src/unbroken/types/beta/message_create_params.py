"""The body of `POST /v1/messages?beta=true` as TypedDicts (also what a beta batch request carries)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from ..._types import SequenceNotStr
from ..anthropic_beta_param import AnthropicBetaParam
from ..message import ModelParam
from .content_params import BetaTextBlockParam
from .message import BetaMessageParam, BetaMetadataParam, BetaThinkingConfigParam
from .request_options import (
    BetaContainerParams,
    BetaContextManagementConfigParam,
    BetaJSONOutputFormatParam,
    BetaRequestMCPServerURLDefinitionParam,
)
from .tools import BetaToolChoiceParam, BetaToolUnionParam

__all__ = [
    "MessageCreateParams",
    "MessageCreateParamsBase",
    "MessageCreateParamsNonStreaming",
    "MessageCreateParamsStreaming",
]


class MessageCreateParamsBase(TypedDict, total=False):
    max_tokens: Required[int]
    messages: Required[Iterable[BetaMessageParam]]
    model: Required[ModelParam]
    container: Union[BetaContainerParams, str, None]
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


MessageCreateParams: TypeAlias = Union[MessageCreateParamsNonStreaming, MessageCreateParamsStreaming]
