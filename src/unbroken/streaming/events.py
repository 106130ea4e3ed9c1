"""The helper events a message stream yields besides the raw server events (reference §4).

A `text`, `thinking`, `citation` or `input_json` event carries a `snapshot`: everything accumulated in its
block so far. Building that eagerly for every delta is what makes naive streams quadratic (a copy of the
whole text, or a re-parse of the whole tool JSON, per delta), so an event the accumulator builds holds a
`_PendingSnapshot` (its buffer and the length the buffer had) and computes the value on first read. It is a
plain pydantic field all the same: declared, validated from dicts, a constructor keyword, in `model_fields`,
`model_dump()` and `repr()`.
"""

from __future__ import annotations

import functools
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Generic,
    Literal,
    Protocol,
    TypeAlias,
    Union,
    cast,
)

import pydantic_core
from pydantic import SerializerFunctionWrapHandler, model_serializer
from typing_extensions import TypeVar

from .._models import BaseModel, GenericModel, OpenUnion
from ..types.beta.content import BetaTextCitation
from ..types.beta.parsed_beta_message import ParsedBetaContentBlock, ParsedBetaMessage
from ..types.beta.stream_events import (
    BetaRawContentBlockDeltaEvent,
    BetaRawContentBlockStartEvent,
    BetaRawContentBlockStopEvent,
    BetaRawMessageDeltaEvent,
    BetaRawMessageStartEvent,
    BetaRawMessageStopEvent,
)
from ..types.content import ContentBlock, TextCitation
from ..types.message import Message
from ..types.stream_events import (
    RawContentBlockDeltaEvent,
    RawContentBlockStartEvent,
    RawContentBlockStopEvent,
    RawMessageDeltaEvent,
    RawMessageStartEvent,
    RawMessageStopEvent,
)

__all__ = [
    "BetaCitationEvent",
    "BetaContentBlockStopEvent",
    "BetaInputJsonEvent",
    "BetaMessageStopEvent",
    "BetaMessageStreamEvent",
    "BetaSignatureEvent",
    "BetaTextEvent",
    "BetaThinkingEvent",
    "CitationEvent",
    "ContentBlockStopEvent",
    "InputJsonEvent",
    "MessageStopEvent",
    "MessageStreamEvent",
    "ParsedBetaContentBlockStopEvent",
    "ParsedBetaMessageStopEvent",
    "ParsedBetaMessageStreamEvent",
    "ParsedBetaTextEvent",
    "SignatureEvent",
    "SnapshotSource",
    "TextEvent",
    "ThinkingEvent",
]

ResponseFormatT = TypeVar("ResponseFormatT", default=None)


class SnapshotSource(Protocol):
    """An append-only buffer that can reproduce what it held when it was `upto` long."""

    def snapshot_upto(self, upto: int) -> object: ...


class _PendingSnapshot:
    """The stored value of a lazily built event's `snapshot` until it is first read."""

    __slots__ = ("source", "upto")

    def __init__(self, source: SnapshotSource, upto: int) -> None:
        self.source = source
        self.upto = upto


class _SnapshotAttribute:
    """Reads the `snapshot` field, computing a pending value once and storing it in its place (the field is
    stored in the instance `__dict__`, as every pydantic field is; this descriptor only intercepts reads)."""

    def __get__(self, obj: BaseModel | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        stored = obj.__dict__["snapshot"]
        if type(stored) is _PendingSnapshot:
            stored = obj.__dict__["snapshot"] = stored.source.snapshot_upto(stored.upto)
        return stored

    def __set__(self, obj: BaseModel, value: Any) -> None:
        obj.__dict__["snapshot"] = value


class _LazySnapshotEvent(BaseModel):
    """Base of the events whose `snapshot` field may be computed on first read (see the module docstring).

    Everything that reads field values straight from `__dict__` (serialisation, equality, `repr`) reads the
    attribute first, which resolves it.
    """

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "snapshot" in cls.model_fields:
            type.__setattr__(cls, "snapshot", _SnapshotAttribute())

    def _resolve_snapshot(self) -> None:
        if "snapshot" in self.__dict__:
            _ = self.snapshot  # type: ignore[attr-defined]

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        self._resolve_snapshot()
        return handler(self)

    def __repr_args__(self) -> Any:
        self._resolve_snapshot()
        return super().__repr_args__()

    def __eq__(self, other: object) -> bool:
        self._resolve_snapshot()
        if isinstance(other, _LazySnapshotEvent):
            other._resolve_snapshot()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]


