"""The rules of the time limits, without sockets: `StreamTimeouts`, the deadline, `StreamTimer`, on a fake
clock."""

from __future__ import annotations

import math

import httpx
import pytest

import unbroken
from helpers import CREATE_ARGS, MESSAGE
from unbroken._base_client import Call
from unbroken._request import RequestSpec
from unbroken._retry import RetryPolicy
from unbroken._timeouts import (
    Deadline,
    StreamTimeouts,
    StreamTimer,
    attempt_budget,
    classify,
    cut_timeouts,
    deadline_error,
    describe,
)

REQUEST = httpx.Request("POST", "https://example.test/v1/messages")


class FakeClock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_call(
    clock: FakeClock, *, deadline: float | None = None, stream: StreamTimeouts | None = None
) -> Call:
    call = Call(RequestSpec("post", "/v1/messages"), RetryPolicy(), clock=clock)
    call.deadline = None if deadline is None else Deadline(deadline, clock=clock)
    call.stream_timeouts = stream
    return call


# -- values ------------------------------------------------------------------------------------------------


def test_stream_timeouts_are_positive_seconds_or_none() -> None:
    assert StreamTimeouts(first_event=1, idle=0.5, total=None).any
    assert not StreamTimeouts().any
    with pytest.raises(ValueError, match=r"StreamTimeouts\.idle must be a positive number"):
        StreamTimeouts(idle=0)
    with pytest.raises(ValueError, match="first_event"):
        StreamTimeouts(first_event=math.inf)
    with pytest.raises(TypeError, match=r"StreamTimeouts\.total must be a number of seconds or None"):
        StreamTimeouts(total="5")  # type: ignore[arg-type]


def test_a_deadline_counts_down_and_refuses_a_wait_that_ends_past_it() -> None:
    clock = FakeClock()
    deadline = Deadline(10, clock=clock)
    clock.advance(4)
    assert deadline.remaining() == 6
    assert deadline.allows_wait(5.9)
    assert not deadline.allows_wait(6)


# -- one attempt -------------------------------------------------------------------------------------------


def test_an_attempt_may_wait_for_its_headers_the_smallest_of_the_time_left_first_event_and_total() -> None:
    clock = FakeClock()
    assert attempt_budget(make_call(clock), clock()) is None
    assert attempt_budget(make_call(clock, deadline=30), clock()) == 30
    timed = make_call(clock, deadline=30, stream=StreamTimeouts(first_event=5, total=60))
    assert attempt_budget(timed, clock()) == 5
    clock.advance(28)
    assert attempt_budget(timed, clock()) == 2
    assert attempt_budget(make_call(clock, stream=StreamTimeouts(idle=1)), clock()) is None


def test_cutting_timeouts_keeps_shorter_ones_and_bounds_missing_ones() -> None:
    timeouts: dict[str, float | None] = {"connect": 5.0, "read": 600.0, "write": None, "pool": 0.5}
    cut_timeouts(timeouts, 2.0, ("connect", "read", "write", "pool"))
    assert timeouts == {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 0.5}
    cut_timeouts(timeouts, -1.0, ("read",))
    assert timeouts["read"] == 0.0


def test_a_transport_timeout_after_the_deadline_is_the_deadline_with_the_transport_error_chained() -> None:
    clock = FakeClock()
    call = make_call(clock, deadline=3)
    read = unbroken.APITimeoutError(REQUEST, timeout_kind="read")
    assert classify(call, read) is read  # time is left: the transport's own timeout
    clock.advance(3)
    breach = classify(call, read)
    assert isinstance(breach, unbroken.APITimeoutError)
    assert breach.timeout_kind == "deadline"
    assert breach.__cause__ is read
    assert str(breach) == "Request timed out (deadline: the call did not end within 3 s)."


def test_a_transport_timeout_of_a_stream_past_its_first_event_limit_is_that_limit() -> None:
    clock = FakeClock()
    call = make_call(clock, stream=StreamTimeouts(first_event=2, total=10))
    call.sent_at = clock()
    clock.advance(2.5)
    breach = classify(call, unbroken.APITimeoutError(REQUEST, timeout_kind="read"))
    assert isinstance(breach, unbroken.APITimeoutError)
    assert breach.timeout_kind == "first_event"


def test_classify_leaves_other_errors_and_our_own_timeouts_alone() -> None:
    clock = FakeClock()
    call = make_call(clock, deadline=1)
    clock.advance(5)
    dropped = unbroken.APIConnectionError(request=REQUEST)
    idle = unbroken.APITimeoutError(REQUEST, timeout_kind="idle")
    assert classify(call, dropped) is dropped
    assert classify(call, idle) is idle


