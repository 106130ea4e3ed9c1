"""The one boundary where httpx is called and its exceptions become ours.

Everything that touches the network — sending, waiting for headers, reading a body whole or in chunks, sync
or async — goes through these functions, so no code path (streams, JSONL, downloads) can leak an
`httpx.RemoteProtocolError` to a caller. Each translation keeps the httpx exception on `__cause__`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import NoReturn

import httpx

from ._exceptions import APIConnectionError, APITimeoutError

__all__ = ["aiter_bytes", "aread", "asend", "iter_bytes", "read", "send", "translate"]


def translate(exc: httpx.HTTPError, request: httpx.Request) -> NoReturn:
    """Raise the library error for an httpx failure (timeouts first: they are transport errors too)."""
    if isinstance(exc, httpx.TimeoutException):
        raise APITimeoutError(request) from exc
    detail = str(exc) or type(exc).__name__
    raise APIConnectionError(message=f"Connection error: {detail}", request=request) from exc


def _request_of(exc: httpx.HTTPError, fallback: httpx.Request) -> httpx.Request:
    try:
        return exc.request
    except RuntimeError:  # an httpx error raised without a request attached
        return fallback


def send(
    client: httpx.Client, request: httpx.Request, *, stream: bool, auth: httpx.Auth | None = None
) -> httpx.Response:
    """Send and return once headers arrive (`stream=True`) or the body is read; `auth`, when given, is the
    client's `custom_auth` (else the http client's own auth applies)."""
    try:
        if auth is not None:
            return client.send(request, stream=stream, auth=auth)
        return client.send(request, stream=stream)
    except httpx.HTTPError as exc:
        translate(exc, _request_of(exc, request))


async def asend(
    client: httpx.AsyncClient, request: httpx.Request, *, stream: bool, auth: httpx.Auth | None = None
) -> httpx.Response:
    try:
        if auth is not None:
            return await client.send(request, stream=stream, auth=auth)
        return await client.send(request, stream=stream)
    except httpx.HTTPError as exc:
        translate(exc, _request_of(exc, request))


def read(response: httpx.Response) -> bytes:
    """The whole (decoded) body; a drop while reading is an `APIConnectionError`."""
    try:
        return response.read()
    except httpx.HTTPError as exc:
        translate(exc, response.request)


async def aread(response: httpx.Response) -> bytes:
    try:
        return await response.aread()
    except httpx.HTTPError as exc:
        translate(exc, response.request)


def iter_bytes(response: httpx.Response, chunk_size: int | None = None) -> Iterator[bytes]:
    """The body chunk by chunk, as it arrives; failures mid-body are translated."""
    try:
        yield from response.iter_bytes(chunk_size)
    except httpx.HTTPError as exc:
        translate(exc, response.request)


async def aiter_bytes(response: httpx.Response, chunk_size: int | None = None) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes(chunk_size):
            yield chunk
    except httpx.HTTPError as exc:
        translate(exc, response.request)
