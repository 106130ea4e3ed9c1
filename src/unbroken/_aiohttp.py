"""`DefaultAioHttpClient`: the async client's requests sent through aiohttp, for the `aiohttp` extra.

httpx-aiohttp is an httpx transport (it speaks `httpx.Request` / `httpx.Response`), so this client is an
`httpx.AsyncClient` whatever the default stack is; clients accept httpx and httpx2 alike (`_stacks`). It lives
apart from `_base_client` so that only a program that uses it imports httpx.
"""

from __future__ import annotations

from typing import Any

import httpx
from typing_extensions import override

from ._base_client import _with_defaults

__all__ = ["DefaultAioHttpClient"]


class DefaultAioHttpClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` that sends through aiohttp (`httpx-aiohttp`), with this library's defaults.

    For async programs that already run aiohttp or need its connection handling. Needs the `aiohttp` extra;
    without it, building one raises a RuntimeError that names the install command. `httpx_aiohttp` is
    imported here, not at module level, so `import unbroken` never pays for aiohttp.
    """

    def __init__(self, **kwargs: Any) -> None:
        _require_httpx_aiohttp()
        super().__init__(**_with_defaults(httpx, kwargs))

    # httpx builds its transports through these two hooks, with keyword arguments (verify, cert, trust_env,
    # http1, http2, limits, transport) after the proxy; httpx-aiohttp's own client overrides the same two.
    @override
    def _init_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
        transport: httpx.AsyncBaseTransport | None = kwargs.pop("transport", None)
        return transport if transport is not None else _aiohttp_transport(**kwargs)

    @override
    def _init_proxy_transport(
        self, proxy: httpx.Proxy, *args: Any, **kwargs: Any
    ) -> httpx.AsyncBaseTransport:
        return _aiohttp_transport(proxy=proxy, **kwargs)


def _aiohttp_transport(**options: Any) -> httpx.AsyncBaseTransport:
    from httpx_aiohttp import AiohttpTransport

    return AiohttpTransport(**options)


_AIOHTTP_HINT = "DefaultAioHttpClient needs the aiohttp extra: pip install 'unbroken[aiohttp]'"


def _require_httpx_aiohttp() -> None:
    try:
        import httpx_aiohttp  # noqa: F401
    except ImportError as exc:
        raise RuntimeError(_AIOHTTP_HINT) from exc
