"""Record and replay: the emulator answers from a cassette, or forwards to the real API and records.

Record modes (VCR's): ``none`` replays only, and a request the cassette lacks is an error; ``once`` records
everything when the cassette file does not exist yet, and otherwise behaves as ``none``; ``new_episodes``
replays what the cassette has and records what it lacks; ``all`` records everything afresh (the file is
rewritten). While nothing can be recorded (``none``, or ``once`` with an existing file) the test process may
not open a connection to anything but a loopback address: user code that slips past the emulator fails with
``NetworkBlocked`` instead of reaching the network.

Recording forwards the request as received (the client's own key authenticates it upstream), streams the
answer back to the client as it arrives, and stores it redacted (``unbroken.testing.cassettes``), saving the
file after each exchange. Faults apply on top of both: request faults before the cassette is consulted, body
faults to a replayed stream (drop a real stream at event k). A replay is instant unless ``realtime`` asks
for the recorded pace.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Union, get_args

from typing_extensions import Unpack

from ._asgi import Exchange, Response
from .cassettes import MATCH_ON, Cassette, Interaction
from .sse import JSONLCodec, SSECodec, Streamed
from .validation import ApiError

if TYPE_CHECKING:
    from .app import EmulatorApp
    from .request_log import RecordedRequest

__all__ = [
    "DEFAULT_UPSTREAM",
    "CassetteOptions",
    "CassettePlayer",
    "NetworkBlocked",
    "RecordMode",
    "block_network",
    "use_cassette",
]

RecordMode = Literal["none", "once", "new_episodes", "all"]
RECORD_MODES: tuple[str, ...] = get_args(RecordMode)
DEFAULT_UPSTREAM = "https://api.anthropic.com"
_HOP_BY_HOP = frozenset(
    {"host", "content-length", "connection", "accept-encoding", "transfer-encoding", "te"}
)
_NOT_FORWARDED_BACK = frozenset({"content-length", "content-encoding", "transfer-encoding", "connection"})

Result = Union[Response, Streamed]


class NetworkBlocked(ConnectionRefusedError):
    """A connection to a non-loopback address while a cassette is replayed without recording."""


def check_mode(mode: str) -> RecordMode:
    if mode not in RECORD_MODES:
        raise ValueError(f"record_mode is one of {', '.join(RECORD_MODES)}; got {mode!r}")
    return mode  # type: ignore[return-value]


class CassettePlayer:
    """Answers requests from a cassette, and records what it may (see the module docstring)."""

    def __init__(
        self,
        cassette: Cassette,
        mode: RecordMode,
        *,
        upstream: str = DEFAULT_UPSTREAM,
        realtime: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cassette = cassette
        self.mode = check_mode(mode)
        self.upstream = upstream.rstrip("/")
        self.realtime = realtime
        self.clock = clock
        fresh = mode == "all" or (mode == "once" and not cassette.existed)
        self.replays = not fresh
        self.records = fresh or mode == "new_episodes"
        self.misses: list[str] = []
        if mode == "all":
            cassette.interactions.clear()

    async def respond(self, req: RecordedRequest, exchange: Exchange) -> Result | None:
        """A replayed answer, or ``None`` once the request was forwarded and answered from upstream."""
        if self.replays:
            found = self.cassette.find(req)
            if found is not None:
                req.outcome.answered_by = "cassette"
                return self.replay(found)
        if not self.records:
            miss = f"{req.method} {req.path}" + (f" ({req.model})" if req.model else "")
            self.misses.append(miss)
            req.outcome.answered_by = "cassette miss"  # the request log says why the 404, not nothing
            raise ApiError(404, "not_found_error", f"unbroken emulator: {self._miss_message(miss)}")
        req.outcome.answered_by = "upstream"
        await self.forward(req, exchange)
        return None

    def _miss_message(self, miss: str) -> str:
        """Why nothing answered, and the record mode that would (``once`` records only while there is no
        file)."""
        where = self.cassette.path
        if not self.cassette.existed:
            problem, fix = f"cassette {where} does not exist", "once"
            hint = "record it with record_mode='once'"
        else:
            problem, fix = f"no unplayed interaction in cassette {where} matches {miss}", "new_episodes"
            hint = "record what it lacks with record_mode='new_episodes', or all of it afresh with 'all'"
        where_set = f"pytest --unbroken-record-mode={fix}; unbroken emulator --record-mode {fix}"
        return f"{problem} (record_mode={self.mode!r}); {hint} ({where_set})"

    def rewind(self) -> None:
        """Let every recorded interaction answer again (the emulator's reset: the next test starts over)."""
        self.cassette.rewind()

    def replay(self, interaction: Interaction) -> Result:
        response = interaction.response
        headers = dict(response.get("headers") or {})
        content_type = headers.pop("content-type", "application/json")
        if not interaction.streamed:
            delay = float(response.get("elapsed", 0.0)) if self.realtime else 0.0
            return Response(response["status"], interaction.body(), content_type, headers, delay=delay)
        timed = interaction.timed_units()
        delays = None
        if self.realtime:
            times = [at for at, _ in timed]
            delays = [max(0.0, at - previous) for previous, at in zip([0.0, *times], times, strict=False)]
        codec = SSECodec() if "event-stream" in content_type else JSONLCodec()
        headers["content-type"] = content_type
        return Streamed([unit for _, unit in timed], codec, headers, delays=delays, status=response["status"])

    async def forward(self, req: RecordedRequest, exchange: Exchange) -> None:
        """Send ``req`` upstream, stream the answer back as it arrives, record it and save the cassette, then
        end the body (so a client that has its answer can rely on the cassette holding it)."""
        import httpx2

        headers = {k: v for k, v in req.headers.items() if k not in _HOP_BY_HOP}
        started_at = self.clock()
        chunks: list[tuple[float, bytes]] = []
        started = False
        try:
            async with (
                httpx2.AsyncClient(timeout=httpx2.Timeout(600.0, connect=10.0)) as client,
                client.stream(
                    req.method, self.upstream + req.path, params=req.query, headers=headers, content=req.body
                ) as answer,
            ):
                back = {k: v for k, v in answer.headers.items() if k.lower() not in _NOT_FORWARDED_BACK}
                await exchange.start(answer.status_code, back)
                started = True
                async for chunk in answer.aiter_bytes():
                    chunks.append((self.clock() - started_at, chunk))
                    await exchange.chunk(chunk)
        except httpx2.HTTPError as exc:
            if started:
                await exchange.close_connection()
                return
            raise ApiError(
                502, "api_error", f"unbroken emulator: could not reach {self.upstream} to record: {exc!r}"
            ) from exc
        req.outcome.status = answer.status_code
        self._record(req, answer.status_code, dict(answer.headers), chunks, self.clock() - started_at)
        await exchange.chunk(b"", more=False)

    def _record(
        self,
        req: RecordedRequest,
        status: int,
        headers: dict[str, str],
        chunks: list[tuple[float, bytes]],
        elapsed: float,
    ) -> None:
        if "event-stream" in headers.get("content-type", ""):
            self.cassette.record(req, status, headers, chunks=chunks, elapsed=elapsed)
        else:
            body = b"".join(data for _, data in chunks)
            self.cassette.record(req, status, headers, body=body, elapsed=elapsed)
        self.cassette.save()


# -- the network guard ---------------------------------------------------------------------------------

_guard_lock = threading.Lock()
_guard_reasons: list[str] = []
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _loopback(host: Any) -> bool:
    if host is None or host == "localhost":
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(text.split("%", maxsplit=1)[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> NetworkBlocked:
    reasons = _guard_reasons[-1:] or ["replaying"]
    return NetworkBlocked(f"real network blocked while {reasons[0]}: {what}")


def _guarded_connect(real: Callable[..., Any]) -> Callable[..., Any]:
    def connect(self: socket.socket, address: Any) -> Any:
        # A tuple is an IP address and port; anything else a Unix socket path.
        if _guard_reasons and isinstance(address, tuple) and not _loopback(address[0]):
            raise _refuse(f"connect to {address!r}")
        return real(self, address)

    return connect


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if _guard_reasons and not _loopback(host):
        raise _refuse(f"look up {host.decode() if isinstance(host, bytes) else host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@contextmanager
def block_network(reason: str) -> Iterator[None]:
    """Refuse name lookups and connections other than loopback ones in this process while entered."""
    with _guard_lock:
        if not _guard_reasons:
            socket.socket.connect = _guarded_connect(_real_connect)  # type: ignore[method-assign]
            socket.socket.connect_ex = _guarded_connect(_real_connect_ex)  # type: ignore[method-assign]
            socket.getaddrinfo = _guarded_getaddrinfo
        _guard_reasons.append(reason)
    try:
        yield
    finally:
        with _guard_lock:
            _guard_reasons.remove(reason)
            if not _guard_reasons:
                socket.socket.connect = _real_connect  # type: ignore[method-assign]
                socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]
                socket.getaddrinfo = _real_getaddrinfo


class CassetteOptions(TypedDict, total=False):
    """How a cassette is used (``Emulator.use_cassette``, the pytest marker)."""

    record_mode: RecordMode  # none (default), once, new_episodes, all
    redact: Iterable[str]  # JSON body fields to hide (secret headers always are)
    redact_headers: Iterable[str]  # more headers to hide
    match_on: Iterable[str]  # what must equal for a replay: method, path, query, body (all, by default)
    realtime: bool  # replay at the recorded pace
    upstream: str | None  # where to record from (None, the default: https://api.anthropic.com)


@contextmanager
def use_cassette(
    app: EmulatorApp, path: str | os.PathLike[str], **options: Unpack[CassetteOptions]
) -> Iterator[Cassette]:
    """Answer ``app``'s requests from the cassette at ``path`` while the block runs; afterwards, fail with
    ``AssertionError`` if a request found nothing to replay."""
    unknown = sorted(set(options) - CassetteOptions.__optional_keys__)
    if unknown:
        raise TypeError(f"use_cassette() got an unexpected keyword argument {unknown[0]!r}")
    record_mode = check_mode(options.get("record_mode", "none"))
    redact, redact_headers = options.get("redact", ()), options.get("redact_headers", ())
    match_on = options.get("match_on", MATCH_ON)
    # None is the default, as for `--upstream`: a marker's `upstream=os.environ.get(...)` may be unset.
    upstream, realtime = options.get("upstream") or DEFAULT_UPSTREAM, options.get("realtime", False)
    if not isinstance(upstream, str):
        raise TypeError(f"upstream must be a URL (a str) or None, got {upstream!r}")
    cassette = Cassette.load(path, redact=redact, redact_headers=redact_headers, match_on=match_on)
    player = CassettePlayer(cassette, record_mode, upstream=upstream, realtime=realtime)
    guard: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if not player.records:
        guard = block_network(f"cassette {cassette.path} is replayed (record_mode={record_mode!r})")
    previous, app.cassette = app.cassette, player
    try:
        with guard:
            yield cassette
    finally:
        app.cassette = previous
        if cassette.dirty:
            cassette.save()
    if player.misses:
        listed = "\n  ".join(player.misses)
        raise AssertionError(
            f"{len(player.misses)} request(s) found nothing to replay in cassette {cassette.path} "
            f"(record_mode={record_mode!r}):\n  {listed}"
        )
