# Source of _sync_response.py: scripts/unasync.py generates it from this file (`make generate`).
"""Response wrappers whose body is read only when asked (`with_streaming_response`, file downloads)."""

from __future__ import annotations

import codecs
import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from typing_extensions import ParamSpec

from . import _transport
from ._json import loads
from ._legacy_response import BaseAPIResponse, LegacyAPIResponse, with_raw_mode

if TYPE_CHECKING:
    pass

__all__ = [
    "AsyncAPIResponse",
    "AsyncBinaryAPIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedBinaryAPIResponse",
    "async_to_custom_raw_response_wrapper",
    "async_to_custom_streamed_response_wrapper",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
_ResponseT = TypeVar("_ResponseT")
_APIResponseT = TypeVar("_APIResponseT", bound="AsyncAPIResponse[Any]")


def _text_decoder(encoding: str | None) -> codecs.IncrementalDecoder:
    """Bytes to text across chunk boundaries, undecodable bytes replaced (as httpx's `iter_text` does)."""
    return codecs.getincrementaldecoder(encoding or "utf-8")(errors="replace")


class AsyncAPIResponse(BaseAPIResponse[R]):
    """An HTTP response whose body is read only when asked: `parse()`, `read()`, `iter_bytes()`, …"""

    async def parse(self, *, to: type[T] | None = None) -> R | T:
        """The parsed result (a model, or the `Stream` for streaming calls)."""
        stream = self._parsed_stream(to)
        if stream is not None:
            return cast(R, stream)
        return cast("R | T", self._parse_content(await self.read(), to))

    async def read(self) -> bytes:
        return await _transport.aread(self.http_response)

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        return loads(await self.read())

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in _transport.aiter_bytes(self.http_response, chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        decoder = _text_decoder(self.http_response.encoding)
        async for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    async def iter_lines(self) -> AsyncIterator[str]:
        buffer = ""
        async for text in self.iter_text():
            buffer += text
            *lines, buffer = buffer.splitlines(keepends=True) or [""]
            for line in lines:
                yield line.rstrip("\r\n")
        if buffer:
            yield buffer.rstrip("\r\n")

    async def close(self) -> None:
        await self.http_response.aclose()


class AsyncBinaryAPIResponse(AsyncAPIResponse[bytes]):
    """A binary body (a file download); `write_to_file` saves it."""

    async def write_to_file(self, file: str | os.PathLike[str]) -> None:
        with open(file, mode="wb") as f:
            async for chunk in self.iter_bytes():
                f.write(chunk)


class AsyncStreamedBinaryAPIResponse(AsyncAPIResponse[bytes]):
    """A binary body read as it arrives; `stream_to_file` saves it chunk by chunk."""

    async def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        with open(file, mode="wb") as f:
            async for chunk in self.iter_bytes(chunk_size):
                f.write(chunk)


class AsyncResponseContextManager(Generic[R]):
    """`with_streaming_response.<method>(...)`: sends on enter, releases the connection on exit."""

    def __init__(self, request: Callable[[], Awaitable[R]]) -> None:
        self._request = request
        self._response: R | None = None

    async def __aenter__(self) -> R:
        self._response = await self._request()
        return self._response

    async def __aexit__(self, *exc: object) -> None:
        if isinstance(self._response, BaseAPIResponse):
            await self._response.http_response.aclose()


# -- the views: `resource.with_raw_response.<method>` and `resource.with_streaming_response.<method>` -----


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[LegacyAPIResponse[R]]]:
    """`with_raw_response.<method>`: the same call, answered with the response (body read); `.parse()`
    gives what the method returns."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> LegacyAPIResponse[R]:
        return cast(LegacyAPIResponse[R], await func(*args, **with_raw_mode(kwargs, "raw")))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[AsyncAPIResponse[R]]]:
    """`with_streaming_response.<method>`: a context manager that sends on enter and gives the response with
    its body unread; the connection is released on exit."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[AsyncAPIResponse[R]]:
        request = functools.partial(func, *args, **with_raw_mode(kwargs, "stream"))
        return AsyncResponseContextManager(cast("Callable[[], Awaitable[AsyncAPIResponse[R]]]", request))

    return wrapped


def async_to_custom_raw_response_wrapper(
    func: Callable[P, Awaitable[object]], response_cls: type[_ResponseT]
) -> Callable[P, Awaitable[_ResponseT]]:
    """`with_raw_response.<method>` for a method whose result already is a response (`files.download`)."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> _ResponseT:
        return cast(_ResponseT, await func(*args, **kwargs))

    return wrapped


def async_to_custom_streamed_response_wrapper(
    func: Callable[P, Awaitable[object]], response_cls: type[_APIResponseT]
) -> Callable[P, AsyncResponseContextManager[_APIResponseT]]:
    """`with_streaming_response.<method>` for a method that makes its streamed response a `response_cls`
    (`files.download`: a response that can `stream_to_file()`)."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[_APIResponseT]:
        request = functools.partial(func, *args, **with_raw_mode(kwargs, "stream"))
        return AsyncResponseContextManager(cast("Callable[[], Awaitable[_APIResponseT]]", request))

    return wrapped
