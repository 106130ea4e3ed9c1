"""The stream watchdog: one daemon thread for the process that wakes stream reads stuck past a limit.

A read blocked on a silent socket wakes only when bytes arrive or the transport's read timeout passes, and
httpx fixes a body's read timeout when the body is first read: it cannot follow `StreamTimeouts`, whose
limits move with every event and do not move with pings. So each timed stream registers its `StreamTimer`
and its socket here; the thread sleeps until the earliest moment a registered limit could pass, asks the
timer whether it did (`StreamTimer.breach`), and if so records which and shuts the socket down. The read
then fails at once (the peer "closed"), and the reader reports the timeout that fired, with the connection
closed and released. Shutting a socket down is safe from another thread, sync or async alike (the event loop
sees the end of the stream), so one mechanism serves both clients without a cancel scope per read.

Where the HTTP stack does not expose its socket (aiohttp, mock and ASGI transports), or the socket carries
other streams too (HTTP/2: shutting it would end them all), nothing is registered.
An async reader then bounds each wait itself (`bounded_reads`: a cancel scope per read, paid only there); a
sync one checks the timers on every chunk, and the transport's own timeouts still apply.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import math
import os
import socket
import threading
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from ._timeouts import StreamTimer

__all__ = ["Watch", "watch"]

_THREAD_NAME = "unbroken-stream-watchdog"
_COMPACT_AT = 4096
logger = logging.getLogger(__name__)


class Watch:
    """One stream under watch; `cancel()` when its body is done (cheap: the thread drops it when due).

    Cancelling and firing exclude each other, so a socket is never shut down once its stream has let it go
    (back to the pool, where another request may take it)."""

    __slots__ = ("_lock", "cancelled", "sock", "timer")

    def __init__(self, timer: StreamTimer, sock: Any) -> None:
        self.timer: StreamTimer | None = timer
        self.sock = sock
        self.cancelled = False
        self._lock = threading.Lock()

    def cancel(self) -> None:
        """Stop watching, and let go of the stream (the entry may wait in the heap a while longer)."""
        with self._lock:
            self.cancelled = True
            self.timer = self.sock = None

    def check(self) -> float | None:
        """Fire if a limit has passed; else when to look again (None: never)."""
        with self._lock:
            timer = self.timer
            if self.cancelled or timer is None:
                return None
            now = timer.clock()
            kind = timer.breach(now)
            if kind is None:
                return timer.next_check(now)
            if timer.fired is None:
                timer.fired = kind  # what the reader will report once its read fails
            with contextlib.suppress(OSError):  # already closed
                self.sock.shutdown(socket.SHUT_RDWR)
            self.cancelled = True
            self.timer = self.sock = None
            return None


class _Watchdog:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, entry: Watch, at: float) -> None:
        with self._condition:
            if len(self._heap) >= _COMPACT_AT:  # many streams done since: drop what is no longer watched
                self._heap = [item for item in self._heap if not item[2].cancelled]
                heapq.heapify(self._heap)
            heapq.heappush(self._heap, (at, next(self._order), entry))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=_THREAD_NAME, daemon=True)
                self._thread.start()
            elif self._heap[0][2] is entry:
                self._condition.notify()

    def _run(self) -> None:
        while True:
            with self._condition:
                entry = self._next_due()
            try:
                again = entry.check()
            except Exception:  # a bug here must not stop the watchdog for every other stream
                logger.exception("stream watchdog: checking a stream failed")
                continue
            if again is not None:
                self.add(entry, again)

    def _next_due(self) -> Watch:
        """Wait for the earliest entry still watched whose time has come, and take it off the heap."""
        while True:
            if not self._heap:
                self._condition.wait()
                continue
            at, _, entry = self._heap[0]
            timer = entry.timer
            if entry.cancelled or timer is None:
                heapq.heappop(self._heap)
                continue
            delay = at - timer.clock()
            if delay > 0:
                self._condition.wait(delay)
                continue
            heapq.heappop(self._heap)
            return entry

    def reset_after_fork(self) -> None:
        self._condition = threading.Condition()
        self._heap = []
        self._thread = None


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG.reset_after_fork)


def watch(timer: StreamTimer, sock: Any) -> Watch | None:
    """Watch `timer`'s limits on `sock` (None: nothing to watch, or no socket to wake)."""
    if sock is None or not timer.active:
        return None
    at = timer.next_check(timer.clock())
    if at is None:
        return None
    entry = Watch(timer, sock)
    _WATCHDOG.add(entry, at)
    return entry


async def bounded_reads(
    chunks: AsyncIterator[bytes], timer: StreamTimer, request: httpx.Request
) -> AsyncIterator[bytes]:
    """`chunks`, each wait cut off when `timer`'s limit for it passes: the watchdog's work, for an async body
    whose socket cannot be reached. A wait is cancelled only once a limit has surely passed (no chunk came
    before the moment `before_read` worked out), so a body is never abandoned in the middle of a read that
    could still succeed; the `APITimeoutError` then names that limit."""
    import anyio

    iterator = chunks.__aiter__()
    while True:
        left = timer.wait_left()
        with anyio.CancelScope(deadline=math.inf if left is None else anyio.current_time() + left) as scope:
            try:
                chunk = await iterator.__anext__()
            except StopAsyncIteration:
                return
        if scope.cancelled_caught:
            timer.waited_out()
            raise timer.error(request)
        yield chunk
