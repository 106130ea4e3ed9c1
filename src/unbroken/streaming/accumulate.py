"""The message accumulator: raw stream events in, a growing message snapshot and helper events out.

Pure and I/O-free, shared by the sync and async streams. The rules are the reference's (§4); the cost model
is ours, because the obvious implementation is quadratic:

* Text and thinking deltas are appended to a list of fragments on the side, not with `str +=` on a model
  field (a string also held by an event or a snapshot is copied on every `+=`). The fragments are joined,
  once, when someone reads the text: the message snapshot, a stop event, or an event's `snapshot`.
* Tool input JSON (`input_json_delta`) is appended the same way and parsed strictly (`json.loads`) once, at
  `content_block_stop`. Mid-block it is partial-parsed only when read, and the result is cached until the
  next delta. Never once per delta.
* Helper events hold (buffer, length) and compute their `snapshot` on first read (see `events.py`).
* `snapshot` writes pending text and JSON into the message only for blocks that changed since the last read.

So the cost of one delta does not depend on how much has accumulated; a consumer that reads every
snapshot pays for what it reads, and no more than the reference does.
"""

from __future__ import annotations

import contextlib
import functools
import typing
from collections.abc import Callable
from typing import Any, Generic, Literal, Optional, cast

import pydantic
import pydantic_core
from typing_extensions import TypeVar

from .._json import loads
from .._models import validate_value
from ..types.beta.parsed_beta_message import ParsedBetaMessage
from ..types.message import Message
from .events import (
    BetaCitationEvent,
    BetaInputJsonEvent,
    BetaSignatureEvent,
    BetaThinkingEvent,
    CitationEvent,
    ContentBlockStopEvent,
    InputJsonEvent,
    MessageStopEvent,
    MessageStreamEvent,
    ParsedBetaContentBlockStopEvent,
    ParsedBetaMessageStopEvent,
    ParsedBetaTextEvent,
    SignatureEvent,
    TextEvent,
    ThinkingEvent,
    lazy_event,
    plain_event,
)

__all__ = ["MessageAccumulator", "ToolInputJSONError", "accumulate", "build_events"]

MessageT = TypeVar("MessageT", bound=pydantic.BaseModel, default=Message)

PartialMode = Literal["on", "trailing-strings"]

# Module-level so tests can count calls (the linearity tests monkeypatch these two names).
_strict_json: Callable[[str], Any] = loads
_partial_json: Callable[..., Any] = pydantic_core.from_json

_TOOL_INPUT_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})
# The reference emits `input_json` helper events for these block types only (not for server tools).
_INPUT_JSON_EVENT_BLOCKS = frozenset({"tool_use", "mcp_tool_use"})


class ToolInputJSONError(ValueError):
    """A tool-use block's input JSON is invalid (the reference raises a plain `ValueError` here)."""

    def __init__(self, message: str, *, index: int, raw_json: str) -> None:
        super().__init__(message)
        self.index = index
        self.raw_json = raw_json
        """The JSON text as received, so nothing is lost even when it cannot be parsed."""


def _tool_json_message(exc: Exception, raw: str) -> str:
    shown = raw if len(raw) <= 400 else f"{raw[:200]}...({len(raw) - 400} more characters)...{raw[-200:]}"
    return (
        "Unable to parse tool parameter JSON from model. Please retry your request or adjust your prompt. "
        f"Error: {exc}. JSON: {shown}"
    )


_COMPACT_EVERY = 256


class _TextBuffer:
    """Append-only text of one block field (`text` or `thinking`), joined only when read.

    Every `_COMPACT_EVERY` fragments, the fragments since the last compaction are joined into one string: a
    delta of a few characters costs ~50 bytes as its own `str`, so a list of them holds ~6x the text it
    carries; compacted, a stream's buffer stays near 1x, and each character is still copied a bounded
    number of times (once here, once at the final join).
    """

    __slots__ = ("_loose", "_parts", "length")

    def __init__(self, initial: str) -> None:
        self._parts: list[str] = [initial] if initial else []
        self._loose = 0  # fragments at the end of `_parts` not yet compacted
        self.length = len(initial)

    def append(self, fragment: str) -> None:
        parts = self._parts
        parts.append(fragment)
        self.length += len(fragment)
        self._loose += 1
        if self._loose >= _COMPACT_EVERY:
            parts[-_COMPACT_EVERY:] = ["".join(parts[-_COMPACT_EVERY:])]
            self._loose = 0

    def value(self) -> str:
        parts = self._parts
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return ""
        joined = "".join(parts)
        self._parts = [joined]  # the next join copies this once plus what arrives later
        self._loose = 0
        return joined

    def snapshot_upto(self, upto: int) -> str:
        text = self.value()
        return text if upto >= len(text) else text[:upto]


