"""Typed rate limits and the client-side limiter, end to end: the emulator's buckets empty, the client reads
their headers (errors, raw responses, `client.rate_limit`) and its `RateLimiter` paces callers from them."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

import pytest

import unbroken
from unbroken._ratelimit import RateCost
from unbroken.testing import Emulator, Fault, RateLimits, instant_retries

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 100,
    "messages": [{"role": "user", "content": "one two three"}],
}


class FrozenClock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_every_answer_carries_typed_rate_limits_until_the_bucket_is_empty(emulator: Emulator) -> None:
    emulator.rate_limits = RateLimits(requests=2)
    client = emulator.client(max_retries=0)
    assert client.rate_limit is None
    seen = [client.messages.with_raw_response.create(**ARGS).rate_limit.requests for _ in range(2)]
    assert [(w.limit, w.remaining) for w in seen] == [(2, 1), (2, 0)]
    assert seen[0].reset is not None and seen[0].reset.tzinfo is not None

    with pytest.raises(unbroken.RateLimitError) as caught:
        client.messages.create(**ARGS)
    assert caught.value.rate_limit.requests.remaining == 0
    assert caught.value.rate_limit.retry_after == caught.value.retry_after == 60.0
    assert client.rate_limit == caught.value.rate_limit


def test_streams_and_streaming_views_carry_them_too(emulator: Emulator) -> None:
    emulator.rate_limits = RateLimits(requests=5, input_tokens=100, output_tokens=1000)
    client = emulator.client()
    with client.messages.with_streaming_response.create(**ARGS, stream=True) as response:
        info = response.rate_limit
    assert (info.input_tokens.remaining, info.output_tokens.remaining) == (97, 900)  # 3 words; max_tokens
    assert (info.tokens.limit, info.tokens.remaining) == (1100, 997)
    with client.messages.stream(**ARGS) as stream:
        stream.until_done()
    assert client.rate_limit is not None and client.rate_limit.requests.remaining == 3


def test_copies_share_what_they_saw_and_answers_without_headers_keep_it(emulator: Emulator) -> None:
    emulator.rate_limits = RateLimits(requests=9)
    client = emulator.client()
    client.with_options(timeout=30).messages.create(**ARGS)
    assert client.rate_limit is not None and client.rate_limit.requests.remaining == 8
    client.models.list()  # no rate-limit headers on this endpoint
    assert client.rate_limit.requests.remaining == 8


@pytest.mark.anyio
async def test_a_copy_for_another_key_or_server_keeps_its_own(emulator: Emulator) -> None:
    # Another key may be another organisation, with limits of its own: what it is told is not the client's.
    emulator.rate_limits = RateLimits(requests=9)
    async with emulator.async_client() as client:
        other_key = client.with_options(api_key="another-key")
        other_server = client.with_options(base_url=emulator.base_url.replace("127.0.0.1", "localhost"))
        await other_key.messages.create(**ARGS)
        assert client.rate_limit is None
        assert other_key.rate_limit is not None and other_key.with_options(timeout=9).rate_limit is not None
        await other_server.messages.create(**ARGS)
        assert client.rate_limit is None and other_server.rate_limit is not None
        await client.with_options(timeout=9).messages.create(**ARGS)  # the same account: shared
        assert client.rate_limit is not None


def test_threads_sharing_a_client_see_one_of_the_answers(emulator: Emulator) -> None:
    emulator.rate_limits = RateLimits(requests=100)
    client = emulator.client()
    threads = [threading.Thread(target=lambda: client.messages.create(**ARGS)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert client.rate_limit is not None
    assert client.rate_limit.requests.limit == 100
    assert client.rate_limit.requests.remaining in range(92, 100)


@pytest.mark.anyio
async def test_the_async_client_keeps_them_as_well(emulator: Emulator) -> None:
    emulator.rate_limits = RateLimits(requests=1)
    async with emulator.async_client(max_retries=0) as client:
        await client.messages.create(**ARGS)
        with pytest.raises(unbroken.RateLimitError) as caught:
            await client.messages.create(**ARGS)
        assert caught.value.rate_limit.requests.remaining == 0
        assert client.rate_limit is not None and client.rate_limit.requests.remaining == 0


# -- the client-side limiter -------------------------------------------------------------------------------


def waits(caplog: pytest.LogCaptureFixture) -> list[float]:
    return [float(m) for m in re.findall(r"Waiting ([\d.]+) seconds for the rate limiter", caplog.text)]


@pytest.mark.anyio
async def test_concurrent_tasks_each_wait_their_turn_instead_of_hitting_429(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The limiter's clock is frozen and waits take no time in tests: the turns it hands out are exact."""
    import anyio

    limiter = unbroken.RateLimiter(requests_per_minute=4, clock=FrozenClock())
    async with emulator.async_client(rate_limiter=limiter) as client:
        with caplog.at_level(logging.INFO, logger="unbroken"):
            async with anyio.create_task_group() as group:
                for _ in range(8):
                    group.start_soon(lambda: client.messages.create(**ARGS))
    assert sorted(waits(caplog)) == [15.0, 30.0, 45.0, 60.0]  # four went at once, then one every 15 s
    assert len(emulator.requests) == 8


