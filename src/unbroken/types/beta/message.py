"""`BetaMessage`, its usage, container and context-management reports, and the beta message params."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from ..._models import OPEN_ENUM, BaseModel, OpenUnion
from ..message import Model
from .content import BetaContentBlock
from .content_params import BetaContentBlockParam

__all__ = [
    "BetaCacheCreation",
    "BetaClearThinking20251015EditResponse",
    "BetaClearToolUses20250919EditResponse",
    "BetaContainer",
    "BetaContextManagementAppliedEdit",
    "BetaContextManagementResponse",
    "BetaCountTokensContextManagementResponse",
    "BetaMessage",
    "BetaMessageDeltaUsage",
    "BetaMessageParam",
    "BetaMessageTokensCount",
    "BetaMetadataParam",
    "BetaServerToolUsage",
    "BetaSkill",
    "BetaStopReason",
    "BetaThinkingConfigDisabledParam",
    "BetaThinkingConfigEnabledParam",
    "BetaThinkingConfigParam",
    "BetaUsage",
]

BetaStopReason: TypeAlias = Annotated[
    Literal[
        "end_turn",
        "max_tokens",
        "stop_sequence",
        "tool_use",
        "pause_turn",
        "refusal",
        "model_context_window_exceeded",
    ],
    OPEN_ENUM,
]


class BetaCacheCreation(BaseModel):
    ephemeral_1h_input_tokens: int
    ephemeral_5m_input_tokens: int


class BetaServerToolUsage(BaseModel):
    web_fetch_requests: int
    web_search_requests: int


class BetaUsage(BaseModel):
    cache_creation: Optional[BetaCacheCreation] = None
    cache_creation_input_tokens: Optional[int] = None
    cache_read_input_tokens: Optional[int] = None
    input_tokens: int
    output_tokens: int
    server_tool_use: Optional[BetaServerToolUsage] = None
    service_tier: Optional[Annotated[Literal["standard", "priority", "batch"], OPEN_ENUM]] = None


class BetaMessageDeltaUsage(BaseModel):
    cache_creation_input_tokens: Optional[int] = None
    cache_read_input_tokens: Optional[int] = None
    input_tokens: Optional[int] = None
    output_tokens: int
    server_tool_use: Optional[BetaServerToolUsage] = None


class BetaSkill(BaseModel):
    skill_id: str
    type: Annotated[Literal["anthropic", "custom"], OPEN_ENUM]
    version: str


class BetaContainer(BaseModel):
    """The code-execution container the request ran in; pass its `id` back to reuse it."""

    id: str
    expires_at: datetime
    skills: Optional[list[BetaSkill]] = None


class BetaClearToolUses20250919EditResponse(BaseModel):
    cleared_input_tokens: int
    cleared_tool_uses: int
    type: Literal["clear_tool_uses_20250919"]


class BetaClearThinking20251015EditResponse(BaseModel):
    cleared_input_tokens: int
    cleared_thinking_turns: int
    type: Literal["clear_thinking_20251015"]


BetaContextManagementAppliedEdit: TypeAlias = Annotated[
    Union[BetaClearToolUses20250919EditResponse, BetaClearThinking20251015EditResponse], OpenUnion()
]
"""The reference's `beta_context_management_response.AppliedEdit`."""


class BetaContextManagementResponse(BaseModel):
    applied_edits: list[BetaContextManagementAppliedEdit]


class BetaCountTokensContextManagementResponse(BaseModel):
    original_input_tokens: int
    """The count before context-management edits were applied (`input_tokens` is the count after)."""


class BetaMessage(BaseModel):
    id: str
    container: Optional[BetaContainer] = None
    content: list[BetaContentBlock]
    context_management: Optional[BetaContextManagementResponse] = None
    model: Model
    role: Literal["assistant"]
    stop_reason: Optional[BetaStopReason] = None
    stop_sequence: Optional[str] = None
    type: Literal["message"]
    usage: BetaUsage

    if TYPE_CHECKING:
        _continuations: int
        """How many times the stream that brought this message broke after content arrived and was continued
        (the client's `resume_streams`); 0 for a message that arrived in one piece."""


# A plain class attribute, as `_request_id` is (`_models.py`): a default no instance pays for.
type.__setattr__(BetaMessage, "_continuations", 0)


class BetaMessageTokensCount(BaseModel):
    context_management: Optional[BetaCountTokensContextManagementResponse] = None
    input_tokens: int


class BetaMessageParam(TypedDict, total=False):
    content: Required[Union[str, Iterable[Union[BetaContentBlockParam, BetaContentBlock]]]]
    role: Required[Literal["user", "assistant"]]


class BetaMetadataParam(TypedDict, total=False):
    user_id: Optional[str]


class BetaThinkingConfigEnabledParam(TypedDict, total=False):
    budget_tokens: Required[int]
    type: Required[Literal["enabled"]]


class BetaThinkingConfigDisabledParam(TypedDict, total=False):
    type: Required[Literal["disabled"]]


BetaThinkingConfigParam: TypeAlias = Union[BetaThinkingConfigEnabledParam, BetaThinkingConfigDisabledParam]