def test_a_deadline_error_chains_the_last_error_and_names_the_deadline() -> None:
    clock = FakeClock()
    last = unbroken.OverloadedError("Overloaded", response=httpx.Response(529, request=REQUEST), body=None)
    error = deadline_error(make_call(clock, deadline=2.5), REQUEST, last)
    assert (error.timeout_kind, error.__cause__) == ("deadline", last)
    assert "2.5 s" in str(error)


# -- a stream's body ---------------------------------------------------------------------------------------


def timer(clock: FakeClock, deadline: Deadline | None = None, **limits: float) -> StreamTimer:
    return StreamTimer(StreamTimeouts(**limits), sent_at=clock(), deadline=deadline, clock=clock)


def test_no_first_event_in_time_is_a_first_event_breach_even_if_pings_came() -> None:
    clock = FakeClock()
    t = timer(clock, first_event=1.0)
    assert t.before_read(0, False) is None
    clock.advance(0.6)
    assert t.arrived() is None  # a ping: in time, but not an event
    assert t.before_read(0, False) is None
    clock.advance(0.6)
    assert t.arrived() == "first_event"
    assert t.fired == "first_event"
    assert str(t.error(REQUEST)) == "Request timed out (first_event: no stream event within 1 s)."


def test_once_the_first_event_came_first_event_no_longer_applies() -> None:
    clock = FakeClock()
    t = timer(clock, first_event=1.0)
    t.before_read(0, False)
    clock.advance(0.5)
    assert t.arrived() is None
    t.before_read(1, False)
    clock.advance(10)
    assert t.arrived() is None


def test_pings_do_not_reset_idle_but_events_do() -> None:
    clock = FakeClock()
    t = timer(clock, idle=1.0)
    t.before_read(0, False)
    clock.advance(0.8)
    assert t.arrived() is None
    t.before_read(1, False)  # an event came: the wait starts over
    for _ in range(2):  # two pings, 0.4 s apart
        clock.advance(0.4)
        assert t.arrived() is None
        assert t.before_read(1, False) is None
    clock.advance(0.4)
    assert t.arrived() == "idle"


def test_time_the_caller_spends_on_an_event_is_not_idle_time() -> None:
    clock = FakeClock()
    t = timer(clock, idle=1.0)
    t.before_read(0, False)
    clock.advance(0.1)
    t.arrived()
    clock.advance(30)  # the caller works on the event
    assert t.breach(clock()) is None
    assert t.before_read(1, False) is None
    clock.advance(0.9)
    assert t.arrived() is None


def test_total_counts_all_the_time_until_message_stop() -> None:
    clock = FakeClock()
    t = timer(clock, total=5.0)
    t.before_read(0, False)
    clock.advance(1)
    t.arrived()
    clock.advance(4.5)  # the caller's time counts for total
    assert t.breach(clock()) == "total"
    assert t.before_read(3, False) == "total"

    done = timer(clock, total=5.0)
    done.before_read(0, False)
    clock.advance(1)
    done.arrived()
    assert done.before_read(5, True) is None  # message_stop decoded: only the end of the body is left
    clock.advance(10)
    assert done.arrived() is None


def test_the_deadline_bounds_a_stream_until_its_first_event_only() -> None:
    clock = FakeClock()
    deadline = Deadline(2, clock=clock)
    t = timer(clock, deadline)
    assert t.active
    t.before_read(0, False)
    clock.advance(2.5)
    assert t.arrived() == "deadline"

    started = timer(clock, Deadline(2, clock=clock))
    started.before_read(0, False)
    clock.advance(1)
    started.arrived()
    started.before_read(1, False)
    clock.advance(60)
    assert started.arrived() is None


def test_the_limit_that_passed_first_is_the_one_reported() -> None:
    clock = FakeClock()
    t = timer(clock, first_event=3.0, total=2.0)
    t.before_read(0, False)
    clock.advance(5)
    assert t.arrived() == "total"


def test_the_watchdog_wakes_when_a_limit_can_first_pass_and_not_before() -> None:
    clock = FakeClock()
    t = timer(clock, first_event=2.0, idle=5.0, total=60.0)
    start = clock()
    assert t.next_check(clock()) == start + 0.05  # not reading yet: look again shortly
    t.before_read(0, False)
    assert t.next_check(clock()) == start + 2.0
    assert t.breach(start + 1.9) is None
    assert t.breach(start + 2.0) == "first_event"
    t.arrived()
    t.before_read(1, False)
    clock.advance(1)
    assert t.next_check(clock()) == start + 5.0  # idle from the last event
    t.arrived()  # the caller holds the event: only total, and idle once it reads again
    assert t.next_check(clock()) == clock() + 5.0
    assert not timer(clock).active


