"""The body of `POST /v1/messages/count_tokens?beta=true` as a TypedDict."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from ..anthropic_beta_param import AnthropicBetaParam
from ..message import ModelParam
from .content_params import BetaTextBlockParam
from .message import BetaMessageParam, BetaThinkingConfigParam
from .request_options import (
    BetaContextManagementConfigParam,
    BetaJSONOutputFormatParam,
    BetaRequestMCPServerURLDefinitionParam,
)
from .tools import BetaToolChoiceParam, BetaToolUnionParam

__all__ = ["MessageCountTokensParams", "Tool"]

Tool: TypeAlias = BetaToolUnionParam
"""One tool a token count may be given (the reference's name in this module)."""


class MessageCountTokensParams(TypedDict, total=False):
    messages: Required[Iterable[BetaMessageParam]]
    model: Required[ModelParam]
    context_management: Optional[BetaContextManagementConfigParam]
    mcp_servers: Iterable[BetaRequestMCPServerURLDefinitionParam]
    output_format: Optional[BetaJSONOutputFormatParam]
    system: Union[str, Iterable[BetaTextBlockParam]]
    thinking: BetaThinkingConfigParam
    tool_choice: BetaToolChoiceParam
    tools: Iterable[BetaToolUnionParam]
    betas: list[AnthropicBetaParam]