_E = TypeVar("_E", bound=_LazySnapshotEvent)
_M = TypeVar("_M", bound=BaseModel)


@functools.cache
def _private_defaults(cls: type[BaseModel]) -> dict[str, Any]:
    return {name: attr.get_default() for name, attr in cls.__private_attributes__.items()}


def lazy_event(cls: type[_E], fields: dict[str, Any], source: SnapshotSource, upto: int) -> _E:
    """Build `cls` from already valid `fields` without validation, its snapshot read later from `source`.

    This is on the per-delta hot path: it skips pydantic validation (the values come from validated raw
    events) and keeps two references instead of copying or parsing anything.
    """
    fields["snapshot"] = _PendingSnapshot(source, upto)
    return plain_event(cls, fields)


def plain_event(cls: type[_M], fields: dict[str, Any]) -> _M:
    """Build `cls` from already valid `fields` without validation (the enriched stop events)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", {})
    private = _private_defaults(cls)
    # As pydantic does: None when the class has no private attributes (equality compares it).
    object.__setattr__(obj, "__pydantic_private__", private.copy() if private else None)
    return obj


# ------------------------------------------------------------------------------------------------- messages


class TextEvent(_LazySnapshotEvent):
    """Emitted after each `text_delta`, in addition to the raw `content_block_delta`."""

    type: Literal["text"]
    text: str
    """The text delta."""

    snapshot: str
    """The block's entire text so far (computed on first read)."""


class CitationEvent(_LazySnapshotEvent):
    """Emitted after each `citations_delta`."""

    type: Literal["citation"]
    citation: TextCitation
    """The new citation."""

    snapshot: list[TextCitation]
    """All citations of the block so far."""


class ThinkingEvent(_LazySnapshotEvent):
    """Emitted after each `thinking_delta`."""

    type: Literal["thinking"]
    thinking: str
    """The thinking delta."""

    snapshot: str
    """The block's entire thinking so far."""


class SignatureEvent(BaseModel):
    """Emitted after a `signature_delta` (the signature arrives whole, so there is nothing to accumulate)."""

    type: Literal["signature"]
    signature: str


class InputJsonEvent(_LazySnapshotEvent):
    """Emitted after each `input_json_delta` of a `tool_use` block."""

    type: Literal["input_json"]
    partial_json: str
    """The JSON fragment of this delta, e.g. `'"San Francisco,'`."""

    snapshot: object
    """The tool input parsed from the JSON received so far (partial-JSON parsing, on first read).

    Raises `ValueError` if the JSON received so far cannot be the start of a valid document.
    """


class MessageStopEvent(RawMessageStopEvent):
    """Replaces the raw `message_stop`: carries the complete message."""

    type: Literal["message_stop"]
    message: Message


class ContentBlockStopEvent(RawContentBlockStopEvent):
    """Replaces the raw `content_block_stop`: carries the complete block (tool input parsed)."""

    type: Literal["content_block_stop"]
    content_block: ContentBlock


MessageStreamEvent: TypeAlias = Annotated[
    Union[
        TextEvent,
        CitationEvent,
        ThinkingEvent,
        SignatureEvent,
        InputJsonEvent,
        RawMessageStartEvent,
        RawMessageDeltaEvent,
        MessageStopEvent,
        RawContentBlockStartEvent,
        RawContentBlockDeltaEvent,
        ContentBlockStopEvent,
    ],
    OpenUnion(),
]
"""What iterating a `MessageStream` yields, discriminated on `type`."""


