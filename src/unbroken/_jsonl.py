"""JSON Lines: bytes in, decoded values out, no I/O.

Works on bytes, not text: in UTF-8 the byte 0x0A never occurs inside a multibyte character, so splitting
the raw bytes on LF is safe at any chunk boundary; each complete line is then decoded as strict UTF-8. A
partial line is kept as a list of fragments so a long line arriving in small chunks costs linear time.

Unlike SSE, a final line without a newline IS a line (the format does not require a trailing newline), so
`close()` decodes it. Blank lines are skipped and CRLF is tolerated. A line that is not JSON raises
`JSONLDecodeError` naming the line and its 1-based number, so the caller can translate it to its own error.
A line longer than `max_line_bytes` raises `EventTooLargeError` (the same error the SSE decoder raises for
an event), so a body that never ends its line cannot grow a buffer without bound. With `keep_text=True` each
value comes as a `RawLine` with the text it was decoded from, for a consumer that stores lines as received
rather than paying to encode them again.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import NamedTuple

from ._json import loads_stripped
from ._sse import EventTooLargeError

__all__ = ["JSONLDecodeError", "JSONLineBuffer", "RawLine", "aiter_jsonl", "iter_jsonl"]

_BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\r\n"  # JSON's whitespace, exactly


class JSONLDecodeError(ValueError):
    """A line of a JSON Lines body is not valid JSON (or not valid UTF-8)."""

    def __init__(self, message: str, *, line: str, lineno: int) -> None:
        super().__init__(message)
        self.line = line
        self.lineno = lineno


class RawLine(NamedTuple):
    """A decoded line and its text (valid UTF-8 JSON, without its line ending or surrounding whitespace)."""

    text: str
    value: object


class JSONLineBuffer:
    """Incremental JSON Lines decoder: `feed()` each chunk, then `close()` for an unterminated last line."""

    __slots__ = ("_closed", "_keep_text", "_lineno", "_max", "_started", "_tail", "_tail_size")

    def __init__(self, *, max_line_bytes: int | None = None, keep_text: bool = False) -> None:
        self._max = max_line_bytes
        self._keep_text = keep_text
        self._tail: list[bytes] = []
        self._tail_size = 0  # bytes in `_tail`
        self._lineno = 0  # lines consumed so far, blank ones included
        self._started = False
        self._closed = False

    @property
    def lineno(self) -> int:
        """Number of complete lines consumed so far (blank lines included)."""
        return self._lineno

    @property
    def has_pending(self) -> bool:
        """True if bytes of an unterminated line are buffered (`close()` will decode them)."""
        return any(part.strip(_WHITESPACE) for part in self._tail)

    def feed(self, chunk: bytes) -> list[object]:
        """Decode one chunk; returns the values of the lines it completed."""
        if self._closed:
            raise ValueError("JSONLineBuffer.feed() called after close()")
        if not chunk:
            return []
        if not self._started:
            # The BOM may itself be split across the first chunks: wait for 3 bytes before deciding.
            head = b"".join([*self._tail, chunk])
            if len(head) < len(_BOM) and _BOM.startswith(head):
                self._tail = [head]
                return []
            self._started = True
            self._tail.clear()
            chunk = head[len(_BOM) :] if head.startswith(_BOM) else head
        if b"\n" not in chunk:
            self._tail.append(chunk)
            self._tail_size += len(chunk)
            self._check(self._tail_size)
            return []
        if self._tail:
            self._tail.append(chunk)
            chunk = b"".join(self._tail)
            self._tail.clear()
        lines = chunk.split(b"\n")
        last = lines.pop()
        self._tail_size = len(last)
        if last:
            self._tail.append(last)
        values = self._decode(lines)
        self._check(self._tail_size)
        return values

    def _check(self, size: int) -> None:
        if self._max is not None and size > self._max:
            raise EventTooLargeError(size, self._max, "line")

    def close(self) -> list[object]:
        """End of input: decode the last line if it had no newline."""
        if self._closed:
            return []
        self._closed = True
        if not self._tail:
            return []
        line = b"".join(self._tail)
        self._tail.clear()
        if not self._started and _BOM.startswith(line):
            return []
        return self._decode([line])

    def _decode(self, lines: list[bytes]) -> list[object]:
        out: list[object] = []
        keep_text = self._keep_text
        for line in lines:
            self._lineno += 1
            self._check(len(line))
            stripped = line.strip(_WHITESPACE)
            if not stripped:
                continue
            try:
                text = stripped.decode("utf-8")
                out.append(RawLine(text, loads_stripped(text)) if keep_text else loads_stripped(text))
            except ValueError as exc:  # JSONDecodeError, JSONNestingError and UnicodeDecodeError
                text = line.decode("utf-8", "replace").rstrip("\r")
                raise JSONLDecodeError(
                    f"line {self._lineno} of the JSON Lines body is not valid JSON: {exc}",
                    line=text,
                    lineno=self._lineno,
                ) from exc
        return out


def iter_jsonl(chunks: Iterable[bytes]) -> Iterator[object]:
    """Values from an iterable of byte chunks."""
    buf = JSONLineBuffer()
    for chunk in chunks:
        yield from buf.feed(chunk)
    yield from buf.close()


async def aiter_jsonl(chunks: AsyncIterable[bytes]) -> AsyncIterator[object]:
    """Async twin of `iter_jsonl`."""
    buf = JSONLineBuffer()
    async for chunk in chunks:
        for value in buf.feed(chunk):
            yield value
    for value in buf.close():
        yield value
