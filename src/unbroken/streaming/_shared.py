"""What the sync and async streams share: reading one SSE event into a typed item (or our error), the
accumulator a raw stream keeps for `partial_message`, and the views every message stream offers over it.

All of it is I/O-free; the streams themselves (`stream.py`, `beta.py`) only read bytes and hand them here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

import pydantic

from .._exceptions import (
    AnthropicError,
    APIResponseValidationError,
    IncompleteStreamError,
    UnexpectedEventOrderError,
    status_error_from_stream_event,
)
from .._models import type_adapter
from .._sse import EventTooLargeError, ServerSentEvent
from .._types import NotGiven
from ..types.beta.parsed_beta_message import ParsedBetaMessage
from ._delta_line import read_delta_line
from .accumulate import MessageAccumulator, ToolInputJSONError

if TYPE_CHECKING:
    import httpx

    from .._base_client import EventDecoder

__all__ = [
    "EventReader",
    "MessageStreamBase",
    "Progress",
    "accumulator_for",
    "beta_accumulator",
    "checked_accumulate",
]

_MessageT = TypeVar("_MessageT")

_MESSAGE_EVENTS = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
    }
)


class Progress(Protocol):
    """How far a body's decoding has got, for its `StreamTimer` (an `EventReader` is one)."""

    events: int
    saw_message_stop: bool


class EventReader:
    """One body's chunks in, typed and accumulated items out, raising our errors; shared by both streams.

    `feed()` each chunk, then `finish()`: both yield the items one by one, so an error found later in a chunk
    is raised only after every item before it was handed over. `rewrite` (a continuation's `Stitcher`) turns
    each item into what the caller's stream yields in its place, before it is accumulated.
    """

    def __init__(
        self,
        cast_to: Any,
        decoder: EventDecoder,
        response: httpx.Response,
        accumulator: MessageAccumulator[Any] | None,
        rewrite: Callable[[Any], list[Any]] | None = None,
    ) -> None:
        # Parsing and validating the data line in one pass inside pydantic-core is most of what makes a
        # 20,000-delta stream cheap; `_decode` is only the slow path that explains a failure.
        adapter = type_adapter(cast_to)
        self._validate_json = adapter.validator.validate_json
        self._validate_python = adapter.validate_python
        self._decoder = decoder
        self._response = response
        self._accumulate = checked_accumulate(accumulator, response)
        self._rewrite = rewrite
        self._append = accumulator.append if accumulator is not None else None
        self.discard_deltas = False
        """Set when nobody will see the events any more (`until_done()`): text, thinking and tool-input
        deltas of the canonical shape then go straight into the accumulator, without a model per event
        (not in a body that carries on a broken stream: its deltas are rewritten)."""
        self.saw_message_start = False
        self.saw_message_stop = False
        self.saw_any = False
        self.events = 0
        """Events decoded so far, pings excepted (what a stream's `StreamTimer` counts as progress)."""

    def feed(self, chunk: bytes) -> Iterator[Any]:
        try:
            events = self._decoder.feed(chunk)
        except EventTooLargeError as exc:
            raise APIResponseValidationError(self._response, None, message=str(exc)) from exc
        return self._items(events)

    def finish(self) -> Iterator[Any]:
        """The last event (if only its blank line was missing), then the check that the stream is complete."""
        try:
            events = self._decoder.close()
        except EventTooLargeError as exc:
            raise APIResponseValidationError(self._response, None, message=str(exc)) from exc
        yield from self._items(events)
        self._check_complete()

    def _items(self, events: list[ServerSentEvent]) -> Iterator[Any]:
        response = self._response
        accumulate = self._accumulate
        validate_json = self._validate_json
        rewrite = self._rewrite
        for sse in events:
            if sse.event == "content_block_delta":  # nearly every event: the shortest path, inline
                if self.discard_deltas and rewrite is None and self._absorb(sse.data):
                    continue
                self.events += 1
                try:
                    item = validate_json(sse.data)
                except pydantic.ValidationError:
                    item = self._slow_validate(sse, response)
            else:
                item = self.read(sse, response)
                if item is None:
                    continue
            if rewrite is None:
                accumulate(item)
                yield item
                continue
            for rewritten in rewrite(item):
                accumulate(rewritten)
                yield rewritten

    def read(self, sse: ServerSentEvent, response: httpx.Response) -> Any:
        """The typed item of one event other than a `content_block_delta` (`_items` reads those inline);
        None for a ping or an event type this client does not know."""
        name = sse.event
        if name == "ping":
            return None
        self.events += 1
        if name == "error":
            raise status_error_from_stream_event(_decode(sse, response), response)
        if name is not None and name not in _MESSAGE_EVENTS and name != "completion":
            return None  # an event type this client does not know yet: skipped, as the API asks
        self.saw_any = True
        if name == "message_start":
            self.saw_message_start = True
        elif name == "message_stop":
            self.saw_message_stop = True
        try:
            return self._validate_json(sse.data)
        except pydantic.ValidationError:
            return self._slow_validate(sse, response)

    def _absorb(self, data: str) -> bool:
        """Apply a canonical string delta straight to the accumulator; False if `data` is anything else."""
        parts = read_delta_line(data) if self._append is not None else None
        if parts is None:
            return False
        self.events += 1
        try:
            self._append(*parts)  # type: ignore[misc]
        except RuntimeError as exc:
            raise UnexpectedEventOrderError(self._response, None, message=str(exc)) from exc
        return True

    def _slow_validate(self, sse: ServerSentEvent, response: httpx.Response) -> Any:
        """Not JSON, or JSON without its `type`: decode it to tell which, and say so."""
        name = sse.event
        data = _decode(sse, response)
        try:
            return self._validate_python(data)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                response, sse.data, message=f"Stream event {name!r} does not match the expected schema: {exc}"
            ) from exc

    def _check_complete(self) -> None:
        """A message stream must end with `message_stop`; anything else is a truncation, not success."""
        if self.saw_message_stop or (self.saw_any and not self.saw_message_start):
            return  # done, or a legacy completion stream (which has no terminal event)
        detail = "mid-event" if self._decoder.has_pending else "before message_stop"
        raise IncompleteStreamError(message=f"Stream ended {detail}.", request=self._response.request)


