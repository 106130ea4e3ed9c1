"""Running the emulator: uvicorn on a background thread (``Emulator``) or in the foreground (``serve``).

uvicorn answers 500 when an app raises before responding, and it only closes a connection mid-body with an
error log; neither is the silent dead socket a real network produces. So the emulator runs uvicorn with a
small h11 protocol subclass that hands each request's transport to the app (``scope["extensions"]``), which
then closes it itself. uvicorn is imported only when a server is built (it is the ``emulator`` extra).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ._asgi import TRANSPORT_KEY, Receive, Scope, Send
from .app import EmulatorApp
from .faults import FaultPlan

if TYPE_CHECKING:
    import uvicorn

    from ._asgi import RecordedRequest

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


class Emulator:
    """An emulator served on ``127.0.0.1`` at a free port from a background thread.

    Use it as a context manager (``with`` or ``async with``), or call ``start()``/``stop()``. Point a client
    at ``base_url``; push faults on ``faults``; inspect ``requests``; ``reset()`` between tests. Stopping
    releases stalled requests first, so a stall never outlives the emulator.
    """

    def __init__(self, api_key: str | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = EmulatorApp(api_key=api_key)
        self._api_key = api_key
        self._host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    # -- the test-facing surface ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._socket is None:
            raise RuntimeError("the emulator is not running; use it as a context manager or call start()")
        host, port = self._socket.getsockname()[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def faults(self) -> FaultPlan:
        return self.app.faults

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.app.requests

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

    def reset(self) -> None:
        """Clear faults, recorded requests and stored resources, restart ids, restore the api key."""
        self.app.reset()
        self.app.api_key = self._api_key

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._thread is not None:
            return self
        _require_uvicorn()
        import uvicorn

        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP, and
        # without it every write after the first waits on the client's delayed ACK (~40 ms per request).
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._port))
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

    async def __aenter__(self) -> Emulator:
        return self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.base_url if self._socket is not None else "stopped"
        return f"<Emulator {where}>"


def serve(host: str = "127.0.0.1", port: int = 4010, api_key: str | None = None) -> None:
    """Run an emulator in the foreground until interrupted (the CLI's ``emulator`` command)."""
    _require_uvicorn()
    import uvicorn

    app = EmulatorApp(api_key=api_key)
    uvicorn.Server(_config(app, host, port, "info")).run()