class _CitationSource:
    """The citations list of a text block; an event's snapshot is the prefix it saw."""

    __slots__ = ("_block",)

    def __init__(self, block: Any) -> None:
        self._block = block

    def snapshot_upto(self, upto: int) -> list[Any]:
        return list((self._block.citations or [])[:upto])


class _JSONBuffer:
    """Append-only tool input JSON; parsed strictly at block stop, partially (and cached) when read."""

    __slots__ = (
        "_cache",
        "_cache_len",
        "_index",
        "_initial",
        "_mode",
        "_parts",
        "final",
        "length",
        "received",
    )

    def __init__(self, initial: object, mode: PartialMode, index: int) -> None:
        self._index = index
        self._parts: list[str] = []
        self.length = 0
        self.received = False  # an input_json_delta arrived (even an empty one)
        self.final = False  # parsed strictly at content_block_stop
        self._initial = initial
        self._mode = mode
        self._cache_len = -1
        self._cache: object = None

    def append(self, fragment: str) -> None:
        self._parts.append(fragment)
        self.length += len(fragment)
        self.received = True

    def text(self) -> str:
        parts = self._parts
        if len(parts) > 1:
            self._parts = parts = ["".join(parts)]
        return parts[0] if parts else ""

    def parse_final(self) -> object:
        raw = self.text()
        if not raw.strip():
            value: object = {}
        else:
            try:
                value = _strict_json(raw)
            except ValueError as exc:
                raise ToolInputJSONError(
                    _tool_json_message(exc, raw), index=self._index, raw_json=raw
                ) from exc
        self.final = True
        self._cache_len, self._cache = self.length, value
        return value

    def snapshot_upto(self, upto: int) -> object:
        """The input as the reference's per-delta partial parse would have had it at `upto` characters."""
        if upto == self._cache_len:
            return self._cache
        raw = self.text()
        prefix = raw if upto >= len(raw) else raw[:upto]
        if not prefix:
            return self._initial
        try:
            value = _partial_json(prefix, allow_partial=self._mode)
        except ValueError as exc:
            raise ToolInputJSONError(
                _tool_json_message(exc, prefix), index=self._index, raw_json=prefix
            ) from exc
        if upto >= len(raw):
            self._cache_len, self._cache = upto, value
        return value


class _BlockState:
    """Side buffers of one content block. `kind` is "text", "thinking", "tool" or "" (nothing to buffer)."""

    __slots__ = ("block", "buffer", "citations", "json", "kind", "text")

    def __init__(self, block: Any, partial_mode: PartialMode, index: int) -> None:
        self.block = block
        self.text: _TextBuffer | None = None
        self.json: _JSONBuffer | None = None
        self.citations: _CitationSource | None = None
        block_type = getattr(block, "type", None)
        if block_type == "text":
            self.kind = "text"
            self.text = _TextBuffer(block.text)
            self.citations = _CitationSource(block)
        elif block_type == "thinking":
            self.kind = "thinking"
            self.text = _TextBuffer(block.thinking)
        elif block_type in _TOOL_INPUT_BLOCKS:
            self.kind = "tool"
            self.json = _JSONBuffer(block.input, partial_mode, index)
        else:
            self.kind = ""
        self.buffer: _TextBuffer | _JSONBuffer | None = self.text or self.json
        """Where the string deltas of this block go (`text` or `json`)."""

    def materialize(self, *, final: bool) -> None:
        """Write the buffered text / JSON into the block. Mid-block, unparseable JSON leaves `input` as is."""
        if self.text is not None:
            setattr(self.block, self.kind, self.text.value())
        elif self.json is not None and self.json.received:
            if final:
                self.block.input = self.json.parse_final()
            elif not self.json.final:
                # A snapshot must never fail: bad JSON keeps the last input; the stop event will raise.
                with contextlib.suppress(ValueError):
                    self.block.input = self.json.snapshot_upto(self.json.length)


