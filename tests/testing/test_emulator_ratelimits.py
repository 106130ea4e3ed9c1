"""The emulator's rate limits: buckets in front of the Messages API that empty, with the API's headers."""

from __future__ import annotations

import datetime

import httpx
import pytest
from emu_helpers import message_body, read_stream

from unbroken.testing import Emulator, RateLimits, Reply
from unbroken.testing.ratelimits import RateLimitBuckets


class FakeClock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_each_message_request_takes_from_the_buckets_and_says_what_is_left(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.rate_limits = RateLimits(requests=2, input_tokens=10, output_tokens=500)
    answer = client.post("/v1/messages", json=message_body("three words here", max_tokens=100))
    assert answer.status_code == 200
    h = answer.headers
    assert (h["anthropic-ratelimit-requests-limit"], h["anthropic-ratelimit-requests-remaining"]) == (
        "2",
        "1",
    )
    assert h["anthropic-ratelimit-input-tokens-remaining"] == "7"
    assert h["anthropic-ratelimit-output-tokens-remaining"] == "400"
    assert (h["anthropic-ratelimit-tokens-limit"], h["anthropic-ratelimit-tokens-remaining"]) == (
        "510",
        "407",
    )
    reset = datetime.datetime.fromisoformat(h["anthropic-ratelimit-requests-reset"].replace("Z", "+00:00"))
    assert reset > datetime.datetime.now(datetime.timezone.utc)


def test_a_request_that_does_not_fit_is_a_429_that_takes_nothing(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.rate_limits = RateLimits(requests=5, output_tokens=150)
    first = client.post("/v1/messages", json=message_body(max_tokens=100))
    assert first.status_code == 200
    left = 150 - first.json()["usage"]["output_tokens"]  # what it did not generate went back
    refused = client.post("/v1/messages", json=message_body(max_tokens=left + 1))
    assert refused.status_code == 429
    assert refused.json()["error"]["type"] == "rate_limit_error"
    assert refused.headers["retry-after"] == "60"
    assert refused.headers["anthropic-ratelimit-requests-remaining"] == "4"
    assert refused.headers["anthropic-ratelimit-output-tokens-remaining"] == str(left)
    assert client.post("/v1/messages", json=message_body(max_tokens=left)).status_code == 200
    assert emulator.requests[1].outcome.answered_by == "rate limits"


@pytest.mark.parametrize("stream", [False, True])
def test_the_output_not_generated_goes_back_when_the_answer_is_made(
    emulator: Emulator, client: httpx.Client, stream: bool
) -> None:
    # As the API: max_tokens is counted when a request starts, the tokens generated when it ends.
    emulator.rate_limits = RateLimits(output_tokens=1_000)
    answer = client.post("/v1/messages", json=message_body(max_tokens=600, stream=stream))
    assert answer.headers["anthropic-ratelimit-output-tokens-remaining"] == "400"  # counted at the start
    later = client.post("/v1/messages", json=message_body(max_tokens=1))
    assert 400 < int(later.headers["anthropic-ratelimit-output-tokens-remaining"]) < 1_000 - 1


def test_a_request_answered_with_an_error_gives_back_all_it_took(
    emulator: Emulator, client: httpx.Client
) -> None:
    # The API does not count what it does not serve: a wrong key's 401, a scripted 400.
    emulator.rate_limits = RateLimits(requests=2, output_tokens=1_000)
    emulator.api_key = "sk-test"
    wrong = client.post("/v1/messages", json=message_body(max_tokens=600), headers={"x-api-key": "sk-wrong"})
    assert wrong.status_code == 401
    emulator.replies.push(
        Reply.raw(400, {"type": "error", "error": {"type": "invalid_request_error", "message": "no"}})
    )
    refused = client.post("/v1/messages", json=message_body(max_tokens=600), headers={"x-api-key": "sk-test"})
    assert refused.status_code == 400
    served = client.post("/v1/messages", json=message_body(max_tokens=600), headers={"x-api-key": "sk-test"})
    assert served.status_code == 200
    assert served.headers["anthropic-ratelimit-requests-remaining"] == "1"


def test_streams_carry_the_headers_and_other_endpoints_are_not_limited(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.rate_limits = RateLimits(requests=1, retry_after=7)
    events, error = read_stream(client, message_body(stream=True))
    assert error is None and events[-1] == "message_stop"
    assert client.get("/v1/models").status_code == 200
    assert "anthropic-ratelimit-requests-limit" not in client.get("/v1/models").headers
    refused = client.post("/v1/messages", json=message_body())
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "7")


def test_the_buckets_fill_again_when_the_window_ends() -> None:
    clock = FakeClock()
    buckets = RateLimitBuckets(RateLimits(requests=1, window=10), clock=clock)
    assert buckets.take(message_body())[0] is None
    refused, headers = buckets.take(message_body())
    assert refused is not None and refused.status == 429
    assert headers["retry-after"] == "10"
    clock.now = 9.5
    assert buckets.take(message_body())[1]["retry-after"] == "1"
    clock.now = 10.0
    refused, headers = buckets.take(message_body())
    assert refused is None and headers["anthropic-ratelimit-requests-remaining"] == "0"


def test_reset_removes_them_and_a_marker_sets_them(emulator: Emulator) -> None:
    emulator.rate_limits = RateLimits(requests=1)
    emulator.reset()
    assert emulator.rate_limits is None


@pytest.mark.emulator(rate_limits=RateLimits(requests=3))
def test_the_marker_puts_rate_limits_in_front_for_one_test(emulator: Emulator) -> None:
    assert emulator.rate_limits == RateLimits(requests=3)


def test_the_control_api_sets_and_clears_them(emulator: Emulator) -> None:
    with httpx.Client(base_url=f"{emulator.base_url}/_emulator", timeout=5) as control:
        status = control.put("/rate_limits", json={"requests": 4, "window": 30}).json()
        assert status["rate_limits"]["requests"] == 4
        assert emulator.rate_limits == RateLimits(requests=4, window=30)
        bad = control.put("/rate_limits", json={"requests": -1})
        assert bad.status_code == 400 and "requests" in bad.json()["error"]["message"]
        assert control.put("/rate_limits", content=b"null").json()["rate_limits"] is None


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="window"):
        RateLimits(requests=1, window=0)
    with pytest.raises(ValueError, match="output_tokens"):
        RateLimits(output_tokens=1.5)  # type: ignore[arg-type]
