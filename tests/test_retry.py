from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from unbroken import APIConnectionError, APITimeoutError
from unbroken._exceptions import status_error_from_stream_event
from unbroken._retry import RetryPolicy, instant_retries, sleep_seconds

REQUEST = httpx.Request("POST", "https://example.test/v1/messages")
POLICY = RetryPolicy(max_retries=2)


def _response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, headers={k.replace("_", "-"): v for k, v in headers.items()}, request=REQUEST
    )


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 529])
def test_retryable_statuses(status: int) -> None:
    assert POLICY.should_retry(0, response=_response(status))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413, 422])
def test_client_errors_are_not_retried(status: int) -> None:
    assert not POLICY.should_retry(0, response=_response(status))


def test_connection_errors_and_timeouts_are_retried() -> None:
    assert POLICY.should_retry(0, error=APIConnectionError(request=REQUEST))
    assert POLICY.should_retry(0, error=APITimeoutError(REQUEST))


def test_budget_is_respected() -> None:
    assert POLICY.should_retry(1, response=_response(529))
    assert not POLICY.should_retry(2, response=_response(529))
    assert not RetryPolicy(max_retries=0).should_retry(0, response=_response(529))


def test_x_should_retry_overrides_status() -> None:
    assert not POLICY.should_retry(0, response=_response(529, x_should_retry="false"))
    assert POLICY.should_retry(0, response=_response(400, x_should_retry="true"))


def test_in_stream_errors_are_judged_by_the_status_they_stand_for() -> None:
    overloaded = status_error_from_stream_event({"error": {"type": "overloaded_error"}}, _response(200))
    invalid = status_error_from_stream_event({"error": {"type": "invalid_request_error"}}, _response(200))
    assert POLICY.should_retry(0, error=overloaded)
    assert not POLICY.should_retry(0, error=invalid)


def test_retry_after_ms_wins_over_retry_after() -> None:
    headers = _response(429, retry_after_ms="250", retry_after="30").headers
    assert POLICY.delay(0, headers) == 0.25


def test_retry_after_seconds() -> None:
    assert POLICY.delay(0, _response(429, retry_after="7").headers) == 7.0


def test_retry_after_http_date() -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    delay = POLICY.delay(0, _response(429, retry_after=when).headers)
    assert 25 < delay <= 31


def test_server_delay_over_60_seconds_falls_back_to_backoff() -> None:
    delay = POLICY.delay(0, _response(429, retry_after="61").headers, random_fraction=lambda: 0.0)
    assert delay == 0.5


def test_zero_or_negative_server_delay_falls_back_to_backoff() -> None:
    assert POLICY.delay(1, _response(429, retry_after="0").headers, random_fraction=lambda: 0.0) == 1.0


def test_exponential_backoff_is_capped_at_8_seconds() -> None:
    delays = [POLICY.delay(n, None, random_fraction=lambda: 0.0) for n in range(6)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_jitter_shortens_by_at_most_a_quarter() -> None:
    assert POLICY.delay(2, None, random_fraction=lambda: 1.0) == 1.5


def test_instant_retries_switch_zeroes_sleeps_only() -> None:
    with instant_retries(enabled=False):
        assert sleep_seconds(2.0) == 2.0
        with instant_retries():
            assert sleep_seconds(2.0) == 0.0
        assert sleep_seconds(2.0) == 2.0
