"""The streaming guarantees of issue 3, over real sockets against the emulator: sync and async, raw
streams (`create(stream=True)`) and helpers (`messages.stream`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import httpx2
import pytest

import unbroken
from unbroken.testing import Emulator, Fault

PROMPT = "one two three four five six seven eight nine ten eleven twelve"
ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 256,
    "messages": [{"role": "user", "content": PROMPT}],
}


def client(emulator: Emulator, **kwargs: Any) -> unbroken.Anthropic:
    return unbroken.Anthropic(api_key="k", base_url=emulator.base_url, **kwargs)


def aclient(emulator: Emulator, **kwargs: Any) -> unbroken.AsyncAnthropic:
    return unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url, **kwargs)


def partial_text(err: unbroken.AnthropicError) -> str:
    assert err.partial_message is not None
    return "".join(b.text for b in err.partial_message.content if b.type == "text")


# -- the happy path -------------------------------------------------------------------------------


def test_helper_stream_yields_helper_events_and_final_message(emulator: Emulator) -> None:
    with client(emulator).messages.stream(**ARGS) as stream:
        events = list(stream)
        message = stream.get_final_message()
        assert stream.request_id == stream.response.headers["request-id"]
    types = [e.type for e in events]
    assert types[0] == "message_start"
    assert "text" in types
    assert types[-1] == "message_stop"
    assert events[-1].message is message  # type: ignore[union-attr]
    assert message.content[0].text.endswith(PROMPT)  # type: ignore[union-attr]
    assert stream.get_final_text() == message.content[0].text  # type: ignore[union-attr]
    assert emulator.requests[0].headers["x-stainless-stream-helper"] == "messages"


def test_text_stream_yields_only_text(emulator: Emulator) -> None:
    with client(emulator).messages.stream(**ARGS) as stream:
        text = "".join(stream.text_stream)
    assert text == stream.get_final_text()


def test_raw_stream_is_typed_and_skips_ping(emulator: Emulator) -> None:
    with client(emulator).messages.create(**ARGS, stream=True) as stream:
        events = list(stream)
    assert events[0].type == "message_start"
    assert events[-1].type == "message_stop"
    assert "ping" not in {e.type for e in events}
    assert emulator.requests[0].json["stream"] is True


def test_unknown_event_type_is_skipped(emulator: Emulator) -> None:
    emulator.faults.push(Fault.unknown_event(after=2))
    with client(emulator).messages.stream(**ARGS) as stream:
        assert stream.get_final_text().endswith(PROMPT)


# -- transport failures mid-stream ----------------------------------------------------------------


def test_drop_mid_stream_is_connection_error_with_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    received: list[str] = []
    with (
        pytest.raises(unbroken.APIConnectionError) as info,
        client(emulator).messages.stream(**ARGS) as stream,
    ):
        received.extend(stream.text_stream)
    err = info.value
    assert isinstance(err.__cause__, httpx2.TransportError)  # the default stack
    assert received
    assert partial_text(err) == "".join(received)
    assert len(emulator.requests) == 1  # events were handed over: never silently replayed


def test_raw_stream_drop_is_connection_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(5))
    stream = client(emulator).messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.APIConnectionError) as info:
        for _ in stream:
            pass
    assert isinstance(info.value.__cause__, httpx2.TransportError)  # the default stack


def test_read_timeout_mid_stream_is_timeout_error_with_partial(emulator: Emulator) -> None:
    emulator.faults.push(Fault.stall_after(6, 30))
    with pytest.raises(unbroken.APITimeoutError) as info:
        with client(emulator, timeout=0.3).messages.stream(**ARGS) as stream:
            stream.until_done()
    assert isinstance(info.value.__cause__, httpx2.ReadTimeout)  # the default stack
    assert info.value.partial_message is not None


def test_truncated_body_is_incomplete_stream_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.truncate())
    with pytest.raises(unbroken.IncompleteStreamError) as info:
        with client(emulator).messages.stream(**ARGS) as stream:
            stream.get_final_message()
    assert isinstance(info.value, unbroken.APIConnectionError)
    assert partial_text(info.value).endswith(PROMPT)
    assert info.value.partial_message.stop_reason == "end_turn"  # type: ignore[union-attr]


def test_raw_truncated_body_is_incomplete_stream_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.truncate(after=4))
    with pytest.raises(unbroken.IncompleteStreamError):
        list(client(emulator).messages.create(**ARGS, stream=True))


# -- in-stream errors and bad data ----------------------------------------------------------------


def test_in_stream_error_raises_the_mapped_class(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=5, error_type="overloaded_error", message="Overloaded"))
    with pytest.raises(unbroken.OverloadedError) as info:
        with client(emulator).messages.stream(**ARGS) as stream:
            stream.until_done()
    err = info.value
    assert err.status_code == 529
    assert err.response.status_code == 200
    assert err.in_stream is True
    assert err.type == "overloaded_error"
    assert err.message == "Overloaded"
    assert err.request_id == err.response.headers["request-id"]
    assert err.partial_message is not None
    assert len(emulator.requests) == 1


@pytest.mark.parametrize(
    ("error_type", "cls"),
    [
        ("rate_limit_error", unbroken.RateLimitError),
        ("api_error", unbroken.InternalServerError),
        ("invalid_request_error", unbroken.BadRequestError),
        ("timeout_error", unbroken.DeadlineExceededError),
        ("something_new", unbroken.APIStatusError),
    ],
)
def test_raw_in_stream_errors_map_by_type(emulator: Emulator, error_type: str, cls: type) -> None:
    emulator.faults.push(Fault.error_event(after=4, error_type=error_type, message="m"))
    with pytest.raises(cls) as info:
        list(client(emulator).messages.create(**ARGS, stream=True))
    assert type(info.value) is cls


def test_malformed_data_line_is_validation_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.malformed_line(after=4))
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        with client(emulator).messages.stream(**ARGS) as stream:
            stream.until_done()
    assert info.value.partial_message is not None


# -- retry before the first event -----------------------------------------------------------------


def test_in_stream_error_as_first_event_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=0, error_type="overloaded_error"))
    with client(emulator).messages.stream(**ARGS) as stream:
        assert stream.get_final_text().endswith(PROMPT)
    assert len(emulator.requests) == 2


def test_non_retryable_first_event_error_is_raised_at_once(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=0, error_type="invalid_request_error"))
    with pytest.raises(unbroken.BadRequestError):
        list(client(emulator).messages.create(**ARGS, stream=True))
    assert len(emulator.requests) == 1


def test_reset_after_headers_before_any_event_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(0))
    events = list(client(emulator).messages.create(**ARGS, stream=True))
    assert events[-1].type == "message_stop"
    assert len(emulator.requests) == 2


def test_error_status_on_stream_request_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529), Fault.close_before_response())
    with client(emulator).messages.stream(**ARGS) as stream:
        stream.until_done()
    assert len(emulator.requests) == 3


def test_stream_retries_respect_the_budget(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=0, times=None))  # every attempt
    with pytest.raises(unbroken.OverloadedError):
        list(client(emulator, max_retries=2).messages.create(**ARGS, stream=True))
    assert len(emulator.requests) == 3


# -- connections are given back -------------------------------------------------------------------


def one_connection_client(emulator: Emulator) -> unbroken.Anthropic:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    http = httpx.Client(limits=limits, timeout=httpx.Timeout(5.0, pool=0.5))
    return unbroken.Anthropic(api_key="k", base_url=emulator.base_url, http_client=http, max_retries=0)


def test_breaking_out_of_a_stream_releases_the_connection(emulator: Emulator) -> None:
    c = one_connection_client(emulator)
    for _event in c.messages.create(**ARGS, stream=True):
        break
    # With one pooled connection, a leaked stream would make this a pool timeout.
    assert c.messages.create(**ARGS).type == "message"


def test_closing_a_helper_stream_releases_the_connection(emulator: Emulator) -> None:
    c = one_connection_client(emulator)
    with c.messages.stream(**ARGS) as stream:
        next(iter(stream))
    assert c.messages.create(**ARGS).type == "message"


def test_failed_stream_releases_the_connection(emulator: Emulator) -> None:
    c = one_connection_client(emulator)
    emulator.faults.push(Fault.error_event(after=3, error_type="invalid_request_error"))
    with pytest.raises(unbroken.BadRequestError):
        list(c.messages.create(**ARGS, stream=True))
    assert c.messages.create(**ARGS).type == "message"


# -- async ----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_helper_stream(emulator: Emulator) -> None:
    async with aclient(emulator) as c, c.messages.stream(**ARGS) as stream:
        texts = [t async for t in stream.text_stream]
        message = await stream.get_final_message()
    assert "".join(texts) == message.content[0].text  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_async_drop_mid_stream_has_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    async with aclient(emulator) as c:
        with pytest.raises(unbroken.APIConnectionError) as info:
            async with c.messages.stream(**ARGS) as stream:
                await stream.until_done()
    assert isinstance(info.value.__cause__, httpx2.TransportError)  # the default stack
    assert partial_text(info.value)


@pytest.mark.anyio
async def test_async_raw_error_event_and_truncation(emulator: Emulator) -> None:
    async with aclient(emulator) as c:
        emulator.faults.push(Fault.error_event(after=4, error_type="rate_limit_error"))
        with pytest.raises(unbroken.RateLimitError) as info:
            async for _ in await c.messages.create(**ARGS, stream=True):
                pass
        assert info.value.status_code == 429
        emulator.faults.push(Fault.truncate())
        with pytest.raises(unbroken.IncompleteStreamError):
            async with c.messages.stream(**ARGS) as stream:
                await stream.get_final_text()


@pytest.mark.anyio
async def test_async_first_event_error_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=0), Fault.drop_after(0))
    async with aclient(emulator) as c, c.messages.stream(**ARGS) as stream:
        assert (await stream.get_final_text()).endswith(PROMPT)
    assert len(emulator.requests) == 3


@pytest.mark.anyio
async def test_async_read_timeout_and_malformed_line(emulator: Emulator) -> None:
    async with aclient(emulator, timeout=0.3) as c:
        emulator.faults.push(Fault.stall_after(6, 30))
        with pytest.raises(unbroken.APITimeoutError):
            async with c.messages.stream(**ARGS) as stream:
                await stream.until_done()
        emulator.faults.push(Fault.malformed_line(after=3))
        with pytest.raises(unbroken.APIResponseValidationError):
            async for _ in await c.messages.create(**ARGS, stream=True):
                pass


@pytest.mark.anyio
async def test_async_cancellation_releases_the_connection(emulator: Emulator) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    http = httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(5.0, pool=0.5))
    c = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url, http_client=http, max_retries=0)
    emulator.faults.push(Fault.stall_after(3, 30))
    first_event = asyncio.Event()

    async def consume() -> None:
        async with c.messages.stream(**ARGS) as stream:
            async for _ in stream:
                first_event.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first_event.wait(), 10)  # bounded: a broken stream fails, never hangs
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await c.messages.create(**ARGS)).type == "message"
    await c.close()


# -- a stream whose events are out of order -------------------------------------------------------


def test_out_of_order_events_are_a_typed_error_and_a_runtime_error() -> None:
    body = (
        b'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
        b'"delta":{"type":"text_delta","text":"x"}}\n\n'
    )
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    )
    c = unbroken.Anthropic(
        api_key="k", base_url="http://api.test", http_client=httpx.Client(transport=transport)
    )
    with pytest.raises(unbroken.UnexpectedEventOrderError) as info, c.messages.stream(**ARGS) as stream:
        stream.until_done()
    assert isinstance(info.value, RuntimeError)
    assert isinstance(info.value, unbroken.APIResponseValidationError)
    assert str(info.value) == 'Unexpected event order, got content_block_delta before "message_start"'
    assert info.value.partial_message is None


def test_raw_stream_failures_carry_the_partial_message_too(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    received: list[str] = []
    with pytest.raises(unbroken.APIConnectionError) as info:
        for event in client(emulator).messages.create(**ARGS, stream=True):
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                received.append(event.delta.text)
    assert received
    assert partial_text(info.value) == "".join(received)


@pytest.mark.anyio
async def test_async_raw_stream_failure_carries_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=6, error_type="api_error"))
    async with aclient(emulator) as c:
        with pytest.raises(unbroken.InternalServerError) as info:
            async for _ in await c.messages.create(**ARGS, stream=True):
                pass
    assert info.value.partial_message is not None
    assert info.value.partial_message.id.startswith("msg_")


def test_tool_input_that_is_not_json_is_a_validation_error_with_partial() -> None:
    events = [
        (
            "message_start",
            '{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",'
            '"model":"m","content":[],"stop_reason":null,"stop_sequence":null,'
            '"usage":{"input_tokens":1,"output_tokens":1}}}',
        ),
        (
            "content_block_start",
            '{"type":"content_block_start","index":0,'
            '"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}',
        ),
        (
            "content_block_delta",
            '{"type":"content_block_delta","index":0,'
            '"delta":{"type":"input_json_delta","partial_json":"{\\"a\\": nope"}}',
        ),
        ("content_block_stop", '{"type":"content_block_stop","index":0}'),
    ]
    body = "".join(f"event: {name}\ndata: {data}\n\n" for name, data in events).encode()
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    )
    c = unbroken.Anthropic(
        api_key="k", base_url="http://api.test", http_client=httpx.Client(transport=transport)
    )
    with pytest.raises(unbroken.APIResponseValidationError) as info, c.messages.stream(**ARGS) as stream:
        stream.until_done()
    assert isinstance(info.value.__cause__, ValueError)
    assert str(info.value).startswith("Unable to parse tool parameter JSON from model. Please retry")
    assert str(info.value).endswith('JSON: {"a": nope')
    assert info.value.body == '{"a": nope'
    assert info.value.partial_message is not None


def test_a_failed_stream_stays_failed(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with client(emulator).messages.stream(**ARGS) as stream:
        with pytest.raises(unbroken.APIConnectionError):
            stream.until_done()
        # Asking again must not hand back the cut-off message as if it were complete.
        with pytest.raises(unbroken.APIConnectionError) as again:
            stream.get_final_message()
        with pytest.raises(unbroken.APIConnectionError):
            stream.get_final_text()
    assert again.value.partial_message is not None


def test_a_failed_raw_stream_stays_failed(emulator: Emulator) -> None:
    emulator.faults.push(Fault.truncate())
    stream = client(emulator).messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.IncompleteStreamError):
        list(stream)
    with pytest.raises(unbroken.IncompleteStreamError):
        list(stream)
    with pytest.raises(unbroken.IncompleteStreamError):
        next(stream)


@pytest.mark.anyio
async def test_a_failed_async_stream_stays_failed(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=5, error_type="api_error"))
    async with aclient(emulator) as c, c.messages.stream(**ARGS) as stream:
        with pytest.raises(unbroken.InternalServerError):
            await stream.until_done()
        with pytest.raises(unbroken.InternalServerError):
            await stream.get_final_message()


# -- crafted bodies: what the reader makes of each event's data line ----------------------------------------

MESSAGE_START = {
    "type": "message_start",
    "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [],
                "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}},
}  # fmt: skip


def text_events(text: str) -> list[tuple[str, dict[str, Any]]]:
    """A whole one-text-block message as (event name, data) pairs, each data line in the API's own shape."""
    return [
        ("message_start", MESSAGE_START),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                 "delta": {"type": "text_delta", "text": text}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "usage": {"output_tokens": 2},
                           "delta": {"stop_reason": "end_turn", "stop_sequence": None}}),
        ("message_stop", {"type": "message_stop"}),
    ]  # fmt: skip


