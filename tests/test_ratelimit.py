"""Rate limits without sockets: the headers typed, the limiter's buckets on a fake clock, what a request
costs."""

from __future__ import annotations

import datetime
import threading

import httpx
import pytest

import unbroken
from unbroken._ratelimit import RateCost, Reservations, estimate_input_tokens, rate_cost
from unbroken._ratelimit_state import RateLimitState
from unbroken._request import request_spec
from unbroken._timeouts import Clock

UTC = datetime.timezone.utc


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def headers(**values: str) -> httpx.Headers:
    return httpx.Headers({"anthropic-ratelimit-" + k.replace("_", "-"): v for k, v in values.items()})


# -- RateLimitInfo -----------------------------------------------------------------------------------------


def test_every_header_is_typed() -> None:
    info = unbroken.RateLimitInfo.from_headers(
        httpx.Headers(
            {
                "anthropic-ratelimit-requests-limit": "50",
                "anthropic-ratelimit-requests-remaining": "49",
                "anthropic-ratelimit-requests-reset": "2025-03-01T12:00:30Z",
                "anthropic-ratelimit-tokens-limit": "90000",
                "anthropic-ratelimit-tokens-remaining": "89000",
                "anthropic-ratelimit-tokens-reset": "2025-03-01T12:00:31.123456789+02:00",
                "anthropic-ratelimit-input-tokens-limit": "50000",
                "anthropic-ratelimit-input-tokens-remaining": "49500",
                "anthropic-ratelimit-input-tokens-reset": "2025-03-01T12:00:30.5Z",
                "anthropic-ratelimit-output-tokens-limit": "40000",
                "anthropic-ratelimit-output-tokens-remaining": "39500",
                "anthropic-ratelimit-output-tokens-reset": "2025-03-01T12:00:30Z",
                "retry-after": "12",
            }
        )
    )
    assert info.requests == unbroken.RateLimitWindow(
        50, 49, datetime.datetime(2025, 3, 1, 12, 0, 30, tzinfo=UTC)
    )
    assert info.tokens.reset == datetime.datetime(
        2025, 3, 1, 12, 0, 31, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    assert info.input_tokens.reset == datetime.datetime(2025, 3, 1, 12, 0, 30, 500000, tzinfo=UTC)
    assert (info.output_tokens.limit, info.output_tokens.remaining) == (40000, 39500)
    assert info.retry_after == 12.0


def test_missing_or_unreadable_headers_are_none_never_an_error() -> None:
    info = unbroken.RateLimitInfo.from_headers(headers(requests_limit="many", requests_reset="soon"))
    assert info == unbroken.RateLimitInfo()
    assert info.requests.limit is None and info.tokens.reset is None and info.retry_after is None
    naive = unbroken.RateLimitInfo.from_headers(headers(requests_reset="2025-03-01T12:00:30"))
    assert naive.requests.reset == datetime.datetime(2025, 3, 1, 12, 0, 30, tzinfo=UTC)


def test_the_latest_info_is_kept_only_from_responses_that_carry_any() -> None:
    state = RateLimitState()
    assert state.record(httpx.Headers({"content-type": "application/json"})) is False
    assert state.latest is None
    assert state.record(headers(requests_remaining="3")) is True
    first = state.latest
    assert first is not None and first.requests.remaining == 3
    assert state.latest is first  # typed once, when first read
    assert state.record(httpx.Headers()) is False
    assert state.latest is first
    assert state.record(httpx.Headers({"retry-after": "1"})) is True
    latest = state.latest
    assert latest is not None and latest.retry_after == 1.0 and latest.requests.remaining is None


# -- what a request costs ----------------------------------------------------------------------------------


def test_a_message_request_costs_one_request_its_estimated_input_and_max_tokens() -> None:
    spec = request_spec(
        "post",
        "/v1/messages",
        body={
            "model": "m",
            "max_tokens": 512,
            "system": "x" * 40,
            "messages": [{"role": "user", "content": "y" * 80}],
        },
        params={"beta": True},
    )
    # every string of the system prompt and the messages counts, four characters a token: 40 + "user" + 80
    assert rate_cost(spec) == RateCost(requests=1, input_tokens=31, output_tokens=512)
    assert rate_cost(request_spec("post", "/v1/messages/count_tokens", body={"messages": []})) is None
    assert rate_cost(request_spec("get", "/v1/models")) is None


def test_a_base64_image_counts_as_a_flat_number_of_tokens_not_its_bytes() -> None:
    image = {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": "A" * 4_000_000},
    }
    body = {"messages": [{"role": "user", "content": [image, {"type": "text", "text": "what is this"}]}]}
    # the image, then "user", "image", "text" and "what is this": 25 characters, 7 tokens
    assert estimate_input_tokens(body) == 1_600 + 7
    assert estimate_input_tokens({}) == 1


# -- the limiter -------------------------------------------------------------------------------------------


def limiter(clock: Clock, **limits: float) -> unbroken.RateLimiter:
    return unbroken.RateLimiter(**limits, clock=clock)  # type: ignore[arg-type]


def test_a_full_bucket_lets_a_burst_through_then_each_caller_waits_its_turn() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=3)
    assert [rl.reserve(RateCost()) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert rl.reserve(RateCost()) == pytest.approx(20.0)  # 3 per minute: one every 20 s
    assert rl.reserve(RateCost()) == pytest.approx(40.0)  # behind the one already waiting
    clock.now = 40.0
    assert rl.reserve(RateCost()) == pytest.approx(20.0)


def test_a_turn_comes_sooner_by_what_reservations_ahead_give_back() -> None:
    clock = FakeClock()
    rl = limiter(clock, output_tokens_per_minute=1_000)
    first = rl.turn(RateCost(output_tokens=1_000))
    second = rl.turn(RateCost(output_tokens=1_000))
    third = rl.turn(RateCost(output_tokens=1_000))
    assert first is not None and second is not None and third is not None
    assert (first.left(), second.wait, third.wait) == (0.0, pytest.approx(60.0), pytest.approx(120.0))
    rl.give_back(0, 900)  # the first call generated 100 of its 1,000
    assert second.left() == pytest.approx(6.0)  # the 100 still owed, at 1,000 a minute
    assert third.left() == pytest.approx(66.0)  # behind it
    clock.now = 3.0
    assert second.left() == pytest.approx(3.0)
    rl.give_back(0, 5_000)  # more than anyone owes: everyone's turn has come (the bucket stays full)
    assert (second.left(), third.left()) == (0.0, 0.0)
    assert rl.available()["output_tokens"] == 1_000.0


def test_a_reservation_larger_than_the_bucket_gives_back_no_more_than_it_took() -> None:
    # max_tokens above the minute's limit (extended thinking on a small tier) charges a full bucket; what it
    # gives back is at most that, so the callers in line keep their places.
    clock = FakeClock()
    rl = limiter(clock, output_tokens_per_minute=8_000)
    big = rl.turn(RateCost(output_tokens=64_000))
    waiting = [rl.turn(RateCost(output_tokens=4_000)) for _ in range(4)]
    assert big is not None and all(turn is not None for turn in waiting)
    assert big.taken["output_tokens"] == 8_000
    reservations = Reservations()
    reservations.add(big)
    reservations.settle(100)  # it generated 100 of the 8,000 it was charged
    assert rl.available()["output_tokens"] == pytest.approx(-16_000 + 7_900)
    assert [turn.left() for turn in waiting if turn is not None] == pytest.approx([0.0, 0.75, 30.75, 60.75])


def test_the_longest_wait_of_any_dimension_wins() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=100, input_tokens_per_minute=600, output_tokens_per_minute=6000)
    assert rl.reserve(RateCost(input_tokens=600, output_tokens=1000)) == 0.0
    assert rl.reserve(RateCost(input_tokens=60, output_tokens=1000)) == pytest.approx(
        6.0
    )  # input: 10 per second


