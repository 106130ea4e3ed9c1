"""`client.beta.messages.stream()` over real sockets: beta helper events, `parsed_output` as blocks finish,
and every guarantee of the non-beta streams (typed errors, `partial_message`, retry before event 1)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pydantic
import pytest

import unbroken
from helpers import CREATE_ARGS, Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken import (
    BetaAsyncMessageStream,
    BetaMessageStopEvent,
    BetaMessageStream,
    ParsedBetaContentBlockStopEvent,
    ParsedBetaTextEvent,
)
from unbroken.testing import Emulator, Fault
from unbroken.types.beta import BetaMessage, BetaRawMessageStartEvent
from unbroken.types.beta.parsed_beta_message import ParsedBetaMessage, ParsedBetaTextBlock

PROMPT = "one two three four five six seven eight nine ten eleven twelve"
ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 256,
    "messages": [{"role": "user", "content": PROMPT}],
}


class Item(pydantic.BaseModel):
    label: str
    count: int


class Basket(pydantic.BaseModel):
    owner: str
    items: list[Item]


class AtLeastFive(pydantic.BaseModel):
    n: int = pydantic.Field(ge=5)


EXPECTED = Basket(owner=PROMPT, items=[Item(label=PROMPT, count=0)])


def client(emulator: Emulator) -> unbroken.Anthropic:
    return unbroken.Anthropic(api_key="k", base_url=emulator.base_url)


def aclient(emulator: Emulator) -> unbroken.AsyncAnthropic:
    return unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)


def partial_text(err: unbroken.AnthropicError) -> str:
    assert err.partial_message is not None
    return "".join(b.text for b in err.partial_message.content if b.type == "text")


# -- the happy path -----------------------------------------------------------------------------------------


def test_stream_yields_beta_events_and_a_parsed_beta_message(emulator: Emulator) -> None:
    with client(emulator).beta.messages.stream(**ARGS, betas=["b1"]) as stream:
        assert isinstance(stream, BetaMessageStream)
        events = list(stream)
        message = stream.get_final_message()
    assert isinstance(events[0], BetaRawMessageStartEvent)
    assert any(isinstance(e, ParsedBetaTextEvent) for e in events)
    assert isinstance(events[-1], BetaMessageStopEvent)
    assert events[-1].message is message
    assert isinstance(message, ParsedBetaMessage)
    assert stream.get_final_text() == f"Echo: {PROMPT}"
    request = emulator.requests[0]
    assert request.query == {"beta": "true"}
    assert request.headers["x-stainless-stream-helper"] == "beta.messages"
    assert request.headers["anthropic-beta"] == "b1"


def test_text_stream_yields_only_the_text(emulator: Emulator) -> None:
    with client(emulator).beta.messages.stream(**ARGS) as stream:
        assert "".join(stream.text_stream) == f"Echo: {PROMPT}"


def test_parsed_output_is_set_when_the_text_block_stops(emulator: Emulator) -> None:
    with client(emulator).beta.messages.stream(**ARGS, output_format=Basket) as stream:
        stops = [e for e in stream if isinstance(e, ParsedBetaContentBlockStopEvent)]
        message = stream.get_final_message()
    assert stops[0].content_block.parsed_output == EXPECTED  # type: ignore[union-attr]
    assert message.parsed_output == EXPECTED
    # typed by the output type, as `parse()` returns it: ParsedBetaMessage[Basket], its blocks likewise
    assert type(message) is type(client(emulator).beta.messages.parse(**ARGS, output_format=Basket))
    assert type(message) is ParsedBetaMessage[Basket]
    assert type(stops[0].content_block) is ParsedBetaTextBlock[Basket]
    assert emulator.requests[0].headers["anthropic-beta"] == "structured-outputs-2025-09-17"


def test_text_events_read_their_snapshot_as_partial_json(emulator: Emulator) -> None:
    with client(emulator).beta.messages.stream(**ARGS, output_format=Basket) as stream:
        texts = [e for e in stream if isinstance(e, ParsedBetaTextEvent)]
    first, last = texts[0].parsed_snapshot(), texts[-1].parsed_snapshot()
    assert isinstance(first, dict) and len(json.dumps(first)) < len(json.dumps(last))
    assert last == EXPECTED.model_dump()


@pytest.mark.anyio
async def test_async_stream_sets_parsed_output(emulator: Emulator) -> None:
    async with aclient(emulator).beta.messages.stream(**ARGS, output_format=Basket) as stream:
        assert isinstance(stream, BetaAsyncMessageStream)
        events = [e async for e in stream]
        message = await stream.get_final_message()
    stops = [e for e in events if isinstance(e, ParsedBetaContentBlockStopEvent)]
    assert stops[0].content_block.parsed_output == EXPECTED  # type: ignore[union-attr]
    assert message.parsed_output == EXPECTED
    assert type(message) is ParsedBetaMessage[Basket]
    assert isinstance(events[-1], BetaMessageStopEvent)


@pytest.mark.anyio
async def test_async_text_stream_and_final_text(emulator: Emulator) -> None:
    async with aclient(emulator).beta.messages.stream(**ARGS) as stream:
        text = "".join([t async for t in stream.text_stream])
        assert text == await stream.get_final_text()


def test_message_delta_copies_container_and_context_management() -> None:
    container = {"id": "cnt_1", "expires_at": "2030-01-01T00:00:00Z"}
    edits = {
        "applied_edits": [
            {"type": "clear_thinking_20251015", "cleared_input_tokens": 4, "cleared_thinking_turns": 1}
        ]
    }
    start = {"id": "m", "type": "message", "role": "assistant", "model": "x", "content": [],
             "usage": {"input_tokens": 1, "output_tokens": 1}}  # fmt: skip
    delta = {"stop_reason": "end_turn", "container": container}
    events = [
        ("message_start", {"type": "message_start", "message": start}),
        ("message_delta", {"type": "message_delta", "delta": delta, "context_management": edits,
                           "usage": {"output_tokens": 2}}),
        ("message_stop", {"type": "message_stop"}),
    ]  # fmt: skip
    body = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)
    rec = Recorder(httpx.Response(200, text=body, headers={"content-type": "text/event-stream"}))
    with mock_client(rec).beta.messages.stream(**CREATE_ARGS) as stream:
        message = stream.get_final_message()
    assert message.container is not None and message.container.id == "cnt_1"
    assert message.context_management is not None
    assert message.context_management.applied_edits[0].type == "clear_thinking_20251015"


def beta_body_cut_before_message_stop() -> bytes:
    """A beta stream whose `message_delta` carries a container and context edits, then ends without
    `message_stop`."""
    start = {"id": "m", "type": "message", "role": "assistant", "model": "x", "content": [],
             "usage": {"input_tokens": 1, "output_tokens": 1}}  # fmt: skip
    edits = {"applied_edits": [{"type": "clear_tool_uses_20250919", "cleared_input_tokens": 4,
                                "cleared_tool_uses": 1}]}  # fmt: skip
    delta = {"stop_reason": "end_turn", "container": {"id": "cnt_1", "expires_at": "2030-01-01T00:00:00Z"}}
    events = [
        ("message_start", {"type": "message_start", "message": start}),
        ("message_delta", {"type": "message_delta", "delta": delta, "context_management": edits,
                           "usage": {"output_tokens": 2}}),
    ]  # fmt: skip
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events).encode()


def assert_beta_partial(err: unbroken.AnthropicError) -> None:
    partial = err.partial_message
    assert isinstance(partial, ParsedBetaMessage)
    assert partial.container is not None and partial.container.id == "cnt_1"
    assert partial.context_management is not None
    assert partial.context_management.applied_edits[0].type == "clear_tool_uses_20250919"
    assert partial.stop_reason == "end_turn"


def test_a_raw_beta_stream_keeps_a_beta_partial_message() -> None:
    # `create(stream=True)` accumulates what a failure carries as the helper does: a beta message, with what
    # only beta `message_delta` events carry.
    body = beta_body_cut_before_message_stop()
    rec = Recorder(httpx.Response(200, content=body, headers={"content-type": "text/event-stream"}))
    with pytest.raises(unbroken.IncompleteStreamError) as info:
        list(mock_client(rec, max_retries=0).beta.messages.create(**CREATE_ARGS, stream=True))
    assert_beta_partial(info.value)


@pytest.mark.anyio
async def test_async_raw_beta_stream_keeps_a_beta_partial_message() -> None:
    body = beta_body_cut_before_message_stop()
    rec = Recorder(httpx.Response(200, content=body, headers={"content-type": "text/event-stream"}))
    async with mock_async_client(rec, max_retries=0) as c:
        with pytest.raises(unbroken.IncompleteStreamError) as info:
            async for _ in await c.beta.messages.create(**CREATE_ARGS, stream=True):
                pass
    assert_beta_partial(info.value)


# -- the guarantees -----------------------------------------------------------------------------------------


def test_drop_mid_stream_is_connection_error_with_partial_beta_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with pytest.raises(unbroken.APIConnectionError) as info:
        with client(emulator).beta.messages.stream(**ARGS) as stream:
            stream.until_done()
    err = info.value
    assert isinstance(err.partial_message, BetaMessage)
    assert isinstance(err.partial_message, ParsedBetaMessage)
    assert f"Echo: {PROMPT}".startswith(partial_text(err))
    assert partial_text(err)
    assert err.__cause__ is not None


def test_drop_mid_stream_with_output_format_keeps_the_unparsed_text(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with pytest.raises(unbroken.APIConnectionError) as info:
        with client(emulator).beta.messages.stream(**ARGS, output_format=Basket) as stream:
            stream.until_done()
    partial = info.value.partial_message
    assert isinstance(partial, ParsedBetaMessage)
    assert partial.parsed_output is None
    assert partial_text(info.value).startswith('{"owner"')


def test_in_stream_error_event_is_the_mapped_status_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=5, error_type="overloaded_error", message="Overloaded"))
    with pytest.raises(unbroken.OverloadedError) as info:
        with client(emulator).beta.messages.stream(**ARGS) as stream:
            stream.until_done()
    assert info.value.in_stream
    assert isinstance(info.value.partial_message, ParsedBetaMessage)
    assert partial_text(info.value)


def test_stream_ending_before_message_stop_is_incomplete(emulator: Emulator) -> None:
    emulator.faults.push(Fault.truncate())
    with pytest.raises(unbroken.IncompleteStreamError) as info:
        with client(emulator).beta.messages.stream(**ARGS) as stream:
            stream.until_done()
    assert partial_text(info.value) == f"Echo: {PROMPT}"


def test_failure_before_the_first_event_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(0))
    with client(emulator).beta.messages.stream(**ARGS, output_format=Basket) as stream:
        message = stream.get_final_message()
    assert message.parsed_output == EXPECTED
    assert len(emulator.requests) == 2


def test_text_that_does_not_match_the_output_type_is_a_validation_error(emulator: Emulator) -> None:
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        with client(emulator).beta.messages.stream(**ARGS, output_format=AtLeastFive) as stream:
            stream.until_done()
    err = info.value
    assert isinstance(err.__cause__, pydantic.ValidationError)
    assert "AtLeastFive" in str(err)
    assert partial_text(err) == '{"n": 0}'


def test_raw_beta_stream_from_create_is_typed(emulator: Emulator) -> None:
    with client(emulator).beta.messages.create(**ARGS, stream=True) as stream:
        events = list(stream)
    assert isinstance(events[0], BetaRawMessageStartEvent)
    assert events[-1].type == "message_stop"
    assert emulator.requests[0].query == {"beta": "true"}


@pytest.mark.anyio
async def test_async_drop_mid_stream_keeps_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with pytest.raises(unbroken.APIConnectionError) as info:
        async with aclient(emulator).beta.messages.stream(**ARGS) as stream:
            await stream.until_done()
    assert isinstance(info.value.partial_message, ParsedBetaMessage)
    assert partial_text(info.value)


@pytest.mark.anyio
async def test_async_in_stream_error_event_is_mapped(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=3, error_type="rate_limit_error", message="slow down"))
    with pytest.raises(unbroken.RateLimitError) as info:
        async with aclient(emulator).beta.messages.stream(**ARGS) as stream:
            async for _ in stream:
                pass
    assert isinstance(info.value.partial_message, ParsedBetaMessage)