# ----------------------------------------------------------------------------------------------------- beta


class ParsedBetaTextEvent(_LazySnapshotEvent):
    """Beta twin of `TextEvent`, able to read its snapshot as (partial) JSON for structured outputs."""

    type: Literal["text"]
    text: str
    """The text delta."""

    snapshot: str
    """The block's entire text so far (computed on first read)."""

    def parsed_snapshot(self) -> dict[str, Any]:
        """The text so far parsed as partial JSON; an unfinished trailing string is kept as far as it goes."""
        return cast(
            "dict[str, Any]", pydantic_core.from_json(self.snapshot, allow_partial="trailing-strings")
        )


BetaTextEvent = ParsedBetaTextEvent


class BetaCitationEvent(_LazySnapshotEvent):
    """Beta twin of `CitationEvent`."""

    type: Literal["citation"]
    citation: BetaTextCitation

    snapshot: list[BetaTextCitation]
    """All citations of the block so far."""


class BetaThinkingEvent(_LazySnapshotEvent):
    """Beta twin of `ThinkingEvent`."""

    type: Literal["thinking"]
    thinking: str

    snapshot: str
    """The block's entire thinking so far."""


class BetaSignatureEvent(BaseModel):
    """Beta twin of `SignatureEvent`."""

    type: Literal["signature"]
    signature: str


class BetaInputJsonEvent(_LazySnapshotEvent):
    """Beta twin of `InputJsonEvent` (also emitted for `mcp_tool_use` blocks)."""

    type: Literal["input_json"]
    partial_json: str

    snapshot: object
    """The tool input parsed from the JSON received so far (partial-JSON parsing, on first read)."""


class ParsedBetaMessageStopEvent(BetaRawMessageStopEvent, GenericModel, Generic[ResponseFormatT]):
    """Replaces the raw beta `message_stop`: carries the complete message."""

    type: Literal["message_stop"]
    message: ParsedBetaMessage[ResponseFormatT]


class ParsedBetaContentBlockStopEvent(BetaRawContentBlockStopEvent, GenericModel, Generic[ResponseFormatT]):
    """Replaces the raw beta `content_block_stop`: carries the complete block."""

    type: Literal["content_block_stop"]
    if TYPE_CHECKING:
        content_block: ParsedBetaContentBlock[ResponseFormatT]
    else:
        # The runtime alias takes no parameters; pydantic substitutes ResponseFormatT inside it anyway.
        content_block: ParsedBetaContentBlock


# The unparametrised classes, so `isinstance(event, BetaMessageStopEvent)` holds for every event the
# accumulator builds (a pydantic `Model[object]` would be a distinct subclass, and unusable in isinstance).
BetaMessageStopEvent = ParsedBetaMessageStopEvent
BetaContentBlockStopEvent = ParsedBetaContentBlockStopEvent

ParsedBetaMessageStreamEvent: TypeAlias = Annotated[
    Union[
        ParsedBetaTextEvent,
        BetaCitationEvent,
        BetaThinkingEvent,
        BetaSignatureEvent,
        BetaInputJsonEvent,
        BetaRawMessageStartEvent,
        BetaRawMessageDeltaEvent,
        ParsedBetaMessageStopEvent[ResponseFormatT],
        BetaRawContentBlockStartEvent,
        BetaRawContentBlockDeltaEvent,
        ParsedBetaContentBlockStopEvent[ResponseFormatT],
    ],
    OpenUnion(),
]
"""What iterating a `BetaMessageStream` yields, discriminated on `type`."""

if TYPE_CHECKING:
    BetaMessageStreamEvent: TypeAlias = ParsedBetaMessageStreamEvent[object]
else:
    # At runtime pydantic resolves `Model[ResponseFormatT]` to `Model` itself: the alias has no parameters.
    BetaMessageStreamEvent = ParsedBetaMessageStreamEvent
