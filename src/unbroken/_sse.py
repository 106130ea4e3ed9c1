"""Server-Sent Events: bytes in, events out, no I/O.

Follows the WHATWG "event stream interpretation" rules exactly, because servers and proxies differ in line
endings and chunking and a decoder that is right only for `\\n` and whole lines fails in production:

* a line ends with CRLF, CR or LF; a CRLF split across two chunks is one line ending;
* one BOM at the very start of the stream is dropped; bytes are decoded as UTF-8 incrementally (a character
  split across chunks is fine; invalid bytes become U+FFFD, as the spec says);
* `:comment` lines are ignored; `field: value` loses ONE leading space; a line without a colon is a field
  with an empty value; unknown fields are ignored;
* `data` lines accumulate, joined by LF; `event` sets the type; `id` sets the last event id (kept across
  events, ignored if it contains NUL); `retry` is parsed when it is all ASCII digits;
* a blank line dispatches the event if at least one `data` line was seen (the spec's "data buffer is not
  empty"), otherwise it only resets the event type;
* at end of stream, an event whose lines all arrived whole (each with its line ending) but without the
  blank line after the last one IS dispatched, unlike the spec: some proxies strip a body's final blank
  line, and a `message_stop` that arrived whole proves the stream complete. An event cut inside a line is
  not dispatched — `has_pending` tells callers that the body ended mid-event, which means truncation;
* one event may hold at most `max_event_bytes` of input (all its lines, an unfinished one included): past
  that `feed()` raises `EventTooLargeError`, so a body that never ends its line cannot grow a buffer
  without bound.

It is on the hot path of streaming, so lines are split with `str` methods on whole chunks (never a
per-character loop), and a partial line is kept as a list of fragments so a huge line arriving in tiny chunks
costs linear, not quadratic, time.
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from dataclasses import dataclass

from ._json import loads

__all__ = ["EventTooLargeError", "SSEDecoder", "ServerSentEvent", "aiter_sse", "iter_sse"]

_BOM = "\ufeff"


@dataclass(slots=True)
class ServerSentEvent:
    """One dispatched event. `event is None` means the default type ("message" in a browser)."""

    event: str | None = None
    data: str = ""
    id: str | None = None
    retry: int | None = None

    def json(self) -> object:
        """The data decoded as JSON (raises `ValueError` if it is not JSON, or nested too deeply)."""
        return loads(self.data)


class EventTooLargeError(ValueError):
    """One event (or one line) of a streamed body is larger than the decoder's limit."""

    def __init__(self, size: int, limit: int, unit: str = "event") -> None:
        super().__init__(f"A streamed {unit} exceeded the limit of {limit} bytes (at least {size} received)")
        self.size = size
        self.limit = limit