def test_the_limiter_is_corrected_from_the_servers_headers(emulator: Emulator) -> None:
    emulator.rate_limits = RateLimits(requests=3, input_tokens=50)
    limiter = unbroken.RateLimiter(requests_per_minute=60, input_tokens_per_minute=600, clock=FrozenClock())
    client = emulator.client(rate_limiter=limiter)
    client.messages.create(**ARGS)
    assert limiter.available() == {"requests": 2.0, "input_tokens": 47.0}  # the server's count, not ours
    client.with_options(max_retries=0).messages.create(**ARGS)  # a copy shares the limiter
    client.messages.create(**ARGS)
    assert limiter.available()["requests"] == 0.0
    assert limiter.reserve(RateCost()) == pytest.approx(20.0)  # the server's 3 a minute is the pace now


def test_only_requests_that_create_a_message_are_paced(emulator: Emulator) -> None:
    limiter = unbroken.RateLimiter(requests_per_minute=1, clock=FrozenClock())
    client = emulator.client(rate_limiter=limiter)
    client.models.list()
    client.messages.count_tokens(model="claude-sonnet-4-5", messages=ARGS["messages"])
    assert limiter.available()["requests"] == 1.0


def test_a_sync_and_an_async_client_can_share_one_limiter(emulator: Emulator) -> None:
    import anyio

    limiter = unbroken.RateLimiter(output_tokens_per_minute=200, clock=FrozenClock())
    first = emulator.client(rate_limiter=limiter).messages.create(**ARGS)
    assert limiter.available()["output_tokens"] == 200 - first.usage.output_tokens

    async def call() -> unbroken.types.Message:
        async with emulator.async_client(rate_limiter=limiter) as client:
            return await client.messages.create(**ARGS)

    second = anyio.run(call)
    assert (
        limiter.available()["output_tokens"] == 200 - first.usage.output_tokens - second.usage.output_tokens
    )


# -- settling: the API counts max_tokens when a request starts, and what was generated when it ends -------


def test_the_output_not_generated_goes_back_when_the_call_ends(emulator: Emulator) -> None:
    # Reserving max_tokens for good, a client asking for 1,000 tokens and getting a few throttled itself to
    # a fraction of its limit: here one call would have held the whole minute's 1,000 output tokens.
    limiter = unbroken.RateLimiter(output_tokens_per_minute=1_000, clock=FrozenClock())
    client = emulator.client(rate_limiter=limiter)
    message = client.messages.create(**{**ARGS, "max_tokens": 1_000})
    assert 0 < message.usage.output_tokens < 1_000
    assert limiter.available()["output_tokens"] == 1_000 - message.usage.output_tokens
    assert limiter.reserve(RateCost(output_tokens=1_000)) > 0  # what was generated still counts


@pytest.mark.anyio
async def test_a_stream_settles_when_it_ends_and_a_broken_one_keeps_its_reservation(
    emulator: Emulator,
) -> None:
    limiter = unbroken.RateLimiter(output_tokens_per_minute=1_000, clock=FrozenClock())
    async with emulator.async_client(rate_limiter=limiter, max_retries=0) as client:
        async with client.messages.stream(**{**ARGS, "max_tokens": 500}) as stream:
            message = await stream.get_final_message()
        assert limiter.available()["output_tokens"] == 1_000 - message.usage.output_tokens

        emulator.faults.push(Fault.drop_after(3))  # on the wire: the connection cut after three events
        with pytest.raises(unbroken.APIConnectionError):
            async with client.messages.stream(**{**ARGS, "max_tokens": 400}) as stream:
                await stream.get_final_message()
    # What the broken attempt generated is not known: its whole reservation stays counted.
    assert limiter.available()["output_tokens"] == 1_000 - message.usage.output_tokens - 400