# -- less travelled paths (mutation testing, issue 10) -----------------------------------------------------


def test_a_limit_that_must_be_given_names_what_it_expects() -> None:
    from unbroken._timeouts import check_seconds

    check_seconds("limit", 2.5, allow_none=False)
    with pytest.raises(TypeError) as info:
        check_seconds("limit", None, allow_none=False)
    assert str(info.value) == "limit must be a number of seconds, got None"
    with pytest.raises(TypeError) as optional:
        check_seconds("limit", True)
    assert str(optional.value) == "limit must be a number of seconds or None, got True"


def recording_timeouts() -> tuple[list[dict[str, float | None]], httpx.MockTransport]:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.extensions["timeout"]))
        return httpx.Response(200, json=MESSAGE)

    return seen, httpx.MockTransport(handler)


def test_a_deadline_cuts_every_phase_timeout_of_an_attempt() -> None:
    seen, transport = recording_timeouts()
    http = httpx.Client(transport=transport, timeout=600)
    client = unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http, deadline=5)
    client.messages.create(**CREATE_ARGS)
    assert set(seen[0]) == {"connect", "read", "write", "pool"}
    assert all(value is not None and 0 < value <= 5 for value in seen[0].values()), seen[0]


@pytest.mark.anyio
async def test_async_a_deadline_cuts_every_phase_timeout_of_an_attempt() -> None:
    seen, transport = recording_timeouts()
    http = httpx.AsyncClient(transport=transport, timeout=600)
    client = unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http, deadline=5)
    await client.messages.create(**CREATE_ARGS)
    assert set(seen[0]) == {"connect", "read", "write", "pool"}
    assert all(value is not None and 0 < value <= 5 for value in seen[0].values()), seen[0]


def test_without_a_deadline_the_phase_timeouts_are_the_http_clients() -> None:
    seen, transport = recording_timeouts()
    http = httpx.Client(transport=transport, timeout=httpx.Timeout(600, connect=7))
    unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http).messages.create(
        **CREATE_ARGS
    )
    assert seen[0] == {"connect": 7, "read": 600, "write": 600, "pool": 600}


def test_each_limit_names_itself_its_seconds_and_the_request_in_its_error() -> None:
    clock = FakeClock()
    cases = {
        "idle": "idle: no stream event within 1.5 s of the last (pings do not count)",
        "total": "total: the stream did not end within 1.5 s",
        "deadline": "deadline: the call did not end within 1.5 s",
    }
    for kind, detail in cases.items():
        deadline = Deadline(1.5, clock=clock) if kind == "deadline" else None
        limits = {} if kind == "deadline" else {kind: 1.5}
        t = timer(clock, deadline, **limits)
        t.before_read(0, False)
        clock.advance(2)
        assert t.arrived() == kind
        error = t.error(REQUEST)
        assert (error.timeout_kind, str(error)) == (kind, f"Request timed out ({detail}).")
        assert error.request is REQUEST


def test_a_timer_asked_for_its_error_before_any_limit_fired_reports_idle() -> None:
    error = StreamTimer(None, sent_at=0.0).error(REQUEST)
    assert error.timeout_kind == "idle"
    assert (
        str(error) == "Request timed out (idle: no stream event within 0 s of the last (pings do not count))."
    )


def test_the_words_for_a_transport_phase_say_no_answer() -> None:
    assert describe("read", 2.5) == "read: no answer within 2.5 s"


def test_a_deadline_error_names_the_request_and_a_call_without_a_deadline_says_zero() -> None:
    error = deadline_error(make_call(FakeClock()), REQUEST, None)
    assert error.request is REQUEST
    assert str(error) == "Request timed out (deadline: the call did not end within 0 s)."


def test_a_limit_passes_at_its_exact_moment() -> None:
    clock = FakeClock()
    t = timer(clock, first_event=1.0)
    t.before_read(0, False)
    clock.advance(1.0)
    assert t.arrived() == "first_event"


def test_the_first_limit_to_fire_is_the_one_kept() -> None:
    clock = FakeClock()
    t = timer(clock, first_event=1.0, total=3.0)
    t.before_read(0, False)
    clock.advance(1.5)
    assert t.arrived() == "first_event"
    t.before_read(1, False)  # the caller read on: an event came late, and then total passed too
    clock.advance(2)
    assert t.arrived() == "total"
    assert t.fired == "first_event"