def sse(*events: tuple[str, object]) -> bytes:
    """An SSE body: each (event name, data) pair, the data a JSON value or, as a `str`, the raw data line."""
    return "".join(
        f"event: {name}\ndata: {data if isinstance(data, str) else json.dumps(data)}\n\n"
        for name, data in events
    ).encode()


def answering(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    )


def on_body(body: bytes) -> unbroken.Anthropic:
    http = httpx.Client(transport=answering(body))
    return unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http, max_retries=0)


def aon_body(body: bytes) -> unbroken.AsyncAnthropic:
    http = httpx.AsyncClient(transport=answering(body))
    return unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http, max_retries=0)


def read_raw(body: bytes, flavour: str) -> tuple[list[Any], unbroken.AnthropicError | None]:
    """The events a raw `create(stream=True)` yields for `body` (sync or async client), and what it raised."""
    events: list[Any] = []
    if flavour == "sync":
        try:
            events.extend(on_body(body).messages.create(**ARGS, stream=True))
        except unbroken.AnthropicError as exc:
            return events, exc
        return events, None

    async def read() -> unbroken.AnthropicError | None:
        try:
            async for event in await aon_body(body).messages.create(**ARGS, stream=True):
                events.append(event)
        except unbroken.AnthropicError as exc:
            return exc
        return None

    return events, asyncio.run(read())


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_data_line_without_its_type_is_typed_by_its_event_name(flavour: str) -> None:
    untyped = [(name, {k: v for k, v in data.items() if k != "type"}) for name, data in text_events("Hi")]
    events, error = read_raw(sse(*untyped), flavour)
    assert error is None
    assert [event.type for event in events] == [name for name, _ in untyped]
    assert events[2].delta.text == "Hi"