@functools.cache
def _content_item_type(message_type: type[pydantic.BaseModel]) -> Any:
    """The element type of `message_type.content` (e.g. ParsedBetaContentBlock for ParsedBetaMessage)."""
    annotation = message_type.model_fields["content"].annotation
    args = typing.get_args(annotation)
    if not args:
        raise TypeError(f"{message_type.__name__}.content is not a list[...]")
    return args[0]


def _detached(value: Any) -> Any:
    """A copy of a model tree that shares no model, list or dict with the original (what the accumulator
    mutates); strings and numbers are immutable and shared. Twice as fast as `model_copy(deep=True)`, which
    goes through `copy.deepcopy`, and this runs for every stream."""
    if isinstance(value, pydantic.BaseModel):
        copy = value.model_copy()
        for namespace in (copy.__dict__, copy.__pydantic_extra__ or {}):
            for key, item in namespace.items():
                if isinstance(item, (pydantic.BaseModel, list, dict)):
                    namespace[key] = _detached(item)
        return copy
    if isinstance(value, list):
        return [_detached(item) for item in value]
    if isinstance(value, dict):
        return {key: _detached(item) for key, item in value.items()}
    return value


class MessageAccumulator(Generic[MessageT]):
    """Owns the message snapshot of one stream and the side buffers that keep accumulation linear.

    `feed(event)` applies one raw event and returns the events a message stream yields for it (the raw
    event and/or helper events). `snapshot` is the message so far, or None before `message_start`.

    `beta=True` builds the beta helper events, also copies `container` / `context_management` from
    `message_delta`, and makes the snapshot a `ParsedBetaMessage`. `message_type` converts the
    `message_start` message (and each started block) to another class, e.g. `ParsedBetaMessage[MyModel]`;
    `parse_text` then fills a text block's `parsed_output` at its stop.
    `partial_mode="trailing-strings"` keeps unfinished strings in partial tool input (fine-grained tool
    streaming), `"on"` (the default) drops them.
    """

    __slots__ = (
        "_beta",
        "_dirty",
        "_events",
        "_message_type",
        "_open",
        "_parse_text",
        "_partial_mode",
        "_snapshot",
        "_states",
    )

    def __init__(
        self,
        *,
        beta: bool = False,
        message_type: type[MessageT] | None = None,
        parse_text: Callable[[str], object] | None = None,
        partial_mode: PartialMode = "on",
    ) -> None:
        self._beta = beta
        if message_type is None and beta:
            # Beta streams yield ParsedBetaMessage snapshots (text blocks can carry `parsed_output`).
            message_type = cast("type[MessageT]", ParsedBetaMessage)
        self._message_type = message_type
        self._parse_text = parse_text
        self._partial_mode: PartialMode = partial_mode
        self._snapshot: Optional[MessageT] = None
        self._states: dict[int, _BlockState] = {}
        self._dirty: set[int] = set()
        self._open: int | None = None
        self._events = _BETA_EVENTS if beta else _EVENTS

    # ------------------------------------------------------------------------------------------ reading

    @property
    def started(self) -> bool:
        """True once `message_start` has arrived."""
        return self._snapshot is not None

    @property
    def snapshot(self) -> MessageT | None:
        """The message accumulated so far (None before `message_start`); the same object every time.

        Cheap when nothing changed since the last read: only blocks with new deltas are written back.
        """
        if self._dirty:
            self._flush()
        return self._snapshot

    @property
    def open_block(self) -> int | None:
        """The index of the block started and not yet stopped (None between blocks), where a stream that
        breaks is left off."""
        return self._open

    def raw_tool_input(self, index: int) -> str | None:
        """The tool input JSON text received so far for block `index` (None if it is not a tool block)."""
        state = self._states.get(index)
        return state.json.text() if state is not None and state.json is not None else None

    def _flush(self) -> None:
        states = self._states
        for index in self._dirty:
            states[index].materialize(final=False)
        self._dirty.clear()

    # ----------------------------------------------------------------------------------------- updating

    def feed(self, event: Any) -> list[Any]:
        """Apply one raw event; return what a message stream yields for it, in order."""
        self.accumulate(event)
        return self.build_events(event)

    def accumulate(self, event: Any) -> None:
        """Apply one raw event to the snapshot (the reducer half of `feed`)."""
        kind = event.type
        if kind == "content_block_delta":
            delta = event.delta
            delta_type = delta.type
            if delta_type == "text_delta":
                self.append(event.index, "text", delta.text)
            elif delta_type == "input_json_delta":
                self.append(event.index, "tool", delta.partial_json)
            else:
                self._other_delta(event)
            return
        snapshot = self._snapshot
        if snapshot is None:
            if kind == "message_start":
                self._start(event)
                return
            if kind in _KNOWN_EVENTS:
                raise RuntimeError(f'Unexpected event order, got {kind} before "message_start"')
            return  # an event type we do not know yet: nothing to accumulate
        if kind == "content_block_start":
            self._block_start(snapshot, event)
        elif kind == "content_block_stop":
            self._block_stop(event)
        elif kind == "message_delta":
            self._message_delta(snapshot, event)
        # message_start again, message_stop and unknown events leave the snapshot as it is.

    def _start(self, event: Any) -> None:
        message = event.message
        if self._message_type is not None and type(message) is not self._message_type:
            data = message.model_dump(exclude_unset=True, by_alias=True)
            self._snapshot = self._message_type.model_validate(data)
        else:
            # A copy: the raw event the caller also receives must not change as we accumulate.
            self._snapshot = _detached(message)
        content = cast(Any, self._snapshot).content
        for index, block in enumerate(content):
            self._states[index] = _BlockState(block, self._partial_mode, index)

    def _block_start(self, snapshot: Any, event: Any) -> None:
        raw = event.content_block
        if self._message_type is not None:
            block = validate_value(
                _content_item_type(self._message_type), raw.model_dump(exclude_unset=True, by_alias=True)
            )
        else:
            block = _detached(raw)
        # Every field counts as sent, defaults too: the API's complete block has them (a text block's
        # `citations: null`), so `to_dict()` of a streamed message equals that of the same message created.
        block.__pydantic_fields_set__.update(type(block).model_fields)
        content = snapshot.content
        self._states[len(content)] = _BlockState(block, self._partial_mode, len(content))
        self._open = len(content)
        content.append(block)

    def _state_for(self, index: int, kind: str) -> _BlockState | None:
        state = self._states.get(index)
        if state is None:
            if self._snapshot is None:
                raise RuntimeError(f'Unexpected event order, got {kind} before "message_start"')
            if not 0 <= index < len(cast(Any, self._snapshot).content):
                raise RuntimeError(
                    f"Unexpected event order, got {kind} for index {index} before its content_block_start"
                )
        return state

    def append(self, index: int, kind: str, fragment: str) -> None:
        """Apply a string delta to block `index` if it is a `kind` block ("text", "thinking" or "tool", the
        buffer kinds): the text, thinking and input JSON deltas, from an event or read straight off its data
        line (`_delta_line`). RuntimeError if no such block can exist yet."""
        state = self._states.get(index)
        if state is None:
            self._state_for(index, "content_block_delta")
        elif state.kind == kind and state.buffer is not None:
            state.buffer.append(fragment)
            self._dirty.add(index)

    def _other_delta(self, event: Any) -> None:
        """Every delta but text and input JSON (which `accumulate` applies inline: they are most events)."""
        delta = event.delta
        delta_type = delta.type
        if delta_type == "thinking_delta":
            self.append(event.index, "thinking", delta.thinking)
        else:
            state = self._state_for(event.index, event.type)
            if state is None:
                return
            if delta_type == "citations_delta":
                if state.kind == "text":
                    block = state.block
                    if block.citations is None:
                        block.citations = [delta.citation]
                    else:
                        block.citations.append(delta.citation)
            elif delta_type == "signature_delta" and state.kind == "thinking":
                state.block.signature = delta.signature
            # Unknown delta types: nothing to accumulate (the raw event is still passed through).

    def _block_stop(self, event: Any) -> None:
        state = self._state_for(event.index, event.type)
        if self._open == event.index:
            self._open = None
        if state is None:
            return
        self._dirty.discard(event.index)
        state.materialize(final=True)
        if self._parse_text is not None and state.kind == "text":
            state.block.parsed_output = self._parse_text(state.block.text)

    def _message_delta(self, snapshot: Any, event: Any) -> None:
        delta = event.delta
        if self._beta:
            snapshot.container = getattr(delta, "container", None)
            snapshot.context_management = getattr(event, "context_management", None)
        snapshot.stop_reason = delta.stop_reason
        snapshot.stop_sequence = delta.stop_sequence
        usage = snapshot.usage
        new = event.usage
        usage.output_tokens = new.output_tokens
        for name in _OPTIONAL_USAGE:
            value = getattr(new, name, None)
            if value is not None:
                setattr(usage, name, value)

    # ------------------------------------------------------------------------------------------- events

    def build_events(self, event: Any) -> list[Any]:
        """The events a message stream yields for `event`, which `accumulate` has just applied."""
        kind = event.type
        if kind == "content_block_delta":
            return self._delta_events(event)
        if kind == "content_block_stop":
            state = self._states.get(event.index)
            block = state.block if state is not None else cast(Any, self._snapshot).content[event.index]
            return [
                plain_event(
                    self._events.block_stop, {"index": event.index, "type": kind, "content_block": block}
                )
            ]
        if kind == "message_stop":
            return [plain_event(self._events.message_stop, {"type": kind, "message": self.snapshot})]
        return [event]  # message_start, message_delta, content_block_start, and event types added later

    def _delta_events(self, event: Any) -> list[Any]:
        state = self._states.get(event.index)
        if state is None:
            return [event]
        delta = event.delta
        delta_type = delta.type
        kinds = self._events
        if delta_type == "text_delta" and state.kind == "text":
            buf = cast(_TextBuffer, state.text)
            helper = lazy_event(kinds.text, {"type": "text", "text": delta.text}, buf, buf.length)
        elif delta_type == "input_json_delta" and state.block.type in _INPUT_JSON_EVENT_BLOCKS:
            jbuf = cast(_JSONBuffer, state.json)
            fields = {"type": "input_json", "partial_json": delta.partial_json}
            helper = lazy_event(kinds.input_json, fields, jbuf, jbuf.length)
        elif delta_type == "citations_delta" and state.kind == "text":
            source = cast(_CitationSource, state.citations)
            fields = {"type": "citation", "citation": delta.citation}
            helper = lazy_event(kinds.citation, fields, source, len(state.block.citations or ()))
        elif delta_type == "thinking_delta" and state.kind == "thinking":
            buf = cast(_TextBuffer, state.text)
            fields = {"type": "thinking", "thinking": delta.thinking}
            helper = lazy_event(kinds.thinking, fields, buf, buf.length)
        elif delta_type == "signature_delta" and state.kind == "thinking":
            helper = plain_event(kinds.signature, {"type": "signature", "signature": state.block.signature})
        else:
            return [event]
        return [event, helper]


