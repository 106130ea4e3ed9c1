"""The helper events a message stream yields besides the raw server events (reference §4).

A `text`, `thinking`, `citation` or `input_json` event carries a `snapshot`: everything accumulated in its
block so far. Building that eagerly for every delta is what makes naive streams quadratic (a copy of the
whole text, or a re-parse of the whole tool JSON, per delta), so here `snapshot` is computed on first read
from the accumulator's append-only buffer and the length the buffer had when the event was made. It is
still a field as far as users can tell: a constructor keyword, an attribute, part of `model_dump()` and
`repr()`, and validated from dicts like any other field.
"""

from __future__ import annotations

import functools
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Generic,
    Literal,
    Optional,
    Protocol,
    TypeAlias,
    Union,
    cast,
)

import pydantic_core
from pydantic import PrivateAttr, computed_field, model_validator
from pydantic_core import core_schema
from typing_extensions import TypeVar

from .._models import BaseModel, GenericModel, OpenUnion, validate_value
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


class _LazySnapshotEvent(BaseModel):
    """Base of the events whose `snapshot` is computed on first read (see the module docstring).

    The value lives in private attributes, so a subclass exposes it through a computed field; a `snapshot`
    passed to the constructor or found in validated data is taken out before field validation.
    """

    _snapshot_type: ClassVar[Any] = object
    """What a `snapshot` given to the constructor is validated as."""

    _snapshot_source: Optional[SnapshotSource] = PrivateAttr(default=None)
    _snapshot_upto: int = PrivateAttr(default=0)
    _snapshot_value: Any = PrivateAttr(default=None)
    _snapshot_ready: bool = PrivateAttr(default=False)

    @model_validator(mode="wrap")
    @classmethod
    def _take_snapshot(cls, data: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(data, dict):
            return handler(data)  # e.g. an instance already
        if "snapshot" not in data:
            raise ValueError("snapshot: Field required")
        fields = dict(data)
        value = fields.pop("snapshot")
        obj = handler(fields)
        obj._snapshot_value = validate_value(cls._snapshot_type, value)
        obj._snapshot_ready = True
        return obj

    def _read_snapshot(self) -> Any:
        if not self._snapshot_ready:
            source = self._snapshot_source
            if source is None:
                raise AttributeError(f"{type(self).__name__} has no snapshot")
            self._snapshot_value = source.snapshot_upto(self._snapshot_upto)
            self._snapshot_ready = True
            self._snapshot_source = None  # the buffer may be large: do not keep it alive for nothing
        return self._snapshot_value

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _LazySnapshotEvent)
        return (
            self.__dict__ == other.__dict__
            and self.__pydantic_extra__ == other.__pydantic_extra__
            and self._read_snapshot() == other._read_snapshot()
        )

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
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", {})
    private = _private_defaults(cls).copy()
    private["_snapshot_source"] = source
    private["_snapshot_upto"] = upto
    object.__setattr__(obj, "__pydantic_private__", private)
    return obj


def plain_event(cls: type[_M], fields: dict[str, Any]) -> _M:
    """Build `cls` from already valid `fields` without validation (the enriched stop events)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", {})
    object.__setattr__(obj, "__pydantic_private__", _private_defaults(cls).copy())
    return obj


# ------------------------------------------------------------------------------------------------- messages


class TextEvent(_LazySnapshotEvent):
    """Emitted after each `text_delta`, in addition to the raw `content_block_delta`."""

    type: Literal["text"]
    text: str
    """The text delta."""

    _snapshot_type = str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> str:
        """The block's entire text so far (computed on first read)."""
        return cast(str, self._read_snapshot())


class CitationEvent(_LazySnapshotEvent):
    """Emitted after each `citations_delta`."""

    type: Literal["citation"]
    citation: TextCitation
    """The new citation."""

    _snapshot_type = list[TextCitation]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> list[TextCitation]:
        """All citations of the block so far."""
        return cast("list[TextCitation]", self._read_snapshot())


class ThinkingEvent(_LazySnapshotEvent):
    """Emitted after each `thinking_delta`."""

    type: Literal["thinking"]
    thinking: str
    """The thinking delta."""

    _snapshot_type = str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> str:
        """The block's entire thinking so far."""
        return cast(str, self._read_snapshot())


class SignatureEvent(BaseModel):
    """Emitted after a `signature_delta` (the signature arrives whole, so there is nothing to accumulate)."""

    type: Literal["signature"]
    signature: str


class InputJsonEvent(_LazySnapshotEvent):
    """Emitted after each `input_json_delta` of a `tool_use` block."""

    type: Literal["input_json"]
    partial_json: str
    """The JSON fragment of this delta, e.g. `'"San Francisco,'`."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> object:
        """The tool input parsed from the JSON received so far (partial-JSON parsing, on first read).

        Raises `ValueError` if the JSON received so far cannot be the start of a valid document.
        """
        return self._read_snapshot()


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

    _snapshot_type = str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> str:
        """The block's entire text so far (computed on first read)."""
        return cast(str, self._read_snapshot())

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

    _snapshot_type = list[BetaTextCitation]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> list[BetaTextCitation]:
        """All citations of the block so far."""
        return cast("list[BetaTextCitation]", self._read_snapshot())


class BetaThinkingEvent(_LazySnapshotEvent):
    """Beta twin of `ThinkingEvent`."""

    type: Literal["thinking"]
    thinking: str

    _snapshot_type = str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> str:
        """The block's entire thinking so far."""
        return cast(str, self._read_snapshot())


class BetaSignatureEvent(BaseModel):
    """Beta twin of `SignatureEvent`."""

    type: Literal["signature"]
    signature: str


class BetaInputJsonEvent(_LazySnapshotEvent):
    """Beta twin of `InputJsonEvent` (also emitted for `mcp_tool_use` blocks)."""

    type: Literal["input_json"]
    partial_json: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snapshot(self) -> object:
        """The tool input parsed from the JSON received so far (partial-JSON parsing, on first read)."""
        return self._read_snapshot()


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