NOT_JSON = "upstream says: " + "no " * 100  # longer than the 200 characters an error quotes


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize(
    ("event", "data", "message"),
    [
        ("content_block_delta", NOT_JSON, f"Stream data is not valid JSON: {NOT_JSON[:200]!r}"),
        ("message_delta", NOT_JSON, f"Stream data is not valid JSON: {NOT_JSON[:200]!r}"),
        ("error", "Overloaded", "Stream data is not valid JSON: 'Overloaded'"),
        # JSON, but not an object: nothing to read its type from, nor to give one
        ("content_block_delta", "[0, 1]",
         "Stream event 'content_block_delta' does not match the expected schema"),
        # the data's own type wins over the event's name: a content_block_stop without its index is malformed,
        # not a message_stop
        ("message_stop", '{"type": "content_block_stop"}',
         "Stream event 'message_stop' does not match the expected schema"),
    ],
)  # fmt: skip
def test_a_bad_data_line_is_a_validation_error_quoting_it(
    flavour: str, event: str, data: str, message: str
) -> None:
    events, error = read_raw(sse(*text_events("Hi")[:3], (event, data)), flavour)
    assert [e.type for e in events] == ["message_start", "content_block_start", "content_block_delta"]
    assert type(error) is unbroken.APIResponseValidationError
    assert str(error).startswith(message)
    assert error.body == data  # the line as received
    assert error.response.status_code == 200
    assert error.request.url == "http://api.test/v1/messages"
    assert error.partial_message is not None
    assert error.partial_message.content[0].text == "Hi"  # type: ignore[union-attr]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_out_of_order_events_seen_by_the_caller_are_the_same_typed_error(flavour: str) -> None:
    # Read event by event (not `until_done()`), each event is a model before it is accumulated.
    events, error = read_raw(sse(*text_events("x")[2:]), flavour)
    assert events == []
    assert isinstance(error, unbroken.UnexpectedEventOrderError)
    assert isinstance(error, RuntimeError)
    assert str(error) == 'Unexpected event order, got content_block_delta before "message_start"'
    assert error.body is None
    assert error.response.status_code == 200


