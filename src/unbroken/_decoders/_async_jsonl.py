# Source of _sync_jsonl.py: scripts/unasync.py generates it from this file (`make generate`).
"""`AsyncJSONLDecoder`: typed values of a JSON Lines response body, as the bytes arrive.

Built from `JSONLineReader` and the transport boundary's `iter_bytes`, so every failure is ours: a
connection cut mid-body is an `APIConnectionError` (the httpx error on `__cause__`), a line that is not JSON
or not the documented shape is an `APIResponseValidationError` carrying the line. Values already handed to
the caller stay handed: nothing is replayed or discarded. If the body fails before its first value, the
request is retried under the client's policy, like any request that failed before anything arrived. One
line may hold at most the client's `max_event_bytes`; a longer one is an `APIResponseValidationError`.

As in the reference, a decoder can also be built over a `raw_iterator` of body chunks (the response's own
`iter_bytes()`, or anything derived from it); its failures are translated the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import TYPE_CHECKING, Any, TypeVar

from .. import _transport
from .._hooks import NOOP
from .._jsonl_reader import JSONLineReader
from ..streaming._async_stream import AsyncBodyReader

if TYPE_CHECKING:
    import httpx

    from .._call import Call

__all__ = ["AsyncJSONLDecoder"]

_T = TypeVar("_T")


class AsyncJSONLDecoder(AsyncBodyReader[_T]):
    """Iterate once over the decoded lines (`async for result in decoder`); `close()` releases the
    connection."""

    def __init__(
        self,
        *,
        line_type: type[_T] | Any,
        http_response: httpx.Response,
        raw_iterator: AsyncIterable[bytes] | None = None,
        client: Any = None,
        call: Call | None = None,
    ) -> None:
        self._line_type = line_type
        self._raw_iterator = raw_iterator
        super().__init__(response=http_response, client=client, call=call)

    @property
    def http_response(self) -> httpx.Response:
        """The response being read (a new one after a retry before the first line)."""
        return self.response

    @classmethod
    def _from_request(
        cls, *, cast_to: Any, response: httpx.Response, client: Any, call: Call | None
    ) -> AsyncJSONLDecoder[Any]:
        """The `stream_cls` signature the client's `request()` calls."""
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

    async def _read_body(self) -> AsyncIterator[_T]:
        reader: JSONLineReader[_T] = JSONLineReader(self._line_type, self.response, self._client)
        observe = (self._call.observer if self._call is not None else NOOP).body_item  # usage metering
        raw, self._raw_iterator = self._raw_iterator, None  # a given iterator serves the first body only
        chunks = self.response.aiter_bytes() if raw is None else raw
        async for chunk in _transport.aguard_chunks(chunks, self.response.request):
            for item in reader.feed(chunk):
                observe(item)
                yield item
        for item in reader.close():
            observe(item)
            yield item
