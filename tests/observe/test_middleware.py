"""Middleware in the official SDK 2.x's shape: once per attempt inside the retry loop, every response seen,
connection failures raised through it, values returned as they are; sync and async, over real sockets."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

import unbroken
import unbroken as anthropic
from unbroken import APIRequest, AsyncCallNext, CallNext, Middleware, RetryableError
from unbroken.testing import Emulator, Fault, Reply
from unbroken.types import Message

MODEL = "claude-sonnet-4-5"
HELLO: Any = [{"role": "user", "content": "Hello"}]


def create(client: unbroken.Anthropic, **extra: Any) -> Any:
    return client.messages.create(model=MODEL, max_tokens=64, messages=HELLO, **extra)


async def acreate(client: unbroken.AsyncAnthropic, **extra: Any) -> Any:
    return await client.messages.create(model=MODEL, max_tokens=64, messages=HELLO, **extra)


class Recorder(Middleware):
    """Records each attempt it sees (as the official SDK's own tests write a middleware)."""

    def __init__(self, name: str = "m", events: list[str] | None = None) -> None:
        self.name = name
        self.events = events if events is not None else []
        self.attempts: list[int] = []
        self.statuses: list[int] = []
        self.errors: list[Exception] = []

    def _before(self, request: APIRequest) -> None:
        self.attempts.append(request.retries_taken)
        self.events.append(f"{self.name}:enter")

    def _after(self, response: Any) -> Any:
        self.statuses.append(response.status_code)
        self.events.append(f"{self.name}:exit")
        return response

    def handle(self, request: APIRequest, call_next: CallNext) -> Any:
        self._before(request)
        try:
            response = call_next(request)
        except Exception as err:
            self.errors.append(err)
            raise
        return self._after(response)

    async def handle_async(self, request: APIRequest, call_next: AsyncCallNext) -> Any:
        self._before(request)
        try:
            response = await call_next(request)
        except Exception as err:
            self.errors.append(err)
            raise
        return self._after(response)


# -- code written for the official SDK 2.x, as its documentation and tests write it -------------------------


def test_a_middleware_written_for_the_official_sdk_runs_unchanged(emulator: Emulator) -> None:
    seen: list[tuple[str, str, int, int]] = []

    class LoggingMiddleware(anthropic.Middleware):
        def handle(
            self, request: anthropic.APIRequest, call_next: anthropic.CallNext
        ) -> anthropic.APIResponse[Any]:
            response = call_next(request)
            seen.append((request.method, request.url, request.retries_taken, response.status_code))
            return response

    def add_trace_header(request: anthropic.APIRequest, call_next: anthropic.CallNext) -> Any:
        return call_next(request.copy(headers={**request.headers, "x-trace-id": "abc-123"}))

    client = anthropic.Anthropic(
        api_key="test", base_url=emulator.base_url, middleware=[LoggingMiddleware(), add_trace_header]
    )
    emulator.faults.push(Fault.status(529))
    message = client.with_middleware().messages.create(model=MODEL, max_tokens=64, messages=HELLO)

    assert isinstance(message, Message)
    assert seen == [("post", "/v1/messages", 0, 529), ("post", "/v1/messages", 1, 200)]
    assert [r.header("x-trace-id") for r in emulator.requests] == ["abc-123", "abc-123"]
    client.close()


# -- order and attempts ------------------------------------------------------------------------------------


def test_the_first_middleware_given_is_the_outermost(emulator: Emulator) -> None:
    events: list[str] = []
    client = emulator.client(middleware=[Recorder("outer", events), Recorder("inner", events)])

    create(client)

    assert events == ["outer:enter", "inner:enter", "inner:exit", "outer:exit"]


@pytest.mark.anyio
async def test_the_async_chain_runs_in_the_same_order(emulator: Emulator) -> None:
    events: list[str] = []
    async with emulator.async_client(
        middleware=[Recorder("outer", events), Recorder("inner", events)]
    ) as client:
        await acreate(client)

    assert events == ["outer:enter", "inner:enter", "inner:exit", "outer:exit"]


def test_the_chain_runs_once_per_attempt_and_sees_each_error_response(emulator: Emulator) -> None:
    recorder = Recorder()
    emulator.faults.push(Fault.status(500, times=2))

    create(emulator.client(middleware=[recorder], max_retries=2))

    assert recorder.attempts == [0, 1, 2]
    assert recorder.statuses == [500, 500, 200]
    assert recorder.errors == []


@pytest.mark.anyio
async def test_the_async_chain_runs_once_per_attempt(emulator: Emulator) -> None:
    recorder = Recorder()
    emulator.faults.push(Fault.status(529))
    async with emulator.async_client(middleware=[recorder]) as client:
        await acreate(client)

    assert recorder.attempts == [0, 1]
    assert recorder.statuses == [529, 200]


def test_a_4xx_response_reaches_the_middleware_and_the_caller_gets_the_typed_error(
    emulator: Emulator,
) -> None:
    recorder = Recorder()
    emulator.faults.push(Fault.status(400))

    with pytest.raises(unbroken.BadRequestError):
        create(emulator.client(middleware=[recorder], max_retries=2))

    assert recorder.statuses == [400]
    assert len(emulator.requests) == 1


def test_a_connection_failure_raises_through_the_chain_and_is_retried(emulator: Emulator) -> None:
    recorder = Recorder()
    emulator.faults.push(Fault.close_before_response())

    create(emulator.client(middleware=[recorder]))

    assert [type(e) for e in recorder.errors] == [unbroken.APIConnectionError]
    assert recorder.attempts == [0, 1]
    assert recorder.statuses == [200]


@pytest.mark.anyio
async def test_the_async_chain_sees_connection_failures_raised(emulator: Emulator) -> None:
    recorder = Recorder()
    emulator.faults.push(Fault.close_before_response())
    async with emulator.async_client(middleware=[recorder]) as client:
        await acreate(client)

    assert [type(e) for e in recorder.errors] == [unbroken.APIConnectionError]


def test_changes_to_a_request_do_not_leak_into_the_next_attempt(emulator: Emulator) -> None:
    def tag(request: APIRequest, call_next: CallNext) -> Any:
        assert "x-attempt" not in request.headers
        return call_next(request.copy(headers={**request.headers, "x-attempt": str(request.retries_taken)}))

    emulator.faults.push(Fault.status(500))
    create(emulator.client(middleware=[tag]))

    assert [r.header("x-attempt") for r in emulator.requests] == ["0", "1"]


def test_a_changed_body_is_what_is_sent(emulator: Emulator) -> None:
    def bigger(request: APIRequest, call_next: CallNext) -> Any:
        body = dict(request.json)  # type: ignore[arg-type]
        return call_next(request.copy(body={**body, "max_tokens": 4096}))

    create(emulator.client(middleware=[bigger]))

    assert emulator.requests.last.json["max_tokens"] == 4096
    assert emulator.requests.last.json["messages"] == HELLO


# -- what a middleware may return or raise -----------------------------------------------------------------


def test_a_value_returned_instead_of_a_response_reaches_the_caller_as_it_is(emulator: Emulator) -> None:
    cached = object()

    def cache(request: APIRequest, call_next: CallNext) -> Any:
        return cached

    assert create(emulator.client(middleware=[cache])) is cached
    assert len(emulator.requests) == 0


def test_a_fallback_calls_next_twice_and_the_first_response_is_released(emulator: Emulator) -> None:
    dropped: list[Any] = []

    def fallback(request: APIRequest, call_next: CallNext) -> Any:
        response = call_next(request)
        if response.status_code == 529:
            dropped.append(response)  # never read nor closed by the middleware
            return call_next(request.copy(body={**request.json, "model": "claude-haiku-4-5"}))  # type: ignore[dict-item]
        return response

    emulator.faults.push(Fault.status(529))
    message = create(emulator.client(middleware=[fallback], max_retries=0))

    assert message.model == "claude-haiku-4-5"
    assert [r.json["model"] for r in emulator.requests] == [MODEL, "claude-haiku-4-5"]
    assert dropped[0].http_response.is_closed  # its connection went back to the pool


ONE_CONNECTION = {"limits": httpx2.Limits(max_connections=1), "timeout": httpx2.Timeout(5.0, pool=0.5)}


@pytest.mark.parametrize("status", [200, 529])
def test_a_second_call_next_finds_the_first_connection_back_in_the_pool(
    emulator: Emulator, status: int
) -> None:
    # A response a middleware holds (a fallback's 529, a 200 it chose not to return) has its body read and its
    # connection released when `call_next` returns, as the official SDK's non-streaming attempts do: holding
    # it until the chain ended made the second `call_next` wait for the pool (a pool timeout on a small pool).
    held: list[Any] = []

    def fallback(request: APIRequest, call_next: CallNext) -> Any:
        held.append(call_next(request))
        return call_next(request.copy(body={**request.json, "model": "claude-haiku-4-5"}))  # type: ignore[dict-item]

    if status != 200:
        emulator.faults.push(Fault.status(status))
    http_client = unbroken.DefaultHttpxClient(**ONE_CONNECTION)
    message = create(emulator.client(middleware=[fallback], max_retries=0, http_client=http_client))

    assert message.model == "claude-haiku-4-5"
    assert held[0].status_code == status and held[0].http_response.is_stream_consumed


@pytest.mark.anyio
@pytest.mark.parametrize("status", [200, 529])
async def test_a_second_async_call_next_finds_the_first_connection_back_in_the_pool(
    emulator: Emulator, status: int
) -> None:
    held: list[Any] = []

    async def fallback(request: APIRequest, call_next: AsyncCallNext) -> Any:
        held.append(await call_next(request))
        return await call_next(request.copy(body={**request.json, "model": "claude-haiku-4-5"}))  # type: ignore[dict-item]

    if status != 200:
        emulator.faults.push(Fault.status(status))
    http_client = unbroken.DefaultAsyncHttpxClient(**ONE_CONNECTION)
    async with emulator.async_client(middleware=[fallback], max_retries=0, http_client=http_client) as client:
        message = await client.messages.create(
            model=MODEL, max_tokens=16, messages=[{"role": "user", "content": "hi"}]
        )

    assert message.model == "claude-haiku-4-5"
    assert held[0].status_code == status and held[0].http_response.is_stream_consumed


def test_a_refused_stream_releases_its_connection_before_call_next_returns(
    emulator: Emulator,
) -> None:
    # The same for a stream answered by an error status (its small JSON body): a streamed 200 stays unread.
    def fallback(request: APIRequest, call_next: CallNext) -> Any:
        response = call_next(request)
        if response.status_code == 529:
            return call_next(request.copy(body={**request.json, "model": "claude-haiku-4-5"}))  # type: ignore[dict-item]
        assert not response.http_response.is_stream_consumed  # a stream's body is the caller's to read
        return response

    emulator.faults.push(Fault.status(529))
    http_client = unbroken.DefaultHttpxClient(**ONE_CONNECTION)
    client = emulator.client(middleware=[fallback], max_retries=0, http_client=http_client)
    with client.messages.stream(
        model=MODEL, max_tokens=16, messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        message = stream.get_final_message()

    assert message.model == "claude-haiku-4-5"


def test_a_middleware_error_reaches_the_caller_unretried(emulator: Emulator) -> None:
    class Boom(Exception):
        pass

    recorder = Recorder()

    def explode(request: APIRequest, call_next: CallNext) -> Any:
        raise Boom("no")

    with pytest.raises(Boom):
        create(emulator.client(middleware=[recorder, explode], max_retries=2))

    assert recorder.attempts == [0]
    assert len(emulator.requests) == 0


def test_a_retryable_error_is_retried_while_retries_remain(emulator: Emulator) -> None:
    attempts: list[int] = []

    def give_up(request: APIRequest, call_next: CallNext) -> Any:
        attempts.append(request.retries_taken)
        raise RetryableError("try again")

    with pytest.raises(RetryableError):
        create(emulator.client(middleware=[give_up], max_retries=2))

    assert attempts == [0, 1, 2]


def test_an_error_raised_from_a_retryable_one_stays_retryable(emulator: Emulator) -> None:
    class Wrapped(Exception):
        pass

    def wrap(request: APIRequest, call_next: CallNext) -> Any:
        try:
            return call_next(request)
        except unbroken.APIConnectionError as err:
            raise Wrapped("wrapped") from err

    emulator.faults.push(Fault.close_before_response())
    message = create(emulator.client(middleware=[wrap]))

    assert isinstance(message, Message)
    assert len(emulator.requests) == 2


def test_a_middleware_that_parsed_the_response_shares_the_callers_result(emulator: Emulator) -> None:
    parsed: list[Any] = []

    def parse(request: APIRequest, call_next: CallNext) -> Any:
        response = call_next(request)
        parsed.append(response.parse())
        return response

    message = create(emulator.client(middleware=[parse]))

    assert parsed == [message]
    assert parsed[0] is message


# -- streams -----------------------------------------------------------------------------------------------


def test_a_raw_stream_goes_through_the_chain(emulator: Emulator) -> None:
    recorder = Recorder()
    seen: list[bool] = []

    def note(request: APIRequest, call_next: CallNext) -> Any:
        seen.append(request.stream)
        return call_next(request)

    client = emulator.client(middleware=[recorder, note])
    with create(client, stream=True) as stream:
        events = [event.type for event in stream]

    assert events[0] == "message_start" and events[-1] == "message_stop"
    assert seen == [True]
    assert recorder.statuses == [200]


def test_a_stream_that_fails_before_its_first_event_is_retried_through_the_chain(emulator: Emulator) -> None:
    recorder = Recorder()
    emulator.faults.push(Fault.drop_after(0))
    client = emulator.client(middleware=[recorder])

    with client.messages.stream(model=MODEL, max_tokens=64, messages=HELLO) as stream:
        text = stream.get_final_text()

    assert text == "Echo: Hello"
    assert recorder.attempts == [0, 1]


@pytest.mark.anyio
async def test_an_async_message_stream_goes_through_the_chain(emulator: Emulator) -> None:
    recorder = Recorder()
    emulator.faults.push(Fault.status(529))
    async with emulator.async_client(middleware=[recorder]) as client:
        async with client.messages.stream(model=MODEL, max_tokens=64, messages=HELLO) as stream:
            message = await stream.get_final_message()

    assert message.content[0].text == "Echo: Hello"  # type: ignore[union-attr]
    assert recorder.statuses == [529, 200]


def test_with_raw_response_goes_through_the_chain(emulator: Emulator) -> None:
    recorder = Recorder()
    client = emulator.client(middleware=[recorder])

    response = client.messages.with_raw_response.create(model=MODEL, max_tokens=64, messages=HELLO)

    assert response.parse().content[0].text == "Echo: Hello"  # type: ignore[union-attr]
    assert recorder.statuses == [200]


# -- configuration -----------------------------------------------------------------------------------------


def test_with_middleware_appends_inside_and_leaves_the_client_as_it_was(emulator: Emulator) -> None:
    events: list[str] = []
    outer, inner = Recorder("outer", events), Recorder("inner", events)
    client = emulator.client(middleware=[outer])

    derived = client.with_middleware(inner)
    create(derived)

    assert client.middleware == (outer,)
    assert derived.middleware == (outer, inner)
    assert events == ["outer:enter", "inner:enter", "inner:exit", "outer:exit"]
    assert client.copy().middleware == (outer,)
    assert client.copy(middleware=None).middleware == ()


def test_a_middleware_of_the_other_kind_is_refused_when_the_client_is_built() -> None:
    async def async_function(request: APIRequest, call_next: AsyncCallNext) -> Any:
        return await call_next(request)

    def sync_function(request: APIRequest, call_next: CallNext) -> Any:
        return call_next(request)

    class SyncOnly(Middleware):
        def handle(self, request: APIRequest, call_next: CallNext) -> Any:
            return call_next(request)

    class AsyncOnly(Middleware):
        async def handle(self, request: APIRequest, call_next: CallNext) -> Any:  # type: ignore[override]
            return call_next(request)

    # Each message says what the client needs, not only what it got.
    with pytest.raises(
        TypeError, match="async function; the synchronous client needs a plain `def` function"
    ):
        unbroken.Anthropic(api_key="k", middleware=[async_function])
    with pytest.raises(TypeError, match="does not implement `handle_async"):
        unbroken.AsyncAnthropic(api_key="k", middleware=[SyncOnly()])
    with pytest.raises(
        TypeError, match="sync function; the asynchronous client needs an `async def` function"
    ):
        unbroken.AsyncAnthropic(api_key="k").with_middleware(sync_function)
    with pytest.raises(
        TypeError, match=r"`handle\(\)` as an async function; .* needs a plain `def handle\(\)`"
    ):
        unbroken.Anthropic(api_key="k", middleware=[AsyncOnly()])
    with pytest.raises(TypeError, match="not callable"):
        unbroken.Anthropic(api_key="k", middleware=[object()])  # type: ignore[list-item]
    assert unbroken.Anthropic(api_key="k", middleware=[SyncOnly(), sync_function]).middleware


def test_the_request_view_copies_deeply_and_hides_headers_in_its_repr() -> None:
    from unbroken._request import request_spec

    spec = request_spec("post", "/v1/messages", body={"messages": [{"role": "user", "content": "hi"}]})
    request = APIRequest(spec, stream=False, retries_taken=2)
    copied = request.copy(headers={"x-api-key": "sk-secret"})
    copied.json["messages"].append({"role": "assistant", "content": "x"})  # type: ignore[index]

    assert request.json == {"messages": [{"role": "user", "content": "hi"}]}
    assert copied.retries_taken == 2
    assert "sk-secret" not in repr(copied)
    assert copied.options.headers == {"x-api-key": "sk-secret"}


def test_a_scripted_reply_and_middleware_together(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("scripted"))
    recorder = Recorder()

    message = create(emulator.client(middleware=[recorder]))

    assert message.content[0].text == "scripted"


def test_on_a_platform_client_middleware_sees_the_call_as_made_and_its_changes_are_signed(
    emulator: Emulator,
) -> None:
    from unbroken.lib.bedrock import AnthropicBedrock

    seen: list[Any] = []

    def switch_model(request: APIRequest, call_next: CallNext) -> Any:
        seen.append((request.url, request.json["model"]))  # type: ignore[index]
        return call_next(request.copy(body={**request.json, "model": "anthropic.claude-haiku-4-5"}))  # type: ignore[dict-item]

    client = AnthropicBedrock(
        aws_region="us-east-1",
        aws_access_key="a",
        aws_secret_key="s",
        base_url=emulator.base_url,
        middleware=[switch_model],
    )
    client.messages.create(model="anthropic.claude-sonnet-4-5", max_tokens=16, messages=HELLO)

    assert seen == [("/v1/messages", "anthropic.claude-sonnet-4-5")]  # before Bedrock's rewrite
    assert emulator.requests.last.path == "/model/anthropic.claude-haiku-4-5/invoke"
    assert emulator.requests.last.header("authorization", "").startswith("AWS4-HMAC-SHA256")


def test_a_streamed_body_survives_a_middleware_that_changes_the_headers(emulator: Emulator) -> None:
    import json

    from unbroken._request import RequestSpec, StreamedBody
    from unbroken.types.messages import MessageBatch

    params = {"model": MODEL, "max_tokens": 8, "messages": HELLO}
    payload = json.dumps({"requests": [{"custom_id": "a", "params": params}]}).encode()
    body = StreamedBody(len(payload), lambda: iter([payload[:10], payload[10:]]))

    def tag(request: APIRequest, call_next: CallNext) -> Any:
        return call_next(request.copy(headers={**request.headers, "x-tag": "1"}))

    client = emulator.client(middleware=[tag])
    batch = client.request(MessageBatch, RequestSpec("post", "/v1/messages/batches", content=body))

    assert batch.request_counts.processing == 1
    assert emulator.requests.last.header("x-tag") == "1"
    assert emulator.requests.last.body == payload
