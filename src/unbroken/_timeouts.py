"""Time limits under the caller's control: `StreamTimeouts`, the call's deadline, and the arithmetic the retry
loop and the streams apply. Pure: every "now" comes from an injectable monotonic clock, so the rules are
tested without sockets or sleeps.

Three kinds of limit, each with a `timeout_kind` of its own on the `APITimeoutError` it raises:

* httpx's own timeouts (`"connect"`, `"read"`, `"write"`, `"pool"`), per phase of one attempt;
* `StreamTimeouts` (`"first_event"`, `"idle"`, `"total"`), per attempt of a message stream;
* the call's `deadline` (`"deadline"`), across every attempt and every wait of one call. For a stream it
  bounds the time to its first event; a stream that has started is governed by `StreamTimeouts`.

How a limit wakes a client that is stuck waiting:

* before the response headers: every phase timeout of the attempt is cut to the time left (`cut_timeouts`),
  so the transport itself gives up; the async client also bounds the wait with a cancel scope
  (`aresponse_within`), which works whatever transport is underneath;
* while a stream's body is read: `StreamTimer` is consulted on every chunk (a `ping` is an event for the
  clock but does not reset `idle`), and a process-wide watchdog (`_watchdog.py`) shuts a silent socket down
  when a limit passes, which the reader then reports as the timeout it is.

Written by hand: no timeout library knows "an SSE ping is not progress", or a deadline spanning retries.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Literal, TypeVar, Union

from ._values import Value

if TYPE_CHECKING:
    import httpx

    from ._call import Call
    from ._exceptions import AnthropicError, APITimeoutError, HTTPRequest

__all__ = [
    "Clock",
    "Deadline",
    "StreamTimeouts",
    "StreamTimer",
    "TimeoutKind",
    "aresponse_within",
    "classify",
    "deadline_error",
    "is_deadline_breach",
    "response_within",
]

Clock = Callable[[], float]
"""A monotonic clock in seconds (`time.monotonic`, or a fake one in tests)."""

TimeoutKind = Literal["connect", "read", "write", "pool", "first_event", "idle", "total", "deadline"]
"""Which limit fired: httpx's four phases, the three `StreamTimeouts`, or the call's deadline."""

_RECHECK = 0.05
"""Seconds after which the watchdog looks again at a stream that had not yet begun to wait for its first
event (the caller had not started reading it)."""
TRANSPORT_KINDS: frozenset[str] = frozenset({"connect", "read", "write", "pool"})
Seconds = Union[int, float]
T = TypeVar("T")


def check_seconds(name: str, value: object, *, allow_none: bool = True) -> None:
    """A limit is a positive, finite number of seconds (or None: no limit)."""
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        expected = "a number of seconds or None" if allow_none else "a number of seconds"
        raise TypeError(f"{name} must be {expected}, got {value!r}")
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")


def check_wait(name: str, value: object, *, allow_none: bool = False) -> None:
    """A wait in seconds: 0 (none) up to `math.inf` (no bound); NaN refused; None (no limit) when allowed."""
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        expected = "a number of seconds or None" if allow_none else "a number of seconds"
        raise TypeError(f"{name} must be {expected}, got {value!r}")
    if not value >= 0:
        no_limit = " (None: no limit)" if allow_none else ""
        raise ValueError(f"{name} must be 0 or more seconds{no_limit}, got {value!r}")


_PHASES = ("connect", "read", "write", "pool")


def check_timeout(value: T) -> T:
    """A request `timeout` as httpx takes it: seconds, a `Timeout` of either stack, or None (no limit);
    infinity is taken as None (the sync sockets cannot wait that long; the reference's async client could).
    Checked before anything is sent: a negative or NaN number, or a string, would otherwise fail inside the
    transport as a connection error, and be retried."""
    if value is None or isinstance(value, (int, float)):
        check_wait("timeout", value, allow_none=True)
        return None if value == math.inf else value  # type: ignore[return-value]  # None is a T here too
    if not all(hasattr(value, phase) for phase in _PHASES):
        raise TypeError(
            f"timeout must be a number of seconds, an httpx2.Timeout (or httpx's), or None, got {value!r}"
        )
    phases = {phase: getattr(value, phase) for phase in _PHASES}
    for phase, seconds in phases.items():
        check_wait(f"timeout.{phase}", seconds, allow_none=True)
    if math.inf in phases.values():
        finite = {phase: None if seconds == math.inf else seconds for phase, seconds in phases.items()}
        return type(value)(**finite)
    return value


class StreamTimeouts(Value):
    """Limits on a message stream, in seconds (None: no limit). Each is per attempt.

    * `first_event`: from sending the request to the stream's first event (a `ping` does not count);
    * `idle`: the longest wait for the next event — a `ping` does not reset it (httpx's read timeout is
      reset by any bytes, so a stream of pings alone would never time out);
    * `total`: from sending the request to `message_stop`.

    `first_event` and `idle` count only the time the client waits for the server, never the caller's own
    (before its first read, or on an event); `total` counts all of it. A breach is an `APITimeoutError`
    whose `timeout_kind` names the limit, carrying `partial_message`; the connection is closed. A
    `first_event` breach (nothing reached your code yet) is retried like any timeout.
    """

    __slots__ = ("first_event", "idle", "total")
    first_event: float | None
    idle: float | None
    total: float | None

    def __init__(
        self, first_event: float | None = None, idle: float | None = None, total: float | None = None
    ) -> None:
        check_seconds("StreamTimeouts.first_event", first_event)
        check_seconds("StreamTimeouts.idle", idle)
        check_seconds("StreamTimeouts.total", total)
        self._set(first_event=first_event, idle=idle, total=total)

    @property
    def any(self) -> bool:
        return self.first_event is not None or self.idle is not None or self.total is not None


class Deadline:
    """The end of one call: `seconds` after it started, by `clock`."""

    def __init__(self, seconds: float, *, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.at = clock() + seconds

    def remaining(self) -> float:
        return self.at - self.clock()

    def allows_wait(self, seconds: float) -> bool:
        """Whether a wait of `seconds` ends before the deadline (no wait that ends past it is started)."""
        return seconds < self.remaining()


# -- one attempt -------------------------------------------------------------------------------------------


def attempt_budget(call: Call, now: float) -> float | None:
    """Seconds the attempt about to be sent may wait for its response headers: the deadline's time left, and
    for a timed stream its `first_event` and `total` limits (both count from sending). None: no limit."""
    limits: list[float] = []
    if call.deadline is not None:
        limits.append(call.deadline.at - now)
    timeouts = call.stream_timeouts
    if timeouts is not None:
        limits.extend(limit for limit in (timeouts.first_event, timeouts.total) if limit is not None)
    return min(limits) if limits else None


def cut_timeouts(timeouts: MutableMapping[str, float | None], budget: float, phases: tuple[str, ...]) -> None:
    """Cut the transport's per-phase timeouts (a request's `timeout` extension, as httpx and httpx2 keep it)
    to `budget` seconds; a phase without a timeout gets the budget."""
    budget = max(budget, 0.0)
    for phase in phases:
        current = timeouts.get(phase)
        timeouts[phase] = budget if current is None else min(current, budget)


def _timeout_extension(request: httpx.Request) -> MutableMapping[str, float | None] | None:
    extension = request.extensions.get("timeout")
    if not isinstance(extension, dict):
        return None
    copied: dict[str, float | None] = dict(extension)  # the client's own dict is never mutated
    request.extensions["timeout"] = copied
    return copied


def _start(call: Call, request: httpx.Request, *, cut_stream_read: bool) -> float | None:
    """Stamp the attempt's start and cut its timeouts; the headers budget (None: no limit)."""
    now = call.clock()
    call.sent_at, call.answered_at = now, None
    budget = attempt_budget(call, now)
    extension = None if budget is None else _timeout_extension(request)
    if budget is not None and extension is not None:
        phases: tuple[str, ...] = ("connect", "write", "pool")
        if cut_stream_read or call.stream_timeouts is None:
            phases += ("read",)
        cut_timeouts(extension, budget, phases)
    return budget


