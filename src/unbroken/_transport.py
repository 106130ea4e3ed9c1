"""The one boundary where the HTTP library (httpx2 or httpx, see `_stacks`) is called and its exceptions
become ours.

Everything that touches the network — sending, waiting for headers, reading a body whole or in chunks, sync
or async — goes through these functions, so no code path (streams, JSONL, downloads) can leak an
`httpx2.RemoteProtocolError` to a caller. Each translation keeps the original exception on `__cause__`;
a timeout of either stack is an `APITimeoutError` (`_stacks.timeout_errors()`: the timeout class of each
stack in play, looked up only when an exception is being handled).

Not only httpx's own errors: a custom transport, a proxy library or an event hook may raise anything, and
the reference treats any exception from sending as a failed connection (typed, and retried). So does this
module — every `Exception`, except our own errors, which pass through untouched. `BaseException`s that are
not `Exception`s (KeyboardInterrupt, SystemExit, asyncio/trio cancellation) are never caught.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn, cast

from . import _stacks
from ._exceptions import AnthropicError, APIConnectionError, APITimeoutError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "aguard_chunks",
    "aiter_bytes",
    "aread",
    "asend",
    "guard_chunks",
    "iter_bytes",
    "read",
    "send",
    "socket_of",
    "translate",
]

# httpx's (and httpx2's) timeout classes by name, and the phase each stands for.
_TIMEOUT_KINDS = {
    "ConnectTimeout": "connect",
    "ReadTimeout": "read",
    "WriteTimeout": "write",
    "PoolTimeout": "pool",
}


def translate(exc: Exception, request: httpx.Request) -> NoReturn:
    """Raise the library error for a failure of sending or reading (timeouts first: they are transport
    errors too); our own errors are re-raised as they are."""
    if isinstance(exc, AnthropicError):
        raise exc
    if isinstance(exc, _stacks.timeout_errors()):
        kinds = (_TIMEOUT_KINDS.get(cls.__name__) for cls in type(exc).__mro__)
        kind: Any = next((kind for kind in kinds if kind is not None), "read")
        raise APITimeoutError(request, timeout_kind=kind) from exc
    detail = str(exc) or type(exc).__name__
    raise APIConnectionError(message=f"Connection error: {detail}", request=request) from exc


def _request_of(exc: Exception, fallback: httpx.Request) -> httpx.Request:
    if not isinstance(exc, _stacks.http_errors()):
        return fallback
    try:
        return cast("httpx.Request", getattr(exc, "request", fallback))
    except RuntimeError:  # an httpx/httpx2 error raised without a request attached
        return fallback


def _send_options(follow_redirects: bool | None, auth: httpx.Auth | None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if follow_redirects is not None:
        options["follow_redirects"] = follow_redirects
    if auth is not None:
        options["auth"] = auth
    return options


def send(
    client: httpx.Client,
    request: httpx.Request,
    *,
    stream: bool,
    follow_redirects: bool | None = None,
    auth: httpx.Auth | None = None,
) -> httpx.Response:
    """Send and return once headers arrive (`stream=True`) or the body is read.

    `follow_redirects` / `auth` left as None leave the http client's own settings in force (`auth` is the
    client's `custom_auth`).
    """
    try:
        return client.send(request, stream=stream, **_send_options(follow_redirects, auth))
    except Exception as exc:
        translate(exc, _request_of(exc, request))


async def asend(
    client: httpx.AsyncClient,
    request: httpx.Request,
    *,
    stream: bool,
    follow_redirects: bool | None = None,
    auth: httpx.Auth | None = None,
) -> httpx.Response:
    try:
        return await client.send(request, stream=stream, **_send_options(follow_redirects, auth))
    except Exception as exc:
        translate(exc, _request_of(exc, request))


def read(response: httpx.Response) -> bytes:
    """The whole (decoded) body; a drop while reading is an `APIConnectionError`."""
    try:
        return response.read()
    except Exception as exc:
        translate(exc, response.request)


async def aread(response: httpx.Response) -> bytes:
    try:
        return await response.aread()
    except Exception as exc:
        translate(exc, response.request)


def guard_chunks(chunks: Iterable[bytes], request: httpx.Request) -> Iterator[bytes]:
    """Any iterable of body chunks (httpx's, or one a caller built from it), with failures translated."""
    try:
        yield from chunks
    except Exception as exc:
        translate(exc, request)


async def aguard_chunks(chunks: AsyncIterable[bytes], request: httpx.Request) -> AsyncIterator[bytes]:
    try:
        async for chunk in chunks:
            yield chunk
    except Exception as exc:
        translate(exc, request)


def iter_bytes(response: httpx.Response, chunk_size: int | None = None) -> Iterator[bytes]:
    """The body chunk by chunk, as it arrives; failures mid-body are translated."""
    return guard_chunks(response.iter_bytes(chunk_size), response.request)


def aiter_bytes(response: httpx.Response, chunk_size: int | None = None) -> AsyncIterator[bytes]:
    return aguard_chunks(response.aiter_bytes(chunk_size), response.request)


def socket_of(response: httpx.Response) -> Any | None:
    """The socket under a streamed response, where the HTTP stack exposes it (httpx's and httpx2's own
    transports do, as the `network_stream` extension), so that a watchdog can wake a read stuck on it by
    shutting it down; None elsewhere (mock and ASGI transports, aiohttp), and under HTTP/2, whose one socket
    carries every stream of the connection: shutting it would end them all."""
    version = response.extensions.get("http_version", b"HTTP/1.1")
    if not (version if isinstance(version, bytes) else str(version).encode()).startswith(b"HTTP/1"):
        return None
    stream = response.extensions.get("network_stream")
    get_extra_info = getattr(stream, "get_extra_info", None)
    if get_extra_info is None:
        return None
    try:
        sock = get_extra_info("socket")
    except Exception:
        return None
    return sock if callable(getattr(sock, "shutdown", None)) else None
