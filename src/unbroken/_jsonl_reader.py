"""Typed values of a JSON Lines body, chunk by chunk: what `JSONLDecoder` and `AsyncJSONLDecoder` share.

A line that is not JSON, or not the documented shape, is an `APIResponseValidationError` carrying the line;
so is one longer than the client's `max_event_bytes`. With `line_type=RawLine` a line is only decoded, not
validated: each comes with its text, for a caller that checks the few fields it needs and keeps the line as
received (the batch runner's results).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pydantic

from ._constants import DEFAULT_MAX_EVENT_BYTES
from ._exceptions import APIResponseValidationError
from ._jsonl import JSONLDecodeError, JSONLineBuffer, RawLine
from ._models import BaseModel, validate_value
from ._sse import EventTooLargeError

if TYPE_CHECKING:
    import httpx

__all__ = ["JSONLineReader"]

_T = TypeVar("_T")


class JSONLineReader(Generic[_T]):
    """Bytes of one body in, typed values out, lazily: a bad line raises only after every value before it
    has been handed over (the buffer is fed one line at a time so a chunk's good lines are never dropped)."""

    def __init__(self, line_type: Any, response: httpx.Response, client: Any) -> None:
        self._line_type = line_type
        self._response = response
        limit = getattr(client, "max_event_bytes", DEFAULT_MAX_EVENT_BYTES)
        self._raw = line_type is RawLine  # each line as decoded, with its text: the caller validates
        self._buffer = JSONLineBuffer(max_line_bytes=limit, keep_text=self._raw)
        self._request_id = response.headers.get("request-id")

    def feed(self, chunk: bytes) -> Iterator[_T]:
        start = 0
        while start < len(chunk):
            end = chunk.find(b"\n", start)
            stop = len(chunk) if end < 0 else end + 1
            yield from self._typed(self._decode(self._buffer.feed, chunk[start:stop]))
            start = stop

    def close(self) -> Iterator[_T]:
        return self._typed(self._decode(lambda _: self._buffer.close(), b""))

    def _decode(self, step: Callable[[bytes], list[object]], piece: bytes) -> list[object]:
        try:
            return step(piece)
        except JSONLDecodeError as exc:
            raise APIResponseValidationError(self._response, exc.line, message=str(exc)) from exc
        except EventTooLargeError as exc:
            raise APIResponseValidationError(self._response, None, message=str(exc)) from exc

    def _typed(self, values: list[object]) -> Iterator[_T]:
        if self._raw:
            yield from values  # type: ignore[misc]  # RawLine is _T
            return
        for value in values:
            try:
                item: _T = validate_value(self._line_type, value)
            except pydantic.ValidationError as exc:
                raise APIResponseValidationError(
                    self._response,
                    value,
                    message=f"JSON Lines value does not match the expected schema: {exc}",
                ) from exc
            if isinstance(item, BaseModel):
                item._request_id = self._request_id
            yield item