class _EventKinds:
    """Which helper-event classes an accumulator builds (standard or beta)."""

    __slots__ = ("block_stop", "citation", "input_json", "message_stop", "signature", "text", "thinking")

    def __init__(self, **classes: Any) -> None:
        for name, cls in classes.items():
            setattr(self, name, cls)

    text: Any
    citation: Any
    thinking: Any
    signature: Any
    input_json: Any
    message_stop: Any
    block_stop: Any


_EVENTS = _EventKinds(
    text=TextEvent,
    citation=CitationEvent,
    thinking=ThinkingEvent,
    signature=SignatureEvent,
    input_json=InputJsonEvent,
    message_stop=MessageStopEvent,
    block_stop=ContentBlockStopEvent,
)
_BETA_EVENTS = _EventKinds(
    text=ParsedBetaTextEvent,
    citation=BetaCitationEvent,
    thinking=BetaThinkingEvent,
    signature=BetaSignatureEvent,
    input_json=BetaInputJsonEvent,
    message_stop=ParsedBetaMessageStopEvent,
    block_stop=ParsedBetaContentBlockStopEvent,
)

_KNOWN_EVENTS = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
    }
)
_OPTIONAL_USAGE = (
    "input_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "server_tool_use",
)


def accumulate(accumulator: MessageAccumulator[Any] | None, event: Any) -> MessageAccumulator[Any]:
    """Functional form of `MessageAccumulator.accumulate` (creates the accumulator on the first event)."""
    acc = accumulator if accumulator is not None else MessageAccumulator()
    acc.accumulate(event)
    return acc


def build_events(event: Any, accumulator: MessageAccumulator[Any]) -> list[MessageStreamEvent]:
    """Functional form of `MessageAccumulator.build_events`."""
    return accumulator.build_events(event)
