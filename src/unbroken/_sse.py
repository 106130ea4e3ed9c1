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
* at end of stream an event without its blank line is NOT dispatched — `has_pending` tells callers that the
  body ended mid-event, which for a streaming API means truncation.

It is on the hot path of streaming, so lines are split with `str` methods on whole chunks (never a
per-character loop), and a partial line is kept as a list of fragments so a huge line arriving in tiny chunks
costs linear, not quadratic, time.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from dataclasses import dataclass

__all__ = ["SSEDecoder", "ServerSentEvent", "aiter_sse", "iter_sse"]

_BOM = "\ufeff"


@dataclass(slots=True)
class ServerSentEvent:
    """One dispatched event. `event is None` means the default type ("message" in a browser)."""

    event: str | None = None
    data: str = ""
    id: str | None = None
    retry: int | None = None

    def json(self) -> object:
        """The data decoded as JSON (raises `json.JSONDecodeError`, a `ValueError`, if it is not JSON)."""
        return json.loads(self.data)


class SSEDecoder:
    """Incremental decoder: `feed()` each chunk as it arrives, `close()` at end of stream.

    The decoder never raises on malformed input: the SSE format has no invalid streams, only ignored lines.
    """

    __slots__ = (
        "_closed",
        "_data",
        "_decoder",
        "_event",
        "_field_seen",
        "_last_id",
        "_pending",
        "_retry",
        "_skip_lf",
        "_started",
        "_tail",
    )

    def __init__(self) -> None:
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
        text = self._decoder.decode(chunk)
        if not text:
            return []
        return self._feed_text(text)

    def close(self) -> list[ServerSentEvent]:
        """Mark the end of the stream. An event without its terminating blank line is discarded (per spec).

        Returns a list for symmetry with `feed()`; it is always empty, since only a blank line dispatches.
        Read `has_pending` afterwards to learn whether something was discarded.
        """
        if not self._closed:
            self._closed = True
            rest = self._decoder.decode(b"", final=True)
            if rest:
                # Undecodable trailing bytes become U+FFFD in the (discarded) partial line.
                self._tail.append(rest)
        return []

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
        lines = text.split("\n")
        last = lines.pop()
        if last:
            self._tail.append(last)
        return self._process(lines)

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
                    events.append(ServerSentEvent(event or None, text, last_id, retry))
                    data.clear()
                event = retry = None
                field_seen = False
                pending.clear()
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
