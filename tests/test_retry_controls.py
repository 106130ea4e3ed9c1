"""The call's `deadline=`, `max_retry_after=` and the errors retrying cannot fix, end to end against the
emulator (sync and async). Retries do not sleep here (`instant_retries`), but every decision is the one a
real client makes: a retry-after or a backoff that would end past the deadline is never started."""

from __future__ import annotations

import logging
from typing import Any

import anyio
import pytest

import unbroken
from unbroken.testing import Emulator, Fault

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "hi"}],
}
SPEND_LIMIT = {"error_code": "enforced_spend_limit_reached"}


def create(emulator: Emulator, flavour: str, **options: Any) -> tuple[Any, BaseException | None]:
    """`messages.create()` with a sync or an async client built with `options`: the message or the error."""
    if flavour == "sync":
        client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, **options)
        try:
            return client.messages.create(**ARGS), None
        except unbroken.AnthropicError as exc:
            return None, exc
        finally:
            client.close()

    async def call() -> tuple[Any, BaseException | None]:
        async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url, **options) as client:
            try:
                return await client.messages.create(**ARGS), None
            except unbroken.AnthropicError as exc:
                return None, exc

    return anyio.run(call)


FLAVOURS = ["sync", "async"]


# -- the deadline ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_call_out_of_time_is_a_deadline_timeout_with_the_last_error_chained(
    emulator: Emulator, flavour: str
) -> None:
    emulator.faults.push(Fault.stall_before_headers(10, times=3, optional=True))
    _, error = create(emulator, flavour, deadline=0.4)
    assert isinstance(error, unbroken.APITimeoutError)
    assert error.timeout_kind == "deadline"
    assert str(error) == "Request timed out (deadline: the call did not end within 0.4 s)."
    assert isinstance(error.__cause__, unbroken.APITimeoutError)  # the attempt's read, cut to the time left
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_no_wait_that_would_end_past_the_deadline_is_started(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(529, headers={"retry-after": "2"}))
    _, error = create(emulator, flavour, deadline=1.5)
    assert isinstance(error, unbroken.APITimeoutError)
    assert error.timeout_kind == "deadline"
    assert (
        str(error)
        == "Request timed out (deadline: the 2 s wait before a retry would end past the call's 1.5 s)."
    )
    assert isinstance(error.__cause__, unbroken.OverloadedError)
    assert len(emulator.requests) == 1


def test_the_wait_not_started_is_said_in_milliseconds_at_most(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529, headers={"retry-after-ms": "1422.226"}))
    _, error = create(emulator, "sync", deadline=1)
    assert "the 1.422 s wait before a retry" in str(error)  # not 1.422226


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_waits_that_fit_in_the_deadline_are_taken(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(529, times=2, headers={"retry-after": "1"}))
    message, error = create(emulator, flavour, deadline=5)
    assert error is None
    assert message.content[0].text == "Echo: hi"
    assert len(emulator.requests) == 3


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_rate_limiters_wait_honours_the_deadline(emulator: Emulator, flavour: str) -> None:
    limiter = unbroken.RateLimiter(requests_per_minute=1)
    assert create(emulator, flavour, rate_limiter=limiter, deadline=5)[1] is None
    _, error = create(emulator, flavour, rate_limiter=limiter, deadline=5)  # the next turn is a minute away
    assert isinstance(error, unbroken.APITimeoutError)
    assert error.timeout_kind == "deadline"
    assert "the wait for the rate limiter would end past the call's 5 s" in str(error)
    assert error.__cause__ is None
    assert len(emulator.requests) == 1  # nothing sent


def test_an_error_that_is_not_retried_is_raised_as_it_is_within_the_deadline(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(400))
    _, error = create(emulator, "sync", deadline=5)
    assert isinstance(error, unbroken.BadRequestError)


# -- retry-after -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_retry_after_past_the_cap_is_raised_at_once_with_retry_after_set(
    emulator: Emulator, flavour: str
) -> None:
    emulator.faults.push(Fault.status(429, headers={"retry-after": "90"}))
    _, error = create(emulator, flavour)
    assert isinstance(error, unbroken.RateLimitError)
    assert error.retry_after == 90.0
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_retry_after_past_the_cap_says_so_in_the_log(
    emulator: Emulator, flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.faults.push(Fault.status(529, headers={"retry-after": "90"}))
    with caplog.at_level(logging.INFO, logger="unbroken"):
        create(emulator, flavour, max_retries=5)  # a caller who asked for retries learns why there was none
    assert (
        "Not retrying POST /v1/messages after OverloadedError: the server asked to wait 90.0 seconds, "
        "more than max_retry_after (60); the error's retry_after says when to try again"
    ) in caplog.text


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_cap_is_the_callers(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(529, headers={"retry-after-ms": "90000"}))
    message, error = create(emulator, flavour, max_retry_after=120)
    assert error is None and message is not None
    assert len(emulator.requests) == 2

    emulator.faults.push(Fault.status(529, headers={"retry-after": "3"}))
    _, error = create(emulator, flavour, max_retry_after=2)
    assert isinstance(error, unbroken.OverloadedError)
    assert error.retry_after == 3.0


def test_a_retry_after_within_the_cap_is_waited_exactly(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.faults.push(Fault.status(429, headers={"retry-after": "42"}))
    with caplog.at_level(logging.INFO, logger="unbroken"):
        _message, error = create(emulator, "sync")
    assert error is None
    assert "in 42.000 seconds after RateLimitError" in caplog.text


# -- errors that retrying cannot fix -----------------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_spend_limit_is_not_retried(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(429, details=SPEND_LIMIT, message="You have reached your spend limit."))
    _, error = create(emulator, flavour)
    assert isinstance(error, unbroken.EnforcedSpendLimitReachedError)
    assert isinstance(error, unbroken.RateLimitError)
    assert (error.type, error.error_code, error.details) == (
        "rate_limit_error",
        *SPEND_LIMIT.values(),
        SPEND_LIMIT,
    )
    assert error.message == "You have reached your spend limit."
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_spend_limit_is_not_retried_even_when_the_server_says_to(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(429, details=SPEND_LIMIT, headers={"x-should-retry": "true"}))
    _, error = create(emulator, flavour)
    assert isinstance(error, unbroken.EnforcedSpendLimitReachedError)
    assert len(emulator.requests) == 1


def test_a_spend_limit_inside_a_stream_is_not_retried_either(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(0, "rate_limit_error", "Spend limit reached", details=SPEND_LIMIT))
    client = emulator.client()
    with (
        pytest.raises(unbroken.EnforcedSpendLimitReachedError) as caught,
        client.messages.stream(**ARGS) as s,
    ):
        s.until_done()
    assert caught.value.in_stream
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_ramp_limit_is_retried(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(429, details={"error_code": "ramp_limit_exceeded"}))
    _message, error = create(emulator, flavour)
    assert error is None
    assert len(emulator.requests) == 2


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_payment_required_is_its_own_class_and_not_retried(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(402))
    _, error = create(emulator, flavour)
    assert isinstance(error, unbroken.PaymentRequiredError)
    assert (error.status_code, error.type, error.error_code) == (402, "billing_error", None)
    assert len(emulator.requests) == 1


def test_a_request_timeout_status_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(408))
    assert create(emulator, "sync")[1] is None
    assert len(emulator.requests) == 2
    emulator.faults.push(Fault.status(408, times=3))
    _, error = create(emulator, "sync")
    assert isinstance(error, unbroken.RequestTimeoutError)