def test_a_request_larger_than_a_bucket_waits_for_a_full_bucket_not_forever() -> None:
    clock = FakeClock()
    rl = limiter(clock, output_tokens_per_minute=1000)
    assert rl.reserve(RateCost(output_tokens=64_000)) == 0.0
    assert rl.reserve(RateCost(output_tokens=64_000)) == pytest.approx(60.0)


def test_a_wait_longer_than_allowed_takes_nothing() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=1)
    assert rl.reserve(RateCost()) == 0.0
    assert rl.reserve(RateCost(), max_wait=30) is None
    assert rl.available()["requests"] == pytest.approx(0.0)
    assert rl.reserve(RateCost(), max_wait=61) == pytest.approx(60.0)


def test_the_servers_headers_correct_the_buckets_downward_only() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=60, input_tokens_per_minute=1000)
    rl.observe(
        unbroken.RateLimitInfo.from_headers(headers(requests_remaining="5", input_tokens_remaining="5000"))
    )
    assert rl.available() == {"requests": 5.0, "input_tokens": 1000.0}
    rl.observe(unbroken.RateLimitInfo.from_headers(headers(requests_limit="30", requests_remaining="0")))
    assert rl.reserve(RateCost(input_tokens=1)) == pytest.approx(2.0)  # the server's 30 per minute
    clock.now = 1000
    assert rl.available()["requests"] == 30.0  # refilled, to the server's limit


def test_the_buckets_refill_continuously() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=60)
    for _ in range(60):
        rl.reserve(RateCost())
    clock.now = 30.0
    assert rl.available()["requests"] == pytest.approx(30.0)
    clock.now = 300.0
    assert rl.available()["requests"] == 60.0