class SSEDecoder:
    """Incremental decoder: `feed()` each chunk as it arrives, `close()` at end of stream.

    The decoder never raises on malformed input — the SSE format has no invalid streams, only ignored lines
    — only on an event larger than `max_event_bytes` (None: no limit).
    """

    __slots__ = (
        "_boundary",
        "_closed",
        "_data",
        "_decoder",
        "_error",
        "_event",
        "_field_seen",
        "_last_id",
        "_max",
        "_pending",
        "_retry",
        "_skip_lf",
        "_started",
        "_tail",
        "_undispatched",
    )

    def __init__(self, *, max_event_bytes: int | None = None) -> None:
        self._max = max_event_bytes
        self._undispatched = 0  # bytes received since the last event boundary (an upper bound)
        self._boundary = False  # a blank line was processed in the current chunk
        self._error: EventTooLargeError | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._tail: list[str] = []  # fragments of the current, unterminated line
        self._skip_lf = False  # the previous text ended with CR: a leading LF belongs to it
        self._started = False  # first character seen (BOM check done)
        self._closed = False
        self._data: list[str] = []
        self._event: str | None = None
        self._last_id: str | None = None
        self._retry: int | None = None
        self._field_seen = False  # a non-comment line since the last blank line
        self._pending: list[str] = []  # those lines, kept only to report `pending_bytes`

    @property
    def last_event_id(self) -> str | None:
        """The last `id` received (the spec's "last event ID buffer"); survives across events."""
        return self._last_id

    @property
    def has_pending(self) -> bool:
        """True if the input since the last event boundary holds anything but comments and blank lines.

        Checked after `close()` this means the body ended in the middle of an event (or of a line).
        """
        if self._field_seen:
            return True
        if self._tail and not self._tail[0].startswith(":"):
            return True
        return bool(self._decoder.getstate()[0])

    @property
    def pending_bytes(self) -> int:
        """Size of the undispatched input (UTF-8 bytes; each line ending counted as one byte).

        A diagnostic for "how much arrived after the last complete event"; computed on demand only.
        """
        size = sum(len(line.encode("utf-8")) + 1 for line in self._pending)
        size += sum(len(part.encode("utf-8")) for part in self._tail)
        return size + len(self._decoder.getstate()[0])

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one chunk; returns the events it completed (often none, sometimes many)."""
        if self._closed:
            raise ValueError("SSEDecoder.feed() called after close()")
        if self._error is not None:
            raise self._error
        text = self._decoder.decode(chunk)
        events = self._feed_text(text) if text else []
        if self._max is not None and self._error is None:
            self._measure(len(chunk), self._max)
        if self._error is not None and not events:
            raise self._error
        return events  # an error found after some events is raised by the next call: they are not lost

    def _measure(self, received: int, limit: int) -> None:
        if self._boundary:  # only what follows the last boundary counts: measure it exactly
            self._boundary = False
            self._undispatched = self.pending_bytes
        else:
            self._undispatched += received
        if self._undispatched > limit:
            self._error = EventTooLargeError(self._undispatched, limit)

    def close(self) -> list[ServerSentEvent]:
        """Mark the end of the stream; returns the last event if all its lines arrived whole (see above).

        Read `has_pending` afterwards to learn whether something was discarded (a line cut short).
        """
        if self._error is not None:
            raise self._error
        if self._closed:
            return []
        self._closed = True
        rest = self._decoder.decode(b"", final=True)
        if rest:
            # Undecodable trailing bytes become U+FFFD in the (discarded) partial line.
            self._tail.append(rest)
        if self._tail or not self._data:
            return []
        return self._process([""])  # every line ended: the missing blank line is the only thing missing

    def _feed_text(self, text: str) -> list[ServerSentEvent]:
        if not self._started:
            self._started = True
            if text[0] == _BOM:
                text = text[1:]
                if not text:
                    return []
        if self._skip_lf:
            self._skip_lf = False
            if text[0] == "\n":
                text = text[1:]
                if not text:
                    return []
        if "\n" not in text and "\r" not in text:
            self._tail.append(text)
            return []
        if self._tail:
            self._tail.append(text)
            text = "".join(self._tail)
            self._tail.clear()
        if "\r" in text:
            if text[-1] == "\r":
                self._skip_lf = True
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        # Whole events first: each piece before a "\n\n" is the lines of one event (its blank line dropped).
        blocks = text.split("\n\n")
        lines = blocks.pop().split("\n")  # the lines after the last blank line, and an unfinished one
        last = lines.pop()
        if last:
            self._tail.append(last)
        events = self._process_blocks(blocks) if blocks else []
        if lines and self._error is None:
            events += self._process(lines)
        return events

    def _process_blocks(self, blocks: list[str]) -> list[ServerSentEvent]:
        """Dispatch whole events. The common shape, exactly `event: NAME` then `data: DATA`, is cut out with
        one `partition` once the state is clean (always after the first block: each block ends an event);
        anything else goes through `_process` line by line."""
        events: list[ServerSentEvent] = []
        append = events.append
        limit = self._max
        last_id = self._last_id
        start = 0
        if self._data or self._field_seen or self._event is not None or self._retry is not None:
            start = 1  # the first block finishes an event begun in an earlier chunk
            events = self._process([*blocks[0].split("\n"), ""])
            append = events.append
            if self._error is not None:
                return events
            last_id = self._last_id
        for block in blocks[start:] if start else blocks:
            head, found, data = block.partition("\ndata: ")
            if (
                found
                and head[:7] == "event: "
                and "\n" not in head
                and "\n" not in data
                and (limit is None or len(data) <= limit)
            ):
                append(ServerSentEvent(head[7:] or None, data, last_id, None))
                continue
            events += self._process([*block.split("\n"), ""])
            if self._error is not None:
                return events
            last_id = self._last_id
        self._pending.clear()
        self._boundary = True
        return events

    def _process(self, lines: list[str]) -> list[ServerSentEvent]:
        # The hot loop of every stream: state lives in locals and is written back once per call.
        events: list[ServerSentEvent] = []
        data = self._data
        pending = self._pending
        event, retry, last_id, field_seen = self._event, self._retry, self._last_id, self._field_seen
        for line in lines:
            if not line:
                if data:
                    text = data[0] if len(data) == 1 else "\n".join(data)
                    if self._max is not None and len(text) > self._max:
                        self._error = EventTooLargeError(len(text), self._max)
                        break
                    events.append(ServerSentEvent(event or None, text, last_id, retry))
                    data.clear()
                event = retry = None
                field_seen = False
                pending.clear()
                self._boundary = True
                continue
            if line[0] == ":":
                continue
            name, _, value = line.partition(":")
            if value[:1] == " ":
                value = value[1:]
            if name == "data":
                data.append(value)
            elif name == "event":
                event = value
            elif name == "id":
                if "\0" not in value:
                    last_id = value
            elif name == "retry" and value.isascii() and value.isdigit():
                retry = int(value)
            field_seen = True
            pending.append(line)
        self._event, self._retry, self._last_id, self._field_seen = event, retry, last_id, field_seen
        return events


def iter_sse(chunks: Iterable[bytes], decoder: SSEDecoder | None = None) -> Iterator[ServerSentEvent]:
    """Events from an iterable of byte chunks; pass your own `decoder` to inspect `has_pending` after."""
    dec = decoder if decoder is not None else SSEDecoder()
    for chunk in chunks:
        yield from dec.feed(chunk)
    yield from dec.close()


async def aiter_sse(
    chunks: AsyncIterable[bytes], decoder: SSEDecoder | None = None
) -> AsyncIterator[ServerSentEvent]:
    """Async twin of `iter_sse`."""
    dec = decoder if decoder is not None else SSEDecoder()
    async for chunk in chunks:
        for event in dec.feed(chunk):
            yield event
    for event in dec.close():
        yield event
