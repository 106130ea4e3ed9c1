"""The one boundary where httpx is called and its exceptions become ours.

Everything that touches the network — sending, waiting for headers, reading a body whole or in chunks, sync
or async — goes through these functions, so no code path (streams, JSONL, downloads) can leak an
`httpx.RemoteProtocolError` to a caller. Each translation keeps the httpx exception on `__cause__`.
httpx2's errors are translated the same way as httpx's (`_stacks.http_errors()`: the `HTTPError` of each
stack in play, looked up only when an exception is being handled).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, NoReturn, cast

from . import _stacks
from ._exceptions import APIConnectionError, APITimeoutError

if TYPE_CHECKING:
    import httpx

__all__ = ["aiter_bytes", "aread", "asend", "iter_bytes", "read", "send", "translate"]


def translate(exc: Exception, request: httpx.Request) -> NoReturn:
    """Raise the library error for an httpx failure (timeouts first: they are transport errors too)."""
    if isinstance(exc, _stacks.timeout_errors()):
        raise APITimeoutError(request) from exc
    detail = str(exc) or type(exc).__name__
    raise APIConnectionError(message=f"Connection error: {detail}", request=request) from exc


def _request_of(exc: Exception, fallback: httpx.Request) -> httpx.Request:
    try:
        return cast("httpx.Request", getattr(exc, "request", fallback))
    except RuntimeError:  # an httpx error raised without a request attached
        return fallback


def send(client: httpx.Client, request: httpx.Request, *, stream: bool) -> httpx.Response:
    """Send and return once headers arrive (`stream=True`) or the body is read."""
    try:
        return client.send(request, stream=stream)
    except _stacks.http_errors() as exc:
        translate(exc, _request_of(exc, request))


async def asend(client: httpx.AsyncClient, request: httpx.Request, *, stream: bool) -> httpx.Response:
    try:
        return await client.send(request, stream=stream)
    except _stacks.http_errors() as exc:
        translate(exc, _request_of(exc, request))


def read(response: httpx.Response) -> bytes:
    """The whole (decoded) body; a drop while reading is an `APIConnectionError`."""
    try:
        return response.read()
    except _stacks.http_errors() as exc:
        translate(exc, response.request)


async def aread(response: httpx.Response) -> bytes:
    try:
        return await response.aread()
    except _stacks.http_errors() as exc:
        translate(exc, response.request)


def iter_bytes(response: httpx.Response, chunk_size: int | None = None) -> Iterator[bytes]:
    """The body chunk by chunk, as it arrives; failures mid-body are translated."""
    try:
        yield from response.iter_bytes(chunk_size)
    except _stacks.http_errors() as exc:
        translate(exc, response.request)


async def aiter_bytes(response: httpx.Response, chunk_size: int | None = None) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes(chunk_size):
            yield chunk
    except _stacks.http_errors() as exc:
        translate(exc, response.request)
