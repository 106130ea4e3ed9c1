"""`accumulate_raw_streams`: raw `create(stream=True)` streams keep the message by default (so a failure
carries `partial_message`); switched off on the client, they pass events through, keep nothing, and a failure
is still the typed error, with `partial_message` None. Over real sockets, sync and async."""

from __future__ import annotations

from typing import Any

import pytest

import unbroken
from unbroken.testing import Emulator, Fault

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "one two three four five six seven"}],
}


def client(emulator: Emulator, **options: Any) -> unbroken.Anthropic:
    return unbroken.Anthropic(api_key="k", base_url=emulator.base_url, **options)


def test_by_default_a_raw_stream_that_drops_carries_what_arrived(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with pytest.raises(unbroken.APIConnectionError) as info:
        for _ in client(emulator).messages.create(**ARGS, stream=True):
            pass
    assert info.value.partial_message is not None


def test_switched_off_a_raw_stream_that_drops_is_typed_and_keeps_nothing(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    stream = client(emulator, accumulate_raw_streams=False).messages.create(**ARGS, stream=True)
    received = []
    with pytest.raises(unbroken.APIConnectionError) as info:
        for event in stream:
            received.append(event.type)
    assert received[:2] == ["message_start", "content_block_start"]
    assert info.value.partial_message is None
    assert stream._accumulator is None


def test_switched_off_a_whole_raw_stream_still_arrives(emulator: Emulator) -> None:
    events = list(client(emulator, accumulate_raw_streams=False).messages.create(**ARGS, stream=True))
    assert events[0].type == "message_start" and events[-1].type == "message_stop"


@pytest.mark.anyio
async def test_async_switched_off_a_raw_stream_that_drops_is_typed_and_keeps_nothing(
    emulator: Emulator,
) -> None:
    emulator.faults.push(Fault.drop_after(6))
    async_client = unbroken.AsyncAnthropic(
        api_key="k", base_url=emulator.base_url, accumulate_raw_streams=False
    )
    stream = await async_client.messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.APIConnectionError) as info:
        async for _ in stream:
            pass
    assert info.value.partial_message is None


def test_the_stream_helper_accumulates_whatever_the_option_says(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with pytest.raises(unbroken.APIConnectionError) as info:
        with client(emulator, accumulate_raw_streams=False).messages.stream(**ARGS) as stream:
            stream.until_done()
    assert info.value.partial_message is not None


def test_with_options_switches_it_and_copies_keep_it() -> None:
    base = unbroken.Anthropic(api_key="k")
    assert base.controls.accumulate_raw_streams is True
    off = base.with_options(accumulate_raw_streams=False)
    assert off.controls.accumulate_raw_streams is False and base.controls.accumulate_raw_streams is True
    assert off.copy(max_retries=1).controls.accumulate_raw_streams is False
    async_off = unbroken.AsyncAnthropic(api_key="k").copy(accumulate_raw_streams=False)
    assert async_off.controls.accumulate_raw_streams is False


def test_anything_but_a_bool_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="accumulate_raw_streams must be True or False"):
        unbroken.Anthropic(api_key="k", accumulate_raw_streams="no")  # type: ignore[typeddict-item]
    with pytest.raises(TypeError, match="accumulate_raw_streams must be True or False"):
        unbroken.Anthropic(api_key="k").copy(accumulate_raw_streams=1)  # type: ignore[typeddict-item]
