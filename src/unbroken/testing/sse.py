"""Streamed bodies: unit encodings (SSE events, JSONL lines) and the writer that applies body faults.

A streamed body is a list of *units* (one SSE event, one JSONL line, one Bedrock frame), each sent as its own
chunk so that a fault always lands on a unit boundary the test can count. Codecs know how to render the units
a fault injects; ``write_stream`` knows when, and waits the latency model's (or a cassette's) delay before
each unit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ._asgi import Exchange
from .faults import Fault

__all__ = ["Codec", "JSONLCodec", "SSECodec", "Streamed", "sse_event", "sse_stream", "write_stream"]

UNKNOWN_EVENT_TYPE = "future_event"
NOT_JSON = "this is not JSON {"


class Codec(Protocol):
    """How one kind of streamed body spells the units that faults inject."""

    content_type: str
    events: bool  # whether ``error_event``/``unknown_event`` make sense here

    def error(self, error_type: str, message: str, details: Mapping[str, Any] | None = None) -> bytes: ...
    def ping(self) -> bytes: ...
    def unknown(self) -> bytes: ...
    def malformed(self) -> bytes: ...
    def partial(self, unit: bytes) -> bytes:
        """What a connection dropped in the middle of ``unit`` has managed to send of it."""
        ...


def sse_event(data: Mapping[str, Any]) -> bytes:
    """``event: <type>`` + ``data: <json>`` + blank line, like the API: compact JSON, as the API sends it, so
    that streams from the emulator take the same paths in the client as production streams do."""
    return f"event: {data['type']}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


class SSECodec:
    content_type = "text/event-stream; charset=utf-8"
    events = True

    def error(self, error_type: str, message: str, details: Mapping[str, Any] | None = None) -> bytes:
        error: dict[str, Any] = {"type": error_type, "message": message}
        if details is not None:
            error["details"] = dict(details)
        return sse_event({"type": "error", "error": error})

    def ping(self) -> bytes:
        return sse_event({"type": "ping"})

    def unknown(self) -> bytes:
        return sse_event({"type": UNKNOWN_EVENT_TYPE, "detail": "an event type this client has never seen"})

    def malformed(self) -> bytes:
        return f"event: content_block_delta\ndata: {NOT_JSON}\n\n".encode()

    def partial(self, unit: bytes) -> bytes:
        return b""


class JSONLCodec:
    content_type = "application/binary"
    events = False

    def error(
        self, error_type: str, message: str, details: Mapping[str, Any] | None = None
    ) -> bytes:  # pragma: no cover - not applicable
        raise NotImplementedError

    def ping(self) -> bytes:  # pragma: no cover - not applicable
        raise NotImplementedError

    def unknown(self) -> bytes:  # pragma: no cover - not applicable
        raise NotImplementedError

    def malformed(self) -> bytes:
        return f"{NOT_JSON}\n".encode()

    def partial(self, unit: bytes) -> bytes:
        return b""


@dataclass
class Streamed:
    """A streamed (chunked) response: its units and how to encode fault units.

    ``weights`` are the tokens each unit carries (what the latency model paces); ``delays``, when set (a
    cassette replayed in real time), are the seconds to wait before each unit instead. ``undelivered``, when
    set, is called if the body ends early with none of its content (no unit with a weight) sent to the
    client: a scripted reply is then given back.
    """

    units: list[bytes]
    codec: Codec
    headers: dict[str, str] = field(default_factory=dict)
    weights: list[int] | None = None
    delays: list[float] | None = None
    status: int = 200
    undelivered: Callable[[], None] | None = None


def token_weights(events: list[dict[str, Any]]) -> list[int]:
    """One token per content delta (a legacy ``completion`` event that carries text), none for the other
    events."""
    return [
        1
        if e.get("type") == "content_block_delta" or (e.get("type") == "completion" and e.get("completion"))
        else 0
        for e in events
    ]


def sse_stream(events: list[dict[str, Any]]) -> Streamed:
    """Message stream events as the API streams them."""
    return Streamed(
        [sse_event(e) for e in events], SSECodec(), {"cache-control": "no-cache"}, token_weights(events)
    )


async def write_stream(
    exchange: Exchange,
    streamed: Streamed,
    fault: Fault | None,
    base_headers: dict[str, str],
    gate: asyncio.Event,
    *,
    delays: list[float] | None = None,
) -> None:
    """Send the units one chunk each, applying ``fault`` (a body fault) before unit number ``after``.

    ``after`` past the last unit means after the whole body, before it is terminated; ``truncate()`` without
    ``after`` ends the body just before its last unit (``message_stop`` for messages). ``delays[i]`` seconds
    pass before unit ``i`` (after a fault striking there). A body the fault ends (or whose client leaves
    after the fault struck: a stall it gave up on) with none of its content sent calls
    ``streamed.undelivered``; a client that leaves by itself has made its choice.
    """
    headers = {**base_headers, "content-type": streamed.codec.content_type, **streamed.headers}
    headers.pop("content-length", None)
    await exchange.start(streamed.status, headers)
    units, weights = streamed.units, streamed.weights or []
    cut = -1 if fault is None else (max(0, len(units) - 1) if fault.after is None else fault.after)
    delivered = False  # a unit of content reached the client
    for index, unit in enumerate(units):
        if fault is not None and index == cut:
            if _ends_body(fault):  # given back before the client can see the end, so it finds it there
                _ended_early(streamed, delivered)
            action = await _strike(exchange, streamed.codec, fault, gate, unit)
            if exchange.client_gone:  # it gave up during the fault (a stall, pings)
                _ended_early(streamed, delivered)
            if action == "closed":
                return
            if action == "end":
                break
        if delays is not None and index < len(delays) and delays[index] > 0:
            await exchange.pause(delays[index], gate)
        delivered = delivered or (index < len(weights) and weights[index] > 0)
        await exchange.chunk(unit)
    else:
        if (
            fault is not None
            and cut >= len(units)
            and await _strike(exchange, streamed.codec, fault, gate, None) == "closed"
        ):
            return
    await exchange.chunk(b"", more=False)


def _ends_body(fault: Fault) -> bool:
    """Whether the fault ends the body whatever the client does."""
    return fault.kind in ("drop_after", "truncate", "error_event") or (fault.kind == "inject" and fault.end)


def _ended_early(streamed: Streamed, delivered: bool) -> None:
    """The body ends before its end: the client got none of the answer unless content was ``delivered``."""
    if not delivered and streamed.undelivered is not None:
        undelivered, streamed.undelivered = streamed.undelivered, None
        undelivered()


async def _strike(
    exchange: Exchange, codec: Codec, fault: Fault, gate: asyncio.Event, next_unit: bytes | None
) -> str:
    """Apply the fault; say whether the body goes on ("continue"), ends cleanly ("end") or died ("closed")."""
    kind = fault.kind
    if kind == "drop_after":
        partial = codec.partial(next_unit) if next_unit else b""
        if partial:
            await exchange.chunk(partial)
        await exchange.close_connection()
        return "closed"
    if kind == "truncate":
        return "end"
    if kind == "error_event":
        await exchange.chunk(
            codec.error(fault.error_type or "overloaded_error", fault.message or "Overloaded", fault.details)
        )
        return "end"
    if kind in ("stall_after", "delay_first_event"):
        await exchange.pause(fault.seconds, gate)
    elif kind == "pings":
        for _ in range(fault.count):
            if fault.seconds > 0:
                await exchange.pause(fault.seconds, gate)
            if exchange.client_gone:
                return "closed"
            await exchange.chunk(codec.ping())
    elif kind == "unknown_event":
        await exchange.chunk(codec.unknown())
    elif kind == "malformed_line":
        await exchange.chunk(codec.malformed())
    elif kind == "inject":
        await exchange.chunk(fault.body if isinstance(fault.body, bytes) else b"")
        if fault.end:
            return "end"
    return "continue"