@contextlib.contextmanager
def response_within(call: Call, request: httpx.Request) -> Iterator[None]:
    """Around sending one attempt (sync): every phase timeout cut to the budget. A timed stream's read timeout
    is restored once the headers are in, so the body is governed by `StreamTimeouts` alone (httpx reads the
    body's read timeout when the body is first read)."""
    extension = request.extensions.get("timeout")
    uncut_read = extension.get("read") if isinstance(extension, dict) else None
    _start(call, request, cut_stream_read=True)
    yield
    call.answered_at = call.clock()
    if call.stream_timeouts is not None:
        restored = request.extensions.get("timeout")
        if isinstance(restored, dict):
            restored["read"] = uncut_read


@contextlib.contextmanager
def aresponse_within(call: Call, request: httpx.Request) -> Iterator[None]:
    """Around sending one attempt (async): connect/write/pool cut to the budget, and the wait for the headers
    bounded by a cancel scope, so any transport (aiohttp's reads its timeouts once) wakes up in time. A
    timed stream's read timeout is left whole: after the headers the body is governed by `StreamTimeouts`."""
    budget = _start(call, request, cut_stream_read=False)
    if budget is None:
        yield
        call.answered_at = call.clock()
        return
    import anyio

    try:
        with anyio.fail_after(max(budget, 0.0)):
            yield
        call.answered_at = call.clock()
    except TimeoutError as exc:
        waited = _timeout(request, "read")  # what the transport would have raised with its timeout cut
        waited.__cause__ = exc
        error = classify(call, waited)
        raise error from error.__cause__


