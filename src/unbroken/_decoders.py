"""`JSONLDecoder` / `AsyncJSONLDecoder`: typed values of a JSON Lines response body, as the bytes arrive.

Built from the I/O-free `JSONLineBuffer` and the transport boundary's `iter_bytes`, so every failure is ours:
a connection cut mid-body is an `APIConnectionError` (the httpx error on `__cause__`), a line that is not JSON
or not the documented shape is an `APIResponseValidationError` carrying the line. Values already handed to
the caller stay handed: nothing is replayed or discarded. If the body fails before its first value, the
request is retried under the client's policy, like any request that failed before anything arrived.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pydantic

from . import _transport
from ._exceptions import AnthropicError, APIResponseValidationError
from ._jsonl import JSONLDecodeError, JSONLineBuffer
from ._models import BaseModel, validate_value

if TYPE_CHECKING:
    import httpx

    from ._base_client import Call

__all__ = ["AsyncJSONLDecoder", "JSONLDecoder"]

_T = TypeVar("_T")


class _LineReader(Generic[_T]):
    """Bytes of one body in, typed values out, lazily: a bad line raises only after every value before it
    has been handed over (the buffer is fed one line at a time so a chunk's good lines are never dropped)."""

    def __init__(self, line_type: Any, response: httpx.Response) -> None:
        self._line_type = line_type
        self._response = response
        self._buffer = JSONLineBuffer()
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

    def _typed(self, values: list[object]) -> Iterator[_T]:
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


class JSONLDecoder(Generic[_T]):
    """Iterate once over the decoded lines (`for result in decoder`); `close()` releases the connection."""

    http_response: httpx.Response

    def __init__(
        self,
        *,
        line_type: type[_T] | Any,
        http_response: httpx.Response,
        client: Any = None,
        call: Call | None = None,
    ) -> None:
        self.http_response = http_response
        self._line_type = line_type
        self._client = client
        self._call = call
        self._delivered = False
        self._iterator = self._items()

    @classmethod
    def _from_request(
        cls, *, cast_to: Any, response: httpx.Response, client: Any, call: Call | None
    ) -> JSONLDecoder[Any]:
        """The `stream_cls` signature the client's `request()` calls."""
        return cls(line_type=cast_to, http_response=response, client=client, call=call)

    def __next__(self) -> _T:
        return next(self._iterator)

    def __iter__(self) -> Iterator[_T]:
        yield from self._iterator

    def __enter__(self) -> JSONLDecoder[_T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection; safe to call twice."""
        self._iterator.close()
        self.http_response.close()

    def _items(self) -> Generator[_T, None, None]:
        try:
            while True:
                try:
                    yield from self._read_body()
                    return
                except AnthropicError as err:
                    if self._delivered or self._call is None:
                        raise
                    self.http_response.close()
                    self.http_response = self._client._resend(self._call, err)
        finally:
            self.http_response.close()

    def _read_body(self) -> Iterator[_T]:
        reader: _LineReader[_T] = _LineReader(self._line_type, self.http_response)
        for chunk in _transport.iter_bytes(self.http_response):
            for item in reader.feed(chunk):
                self._delivered = True
                yield item
        for item in reader.close():
            self._delivered = True
            yield item


class AsyncJSONLDecoder(Generic[_T]):
    """The async twin: `async for result in decoder`, `await decoder.close()`."""

    http_response: httpx.Response

    def __init__(
        self,
        *,
        line_type: type[_T] | Any,
        http_response: httpx.Response,
        client: Any = None,
        call: Call | None = None,
    ) -> None:
        self.http_response = http_response
        self._line_type = line_type
        self._client = client
        self._call = call
        self._delivered = False
        self._iterator = self._items()

    @classmethod
    def _from_request(
        cls, *, cast_to: Any, response: httpx.Response, client: Any, call: Call | None
    ) -> AsyncJSONLDecoder[Any]:
        return cls(line_type=cast_to, http_response=response, client=client, call=call)

    async def __anext__(self) -> _T:
        return await self._iterator.__anext__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for item in self._iterator:
            yield item

    async def __aenter__(self) -> AsyncJSONLDecoder[_T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._iterator.aclose()
        await self.http_response.aclose()

    async def _items(self) -> AsyncGenerator[_T, None]:
        try:
            while True:
                try:
                    async for item in self._read_body():
                        yield item
                    return
                except AnthropicError as err:
                    if self._delivered or self._call is None:
                        raise
                    await self.http_response.aclose()
                    self.http_response = await self._client._resend(self._call, err)
        finally:
            await self.http_response.aclose()

    async def _read_body(self) -> AsyncIterator[_T]:
        reader: _LineReader[_T] = _LineReader(self._line_type, self.http_response)
        async for chunk in _transport.aiter_bytes(self.http_response):
            for item in reader.feed(chunk):
                self._delivered = True
                yield item
        for item in reader.close():
            self._delivered = True
            yield item
