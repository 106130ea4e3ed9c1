"""The stream watchdog on a bare socket pair: it wakes a read stuck past a limit, and only then."""

from __future__ import annotations

import socket
import time

from unbroken._timeouts import StreamTimeouts, StreamTimer
from unbroken._watchdog import watch


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