# -- judging a failed attempt ------------------------------------------------------------------------------


def _timeout(request: HTTPRequest, kind: TimeoutKind, detail: str | None = None) -> APITimeoutError:
    from ._exceptions import APITimeoutError

    return APITimeoutError(request, timeout_kind=kind, detail=detail)


def classify(call: Call, error: AnthropicError, *, now: float | None = None) -> AnthropicError:
    """A transport timeout that one of our limits made fire, as that limit's timeout (the transport's error
    chained); any other error as it is. The deadline wins, then `first_event`, then `total`."""
    from ._exceptions import APITimeoutError

    if not isinstance(error, APITimeoutError) or error.timeout_kind not in TRANSPORT_KINDS:
        return error
    now = call.clock() if now is None else now
    if call.deadline is not None and now >= call.deadline.at:
        return deadline_error(call, error.request, error)
    timeouts = call.stream_timeouts
    if timeouts is not None and call.sent_at is not None:
        for kind, limit in (("first_event", timeouts.first_event), ("total", timeouts.total)):
            if limit is not None and now - call.sent_at >= limit:
                late = _timeout(error.request, kind, describe(kind, limit))  # type: ignore[arg-type]
                late.__cause__ = error
                return late
    return error


def deadline_error(
    call: Call, request: HTTPRequest, last: BaseException | None, *, waiting_for: str | None = None
) -> APITimeoutError:
    """The call ran out of time: `last` (the error of its last attempt, if any) chained. `waiting_for` names
    a wait that was not started because it would have ended past the deadline."""
    seconds = call.deadline.seconds if call.deadline is not None else 0.0
    detail = describe("deadline", seconds)
    if waiting_for is not None:
        detail = f"deadline: {waiting_for} would end past the call's {seconds:g} s"
    error = _timeout(request, "deadline", detail)
    error.__cause__ = last
    return error


def is_deadline_breach(error: BaseException) -> bool:
    """The call ran out of time: nothing retries it (the breach itself ends the call)."""
    from ._exceptions import APITimeoutError

    return isinstance(error, APITimeoutError) and error.timeout_kind == "deadline"


def describe(kind: TimeoutKind, seconds: float) -> str:
    """The words an `APITimeoutError` message uses for one of our limits."""
    what = {
        "first_event": f"no stream event within {seconds:g} s",
        "idle": f"no stream event within {seconds:g} s of the last (pings do not count)",
        "total": f"the stream did not end within {seconds:g} s",
        "deadline": f"the call did not end within {seconds:g} s",
    }.get(kind, f"no answer within {seconds:g} s")
    return f"{kind}: {what}"


# -- a stream's body ---------------------------------------------------------------------------------------


