"""Server-sent events of a streamed beta message; every union is open to event and delta types added later."""

from __future__ import annotations

from typing import Annotated, Literal, Optional, TypeAlias, Union

from ..._models import BaseModel, OpenUnion
from .content import BetaContentBlock, BetaTextCitation
from .message import (
    BetaContainer,
    BetaContextManagementResponse,
    BetaMessage,
    BetaMessageDeltaUsage,
    BetaStopReason,
)

__all__ = [
    "BetaCitationsDelta",
    "BetaInputJSONDelta",
    "BetaRawContentBlockDelta",
    "BetaRawContentBlockDeltaEvent",
    "BetaRawContentBlockStartEvent",
    "BetaRawContentBlockStopEvent",
    "BetaRawMessageDeltaEvent",
    "BetaRawMessageStartEvent",
    "BetaRawMessageStopEvent",
    "BetaRawMessageStreamEvent",
    "BetaSignatureDelta",
    "BetaTextDelta",
    "BetaThinkingDelta",
    "Delta",
]


class BetaTextDelta(BaseModel):
    text: str
    type: Literal["text_delta"]


class BetaInputJSONDelta(BaseModel):
    partial_json: str
    type: Literal["input_json_delta"]


class BetaCitationsDelta(BaseModel):
    citation: BetaTextCitation
    type: Literal["citations_delta"]


class BetaThinkingDelta(BaseModel):
    thinking: str
    type: Literal["thinking_delta"]


class BetaSignatureDelta(BaseModel):
    signature: str
    type: Literal["signature_delta"]


BetaRawContentBlockDelta: TypeAlias = Annotated[
    Union[BetaTextDelta, BetaInputJSONDelta, BetaCitationsDelta, BetaThinkingDelta, BetaSignatureDelta],
    OpenUnion(),
]


class BetaRawMessageStartEvent(BaseModel):
    message: BetaMessage
    type: Literal["message_start"]


class Delta(BaseModel):
    """The `delta` of a beta `message_delta` event (named `Delta` inside the reference module)."""

    container: Optional[BetaContainer] = None
    stop_reason: Optional[BetaStopReason] = None
    stop_sequence: Optional[str] = None


class BetaRawMessageDeltaEvent(BaseModel):
    context_management: Optional[BetaContextManagementResponse] = None
    delta: Delta
    type: Literal["message_delta"]
    usage: BetaMessageDeltaUsage


class BetaRawMessageStopEvent(BaseModel):
    type: Literal["message_stop"]


class BetaRawContentBlockStartEvent(BaseModel):
    content_block: BetaContentBlock
    index: int
    type: Literal["content_block_start"]


class BetaRawContentBlockDeltaEvent(BaseModel):
    delta: BetaRawContentBlockDelta
    index: int
    type: Literal["content_block_delta"]


class BetaRawContentBlockStopEvent(BaseModel):
    index: int
    type: Literal["content_block_stop"]


BetaRawMessageStreamEvent: TypeAlias = Annotated[
    Union[
        BetaRawMessageStartEvent,
        BetaRawMessageDeltaEvent,
        BetaRawMessageStopEvent,
        BetaRawContentBlockStartEvent,
        BetaRawContentBlockDeltaEvent,
        BetaRawContentBlockStopEvent,
    ],
    OpenUnion(),
]
