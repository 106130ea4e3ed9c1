"""What every response wrapper shares, the already-read `LegacyAPIResponse` (`with_raw_response`), and
body → result parsing.

`parse_body` is the single place a read body becomes what a method returns; `APIResponse.parse()` and the
client's ordinary path both call it, so the raw and the parsed paths cannot drift apart. The wrappers that
read on demand (`APIResponse`, `AsyncAPIResponse`, …) are in `_response.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from . import _stacks
from ._constants import RAW_RESPONSE_HEADER
from ._json import loads
from ._models import validate_response

if TYPE_CHECKING:
    import httpx

    from ._ratelimit import RateLimitInfo

__all__ = ["BaseAPIResponse", "LegacyAPIResponse", "parse_body", "with_raw_mode"]

R = TypeVar("R")
T = TypeVar("T")


def with_raw_mode(kwargs: dict[str, Any], mode: str) -> dict[str, Any]:
    """A method's keyword arguments with the private header that asks the client for the response itself
    ("raw": read, "stream": unread) instead of the parsed result; the client strips it before sending."""
    return {**kwargs, "extra_headers": {**(kwargs.get("extra_headers") or {}), RAW_RESPONSE_HEADER: mode}}


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
    stack = _stacks.of_class(cast_to) if isinstance(cast_to, type) else None
    return stack is not None and issubclass(cast_to, stack.Response)


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
        self._on_parsed: Callable[[Any], None] | None = None
        """Told the body's result when it is first parsed (the usage meter of a body read after the call
        returned: `with_streaming_response`)."""

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

    @property
    def rate_limit(self) -> RateLimitInfo:
        """The response's rate-limit headers, typed (fields it did not carry are None)."""
        from ._ratelimit import RateLimitInfo

        return RateLimitInfo.from_headers(self.http_response.headers)

    def __repr__(self) -> str:
        status = f"{self.status_code} {self.http_response.reason_phrase}"
        return f"<{type(self).__name__} [{status}] type={self._cast_to}>"

    def _parsed_stream(self, to: object) -> Any | None:
        """For a streaming call parsed to its own type: the stream (made once); else None."""
        if self._stream_factory is None or to is not None:
            return None
        if "stream" not in self._parsed:
            self._parsed["stream"] = self._stream_factory()
        return self._parsed["stream"]

    def _parse_content(self, content: bytes, to: Any) -> Any:
        target = self._cast_to if to is None else to
        if target not in self._parsed:
            self._parsed[target] = parse_body(target, self.http_response, content)
            if self._on_parsed is not None:
                told, self._on_parsed = self._on_parsed, None
                told(self._parsed[target])
        return self._parsed[target]


class LegacyAPIResponse(BaseAPIResponse[R]):
    """`with_raw_response`: the body is already read (unless streaming), so `parse()` is never awaited."""

    def parse(self, *, to: type[T] | None = None) -> R | T:
        """The parsed result (a model, or the `Stream` for streaming calls)."""
        stream = self._parsed_stream(to)
        if stream is not None:
            return cast(R, stream)
        return cast("R | T", self._parse_content(self.content, to))

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> object:
        return loads(self.content)