def test_an_attempt_answered_with_an_error_gives_back_its_reservation(emulator: Emulator) -> None:
    limiter = unbroken.RateLimiter(
        input_tokens_per_minute=10_000, output_tokens_per_minute=1_000, clock=FrozenClock()
    )
    client = emulator.client(rate_limiter=limiter, max_retries=0)
    emulator.faults.push(Fault.status(529))
    with pytest.raises(unbroken.OverloadedError):
        client.messages.create(**{**ARGS, "max_tokens": 1_000})
    assert limiter.available() == {"input_tokens": 10_000.0, "output_tokens": 1_000.0}


def test_a_429_gives_back_before_its_headers_correct_the_buckets(emulator: Emulator) -> None:
    # The server's count on a 429 leaves the refused request out: were the reservation given back after the
    # headers' correction, it would be counted as free on top of the server's count.
    emulator.rate_limits = RateLimits(output_tokens=150)
    limiter = unbroken.RateLimiter(output_tokens_per_minute=1_000, clock=FrozenClock())
    client = emulator.client(rate_limiter=limiter, max_retries=0)
    first = client.messages.create(**ARGS)
    other = emulator.client().messages.create(**ARGS)  # another process: the limiter does not see it
    with pytest.raises(unbroken.RateLimitError):
        client.messages.create(**{**ARGS, "max_tokens": 149})
    left = 150 - first.usage.output_tokens - other.usage.output_tokens
    assert limiter.available()["output_tokens"] == left  # the server's count, nothing more


@pytest.mark.anyio
async def test_callers_waiting_their_turn_go_as_soon_as_calls_ahead_give_back(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A burst asking for a whole minute's output tokens each: the second waits a minute as decided when it
    # reserved, unless the first's unused tokens, given back when it ends, make its turn come sooner.
    import anyio

    from unbroken._ratelimit import Turn

    monkeypatch.setattr(Turn, "recheck", 0.02)
    limiter = unbroken.RateLimiter(output_tokens_per_minute=6_000)
    with instant_retries(False):  # this one really waits: a few hundredths of a second, not a minute
        async with emulator.async_client(rate_limiter=limiter) as client:
            with anyio.fail_after(20):
                async with anyio.create_task_group() as group:
                    for _ in range(2):
                        group.start_soon(lambda: client.messages.create(**{**ARGS, "max_tokens": 6_000}))
    assert len(emulator.requests) == 2


def test_threads_waiting_their_turn_go_as_soon_as_calls_ahead_give_back(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unbroken._ratelimit import Turn

    monkeypatch.setattr(Turn, "recheck", 0.02)
    limiter = unbroken.RateLimiter(output_tokens_per_minute=6_000)
    client = emulator.client(rate_limiter=limiter)

    def call() -> None:
        client.messages.create(**{**ARGS, "max_tokens": 6_000})

    threads = [threading.Thread(target=call, daemon=True) for _ in range(2)]
    with instant_retries(False):  # these really wait: a few hundredths of a second, not a minute
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)  # a minute, as decided when it reserved, without the give-back
    assert not any(thread.is_alive() for thread in threads)
    assert len(emulator.requests) == 2


def test_a_response_parsed_after_the_call_returned_settles_when_parsed(emulator: Emulator) -> None:
    limiter = unbroken.RateLimiter(output_tokens_per_minute=10_000, clock=FrozenClock())
    client = emulator.client(rate_limiter=limiter)
    with client.messages.with_streaming_response.create(**{**ARGS, "max_tokens": 4_000}) as response:
        assert limiter.available()["output_tokens"] == 6_000  # not read yet: what it generated is unknown
        message = response.parse()
    assert limiter.available()["output_tokens"] == 10_000 - message.usage.output_tokens


@pytest.mark.anyio
async def test_a_call_cancelled_while_waiting_its_turn_gives_it_back(emulator: Emulator) -> None:
    import anyio

    limiter = unbroken.RateLimiter(output_tokens_per_minute=1_000, clock=FrozenClock())
    assert limiter.reserve(RateCost(output_tokens=1_000)) == 0.0  # another caller took the minute's tokens
    async with emulator.async_client(rate_limiter=limiter) as client:
        with instant_retries(False), anyio.move_on_after(0.2):  # really waiting: a minute, cut short
            await client.messages.create(**{**ARGS, "max_tokens": 1_000})
    # It never went out: the queue is as if it had never asked.
    assert emulator.requests == []
    assert limiter.available()["output_tokens"] == 0.0
