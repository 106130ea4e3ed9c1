"""`DefaultAioHttpClient`: the async client's requests sent through aiohttp, for the `aiohttp` extra.

On the default stack: an `httpx2.AsyncClient` over httpx-aiohttp's httpx2 transport, so its errors carry
httpx2's request and response like every other default client. It lives apart from `_base_client` so that
`import unbroken` and the default clients never pay for aiohttp.
"""

from __future__ import annotations

from typing import Any

import httpx2
from typing_extensions import override

from . import _stacks
from ._base_client import _with_defaults

__all__ = ["DefaultAioHttpClient"]


class DefaultAioHttpClient(httpx2.AsyncClient):
    """An `httpx2.AsyncClient` that sends through aiohttp (`httpx-aiohttp`), with this library's defaults.

    For async programs that already run aiohttp, or that hold thousands of streams at once (aiohttp's pool
    costs a fraction of httpx2's per request at that scale: benchmarks/concurrency.py). Needs the `aiohttp`
    extra; without it, building one raises a RuntimeError that names the install command.
    """

    def __init__(self, **kwargs: Any) -> None:
        _require_httpx_aiohttp()
        _refuse_httpx_objects(kwargs)
        super().__init__(**_with_defaults(httpx2, kwargs))

    # httpx2 builds its transports through these two hooks, with keyword arguments (verify, cert, trust_env,
    # http1, http2, limits, transport) after the proxy; httpx-aiohttp's own client overrides the same two.
    @override
    def _init_transport(self, *args: Any, **kwargs: Any) -> httpx2.AsyncBaseTransport:
        transport: httpx2.AsyncBaseTransport | None = kwargs.pop("transport", None)
        return transport if transport is not None else _aiohttp_transport(**kwargs)

    @override
    def _init_proxy_transport(
        self, proxy: httpx2.Proxy, *args: Any, **kwargs: Any
    ) -> httpx2.AsyncBaseTransport:
        return _aiohttp_transport(proxy=proxy, **kwargs)


def _aiohttp_transport(**options: Any) -> httpx2.AsyncBaseTransport:
    from httpx_aiohttp.httpx2 import AiohttpTransport

    return AiohttpTransport(**options)


def _refuse_httpx_objects(kwargs: dict[str, Any]) -> None:
    """TypeError, before anything is sent, for an httpx transport, proxy, mount or auth flow: they cannot
    serve an httpx2 client, and would fail every request on the wire (`DefaultAsyncHttpxClient` switches to
    httpx for them instead; this client exists for aiohttp, which only httpx2's transport reaches)."""
    for key in ("transport", "proxy", "mounts", "auth"):
        if key in kwargs and _stacks.stack_of_kwargs({key: kwargs[key]}) is not httpx2:
            raise TypeError(
                f"DefaultAioHttpClient is an httpx2 client over aiohttp: its `{key}` cannot be httpx's; "
                "pass httpx2's, or pass an httpx.AsyncClient as `http_client` instead"
            )


_AIOHTTP_HINT = "DefaultAioHttpClient needs the aiohttp extra: pip install 'unbroken[aiohttp]'"


def _require_httpx_aiohttp() -> None:
    try:
        import httpx_aiohttp.httpx2  # noqa: F401  (httpx-aiohttp >= 0.2: its transport for httpx2)
    except ImportError as exc:
        raise RuntimeError(_AIOHTTP_HINT) from exc
