"""`unbroken.usage`: totals that count the cache on top of `input_tokens`, 5-minute and 1-hour writes priced
apart, server tools counted, batch results discounted; a meter that sums a client's calls and streams, the
partial usage of a failed one included. Costs checked against sums done by hand."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest

import unbroken
from helpers import caching_middleware
from unbroken.testing import Emulator, Fault, Reply
from unbroken.types import Message
from unbroken.types.message import Usage
from unbroken.usage import DEFAULT_PRICES, ModelPrice, PriceTable, TokenUsage, UsageMeter, cost

MODEL = "claude-sonnet-4-5"
WORDS: Any = [{"role": "user", "content": "one two three"}]


def usage(**fields: Any) -> Usage:
    return Usage.model_validate({"input_tokens": 0, "output_tokens": 0, **fields})


def test_cache_reads_and_writes_count_on_top_of_input_tokens() -> None:
    counts = TokenUsage.of(
        usage(input_tokens=10, output_tokens=7, cache_read_input_tokens=1000, cache_creation_input_tokens=300)
    )

    assert counts.input_tokens == 10
    assert counts.total_input_tokens == 1310
    assert counts.total_tokens == 1317
    assert counts.cache_write_5m_input_tokens == 300  # no split given: the default lifetime
    assert counts.cache_write_1h_input_tokens == 0


def test_the_two_cache_lifetimes_are_kept_apart() -> None:
    counts = TokenUsage.of(
        usage(
            input_tokens=5,
            cache_creation_input_tokens=300,
            cache_creation={"ephemeral_5m_input_tokens": 100, "ephemeral_1h_input_tokens": 200},
        )
    )

    assert (counts.cache_write_5m_input_tokens, counts.cache_write_1h_input_tokens) == (100, 200)
    assert counts.cache_write_input_tokens == 300


def test_server_tool_use_is_counted() -> None:
    counts = TokenUsage.of(
        {"input_tokens": 1, "output_tokens": 2, "server_tool_use": {"web_search_requests": 3}}
    )

    assert counts.web_search_requests == 3


def test_cost_by_hand_with_every_category() -> None:
    counts = TokenUsage(
        input_tokens=1_000_000,
        output_tokens=200_000,
        cache_read_input_tokens=2_000_000,
        cache_write_5m_input_tokens=400_000,
        cache_write_1h_input_tokens=100_000,
        web_search_requests=5,
    )
    # Sonnet 4.5 per million: $3 input, $15 output, $0.30 cache read, $3.75 5m write, $6 1h write;
    # and $10 per 1000 searches
    expected = (
        Decimal("3") + Decimal("3") + Decimal("0.60") + Decimal("1.50") + Decimal("0.60") + Decimal("0.05")
    )

    assert cost(counts, "claude-sonnet-4-5-20250929") == expected
    assert cost(counts, "claude-sonnet-4-5") == Decimal("8.75")


def test_the_batch_discount_halves_token_prices_but_not_tool_fees() -> None:
    counts = TokenUsage(input_tokens=1_000_000, output_tokens=1_000_000, web_search_requests=1000)

    assert cost(counts, "claude-haiku-4-5") == Decimal("1") + Decimal("5") + Decimal("10")
    assert cost(counts, "claude-haiku-4-5", batch=True) == Decimal("0.5") + Decimal("2.5") + Decimal("10")


def test_platform_model_ids_find_their_price() -> None:
    for model in (
        "claude-opus-4-5-20251101",
        "claude-opus-4-5@20251101",
        "anthropic.claude-opus-4-5-20251101-v1:0",
        "us.anthropic.claude-opus-4-5-20251101-v1:0",
    ):
        assert DEFAULT_PRICES.price(model) == DEFAULT_PRICES.price("claude-opus-4-5")
    assert DEFAULT_PRICES.price("claude-opus-4-1").input == Decimal(15)
    assert DEFAULT_PRICES.as_of == "2026-11-30"


def test_every_bedrock_inference_profile_and_vertex_version_finds_its_price() -> None:
    # Bedrock's cross-region profiles are named by geography (`us.`, `eu.`, `apac.`, `us-gov.`) or are
    # `global.`; a two-to-four-letter prefix only left `global.` and `us-gov.` ids without a price (KeyError).
    for model in (
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "apac.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ):
        assert DEFAULT_PRICES.price(model) == DEFAULT_PRICES.price("claude-sonnet-4-5"), model
    # A version before the date on Vertex, after it on Bedrock.
    for model in ("claude-3-5-sonnet-v2@20241022", "anthropic.claude-3-5-sonnet-20241022-v2:0"):
        assert DEFAULT_PRICES.price(model) == DEFAULT_PRICES.price("claude-3-5-sonnet"), model


def test_a_meter_on_a_bedrock_client_prices_a_global_profile(emulator: Emulator) -> None:
    meter = UsageMeter()
    client = unbroken.AnthropicBedrock(
        aws_access_key="AKIDEXAMPLE",
        aws_secret_key="example-secret",
        aws_region="us-east-1",
        base_url=emulator.base_url,
        usage_meter=meter,
    )
    model = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
    message = client.messages.create(model=model, max_tokens=16, messages=[{"role": "user", "content": "hi"}])

    assert meter.by_model()[model].output_tokens == message.usage.output_tokens
    assert meter.cost() == cost(TokenUsage.of(message), "claude-haiku-4-5")


def test_an_unknown_model_is_a_key_error_naming_it_and_a_table_can_be_injected() -> None:
    with pytest.raises(KeyError, match="my-fine-tune"):
        cost(TokenUsage(input_tokens=1), "my-fine-tune")

    mine = PriceTable({"my-fine-tune": ModelPrice.per_mtok("1", "1", "1", "1", "2")})
    assert cost(
        TokenUsage(input_tokens=500_000, output_tokens=500_000), "my-fine-tune", prices=mine
    ) == Decimal("1.5")


def test_usages_add_up() -> None:
    total = TokenUsage(input_tokens=1, cache_write_1h_input_tokens=2) + TokenUsage(
        input_tokens=3, output_tokens=4
    )

    assert total == TokenUsage(input_tokens=4, output_tokens=4, cache_write_1h_input_tokens=2)


# -- the meter ---------------------------------------------------------------------------------------------


def test_a_meter_on_a_client_sums_calls_and_streams_and_its_copies_share_it(emulator: Emulator) -> None:
    meter = UsageMeter()
    emulator.replies.push(
        Reply.text("a", usage={"input_tokens": 10, "output_tokens": 1, "cache_read_input_tokens": 50}),
        Reply.text("b", usage={"input_tokens": 20, "output_tokens": 2}),
    )
    client = emulator.client(usage_meter=meter)

    client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)
    with client.copy(max_retries=0).messages.stream(model=MODEL, max_tokens=16, messages=WORDS) as stream:
        stream.until_done()

    assert meter.calls == 2
    assert meter.usage == TokenUsage(input_tokens=30, output_tokens=3, cache_read_input_tokens=50)
    assert meter.by_model() == {MODEL: meter.usage}
    assert meter.cost() == (30 * Decimal(3) + 3 * Decimal(15) + 50 * Decimal("0.30")) / 1_000_000


def test_the_partial_usage_of_a_failed_stream_is_metered(emulator: Emulator) -> None:
    meter = UsageMeter()
    emulator.faults.push(Fault.drop_after(4))
    client = emulator.client(usage_meter=meter)

    with pytest.raises(unbroken.APIConnectionError) as caught:
        with client.messages.stream(model=MODEL, max_tokens=16, messages=WORDS) as stream:
            stream.until_done()

    partial = caught.value.partial_message
    assert partial is not None
    assert meter.failed_calls == 1
    assert meter.usage.input_tokens == partial.usage.input_tokens > 0


@pytest.mark.anyio
async def test_the_async_client_meters_raw_streams_too(emulator: Emulator) -> None:
    meter = UsageMeter()
    async with emulator.async_client(usage_meter=meter) as client:
        stream = await client.messages.create(model=MODEL, max_tokens=16, messages=WORDS, stream=True)
        async for _ in stream:
            pass
        message = await client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)

    assert meter.calls == 2
    assert meter.usage.output_tokens == 2 * message.usage.output_tokens


def test_a_cached_answer_from_a_middleware_is_not_metered_again(emulator: Emulator) -> None:
    # Only what the API answered is billed: a message a middleware returns in place of a request (its cache)
    # was metered when it was fetched, and counting it at every hit made `cost()` grow with cache hits.
    meter = UsageMeter()
    caching = caching_middleware()
    client = emulator.client(usage_meter=meter, middleware=[caching])
    first = client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)
    again = client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)

    assert again is first and len(emulator.requests) == 1
    assert meter.calls == 1
    assert meter.usage == TokenUsage.of(first)


@pytest.mark.anyio
async def test_a_cached_answer_from_an_async_middleware_is_not_metered_again(emulator: Emulator) -> None:
    meter = UsageMeter()
    cache: dict[str, Any] = {}

    async def caching(request: unbroken.APIRequest, call_next: unbroken.AsyncCallNext) -> Any:
        key = repr(request.json)
        if key not in cache:
            cache[key] = await (await call_next(request)).parse()
        return cache[key]

    async with emulator.async_client(usage_meter=meter, middleware=[caching]) as client:
        first = await client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)
        again = await client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)

    assert again is first and len(emulator.requests) == 1
    assert meter.calls == 1
    assert meter.usage == TokenUsage.of(first)


def test_a_response_read_after_the_call_returned_is_metered_once_when_parsed(emulator: Emulator) -> None:
    meter = UsageMeter()
    emulator.replies.push(Reply.text("a", usage={"input_tokens": 10, "output_tokens": 1}))
    client = emulator.client(usage_meter=meter)

    with client.messages.with_streaming_response.create(
        model=MODEL, max_tokens=16, messages=WORDS
    ) as response:
        assert meter.calls == 0  # nothing read yet
        response.parse()
        response.parse()

    assert meter.calls == 1
    assert meter.usage == TokenUsage(input_tokens=10, output_tokens=1)


@pytest.mark.anyio
async def test_the_async_streaming_response_is_metered_when_parsed(emulator: Emulator) -> None:
    meter = UsageMeter()
    async with emulator.async_client(usage_meter=meter) as client:
        async with client.messages.with_streaming_response.create(
            model=MODEL, max_tokens=16, messages=WORDS
        ) as response:
            message = await response.parse()

    assert meter.calls == 1
    assert meter.usage.output_tokens == message.usage.output_tokens


def test_batch_results_read_through_a_metered_client_are_discounted(emulator: Emulator) -> None:
    meter = UsageMeter()
    client = emulator.client(usage_meter=meter)
    batch = client.messages.batches.create(
        requests=[
            {
                "custom_id": f"r{i}",
                "params": {"model": "claude-haiku-4-5", "max_tokens": 16, "messages": WORDS},
            }
            for i in range(3)
        ]
    )
    for _ in range(100):  # the emulator ends a batch after a few polls
        if client.messages.batches.retrieve(batch.id).processing_status == "ended":
            break

    results = list(client.messages.batches.results(batch.id))

    assert meter.calls == 3
    counted = sum((TokenUsage.of(r.result.message) for r in results), TokenUsage())  # type: ignore[union-attr]
    assert meter.usage == counted
    assert meter.cost() == cost(counted, "claude-haiku-4-5", batch=True)
    assert meter.cost() * 2 == cost(counted, "claude-haiku-4-5")


def test_a_meter_records_by_hand_and_is_thread_safe() -> None:
    meter = UsageMeter()
    message = Message.model_validate(
        {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "claude-opus-4-5",
            "content": [],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 1, "output_tokens": 1},
        }
    )

    threads = [threading.Thread(target=lambda: [meter.record(message) for _ in range(500)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert meter.calls == 2000
    assert meter.usage == TokenUsage(input_tokens=2000, output_tokens=2000)
    meter.record(usage(input_tokens=5), model="claude-opus-4-5")
    assert meter.usage.input_tokens == 2005
    meter.record(b'{"custom_id": "x", "result": {"type": "errored"}}')  # not a usage: ignored
    meter.record({"custom_id": "x", "result": {"type": "expired"}})  # nothing billed
    assert meter.calls == 2001
    meter.reset()
    assert meter.calls == 0 and meter.usage == TokenUsage()


def test_a_bad_meter_is_refused() -> None:
    with pytest.raises(TypeError, match="UsageMeter"):
        unbroken.Anthropic(api_key="k", usage_meter=object())  # type: ignore[arg-type]
    # A mapping of prices instead of a PriceTable: refused when built, not at the first `cost()`.
    with pytest.raises(TypeError, match="UsageMeter prices must be a PriceTable, got dict"):
        UsageMeter(prices=dict(DEFAULT_PRICES.models))  # type: ignore[arg-type]