def test_once_done_total_no_longer_applies_even_without_a_new_event() -> None:
    clock = FakeClock()
    t = timer(clock, total=5.0)
    t.before_read(2, False)
    clock.advance(1)
    assert t.arrived() is None
    assert t.before_read(2, True) is None  # message_stop was decoded from the chunk already counted
    clock.advance(10)
    assert t.arrived() is None
    assert t.breach(clock()) is None


def test_the_watchdog_looks_again_at_total_alone_while_the_reader_is_away() -> None:
    clock = FakeClock()
    t = timer(clock, total=60.0)
    assert t.next_check(clock()) == clock() + 60.0  # not reading, no first-event limit: only total
    t.before_read(1, True)
    t.arrived()
    assert t.next_check(clock()) is None  # done: nothing left to pass
    assert timer(clock).next_check(clock()) is None


def test_classify_judges_at_the_moment_given_and_each_limit_from_the_moment_of_sending() -> None:
    clock = FakeClock()
    call = make_call(clock, deadline=3, stream=StreamTimeouts(first_event=2, total=10))
    call.sent_at = clock()
    read = unbroken.APITimeoutError(REQUEST, timeout_kind="read")
    clock.advance(1)
    assert classify(call, read) is read  # within every limit: the transport's own timeout
    late = classify(call, read, now=call.sent_at + 3)  # the moment given, not the clock's
    assert (late.timeout_kind, late.request) == ("deadline", REQUEST)  # type: ignore[attr-defined]
    call.deadline = None
    exact = classify(call, read, now=call.sent_at + 2)  # a limit passes at its exact moment
    assert exact.timeout_kind == "first_event"  # type: ignore[attr-defined]


def test_a_transport_timeout_of_a_stream_past_its_total_limit_is_that_limit() -> None:
    clock = FakeClock()
    call = make_call(clock, stream=StreamTimeouts(total=10))
    call.sent_at = clock()
    clock.advance(10)
    breach = classify(call, unbroken.APITimeoutError(REQUEST, timeout_kind="read"))
    assert isinstance(breach, unbroken.APITimeoutError)
    assert (breach.timeout_kind, breach.request) == ("total", REQUEST)
    assert str(breach) == "Request timed out (total: the stream did not end within 10 s)."


def test_before_the_first_event_the_time_the_reader_is_away_is_not_counted() -> None:
    clock = FakeClock()
    t = timer(clock, first_event=1.0)
    t.before_read(0, False)
    clock.advance(0.5)
    assert t.arrived() is None  # a ping, handed on
    clock.advance(5.0)  # the caller, busy with it
    assert t.before_read(0, False) is None  # 0.5 s of waiting so far
    clock.advance(0.49)
    assert t.breach(clock()) is None
    clock.advance(0.01)
    assert t.breach(clock()) == "first_event"  # 1 s of waiting in all


def test_a_caller_that_reads_late_is_not_timed_for_it() -> None:
    clock = FakeClock()
    sent = clock()
    clock.advance(0.2)  # the headers arrive
    t = StreamTimer(
        StreamTimeouts(first_event=0.5, total=2.0),
        sent_at=sent,
        deadline=Deadline(0.6, clock=lambda: sent),
        clock=clock,
        answered_at=clock(),
    )
    clock.advance(1.0)  # the caller does something else before its first read
    assert t.before_read(0, False) is None  # the events may well be waiting in the socket already
    clock.advance(0.29)
    assert t.breach(clock()) is None
    clock.advance(0.01)
    assert t.breach(clock()) == "first_event"  # 0.2 s for the headers + 0.3 s on the socket


def test_the_deadline_moves_with_the_time_the_reader_is_away_too() -> None:
    clock = FakeClock()
    sent = clock()
    t = StreamTimer(
        StreamTimeouts(idle=10), sent_at=sent, deadline=Deadline(0.5, clock=clock), clock=clock,
        answered_at=clock(),
    )  # fmt: skip
    clock.advance(3.0)
    assert t.before_read(0, False) is None
    clock.advance(0.5)
    assert t.breach(clock()) == "deadline"


def test_total_counts_the_callers_time_too() -> None:
    clock = FakeClock()
    t = StreamTimer(StreamTimeouts(total=1.0), sent_at=clock(), clock=clock, answered_at=clock())
    clock.advance(1.0)
    assert t.before_read(0, False) == "total"  # a bound on how long the stream lives
