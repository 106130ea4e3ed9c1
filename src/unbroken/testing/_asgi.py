"""Raw ASGI plumbing: reading a request, sending bytes, pausing, and really closing the socket.

The emulator speaks ASGI directly instead of through a framework's response classes because its job is to
control exactly which bytes reach the socket and when the socket dies. A real close needs the transport:
the emulator's uvicorn protocol (see ``server.py``) puts it in ``scope["extensions"]``; under any other server
the close falls back to raising, which the server turns into a 500 (before headers) or a dropped connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from .request_log import RecordedRequest

__all__ = [
    "TRANSPORT_KEY",
    "ConnectionAborted",
    "Exchange",
    "RecordedRequest",
    "Response",
    "check_header_value",
    "check_headers",
    "json_response",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

TRANSPORT_KEY = "unbroken.transport"
_DISCONNECT_GRACE = 2.0  # seconds to wait for the server to notice a close we made ourselves


# RFC 9110 §5.1 and §5.5: a name is a token; a value is visible characters (latin-1's upper half allowed) with
# single spaces or tabs between them, never at either end, never a control character.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FIELD_VALUE = re.compile(r"(?:[\x21-\x7e\x80-\xff](?:[ \t]*[\x21-\x7e\x80-\xff])*)?")


def check_headers(headers: Mapping[str, Any]) -> None:
    """A ``ValueError`` naming the first header name or value HTTP cannot carry (``TypeError``: not a str).

    Checked when a fault or reply is built, because a header the server cannot write would fail while the
    response is being sent, far from the line that asked for it.
    """
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"header names and values are str, got {name!r}: {value!r}")
        if not _TOKEN.fullmatch(name):
            raise ValueError(f"not an HTTP header name: {name!r} (a token: letters, digits, !#$%&'*+-.^_`|~)")
        check_header_value(name, value)


def check_header_value(name: str, value: str) -> None:
    """A ``ValueError`` saying why, unless HTTP can carry ``value`` as header ``name``'s value."""
    if not all(ord(c) < 256 for c in value):
        raise ValueError(f"header {name}: {value!r} is not latin-1, which HTTP headers are sent as")
    if not _FIELD_VALUE.fullmatch(value):
        why = (
            "whitespace at either end"
            if value != value.strip(" \t")
            else "a control character (CR, LF, NUL...)"
        )
        raise ValueError(f"header {name}: {value!r} cannot be sent: HTTP allows no {why}")


class ConnectionAborted(Exception):
    """Raised when a close was asked for but the ASGI server gave us no transport to close."""


@dataclass
class Response:
    """A complete (non-streamed) response, sent after ``delay`` seconds (a cassette replayed in real time).

    ``undelivered``, when set, is called if the client gets none of it (see ``Streamed``)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    undelivered: Callable[[], None] | None = None


def json_response(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(obj).encode(), "application/json", dict(headers or {}))


class Exchange:
    """One request/response cycle on the socket, with the helpers the faults need."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        self._receive = receive
        self._send = send
        self._disconnected = asyncio.Event()
        self._watcher: asyncio.Task[None] | None = None
        self.response_begun = False  # a status line was handed to the server (it may have failed to send it)
        self.status_sent: int | None = None  # the status the server took (the client will see it)

    async def read(self) -> RecordedRequest:
        chunks = []
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                self._disconnected.set()
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        headers: dict[str, str] = {}
        for raw_name, raw_value in self.scope.get("headers", []):
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        query = dict(parse_qsl(self.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        parsed: Any = None
        if body and "json" in headers.get("content-type", "application/json"):
            with contextlib.suppress(ValueError):
                parsed = json.loads(body)
        return RecordedRequest(self.scope["method"], self.scope["path"], query, headers, body, parsed)

    @property
    def base_url(self) -> str:
        host = next(
            (v.decode("latin-1") for k, v in self.scope.get("headers", []) if k.lower() == b"host"), None
        )
        if host is None:
            server = self.scope.get("server") or ("127.0.0.1", 80)
            host = f"{server[0]}:{server[1]}"
        return f"{self.scope.get('scheme', 'http')}://{host}"

    # -- sending ---------------------------------------------------------------------------------

    async def start(self, status: int, headers: dict[str, str]) -> None:
        self.response_begun = True
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        await self._send({"type": "http.response.start", "status": status, "headers": raw})
        self.status_sent = status

    async def chunk(self, data: bytes, *, more: bool = True) -> None:
        if more and self.client_gone:  # writing on would make asyncio warn "socket.send() raised exception."
            return  # (the body's end still goes to the server, which would otherwise log it as unfinished)
        await self._send({"type": "http.response.body", "body": data, "more_body": more})

    async def respond(self, response: Response, base_headers: dict[str, str]) -> None:
        headers = {
            **base_headers,
            "content-type": response.content_type,
            "content-length": str(len(response.body)),
            **response.headers,
        }
        await self.start(response.status, headers)
        await self.chunk(response.body, more=False)

    # -- misbehaving -----------------------------------------------------------------------------

    def _watch(self) -> None:
        """Start noticing the client's disconnect (the request body must have been read)."""
        if self._watcher is None and not self._disconnected.is_set():

            async def watch() -> None:
                while (await self._receive())["type"] != "http.disconnect":
                    pass
                self._disconnected.set()

            self._watcher = asyncio.ensure_future(watch())

    async def pause(self, seconds: float, gate: asyncio.Event) -> None:
        """Wait ``seconds``, or less if the client leaves or the gate opens (the emulator stopping)."""
        self._watch()
        waiters = [asyncio.ensure_future(self._disconnected.wait()), asyncio.ensure_future(gate.wait())]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    @property
    def client_gone(self) -> bool:
        """The client disconnected: whatever the handler would do next, nobody is there to receive it. The
        transport knows first (a failed send closes it at once); the server's disconnect message is later."""
        transport = self.scope.get("extensions", {}).get(TRANSPORT_KEY)
        return self._disconnected.is_set() or (transport is not None and transport.is_closing())

    async def close_connection(self) -> None:
        """Close the TCP connection for real, after flushing what was already written."""
        transport = self.scope.get("extensions", {}).get(TRANSPORT_KEY)
        if transport is None:
            raise ConnectionAborted("no transport to close; run the app with unbroken.testing.Emulator")
        self._watch()
        transport.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._disconnected.wait(), _DISCONNECT_GRACE)

    async def finish(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