class StreamTimer:
    """The clock of one stream attempt's body: `StreamTimeouts` plus, until the first event, the deadline.

    The reader calls `before_read(events, done)` before each read (`events`: non-ping events decoded so far;
    `done`: `message_stop` seen) and `arrived()` when a chunk arrives; either returns the limit breached, if
    any (a chunk that arrives after a limit passed came too late, whatever it holds). `breach(now)` and
    `next_check(now)` serve the watchdog, from another thread. The limits on waiting (`first_event`, `idle`,
    the deadline) count only while the client waits for the server — for the headers, then on the socket —
    so the time the caller spends elsewhere (before its first read, on an event) is never counted against
    the server: until the first event, each time the reader was away moves `first_event` and the deadline
    on by as much (`answered_at`: when the headers arrived). `total` counts all the time. Per chunk the work
    is two clock reads and a few comparisons: the earliest moment a limit can pass is worked out once per
    wait (`_due`).
    """

    __slots__ = (
        "_deadline_at",
        "_deadline_seconds",
        "_due",
        "_first_at",
        "_idle",
        "_left_at",
        "_total_at",
        "_waiting_since",
        "clock",
        "done",
        "events",
        "fired",
        "limits",
        "reading",
    )

    def __init__(
        self,
        limits: StreamTimeouts | None,
        *,
        sent_at: float,
        deadline: Deadline | None = None,
        clock: Clock = time.monotonic,
        answered_at: float | None = None,
    ) -> None:
        self.limits = limits or StreamTimeouts()
        self.clock = clock
        first, total = self.limits.first_event, self.limits.total
        self._first_at = None if first is None else sent_at + first
        self._total_at = None if total is None else sent_at + total
        self._idle = self.limits.idle
        self._deadline_at = None if deadline is None else deadline.at
        self._deadline_seconds = 0.0 if deadline is None else deadline.seconds
        self._waiting_since: float | None = None
        self._left_at = answered_at  # when the reader last stopped waiting (None: it never left)
        self._due = math.inf
        self.events = 0
        self.done = False
        self.reading = False
        self.fired: TimeoutKind | None = None

    @property
    def active(self) -> bool:
        """Whether any limit applies (else the reader need not consult it)."""
        return self.limits.any or self._deadline_at is not None

    def before_read(self, events: int, done: bool) -> TimeoutKind | None:
        now = self.clock()
        if self._left_at is not None:
            if events == 0 and now > self._left_at:  # the caller's time, before the first event: not counted
                self._move_first_limits(now - self._left_at)
                self._waiting_since = None
            self._left_at = None
        if events != self.events or self._waiting_since is None:
            self._waiting_since = now  # an event came since the last wait (or this is the first wait)
            self.events = events
            self.done = done
            self._due = self._earliest()
        elif done != self.done:
            self.done = done
            self._due = self._earliest()
        self.reading = True
        return None if now < self._due else self._record(self.breach(now))

    def arrived(self) -> TimeoutKind | None:
        """A chunk arrived: it came too late if a limit passed while the reader waited for it."""
        now = self.clock()
        kind = None if now < self._due else self.breach(now)
        self.reading = False
        if self.events == 0:
            self._left_at = now
        return self._record(kind)

    def _move_first_limits(self, away: float) -> None:
        if self._first_at is not None:
            self._first_at += away
        if self._deadline_at is not None:
            self._deadline_at += away

    def wait_left(self) -> float | None:
        """Seconds the read now waiting may last before a limit passes (None: no limit on it). Only for a
        reader that bounds its own wait (`bounded_reads`), after `before_read`."""
        return None if self._due == math.inf else max(0.0, self._due - self.clock())

    def waited_out(self) -> TimeoutKind | None:
        """The wait ran for `wait_left()` with no chunk: the limit that passed (recorded as fired)."""
        return self.arrived()

    def _record(self, kind: TimeoutKind | None) -> TimeoutKind | None:
        if kind is not None and self.fired is None:
            self.fired = kind
        return kind

    def _earliest(self) -> float:
        """The first moment a limit can pass during the coming wait."""
        times = [at for at, _ in self._fire_times(waiting=True)]
        return min(times) if times else math.inf

    def _fire_times(self, *, waiting: bool) -> list[tuple[float, TimeoutKind]]:
        times: list[tuple[float, TimeoutKind]] = []
        if waiting and self.events == 0:
            if self._first_at is not None:
                times.append((self._first_at, "first_event"))
            if self._deadline_at is not None:
                times.append((self._deadline_at, "deadline"))
        if waiting and self._idle is not None and self._waiting_since is not None:
            times.append((self._waiting_since + self._idle, "idle"))
        if not self.done and self._total_at is not None:
            times.append((self._total_at, "total"))
        return times

    def breach(self, now: float) -> TimeoutKind | None:
        """The first limit to have passed by `now`, if any."""
        passed = [(at, kind) for at, kind in self._fire_times(waiting=self.reading) if now >= at]
        return min(passed)[1] if passed else None

    def next_check(self, now: float) -> float | None:
        """When a limit could next pass: the watchdog looks again then (None: never). While the reader is not
        waiting, the limits on waiting cannot pass; the reader checks them itself before its next wait, and
        the watchdog looks again a little later, in case that wait has begun."""
        if self.reading:
            times = [at for at, _ in self._fire_times(waiting=True)]
        else:
            times = [self._total_at] if self._total_at is not None and not self.done else []
            if self.events == 0 and (self._first_at is not None or self._deadline_at is not None):
                times.append(now + _RECHECK)
            if self._idle is not None:
                times.append(now + self._idle)  # the next wait starts no earlier than now
        return min(times) if times else None

    def error(self, request: httpx.Request) -> APITimeoutError:
        """The timeout for the limit that fired."""
        kind = self.fired or "idle"
        seconds = {
            "first_event": self.limits.first_event,
            "idle": self.limits.idle,
            "total": self.limits.total,
            "deadline": self._deadline_seconds,
        }.get(kind)
        return _timeout(request, kind, describe(kind, seconds or 0.0))
