"""The stream watchdog on a bare socket pair: it wakes a read stuck past a limit, and only then."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

import unbroken
from unbroken._timeouts import StreamTimeouts, StreamTimer
from unbroken._watchdog import bounded_reads, watch


def test_a_read_stuck_past_a_limit_is_woken_and_the_limit_recorded() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        timer = StreamTimer(StreamTimeouts(first_event=0.2), sent_at=time.monotonic())
        watched = watch(timer, ours)
        assert watched is not None
        timer.before_read(0, False)
        ours.settimeout(10)
        assert ours.recv(1) == b""  # the watchdog shut the socket down: the read ends at once
        assert timer.fired == "first_event"


def test_a_stream_that_keeps_its_limits_is_left_alone() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        timer = StreamTimer(StreamTimeouts(idle=0.2), sent_at=time.monotonic())
        watched = watch(timer, ours)
        assert watched is not None
        for events in range(1, 4):  # an event every 0.1 s
            timer.before_read(events, False)
            theirs.send(b"x")
            ours.settimeout(1)
            assert ours.recv(1) == b"x"
            timer.arrived()
            time.sleep(0.1)
        timer.before_read(4, True)
        watched.cancel()
        theirs.send(b"y")
        time.sleep(0.3)  # past the idle limit, but no longer watched
        assert ours.recv(1) == b"y"
        assert timer.fired is None


def test_nothing_is_watched_without_limits_or_without_a_socket() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert watch(StreamTimer(None, sent_at=0.0), ours) is None
        assert watch(StreamTimer(StreamTimeouts(idle=1), sent_at=0.0), None) is None


# -- bounded_reads: the async reader's own bound where no socket can be shut (aiohttp, ASGI) --------------


def _request() -> httpx.Request:
    return httpx.Request("POST", "https://api.example/v1/messages")


async def _body(*chunks: bytes, then_silence: anyio.Event) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk
    await then_silence.wait()  # never set: a server that stops talking without closing


@pytest.mark.anyio
async def test_bounded_reads_cut_a_silent_wait_at_its_limit() -> None:
    timer = StreamTimer(StreamTimeouts(idle=0.1), sent_at=time.monotonic())
    reads = bounded_reads(_body(b"a", b"b", then_silence=anyio.Event()), timer, _request())
    received = []
    with pytest.raises(unbroken.APITimeoutError) as caught:
        timer.before_read(0, False)
        async for chunk in reads:
            received.append(chunk)
            timer.before_read(len(received), False)
    assert received == [b"a", b"b"]
    assert caught.value.timeout_kind == "idle" == timer.fired
    assert caught.value.request.url.path == "/v1/messages"


@pytest.mark.anyio
async def test_bounded_reads_leave_a_body_alone_while_it_keeps_its_limits() -> None:
    async def slow() -> AsyncIterator[bytes]:
        for chunk in (b"a", b"b", b"c"):
            await anyio.sleep(0.05)  # each well inside the idle limit
            yield chunk

    timer = StreamTimer(StreamTimeouts(idle=0.5), sent_at=time.monotonic())
    timer.before_read(0, False)
    received = []
    async for chunk in bounded_reads(slow(), timer, _request()):
        received.append(chunk)
        timer.before_read(len(received), False)
    assert received == [b"a", b"b", b"c"]
    assert timer.fired is None


@pytest.mark.anyio
async def test_bounded_reads_without_a_limit_on_the_wait_never_cut_it() -> None:
    timer = StreamTimer(StreamTimeouts(total=None), sent_at=time.monotonic())
    timer.before_read(0, False)
    assert timer.wait_left() is None
    assert [c async for c in bounded_reads(_body(b"a", then_silence=_set()), timer, _request())] == [b"a"]


def _set() -> anyio.Event:
    event = anyio.Event()
    event.set()
    return event