NO_TEXT = sse(
    ("message_start", MESSAGE_START),
    ("content_block_start", {"type": "content_block_start", "index": 0,
                             "content_block": {"type": "thinking", "thinking": "", "signature": ""}}),
    ("content_block_stop", {"type": "content_block_stop", "index": 0}),
    ("content_block_start", {"type": "content_block_start", "index": 1,
                             "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}}}),
    ("content_block_stop", {"type": "content_block_stop", "index": 1}),
    ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                       "usage": {"output_tokens": 2}}),
    ("message_stop", {"type": "message_stop"}),
)  # fmt: skip
NO_TEXT_ERROR = (
    ".get_final_text() can only be called when the API returns a `text` content block.\n"
    "The API returned thinking,tool_use content block type(s) that you can access by calling "
    "get_final_message().content"
)  # the reference's words


def test_final_text_of_a_message_without_text_says_what_it_has_instead() -> None:
    with on_body(NO_TEXT).messages.stream(**ARGS) as stream:
        with pytest.raises(RuntimeError) as info:
            stream.get_final_text()
        assert [block.type for block in stream.get_final_message().content] == ["thinking", "tool_use"]
    assert str(info.value) == NO_TEXT_ERROR


@pytest.mark.anyio
async def test_async_final_text_of_a_message_without_text_says_what_it_has_instead() -> None:
    async with aon_body(NO_TEXT).messages.stream(**ARGS) as stream:
        with pytest.raises(RuntimeError) as info:
            await stream.get_final_text()
    assert str(info.value) == NO_TEXT_ERROR