def test_threads_sharing_a_limiter_each_get_a_distinct_turn() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=60)
    for _ in range(60):
        rl.reserve(RateCost())
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        wait = rl.reserve(RateCost())
        with lock:
            waits.append(wait or 0.0)

    threads = [threading.Thread(target=take) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(round(w, 6) for w in waits) == [float(n) for n in range(1, 41)]


def test_a_limiter_needs_a_limit_and_positive_numbers() -> None:
    with pytest.raises(ValueError, match="at least one limit"):
        unbroken.RateLimiter()
    with pytest.raises(ValueError, match="requests_per_minute must be a positive number"):
        unbroken.RateLimiter(requests_per_minute=0)
    with pytest.raises(TypeError, match="output_tokens_per_minute must be a number"):
        unbroken.RateLimiter(output_tokens_per_minute="8k")  # type: ignore[arg-type]
    assert repr(unbroken.RateLimiter(50, output_tokens_per_minute=8000)) == (
        "RateLimiter(requests_per_minute=50, output_tokens_per_minute=8000)"
    )


# -- less travelled forms (mutation testing, issue 10) -----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-03-01T12:00:30z", datetime.datetime(2025, 3, 1, 12, 0, 30, tzinfo=UTC)),  # a lowercase zone
        ("2025-03-01 12:00:30Z", datetime.datetime(2025, 3, 1, 12, 0, 30, tzinfo=UTC)),  # a space, not T
        (" 2025-03-01T12:00:30.25Z ", datetime.datetime(2025, 3, 1, 12, 0, 30, 250000, tzinfo=UTC)),
    ],
)
def test_rfc_3339_resets_in_every_form_the_rfc_allows(raw: str, expected: datetime.datetime) -> None:
    assert unbroken.RateLimitInfo.from_headers(headers(requests_reset=raw)).requests.reset == expected


def body_cost(**body: object) -> RateCost | None:
    return rate_cost(request_spec("post", "/v1/messages", body=body))


def test_tool_definitions_count_as_input() -> None:
    tool = {"name": "get_weather", "description": "x" * 89, "input_schema": {"type": "object"}}
    # "get_weather" (11) + 89 + "object" (6): 106 characters, 27 tokens
    assert estimate_input_tokens({"tools": [tool]}) == 27


def test_a_document_given_as_text_counts_its_characters_not_a_flat_number() -> None:
    source = {"type": "text", "media_type": "text/plain", "data": "z" * 386}
    # every string counts: "text" (4) + "text/plain" (10) + 386 = 400 characters, 100 tokens
    assert estimate_input_tokens({"messages": [{"content": [{"source": source}]}]}) == 100


def test_only_an_integer_max_tokens_counts_as_output() -> None:
    assert body_cost(max_tokens=100) == RateCost(input_tokens=1, output_tokens=100)
    assert body_cost() == RateCost(input_tokens=1, output_tokens=0)
    assert body_cost(max_tokens=True) == RateCost(input_tokens=1, output_tokens=0)
    assert body_cost(max_tokens="100") == RateCost(input_tokens=1, output_tokens=0)
    assert body_cost(max_tokens=-5) == RateCost(input_tokens=1, output_tokens=0)


def test_a_message_request_without_a_body_or_with_extra_body_is_costed() -> None:
    assert rate_cost(request_spec("post", "/v1/messages")) == RateCost(input_tokens=1, output_tokens=0)
    spec = request_spec("post", "/v1/messages", body={"max_tokens": 10}, extra_body={"max_tokens": 70})
    assert rate_cost(spec) == RateCost(input_tokens=1, output_tokens=70)


@pytest.mark.parametrize(
    "path", ["/v1/messages/", "/v1/messages?beta=true", "/v1/messages?beta=true&note=why?"]
)
def test_the_messages_path_is_recognised_with_a_trailing_slash_or_a_query(path: str) -> None:
    assert rate_cost(request_spec("post", path, body={"max_tokens": 8})) == RateCost(
        input_tokens=1, output_tokens=8
    )


def test_a_limiter_without_limits_names_every_limit_it_accepts() -> None:
    message = (
        "RateLimiter needs at least one limit: requests_per_minute, input_tokens_per_minute or "
        "output_tokens_per_minute"
    )
    with pytest.raises(ValueError) as info:
        unbroken.RateLimiter()
    assert str(info.value) == message


def test_a_wait_exactly_as_long_as_allowed_is_not_started() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=1)
    assert rl.reserve(RateCost()) == 0.0
    assert rl.reserve(RateCost(), max_wait=60) is None  # it would end exactly when the caller gives up


def test_a_server_limit_of_one_per_minute_is_believed_and_a_limit_of_zero_is_not() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_minute=50)
    rl.observe(unbroken.RateLimitInfo.from_headers(headers(requests_limit="0")))
    assert rl.reserve(RateCost()) == 0.0  # a limit of 0 says nothing usable: the bucket is unchanged
    assert rl.available()["requests"] == 49.0
    rl.observe(unbroken.RateLimitInfo.from_headers(headers(requests_limit="1")))
    assert rl.available()["requests"] == 1.0
    assert rl.reserve(RateCost()) == 0.0
    assert rl.reserve(RateCost()) == pytest.approx(60.0)  # one a minute, the server's pace


def test_retry_after_is_read_from_a_plain_mapping_of_header_names() -> None:
    """`from_headers` takes any mapping; one with the header names as HTTP/2 sends them (lower case) is read
    like `httpx.Headers`."""
    assert unbroken.RateLimitInfo.from_headers({"retry-after-ms": "1500"}).retry_after == 1.5
    assert unbroken.RateLimitInfo.from_headers({"retry-after": "3"}).retry_after == 3.0
