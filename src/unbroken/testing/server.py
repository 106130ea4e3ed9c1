"""Running the emulator: uvicorn on a background thread (``Emulator``) or in the foreground (``serve``).

``Emulator`` is also the test-facing surface: ``faults`` and ``replies`` to queue, ``requests`` to inspect,
``client()``/``async_client()`` for ready clients, ``latency``, ``rate_limits``, ``use_cassette()``,
``assert_all_used()``.

uvicorn answers 500 when an app raises before responding, and it only closes a connection mid-body with an
error log; neither is the silent dead socket a real network produces. So the emulator runs uvicorn with a
small h11 protocol subclass that hands each request's transport to the app (``scope["extensions"]``), which
then closes it itself. uvicorn is imported only when a server is built (it is the ``emulator`` extra).
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from ._asgi import TRANSPORT_KEY, Receive, Scope, Send
from .app import EmulatorApp
from .faults import FaultPlan
from .latency import Latency
from .ratelimits import RateLimits
from .recording import CassetteOptions, use_cassette
from .script import ReplyPlan

if TYPE_CHECKING:
    import uvicorn

    from .. import Anthropic, AsyncAnthropic
    from .cassettes import Cassette
    from .request_log import RequestLog

__all__ = ["Emulator", "serve"]

_INSTALL_HINT = "the emulator needs uvicorn: pip install 'unbroken[emulator]'"
_STARTUP_TIMEOUT = 10.0
_STOP_TIMEOUT = 5.0


def _require_uvicorn() -> None:
    try:
        import uvicorn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(_INSTALL_HINT) from exc


def _protocol_class() -> type[asyncio.Protocol]:
    """An h11 protocol whose requests see their transport, so the app can really close the socket."""
    _require_uvicorn()
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TransportExposingProtocol(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            app = self.app

            async def app_with_transport(scope: Scope, receive: Receive, send: Send) -> None:
                scope["extensions"] = {**scope.get("extensions", {}), TRANSPORT_KEY: self.transport}
                await app(scope, receive, send)

            self.app = app_with_transport

    return TransportExposingProtocol


def _config(app: EmulatorApp, host: str, port: int, log_level: str) -> uvicorn.Config:
    _require_uvicorn()
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=_protocol_class(),
        lifespan="off",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=1,
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket (``port=0``: a free one)."""
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP, and
    # without it every write after the first waits on the client's delayed ACK (~40 ms per request).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class Emulator:
    """An emulator served on ``127.0.0.1`` at a free port from a background thread.

    Use it as a context manager (``with`` or ``async with``), or call ``start()``/``stop()``. Point a client
    at ``base_url`` (or take ``client()``); queue ``faults`` and ``replies``; inspect ``requests``;
    ``reset()`` between tests. Leaving the ``with`` block normally fails with ``AssertionError`` when a queued
    fault or reply was never used (``assert_all_used=False`` to skip). Stopping releases stalled requests
    first, so a stall never outlives the emulator.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: Latency | None = None,
        assert_all_used: bool = True,
    ) -> None:
        self.app = EmulatorApp(api_key=api_key, latency=latency)
        self._api_key = api_key
        self._host = host
        self._port = port
        self._check_on_exit = assert_all_used
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._clients: list[Anthropic] = []

    # -- the test-facing surface ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._socket is None:
            raise RuntimeError("the emulator is not running; use it as a context manager or call start()")
        return url_of(self._socket)

    @property
    def faults(self) -> FaultPlan:
        """The faults to apply: ``emulator.faults.push(Fault.status(529))``."""
        return self.app.faults

    @property
    def replies(self) -> ReplyPlan:
        """The scripted replies to give: ``emulator.replies.push(Reply.text("Hi"))``."""
        return self.app.replies

    @property
    def requests(self) -> RequestLog:
        """Every request received so far (a list, with ``last`` and ``filter(...)``)."""
        return self.app.requests

    @property
    def latency(self) -> Latency | None:
        return self.app.latency

    @latency.setter
    def latency(self, value: Latency | None) -> None:
        """Pace answers with this latency model (``None``: at once); ``reset()`` restores the original."""
        self.app.latency = value

    @property
    def rate_limits(self) -> RateLimits | None:
        return self.app.rate_limits

    @rate_limits.setter
    def rate_limits(self, value: RateLimits | None) -> None:
        """Put rate limits in front of the Messages API (buckets that empty); ``reset()`` removes them."""
        self.app.rate_limits = value

    @property
    def api_key(self) -> str | None:
        return self.app.api_key

    @api_key.setter
    def api_key(self, value: str | None) -> None:
        """Require (or, with ``None``, stop requiring) this key; ``reset()`` restores the original."""
        self.app.api_key = value

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Block until ``count`` requests have arrived (e.g. a stalled one, sent from another thread)."""
        return self.app.wait_for_requests(count, timeout)

    def client(self, **options: Any) -> Anthropic:
        """An ``unbroken.Anthropic`` pointed at this emulator (``options`` go to its constructor); closed by
        ``reset()`` and ``stop()``. Its key is the emulator's, else ``ANTHROPIC_API_KEY``, else ``"test"``."""
        from .. import Anthropic

        client = Anthropic(**{"api_key": self._client_key(), "base_url": self.base_url, **options})
        self._clients.append(client)
        return client

    def async_client(self, **options: Any) -> AsyncAnthropic:
        """An ``unbroken.AsyncAnthropic`` pointed at this emulator; close it (``async with``) when done."""
        from .. import AsyncAnthropic

        return AsyncAnthropic(**{"api_key": self._client_key(), "base_url": self.base_url, **options})

    def _client_key(self) -> str:
        return self.api_key or os.environ.get("ANTHROPIC_API_KEY") or "test"

    def assert_all_used(self) -> None:
        """Fail (``AssertionError``) if a queued fault or scripted reply was not used as often as it was
        meant to be (``optional=True`` items excepted), or if a ``when`` predicate raised."""
        unused = self.app.unused()
        if unused:
            listed = "\n  ".join(unused)
            raise AssertionError(
                f"the emulator was left with {len(unused)} unused item(s):\n  {listed}\n"
                "(pass optional=True to an item that may go unused)"
            )

    def use_cassette(
        self, path: str | os.PathLike[str], **options: Unpack[CassetteOptions]
    ) -> AbstractContextManager[Cassette]:
        """Answer from the cassette at ``path`` while the block runs (``unbroken.testing.recording``):
        ``record_mode`` ``none``/``once``/``new_episodes``/``all``; ``redact`` names JSON body fields to hide
        (API keys, tokens and cookies always are); ``realtime`` replays at the recorded pace; ``upstream`` is
        where to record from."""
        return use_cassette(self.app, path, **options)

    def reset(self) -> None:
        """Clear faults, replies, recorded requests and stored resources, restart ids, restore the api key
        and the latency model, remove the rate limits, rewind the cassette in use, close the clients
        ``client()`` made."""
        self.app.reset()
        self.app.api_key = self._api_key
        self._close_clients()

    def _close_clients(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._thread is not None:
            return self
        _require_uvicorn()
        import uvicorn

        sock = bind(self._host, self._port)
        ready = threading.Event()

        class Server(uvicorn.Server):
            async def startup(self, sockets: list[socket.socket] | None = None) -> None:
                await super().startup(sockets)
                ready.set()

        server = Server(_config(self.app, self._host, self._port, "warning"))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="unbroken-emulator", daemon=True
        )
        self._server, self._thread, self._socket = server, thread, sock
        thread.start()
        waited = 0.0
        while not ready.wait(0.05):
            waited += 0.05
            if not thread.is_alive() or waited > _STARTUP_TIMEOUT:
                self.stop()
                raise RuntimeError("the emulator's server did not start")
        return self

    def stop(self) -> None:
        """Release stalls, shut the server down and wait for its thread (idempotent)."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = None
        self._close_clients()
        self.app.release_stalls()
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(_STOP_TIMEOUT)
        if sock is not None:
            sock.close()
            self._socket = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        if exc_type is None and self._check_on_exit:
            self.assert_all_used()

    async def __aenter__(self) -> Emulator:
        return self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.__exit__(exc_type, exc, tb)

    def __repr__(self) -> str:
        where = self.base_url if self._socket is not None else "stopped"
        return f"<Emulator {where}>"


def serve(
    host: str = "127.0.0.1",
    port: int = 4010,
    api_key: str | None = None,
    *,
    app: EmulatorApp | None = None,
    on_ready: Callable[[str], None] | None = None,
    log_level: str = "info",
) -> None:
    """Run an emulator (``app``, or a fresh one) in the foreground until interrupted; ``on_ready`` gets its
    base URL once it accepts connections (``port=0`` picks a free port)."""
    _require_uvicorn()
    import uvicorn

    app = app if app is not None else EmulatorApp(api_key=api_key)
    sock = bind(host, port)

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if on_ready is not None:
                on_ready(url_of(sock))

    try:
        Server(_config(app, host, port, log_level)).run(sockets=[sock])
    finally:
        sock.close()
