"""Branches of the core modules that mutation testing found unexercised (issue 10): each test fails if its
branch is broken — messages and requests of translated errors, the production retry sleep, the retry-after
boundary, async twins of stream failures, early exits, wrong-shaped events, several text blocks, next()."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import unbroken
from helpers import MESSAGE, BreakingBody, Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken._exceptions import status_error_from_response
from unbroken._retry import RetryPolicy, instant_retries
from unbroken.testing import Emulator, Fault

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "one two three four"}],
}
START = {
    "type": "message_start",
    "message": {
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [],
        "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1},
    },
}  # fmt: skip


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)


def sse_response(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


def text_block(index: int, text: str) -> list[dict[str, Any]]:
    return [
        {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}},
        {"type": "content_block_stop", "index": index},
    ]


END = [
    {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
     "usage": {"output_tokens": 5}},
    {"type": "message_stop"},
]  # fmt: skip


# -- what translated errors say, and about which request -----------------------------------------


def test_a_body_read_failure_names_its_cause_and_request() -> None:
    recorder = Recorder(httpx.Response(200, stream=BreakingBody(httpx.ReadError("connection reset by peer"))))
    with pytest.raises(unbroken.APIConnectionError) as info:
        mock_client(recorder, max_retries=0).messages.create(**ARGS)
    assert str(info.value) == "Connection error: connection reset by peer"
    assert info.value.request is recorder.requests[0]


@pytest.mark.anyio
async def test_async_body_read_failure_without_a_message_names_its_class() -> None:
    recorder = Recorder(httpx.Response(200, stream=BreakingBody(httpx.RemoteProtocolError(""))))
    with pytest.raises(unbroken.APIConnectionError) as info:
        await mock_async_client(recorder, max_retries=0).messages.create(**ARGS)
    assert str(info.value) == "Connection error: RemoteProtocolError"
    assert info.value.request is recorder.requests[0]


def test_a_send_failure_is_reported_against_the_request_sent() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")  # no request attached: the one sent is used

    with pytest.raises(unbroken.APIConnectionError, match=r"^Connection error: refused$") as info:
        mock_client(Recorder(refuse), max_retries=0).messages.create(**ARGS)
    assert info.value.request.url.path == "/v1/messages"


@pytest.mark.anyio
async def test_async_send_timeout_is_a_timeout_error_against_the_request_sent() -> None:
    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(unbroken.APITimeoutError) as info:
        await mock_async_client(Recorder(stall), max_retries=0).messages.create(**ARGS)
    assert info.value.request.url.path == "/v1/messages"
    assert str(info.value) == "Request timed out (read timeout)."
    assert info.value.timeout_kind == "read"


def test_a_stream_body_failure_names_its_cause() -> None:
    body = BreakingBody(httpx.ReadError("gone"))
    recorder = Recorder(httpx.Response(200, stream=body, headers={"content-type": "text/event-stream"}))
    with pytest.raises(unbroken.APIConnectionError, match=r"^Connection error: gone$") as info:
        list(mock_client(recorder, max_retries=0).messages.create(**ARGS, stream=True))
    assert info.value.request is recorder.requests[0]


# -- the error builders ------------------------------------------------------------------------


def test_the_request_id_comes_from_the_body_when_the_header_is_missing() -> None:
    request = httpx.Request("POST", "http://api.test/v1/messages")
    body = b'{"type":"error","error":{"type":"api_error","message":"m"},"request_id":"req_body"}'
    err = status_error_from_response(httpx.Response(500, content=body, request=request), body)
    assert (err.request_id, err.message, type(err)) == ("req_body", "m", unbroken.InternalServerError)
    with_header = httpx.Response(500, content=body, request=request, headers={"request-id": "req_h"})
    assert status_error_from_response(with_header, body).request_id == "req_h"


def test_an_error_body_is_decoded_with_its_declared_charset() -> None:
    request = httpx.Request("GET", "http://api.test/")
    response = httpx.Response(
        503,
        content=b"caf\xe9 ferm\xe9",
        request=request,
        headers={"content-type": "text/plain; charset=latin-1"},
    )
    err = status_error_from_response(response, b"caf\xe9 ferm\xe9")
    assert err.body == "café fermé"
    assert str(err) == "Error code: 503 - café fermé"


def test_an_empty_error_body_says_only_the_code() -> None:
    request = httpx.Request("GET", "http://api.test/")
    err = status_error_from_response(httpx.Response(418, content=b"  ", request=request), b"  ")
    assert (str(err), err.body, type(err)) == ("Error code: 418", None, unbroken.APIStatusError)


def test_incomplete_stream_error_has_a_default_message() -> None:
    err = unbroken.IncompleteStreamError(request=httpx.Request("GET", "http://x"))
    assert str(err) == "Stream ended before message_stop."
    assert isinstance(err, unbroken.APIConnectionError)


# -- retry timing --------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "expected"), [("60", 60.0), ("60.5", None), ("0", None)])
def test_retry_after_is_honoured_up_to_sixty_seconds_inclusive(header: str, expected: float | None) -> None:
    delay = RetryPolicy().delay(0, httpx.Headers({"retry-after": header}), random_fraction=lambda: 0.0)
    assert delay == (expected if expected is not None else 0.5)


def test_by_default_the_client_really_sleeps_for_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    recorder = Recorder(
        httpx.Response(429, headers={"retry-after": "3"}, json={}), httpx.Response(200, json=MESSAGE)
    )
    with instant_retries(False):  # production behaviour, not the tests' autouse switch
        mock_client(recorder).messages.create(**ARGS)
    assert slept == [3.0]


@pytest.mark.anyio
async def test_by_default_the_async_client_really_sleeps_for_retry_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("anyio.sleep", record)
    recorder = Recorder(
        httpx.Response(529, headers={"retry-after-ms": "1500"}, json={}), httpx.Response(200, json=MESSAGE)
    )
    with instant_retries(False):
        await mock_async_client(recorder).messages.create(**ARGS)
    assert slept == [1.5]


# -- streams: async twins and less travelled paths -------------------------------------------------


@pytest.mark.anyio
async def test_async_failure_after_the_first_event_is_raised_never_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(4))
    client = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    stream = await client.messages.create(**ARGS, stream=True)
    received = []
    with pytest.raises(unbroken.APIConnectionError):
        async for event in stream:
            received.append(event.type)
    assert received[0] == "message_start"
    assert len(emulator.requests) == 1


def test_connections_are_closed_before_a_retry(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(0), Fault.status(529))
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    http = httpx.Client(limits=limits, timeout=httpx.Timeout(5.0, pool=0.5))
    client = unbroken.Anthropic(api_key="k", base_url=emulator.base_url, http_client=http, max_retries=3)
    with client.messages.stream(**ARGS) as stream:  # with one pooled connection a leak is a pool timeout
        assert stream.get_final_text().startswith("Echo")
    assert len(emulator.requests) == 3


@pytest.mark.anyio
async def test_async_out_of_order_events_are_a_typed_runtime_error() -> None:
    body = sse(*text_block(0, "x")[1:])
    client = mock_async_client(Recorder(sse_response(body)))
    with pytest.raises(unbroken.UnexpectedEventOrderError) as info:
        async with client.messages.stream(**ARGS) as stream:
            await stream.until_done()
    assert isinstance(info.value, RuntimeError)


@pytest.mark.anyio
async def test_async_broken_tool_json_is_a_validation_error_with_partial() -> None:
    tool = [
        {"type": "content_block_start", "index": 0,
         "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}}},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "input_json_delta", "partial_json": '{"a": no'}},
        {"type": "content_block_stop", "index": 0},
    ]  # fmt: skip
    client = mock_async_client(Recorder(sse_response(sse(START, *tool, *END))))
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        async with client.messages.stream(**ARGS) as stream:
            await stream.until_done()
    assert info.value.body == '{"a": no'
    assert info.value.partial_message is not None


def test_a_snapshot_read_while_tool_json_is_incomplete_still_works() -> None:
    tool = [
        {"type": "content_block_start", "index": 0,
         "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}}},
        {"type": "content_block_delta", "index": 0,
         "delta": {"type": "input_json_delta", "partial_json": '{"city": "Paris", "da'}},
    ]  # fmt: skip
    client = mock_client(Recorder(sse_response(sse(START, *tool))), max_retries=0)
    with client.messages.stream(**ARGS) as stream:
        events = iter(stream)
        while next(events).type != "input_json":
            pass
        assert stream.current_message_snapshot.content[0].input == {"city": "Paris"}  # type: ignore[union-attr]
        with pytest.raises(unbroken.IncompleteStreamError):
            list(events)


def test_an_event_of_valid_json_but_the_wrong_shape_is_a_validation_error() -> None:
    wrong = b'event: content_block_delta\ndata: {"type": "content_block_delta", "index": "zero"}\n\n'
    client = mock_client(Recorder(sse_response(sse(START) + wrong)), max_retries=0)
    with pytest.raises(
        unbroken.APIResponseValidationError, match="does not match the expected schema"
    ) as info:
        with client.messages.stream(**ARGS) as stream:
            stream.until_done()
    assert info.value.partial_message is not None
    assert "zero" in str(info.value.body)


def test_get_final_text_joins_every_text_block() -> None:
    body = sse(START, *text_block(0, "Hello, "), *text_block(1, "world"), *END)
    with mock_client(Recorder(sse_response(body))).messages.stream(**ARGS) as stream:
        assert stream.get_final_text() == "Hello, world"


@pytest.mark.anyio
async def test_async_get_final_text_joins_every_text_block() -> None:
    body = sse(START, *text_block(0, "a"), *text_block(1, "b"), *END)
    async with mock_async_client(Recorder(sse_response(body))).messages.stream(**ARGS) as stream:
        assert await stream.get_final_text() == "ab"


def test_leaving_a_helper_stream_early_closes_the_connection(emulator: Emulator) -> None:
    client = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    with client.messages.stream(**ARGS) as stream:
        next(stream)
    assert stream.response.is_closed


@pytest.mark.anyio
async def test_async_leaving_a_helper_stream_early_closes_the_connection(emulator: Emulator) -> None:
    client = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    async with client.messages.stream(**ARGS) as stream:
        first = await stream.__anext__()
    assert first.type == "message_start"
    assert stream.response.is_closed


def test_next_on_a_raw_stream_and_its_end(emulator: Emulator) -> None:
    stream = unbroken.Anthropic(api_key="k", base_url=emulator.base_url).messages.create(**ARGS, stream=True)
    assert next(stream).type == "message_start"
    rest = list(stream)
    assert rest[-1].type == "message_stop"
    with pytest.raises(StopIteration):
        next(stream)


@pytest.mark.anyio
async def test_anext_on_a_failed_raw_stream_raises_the_failure_again(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(3))
    client = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    stream = await client.messages.create(**ARGS, stream=True)
    assert (await stream.__anext__()).type == "message_start"
    with pytest.raises(unbroken.APIConnectionError) as first:
        while True:
            await stream.__anext__()
    with pytest.raises(unbroken.APIConnectionError) as again:
        await stream.__anext__()
    assert again.value is first.value


def test_raw_beta_stream_failures_carry_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(5))
    client = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    with pytest.raises(unbroken.APIConnectionError) as info:
        for _ in client.beta.messages.create(**ARGS, stream=True, betas=["x-1"]):
            pass
    partial = info.value.partial_message
    assert partial is not None
    assert partial.content[0].type == "text"  # a beta message, accumulated from the raw events


@pytest.mark.anyio
async def test_async_raw_beta_stream_failures_carry_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.truncate())
    client = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    stream = await client.beta.messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.IncompleteStreamError) as info:
        async for _ in stream:
            pass
    assert info.value.partial_message is not None
    assert info.value.partial_message.stop_reason == "end_turn"


def test_per_request_follow_redirects_true_overrides_a_client_that_does_not_follow() -> None:
    def redirecting(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(302, headers={"location": "http://api.test/new"})
        return httpx.Response(200, json={"moved": True})

    http = httpx.Client(transport=httpx.MockTransport(Recorder(redirecting)), follow_redirects=False)
    client = unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http)
    assert client.get("/old", cast_to=object, options={"follow_redirects": True}) == {"moved": True}


@pytest.mark.anyio
async def test_async_stream_body_failure_names_its_cause_and_request() -> None:
    error = httpx.ReadError("gone")
    body = BreakingBody(error)
    recorder = Recorder(httpx.Response(200, stream=body, headers={"content-type": "text/event-stream"}))
    stream = await mock_async_client(recorder, max_retries=0).messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.APIConnectionError, match=r"^Connection error: gone$") as info:
        async for _ in stream:
            pass
    assert info.value.request is recorder.requests[0]
    assert info.value.__cause__ is error
