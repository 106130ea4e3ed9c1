"""`stream_long_requests=True`: where the reference refuses a non-streaming `create()` as too long to wait
for, the client streams it under the hood and returns the same message."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

import unbroken
from unbroken.testing import Emulator, Fault

LONG: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64_000,  # an hour at the reference's reckoning: past its 10 minutes
    "messages": [{"role": "user", "content": "write it all"}],
}


def test_by_default_the_reference_refusal_stands(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="Streaming is required"):
        emulator.client().messages.create(**LONG)
    assert len(emulator.requests) == 0


def test_a_long_request_is_streamed_and_the_same_message_returned(emulator: Emulator) -> None:
    client = emulator.client(stream_long_requests=True)
    streamed = client.messages.create(**LONG)
    assert emulator.requests.last.stream is True
    whole = emulator.client().messages.create(**{**LONG, "max_tokens": 1000})
    assert emulator.requests.last.stream is not True
    assert isinstance(streamed, unbroken.types.Message)
    assert streamed.model_dump(exclude={"id"}) == whole.model_dump(exclude={"id"})
    assert streamed._request_id is not None  # as a non-streaming create() has it


def test_short_requests_are_not_streamed(emulator: Emulator) -> None:
    emulator.client(stream_long_requests=True).messages.create(**{**LONG, "max_tokens": 100})
    assert emulator.requests.last.stream is not True


def test_a_failure_carries_what_arrived(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.client(stream_long_requests=True, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError) as caught:
        client.messages.create(**LONG)
    assert caught.value.partial_message is not None
    assert caught.value.partial_message.content[0].text == "Echo: write"  # type: ignore[union-attr]


def test_a_failure_before_the_first_event_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(0))
    message = emulator.client(stream_long_requests=True).messages.create(**LONG)
    assert message.content[0].text == "Echo: write it all"  # type: ignore[union-attr]
    assert len(emulator.requests) == 2


def test_the_beta_create_streams_too(emulator: Emulator) -> None:
    message = emulator.client(stream_long_requests=True).beta.messages.create(**LONG, betas=["x-2025"])
    assert emulator.requests.last.stream is True
    assert type(message) is unbroken.types.beta.BetaMessage  # what a non-streaming create() returns
    assert type(message.content[0]) is unbroken.types.beta.BetaTextBlock
    assert message.content[0].text == "Echo: write it all"  # type: ignore[union-attr]
    assert message._request_id is not None


class Person(pydantic.BaseModel):
    name: str
    age: int


def test_the_beta_parse_streams_and_parses_the_same(emulator: Emulator) -> None:
    client = emulator.client(stream_long_requests=True)
    streamed = client.beta.messages.parse(**LONG, output_format=Person)
    assert emulator.requests.last.stream is True
    assert emulator.requests.last.json["output_format"]["type"] == "json_schema"
    whole = emulator.client().beta.messages.parse(**{**LONG, "max_tokens": 1000}, output_format=Person)
    assert emulator.requests.last.stream is not True
    assert streamed.parsed_output == whole.parsed_output == Person(name="write it all", age=0)
    assert streamed.model_dump(exclude={"id"}) == whole.model_dump(exclude={"id"})


def test_the_beta_parse_refuses_by_default(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="Streaming is required"):
        emulator.client().beta.messages.parse(**LONG, output_format=Person)
    assert len(emulator.requests) == 0


def test_a_streamed_parse_that_breaks_carries_what_arrived(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.client(stream_long_requests=True, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError) as caught:
        client.beta.messages.parse(**LONG, output_format=Person)
    assert caught.value.partial_message is not None


def test_the_raw_view_keeps_the_refusal(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="Streaming is required"):
        emulator.client(stream_long_requests=True).messages.with_raw_response.create(**LONG)


@pytest.mark.anyio
async def test_the_async_client_streams_long_requests_too(emulator: Emulator) -> None:
    async with emulator.async_client(stream_long_requests=True) as client:
        message = await client.messages.create(**LONG)
        beta = await client.beta.messages.create(**LONG)
        parsed = await client.beta.messages.parse(**LONG, output_format=Person)
    assert message.content[0].text == beta.content[0].text == "Echo: write it all"  # type: ignore[union-attr]
    assert parsed.parsed_output == Person(name="write it all", age=0)
    assert [r.stream for r in emulator.requests] == [True, True, True]


# A timeout of one's own does not make a long request shorter: production clients set one (and the reference
# then sends a long call without streaming, to wait in silence until that timeout passes). It used to turn
# `stream_long_requests` off without a word.


def test_a_long_request_is_streamed_whatever_timeout_the_client_or_the_call_set(emulator: Emulator) -> None:
    client = emulator.client(stream_long_requests=True, timeout=30)
    client.messages.create(**LONG)
    client.with_options(timeout=None).messages.create(**LONG, timeout=900)
    client.beta.messages.create(**LONG)
    client.beta.messages.parse(**LONG, output_format=Person, timeout=120)
    client.messages.create(**{**LONG, "max_tokens": 100})  # short: as it was
    assert [r.stream for r in emulator.requests] == [True, True, True, True, False]


def test_without_the_option_a_timeout_of_ones_own_sends_a_long_request_as_it_is(emulator: Emulator) -> None:
    emulator.client(timeout=30).messages.create(**LONG)  # the reference's behaviour
    assert emulator.requests.last.stream is False


@pytest.mark.anyio
async def test_async_a_long_request_is_streamed_whatever_timeout_was_set(emulator: Emulator) -> None:
    async with emulator.async_client(stream_long_requests=True, timeout=30) as client:
        message = await client.messages.create(**LONG, timeout=60)
        await client.beta.messages.create(**LONG)
    assert message.content[0].text == "Echo: write it all"  # type: ignore[union-attr]
    assert [r.stream for r in emulator.requests] == [True, True]
