"""Response wrappers for `with_raw_response` / `with_streaming_response`, and body → result parsing.

`parse_body` is the single place a read body becomes what a method returns; `APIResponse.parse()` and the
client's ordinary path both call it, so the raw and the parsed paths cannot drift apart.
"""

from __future__ import annotations

import codecs
import datetime
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from . import _stacks, _transport
from ._models import validate_response

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryAPIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedBinaryAPIResponse",
    "BinaryAPIResponse",
    "LegacyAPIResponse",
    "ResponseContextManager",
    "StreamedBinaryAPIResponse",
    "parse_body",
]

R = TypeVar("R")
T = TypeVar("T")


def parse_body(cast_to: Any, response: httpx.Response, content: bytes) -> Any:
    """Turn a read 2xx body into the method's return type; bad bodies raise APIResponseValidationError."""
    if _is_response_class(cast_to):  # `parse(to=httpx.Response)` or httpx2's
        return response
    if cast_to is bytes:
        return content
    if cast_to is str:
        return content.decode(response.encoding or "utf-8", errors="replace")
    if cast_to is type(None) or cast_to is None:
        return None
    if isinstance(cast_to, type) and issubclass(cast_to, BaseAPIResponse):
        return cast_to(response, cast_to=bytes, stream_factory=None)
    return validate_response(cast_to, content, response)


def _is_response_class(cast_to: Any) -> bool:
    return isinstance(cast_to, type) and any(
        cls.__name__ == "Response" and cls.__module__.partition(".")[0] in _stacks.NAMES
        for cls in cast_to.__mro__
    )


def _text_decoder(encoding: str | None) -> codecs.IncrementalDecoder:
    """Bytes to text across chunk boundaries, undecodable bytes replaced (as httpx's `iter_text` does)."""
    return codecs.getincrementaldecoder(encoding or "utf-8")(errors="replace")


class BaseAPIResponse(Generic[R]):
    """What every response wrapper exposes about the HTTP exchange."""

    http_response: httpx.Response
    retries_taken: int

    def __init__(
        self,
        response: httpx.Response,
        *,
        cast_to: Any,
        stream_factory: Callable[[], Any] | None,
        retries_taken: int = 0,
    ) -> None:
        self.http_response = response
        self._cast_to = cast_to
        self._stream_factory = stream_factory
        self.retries_taken = retries_taken
        self._parsed: dict[Any, Any] = {}

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def elapsed(self) -> datetime.timedelta:
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.http_response.headers.get("request-id")
        return request_id

    def __repr__(self) -> str:
        status = f"{self.status_code} {self.http_response.reason_phrase}"
        return f"<{type(self).__name__} [{status}] type={self._cast_to}>"

    def _parse_content(self, content: bytes, to: Any) -> Any:
        target = self._cast_to if to is None else to
        if target not in self._parsed:
            self._parsed[target] = parse_body(target, self.http_response, content)
        return self._parsed[target]


class APIResponse(BaseAPIResponse[R]):
    """A sync response whose body is read only when asked (`with_streaming_response`)."""

    def parse(self, *, to: type[T] | None = None) -> R | T:
        """The parsed result (a model, or the `Stream` for streaming calls)."""
        if self._stream_factory is not None and to is None:
            if "stream" not in self._parsed:
                self._parsed["stream"] = self._stream_factory()
            return cast(R, self._parsed["stream"])
        return cast("R | T", self._parse_content(self.read(), to))

    def read(self) -> bytes:
        return _transport.read(self.http_response)

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> object:
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return _transport.iter_bytes(self.http_response, chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        decoder = _text_decoder(self.http_response.encoding)
        for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    def iter_lines(self) -> Iterator[str]:
        buffer = ""
        for text in self.iter_text():
            buffer += text
            *lines, buffer = buffer.splitlines(keepends=True) or [""]
            for line in lines:
                yield line.rstrip("\r\n")
        if buffer:
            yield buffer.rstrip("\r\n")

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIResponse(BaseAPIResponse[R]):
    """The async twin of `APIResponse`: reading and parsing are awaited."""

    async def parse(self, *, to: type[T] | None = None) -> R | T:
        if self._stream_factory is not None and to is None:
            if "stream" not in self._parsed:
                self._parsed["stream"] = self._stream_factory()
            return cast(R, self._parsed["stream"])
        return cast("R | T", self._parse_content(await self.read(), to))

    async def read(self) -> bytes:
        return await _transport.aread(self.http_response)

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        return json.loads(await self.read())

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


class LegacyAPIResponse(BaseAPIResponse[R]):
    """`with_raw_response`: the body is already read (unless streaming), so `parse()` is never awaited."""

    def parse(self, *, to: type[T] | None = None) -> R | T:
        if self._stream_factory is not None and to is None:
            if "stream" not in self._parsed:
                self._parsed["stream"] = self._stream_factory()
            return cast(R, self._parsed["stream"])
        return cast("R | T", self._parse_content(self.content, to))

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> object:
        return json.loads(self.content)


class BinaryAPIResponse(APIResponse[bytes]):
    """A binary body (file download); `write_to_file` saves it."""

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        with open(file, mode="wb") as f:
            for chunk in self.iter_bytes():
                f.write(chunk)


class StreamedBinaryAPIResponse(APIResponse[bytes]):
    def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        with open(file, mode="wb") as f:
            for chunk in self.iter_bytes(chunk_size):
                f.write(chunk)


class AsyncBinaryAPIResponse(AsyncAPIResponse[bytes]):
    async def write_to_file(self, file: str | os.PathLike[str]) -> None:
        with open(file, mode="wb") as f:
            async for chunk in self.iter_bytes():
                f.write(chunk)


class AsyncStreamedBinaryAPIResponse(AsyncAPIResponse[bytes]):
    async def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        with open(file, mode="wb") as f:
            async for chunk in self.iter_bytes(chunk_size):
                f.write(chunk)


class ResponseContextManager(Generic[R]):
    """`with client.messages.with_streaming_response.create(...) as response:` — closes on exit."""

    def __init__(self, request: Callable[[], R]) -> None:
        self._request = request
        self._response: R | None = None

    def __enter__(self) -> R:
        self._response = self._request()
        return self._response

    def __exit__(self, *exc: object) -> None:
        if isinstance(self._response, BaseAPIResponse):
            self._response.http_response.close()


class AsyncResponseContextManager(Generic[R]):
    def __init__(self, request: Callable[[], Awaitable[R]]) -> None:
        self._request = request
        self._response: R | None = None

    async def __aenter__(self) -> R:
        self._response = await self._request()
        return self._response

    async def __aexit__(self, *exc: object) -> None:
        if isinstance(self._response, BaseAPIResponse):
            await self._response.http_response.aclose()