def _decode(sse: ServerSentEvent, response: httpx.Response) -> Any:
    try:
        data = sse.json()
    except ValueError as exc:
        raise APIResponseValidationError(
            response, sse.data, message=f"Stream data is not valid JSON: {sse.data[:200]!r}"
        ) from exc
    if isinstance(data, dict) and sse.event is not None and "type" not in data:
        data["type"] = sse.event
    return data


def accumulator_for(cast_to: Any, client: Any) -> MessageAccumulator[Any] | None:
    """Raw message streams accumulate too, so what they raise carries `partial_message` — unless the client
    says `accumulate_raw_streams=False` (pass-through consumers: nothing kept, `partial_message` None)."""
    if not client.controls.accumulate_raw_streams:
        return None
    from ..types.stream_events import RawMessageStreamEvent

    if cast_to is RawMessageStreamEvent:  # every `messages.create(stream=True)`: one import looked up
        return MessageAccumulator()
    from ..types.beta.stream_events import BetaRawMessageStreamEvent

    if cast_to is BetaRawMessageStreamEvent:
        return MessageAccumulator(beta=True)
    return None  # e.g. a legacy completion stream


def checked_accumulate(
    accumulator: MessageAccumulator[Any] | None, response: httpx.Response
) -> Callable[[Any], None]:
    """`accumulator.accumulate`, with an out-of-order stream reported as a bad response (and, as in the
    reference, a RuntimeError)."""
    if accumulator is None:
        return _ignore
    apply = accumulator.accumulate

    def accumulate(event: Any) -> None:
        try:
            apply(event)
        except RuntimeError as exc:
            raise UnexpectedEventOrderError(response, None, message=str(exc)) from exc
        except ToolInputJSONError as exc:  # a tool_use block whose streamed input is not JSON
            raise APIResponseValidationError(response, exc.raw_json, message=str(exc)) from exc

    return accumulate


def _ignore(event: Any) -> None:
    pass


class MessageStreamBase(Generic[_MessageT]):
    """What every message stream shares: the accumulator and the read-only views over it."""

    def __init__(self, accumulator: MessageAccumulator[Any]) -> None:
        self._accumulator = accumulator

    @property
    def current_message_snapshot(self) -> _MessageT:
        snapshot = self._accumulator.snapshot
        if snapshot is None:
            raise RuntimeError("No message_start event has been received yet")
        return cast(_MessageT, snapshot)

    def _attach_partial(self, err: AnthropicError) -> None:
        err.partial_message = self._accumulator.snapshot

    def _final_text(self) -> str:
        content: list[Any] = cast(Any, self.current_message_snapshot).content
        texts = [block.text for block in content if block.type == "text"]
        if not texts:
            raise RuntimeError(
                f".get_final_text() can only be called when the API returns a `text` content block.\n"
                f"The API returned {','.join(b.type for b in content)} "
                "content block type(s) that you can access by calling get_final_message().content"
            )
        return "".join(texts)


def beta_accumulator(
    output_format: object, response: Callable[[], httpx.Response]
) -> MessageAccumulator[Any]:
    """A beta accumulator; with a type, snapshots are `ParsedBetaMessage[T]` and text blocks get parsed."""
    if output_format is None or isinstance(output_format, (NotGiven, Mapping)):
        return MessageAccumulator(beta=True)  # no type to parse into (a raw JSON schema is only sent)
    from ..lib._parse._response import text_parser

    return MessageAccumulator(
        beta=True,
        message_type=ParsedBetaMessage[output_format],  # type: ignore[valid-type]
        parse_text=text_parser(output_format, response),
    )
