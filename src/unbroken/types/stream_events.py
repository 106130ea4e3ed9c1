"""Server-sent events of a streamed message as the API sends them (helper events live with the streams).

Every union here is open: an event or delta type the client does not know yet parses as `UnknownModel`.
No `from __future__ import annotations`: pydantic would evaluate every string annotation again (`content.py`).
"""

from typing import Annotated, Literal, Optional, TypeAlias, Union

from .._models import BaseModel, OpenUnion
from .content import ContentBlock, TextCitation
from .message import Message, ServerToolUsage, StopReason

__all__ = [
    "CitationsDelta",
    "ContentBlockDeltaEvent",
    "ContentBlockStartEvent",
    "ContentBlockStopEvent",
    "Delta",
    "InputJSONDelta",
    "MessageDeltaEvent",
    "MessageDeltaUsage",
    "MessageStartEvent",
    "MessageStopEvent",
    "MessageStreamEvent",
    "RawContentBlockDelta",
    "RawContentBlockDeltaEvent",
    "RawContentBlockStartEvent",
    "RawContentBlockStopEvent",
    "RawMessageDeltaEvent",
    "RawMessageStartEvent",
    "RawMessageStopEvent",
    "RawMessageStreamEvent",
    "SignatureDelta",
    "TextDelta",
    "ThinkingDelta",
]


class TextDelta(BaseModel):
    text: str
    type: Literal["text_delta"]


class InputJSONDelta(BaseModel):
    partial_json: str
    """A fragment of the tool input's JSON text; only the concatenation of all fragments is valid JSON."""

    type: Literal["input_json_delta"]


class CitationsDelta(BaseModel):
    citation: TextCitation
    type: Literal["citations_delta"]


class ThinkingDelta(BaseModel):
    thinking: str
    type: Literal["thinking_delta"]


class SignatureDelta(BaseModel):
    signature: str
    type: Literal["signature_delta"]


RawContentBlockDelta: TypeAlias = Annotated[
    Union[TextDelta, InputJSONDelta, CitationsDelta, ThinkingDelta, SignatureDelta], OpenUnion()
]


class RawMessageStartEvent(BaseModel):
    message: Message
    type: Literal["message_start"]


class MessageDeltaUsage(BaseModel):
    """Cumulative counts sent with `message_delta`; fields the server leaves out keep their earlier value."""

    cache_creation_input_tokens: Optional[int] = None
    cache_read_input_tokens: Optional[int] = None
    input_tokens: Optional[int] = None
    output_tokens: int
    server_tool_use: Optional[ServerToolUsage] = None


class Delta(BaseModel):
    """The `delta` of a `message_delta` event (the reference's `raw_message_delta_event.Delta`)."""

    stop_reason: Optional[StopReason] = None
    stop_sequence: Optional[str] = None


class RawMessageDeltaEvent(BaseModel):
    delta: Delta
    type: Literal["message_delta"]
    usage: MessageDeltaUsage


class RawMessageStopEvent(BaseModel):
    type: Literal["message_stop"]


class RawContentBlockStartEvent(BaseModel):
    content_block: ContentBlock
    index: int
    type: Literal["content_block_start"]


class RawContentBlockDeltaEvent(BaseModel):
    delta: RawContentBlockDelta
    index: int
    type: Literal["content_block_delta"]


class RawContentBlockStopEvent(BaseModel):
    index: int
    type: Literal["content_block_stop"]


RawMessageStreamEvent: TypeAlias = Annotated[
    Union[
        RawMessageStartEvent,
        RawMessageDeltaEvent,
        RawMessageStopEvent,
        RawContentBlockStartEvent,
        RawContentBlockDeltaEvent,
        RawContentBlockStopEvent,
    ],
    OpenUnion(),
]

# Older names of the raw events, still exported by `anthropic.types`.
MessageStreamEvent: TypeAlias = RawMessageStreamEvent
MessageStartEvent = RawMessageStartEvent
MessageDeltaEvent = RawMessageDeltaEvent
MessageStopEvent = RawMessageStopEvent
ContentBlockStartEvent = RawContentBlockStartEvent
ContentBlockDeltaEvent = RawContentBlockDeltaEvent
ContentBlockStopEvent = RawContentBlockStopEvent
