"""Issue 10's promise breaks, each tested sync and async, over real sockets where the fault is on the wire:
deeply nested JSON, non-httpx transport exceptions, unbounded events and lines, `base_url` assignment and
per-request `follow_redirects`."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import httpx2
import pytest

import unbroken
from helpers import MESSAGE, BreakingBody, Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken._json import JSONNestingError
from unbroken.testing import Emulator, Fault

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "one two three four"}],
}
DEEP = b"[" * 5000 + b"]" * 5000
MESSAGE_STOP = b'event: message_stop\ndata: {"type":"message_stop"}\n'


def on(emulator: Emulator, **kwargs: Any) -> unbroken.Anthropic:
    return unbroken.Anthropic(api_key="k", base_url=emulator.base_url, **kwargs)


def aon(emulator: Emulator, **kwargs: Any) -> unbroken.AsyncAnthropic:
    return unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url, **kwargs)


def deep_event() -> bytes:
    data = b'{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"},"x":' + DEEP
    return b"event: content_block_delta\ndata: " + data + b"}\n\n"


def ended_batch(client: unbroken.Anthropic, count: int) -> str:
    requests: Any = [{"custom_id": f"r{i}", "params": ARGS} for i in range(count)]
    batch = client.messages.batches.create(requests=requests)
    return client.messages.batches.retrieve(batch.id).id  # the emulator ends a batch on its first retrieve


# -- deeply nested JSON ------------------------------------------------------------------------


def test_deep_json_in_a_stream_event_is_a_validation_error_with_partial(emulator: Emulator) -> None:
    emulator.faults.push(Fault.inject(deep_event(), after=3))
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        with on(emulator).messages.stream(**ARGS) as stream:
            stream.until_done()
    assert isinstance(info.value.__cause__, JSONNestingError)
    assert isinstance(info.value.__cause__.__cause__, RecursionError)
    assert info.value.partial_message is not None


@pytest.mark.anyio
async def test_async_deep_json_in_a_stream_event_is_a_validation_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.inject(deep_event(), after=3))
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        async with aon(emulator).messages.stream(**ARGS) as stream:
            await stream.until_done()
    assert isinstance(info.value.__cause__, ValueError)
    assert info.value.partial_message is not None


def test_deep_json_success_body_is_a_validation_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(200, body=DEEP))
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        on(emulator).messages.create(**ARGS)
    assert isinstance(info.value.__cause__, JSONNestingError)


@pytest.mark.anyio
async def test_async_deep_json_error_body_keeps_its_class_with_the_text(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(400, body=DEEP))
    with pytest.raises(unbroken.BadRequestError) as info:
        await aon(emulator).messages.create(**ARGS)
    assert info.value.body == DEEP.decode()


def test_deep_json_error_body_keeps_its_class_with_the_text(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(404, body=DEEP))
    with pytest.raises(unbroken.NotFoundError) as info:
        on(emulator).messages.create(**ARGS)
    assert info.value.body == DEEP.decode()


def test_deep_json_results_line_is_a_validation_error_after_the_good_ones(emulator: Emulator) -> None:
    client = on(emulator)
    batch_id = ended_batch(client, 3)
    emulator.faults.push(Fault.inject(DEEP + b"\n", after=1, path="*/results"))
    received = []
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        for result in client.messages.batches.results(batch_id):
            received.append(result.custom_id)
    assert received == ["r0"]
    assert isinstance(info.value.__cause__.__cause__, JSONNestingError)  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_async_deep_json_success_body_is_a_validation_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(200, body=DEEP))
    with pytest.raises(unbroken.APIResponseValidationError):
        await aon(emulator).messages.create(**ARGS)


# -- any exception from the transport --------------------------------------------------------


class Flaky:
    """A MockTransport handler that raises `error` for the first `failures` requests, then answers."""

    def __init__(self, error: BaseException, failures: int = 1) -> None:
        self.error, self.failures, self.calls = error, failures, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return httpx.Response(200, json=MESSAGE)


def flaky_client(handler: Flaky, **kwargs: Any) -> unbroken.Anthropic:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http, **kwargs)


def flaky_async_client(handler: Any, **kwargs: Any) -> unbroken.AsyncAnthropic:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http, **kwargs)


def test_a_non_httpx_transport_exception_is_a_connection_error_and_retried() -> None:
    handler = Flaky(RuntimeError("oops"))
    message = flaky_client(handler).messages.create(**ARGS)
    assert message.id == MESSAGE["id"]
    assert handler.calls == 2


def test_a_non_httpx_transport_exception_out_of_retries_is_typed_with_its_cause() -> None:
    cause = RuntimeError("oops")
    with pytest.raises(unbroken.APIConnectionError, match="oops") as info:
        flaky_client(Flaky(cause, failures=9), max_retries=1).messages.create(**ARGS)
    assert info.value.__cause__ is cause


@pytest.mark.anyio
async def test_async_non_httpx_transport_exception_is_a_connection_error_and_retried() -> None:
    handler = Flaky(ValueError("bad proxy"), failures=2)
    message = await flaky_async_client(handler).messages.create(**ARGS)
    assert message.id == MESSAGE["id"]
    assert handler.calls == 3
    with pytest.raises(unbroken.APIConnectionError) as info:
        await flaky_async_client(Flaky(ValueError("x"), 9), max_retries=0).messages.create(**ARGS)
    assert isinstance(info.value.__cause__, ValueError)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(3)])
def test_keyboard_interrupt_and_system_exit_are_never_swallowed(error: BaseException) -> None:
    handler = Flaky(error, failures=9)
    with pytest.raises(type(error)):
        flaky_client(handler).messages.create(**ARGS)
    assert handler.calls == 1


@pytest.mark.anyio
async def test_async_cancellation_from_the_transport_is_never_swallowed() -> None:
    handler = Flaky(asyncio.CancelledError(), failures=9)
    with pytest.raises(asyncio.CancelledError):
        await flaky_async_client(handler).messages.create(**ARGS)
    assert handler.calls == 1


@pytest.mark.parametrize("error", [httpx.ReadError("reset"), RuntimeError("decoder blew up")])
def test_a_non_streaming_body_that_breaks_while_read_is_retried(error: Exception) -> None:
    recorder = Recorder(httpx.Response(200, stream=BreakingBody(error)), httpx.Response(200, json=MESSAGE))
    assert mock_client(recorder).messages.create(**ARGS).id == MESSAGE["id"]
    assert len(recorder.requests) == 2
    with pytest.raises(unbroken.APIConnectionError) as info:
        mock_client(Recorder(httpx.Response(200, stream=BreakingBody(error))), max_retries=0).messages.create(
            **ARGS
        )
    assert info.value.__cause__ is error


@pytest.mark.anyio
async def test_async_non_streaming_body_that_breaks_while_read_is_retried() -> None:
    error = httpx.RemoteProtocolError("peer closed")
    recorder = Recorder(httpx.Response(200, stream=BreakingBody(error)), httpx.Response(200, json=MESSAGE))
    assert (await mock_async_client(recorder).messages.create(**ARGS)).id == MESSAGE["id"]
    assert len(recorder.requests) == 2


# -- one event / one line has a size limit --------------------------------------------------------


def test_the_event_limit_is_a_client_option_kept_by_copies() -> None:
    client = unbroken.Anthropic(api_key="k", max_event_bytes=1000)
    assert client.max_event_bytes == 1000
    assert client.copy().max_event_bytes == 1000
    assert client.with_options(max_event_bytes=50).max_event_bytes == 50
    assert unbroken.Anthropic(api_key="k").max_event_bytes == 64 * 1024 * 1024
    with pytest.raises(ValueError, match="at least 1"):
        unbroken.Anthropic(api_key="k", max_event_bytes=0)
    with pytest.raises(TypeError, match="must be an int"):
        unbroken.AsyncAnthropic(api_key="k", max_event_bytes="1MB")  # type: ignore[arg-type]


def test_an_event_past_the_limit_fails_the_stream_keeping_the_partial(emulator: Emulator) -> None:
    emulator.faults.push(Fault.inject(b"data: " + b"x" * 5000, after=4))
    client = on(emulator, max_event_bytes=2000)
    with client.messages.stream(**ARGS) as stream:
        with pytest.raises(unbroken.APIResponseValidationError, match="limit of 2000 bytes") as info:
            stream.until_done()
        assert stream.response.is_closed
    assert info.value.partial_message is not None
    assert info.value.partial_message.content[0].type == "text"  # type: ignore[union-attr]
    assert len(emulator.requests) == 1  # events had been handed over: not retried


@pytest.mark.anyio
async def test_async_event_past_the_limit_fails_the_stream_keeping_the_partial(emulator: Emulator) -> None:
    emulator.faults.push(Fault.inject(b"data: " + b"x" * 5000, after=4))
    client = aon(emulator).with_options(max_event_bytes=2000)
    stream = await client.messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        async for _ in stream:
            pass
    assert stream.response.is_closed
    assert info.value.partial_message is not None


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_an_event_past_the_limit_at_the_end_of_the_body_fails_the_stream_too(flavour: str) -> None:
    # The last chunk holds a whole event, then an unfinished one already past the limit, then the body ends:
    # the whole event is handed over, and the end of the body reports the other.
    start = json.dumps({"type": "message_start", "message": {**MESSAGE, "content": []}})
    body = f"event: message_start\ndata: {start}\n\n".encode() + b"data: " + b"x" * 3000
    answer = httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    received: list[str] = []

    async def read_async() -> None:
        client = mock_async_client(Recorder(answer), max_event_bytes=2000)
        async for event in await client.messages.create(**ARGS, stream=True):
            received.append(event.type)

    with pytest.raises(unbroken.APIResponseValidationError) as info:
        if flavour == "sync":
            client = mock_client(Recorder(answer), max_event_bytes=2000)
            received.extend(event.type for event in client.messages.create(**ARGS, stream=True))
        else:
            asyncio.run(read_async())
    assert received == ["message_start"]
    err = info.value
    assert str(err) == "A streamed event exceeded the limit of 2000 bytes (at least 3006 received)"
    assert (err.body, err.response.status_code) == (None, 200)
    assert err.partial_message is not None and err.partial_message.id == MESSAGE["id"]


def test_an_event_within_the_limit_is_fine(emulator: Emulator) -> None:
    text = "y" * 3000
    delta = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}}
    event = f"event: content_block_delta\ndata: {json.dumps(delta)}\n\n".encode()
    emulator.faults.push(Fault.inject(event, after=4))
    with on(emulator, max_event_bytes=4000).messages.stream(**ARGS) as stream:
        assert text in stream.get_final_text()


def test_a_results_line_past_the_limit_is_a_validation_error(emulator: Emulator) -> None:
    client = on(emulator, max_event_bytes=500)
    batch_id = ended_batch(client, 3)
    emulator.faults.push(Fault.inject(b'{"custom_id": "' + b"z" * 2000, after=1, path="*/results"))
    received = []
    with pytest.raises(unbroken.APIResponseValidationError, match="line exceeded the limit of 500"):
        for result in client.messages.batches.results(batch_id):
            received.append(result.custom_id)
    assert received == ["r0"]


@pytest.mark.anyio
async def test_async_results_line_past_the_limit_is_a_validation_error(emulator: Emulator) -> None:
    batch_id = ended_batch(on(emulator), 2)
    emulator.faults.push(Fault.inject(b"[" + b"1," * 2000, after=1, path="*/results"))
    decoder = await aon(emulator, max_event_bytes=500).messages.batches.results(batch_id)
    received = []
    with pytest.raises(unbroken.APIResponseValidationError):
        async for result in decoder:
            received.append(result.custom_id)
    assert received == ["r0"]


# -- a final event whose blank line was stripped --------------------------------------------------


def test_a_message_stop_missing_only_its_blank_line_completes_the_stream(emulator: Emulator) -> None:
    emulator.faults.push(Fault.inject(MESSAGE_STOP, None, end=True))
    with on(emulator).messages.stream(**ARGS) as stream:
        message = stream.get_final_message()
    assert message.content[0].text.startswith("Echo")  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_async_message_stop_missing_only_its_blank_line_completes_the_stream(
    emulator: Emulator,
) -> None:
    emulator.faults.push(Fault.inject(MESSAGE_STOP, None, end=True))
    events = [event.type async for event in await aon(emulator).messages.create(**ARGS, stream=True)]
    assert events[-1] == "message_stop"


def test_a_last_line_cut_short_is_still_an_incomplete_stream(emulator: Emulator) -> None:
    emulator.faults.push(Fault.inject(MESSAGE_STOP[:-1], None, end=True))
    stream = on(emulator).messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.IncompleteStreamError) as info:
        list(stream)
    assert str(info.value) == "Stream ended mid-event."
    assert info.value.request is stream.response.request


def test_a_whole_last_event_that_is_not_message_stop_is_an_incomplete_stream(emulator: Emulator) -> None:
    ping = b'event: ping\ndata: {"type": "ping"}\n'
    emulator.faults.push(Fault.inject(ping, None, end=True))
    stream = on(emulator).messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.IncompleteStreamError) as info:
        list(stream)
    assert str(info.value) == "Stream ended before message_stop."
    assert info.value.request is stream.response.request


# -- base_url assignment and follow_redirects ------------------------------------------------


def test_assigning_a_str_base_url_normalises_it_as_the_constructor_does() -> None:
    recorder = Recorder()
    client = mock_client(recorder)
    client.base_url = "http://other.test/prefix"  # type: ignore[assignment]
    assert client.base_url == httpx2.URL("http://other.test/prefix/")  # the default stack's URL
    client.messages.create(**ARGS)
    assert str(recorder.requests[0].url) == "http://other.test/prefix/v1/messages"


def test_a_base_url_assigned_between_calls_is_the_next_calls_base() -> None:
    recorder = Recorder()
    client = mock_client(recorder)
    client.messages.create(**ARGS)
    client.base_url = "http://other.test/v2"  # type: ignore[assignment]
    client.messages.create(**ARGS)
    assert [str(request.url) for request in recorder.requests] == [
        "http://api.test/v1/messages",
        "http://other.test/v2/v1/messages",
    ]


def test_a_calls_own_max_retries_holds_between_calls_with_the_clients() -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
    recorder = Recorder(httpx.Response(529, json=error))
    client = mock_client(recorder, max_retries=2)
    for options in ({}, {"max_retries": 0}, {}):
        with pytest.raises(unbroken.OverloadedError):
            client.post("/v1/messages", cast_to=unbroken.types.Message, body=ARGS, options=options)  # type: ignore[arg-type]
    assert len(recorder.requests) == 3 + 1 + 3


@pytest.mark.anyio
async def test_async_assigning_a_base_url_normalises_it() -> None:
    recorder = Recorder()
    client = mock_async_client(recorder)
    client.base_url = httpx.URL("http://other.test/p")
    await client.messages.create(**ARGS)
    assert str(recorder.requests[0].url) == "http://other.test/p/v1/messages"


def redirecting(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/old":
        return httpx.Response(302, headers={"location": "http://api.test/new"})
    return httpx.Response(200, json={"moved": True})


def test_per_request_follow_redirects_false_is_honoured() -> None:
    recorder = Recorder(redirecting)
    http = unbroken.DefaultHttpxClient(transport=httpx.MockTransport(recorder))
    client = unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http)
    assert client.get("/old", cast_to=object) == {"moved": True}  # the default http client follows
    with pytest.raises(unbroken.APIStatusError) as info:
        client.get("/old", cast_to=object, options={"follow_redirects": False})
    assert info.value.status_code == 302
    assert [r.url.path for r in recorder.requests] == ["/old", "/new", "/old"]


@pytest.mark.anyio
async def test_async_per_request_follow_redirects_true_overrides_the_client() -> None:
    recorder = Recorder(redirecting)
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder), follow_redirects=False)
    client = unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http)
    assert await client.get("/old", cast_to=object, options={"follow_redirects": True}) == {"moved": True}
    with pytest.raises(unbroken.APIStatusError):
        await client.get("/old", cast_to=object)
