"""`AsyncBodyReader` (the async stream's body, its limits, its retries and fallbacks) as a caller sees it:
against the emulator over real sockets, or a socketless transport feeding crafted bytes. Each test pins a
behaviour mutation testing found unguarded (issue 10); the unobservable changes are listed in
`scripts/mutation_equivalent.md`."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import httpx
import pytest

import unbroken
from unbroken import CircuitBreaker, Fallback, StreamTimeouts
from unbroken.testing import Emulator, Fault, Reply
from unbroken.types.stream_events import RawMessageStreamEvent
from unbroken.usage import UsageMeter

pytestmark = pytest.mark.anyio

PRIMARY = "claude-opus-4-1"
HAIKU = "claude-haiku-4-5"
ARGS: dict[str, Any] = {
    "model": PRIMARY,
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "one two three four"}],
}
TO_HAIKU = [Fallback(model=HAIKU)]


def sse(*events: dict[str, Any]) -> list[bytes]:
    """Each event as one server-sent event, ready to be a chunk of a body."""
    return [f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode() for event in events]


MESSAGE_START = {
    "type": "message_start",
    "message": {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": PRIMARY,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 7, "output_tokens": 1},
    },
}
PING = {"type": "ping"}
TEXT_MESSAGE = sse(
    MESSAGE_START,
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 2},
    },
    {"type": "message_stop"},
)


def socketless(
    body: Callable[[], AsyncIterator[bytes]], *, extensions: dict[str, Any] | None = None, **options: Any
) -> unbroken.AsyncAnthropic:
    """An async client whose every answer is a 200 event stream with `body` (httpx's mock transport)."""

    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/event-stream"}
        return httpx.Response(200, headers=headers, content=body(), extensions=extensions or {})

    options.setdefault("max_retries", 0)
    http_client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return unbroken.AsyncAnthropic(
        api_key="k", base_url="http://api.test", http_client=http_client, **options
    )


def names_the_request(error: unbroken.APITimeoutError) -> None:
    """A stream's timeout says which request it ended, like any other connection error."""
    assert error.request.method == "POST"
    assert error.request.url.path == "/v1/messages"


async def idle_timeout_of(
    body: Callable[[], AsyncIterator[bytes]], *, extensions: dict[str, Any] | None = None
) -> unbroken.APITimeoutError:
    """What reading a socketless stream of `body` with `idle=0.2` raised: that limit's timeout, naming the
    request, with what arrived (the body's first chunk is `message_start`)."""
    async with socketless(body, extensions=extensions, stream_timeouts=StreamTimeouts(idle=0.2)) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        with pytest.raises(unbroken.APITimeoutError) as caught:
            await text_of(stream)
    assert caught.value.timeout_kind == "idle"
    names_the_request(caught.value)
    assert caught.value.partial_message is not None
    return caught.value


async def text_of(stream: Any) -> str:
    return "".join(
        [
            e.delta.text
            async for e in stream
            if e.type == "content_block_delta" and e.delta.type == "text_delta"
        ]
    )


# -- a stream made by hand -----------------------------------------------------------------------------------


async def test_a_stream_made_from_a_response_by_hand_reads_to_its_end() -> None:
    # The reference's constructor (`AsyncStream(cast_to=, response=, client=)`): no call behind it, so no
    # limits, retries or fallbacks; its events are read all the same.
    async with unbroken.AsyncAnthropic(api_key="k") as client:
        request = httpx.Request("POST", "https://api.anthropic.com/v1/messages")
        response = httpx.Response(200, content=b"".join(TEXT_MESSAGE), request=request)
        stream: unbroken.AsyncStream[RawMessageStreamEvent] = unbroken.AsyncStream(
            cast_to=RawMessageStreamEvent, response=response, client=client
        )

        events = [event async for event in stream]

    assert [event.type for event in events][0::5] == ["message_start", "message_stop"]
    assert response.is_closed


# -- the stream's limits -------------------------------------------------------------------------------------


async def test_a_caller_that_starts_reading_after_total_passed_gets_the_total_timeout(
    emulator: Emulator,
) -> None:
    # `total` counts from the moment the request was sent, the caller's own time included.
    async with emulator.async_client(max_retries=0, stream_timeouts=StreamTimeouts(total=0.2)) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        await anyio.sleep(0.25)
        with pytest.raises(unbroken.APITimeoutError) as caught:
            await text_of(stream)

    assert caught.value.timeout_kind == "total"
    names_the_request(caught.value)
    assert caught.value.partial_message is None
    assert len(emulator.requests) == 1


async def test_total_passing_while_the_caller_holds_an_event_ends_the_stream(emulator: Emulator) -> None:
    async with emulator.async_client(max_retries=0, stream_timeouts=StreamTimeouts(total=0.2)) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        with pytest.raises(unbroken.APITimeoutError) as caught:
            async for event in stream:
                if event.type == "content_block_delta":
                    await anyio.sleep(0.25)

    assert caught.value.timeout_kind == "total"
    assert caught.value.__cause__ is None  # our limit, not a transport's
    names_the_request(caught.value)
    assert caught.value.partial_message is not None
    assert len(emulator.requests) == 1


async def test_total_no_longer_counts_once_message_stop_arrived(emulator: Emulator) -> None:
    # The answer is complete: a caller slow to read the body's last bytes does not turn it into a timeout.
    async with emulator.async_client(max_retries=0, stream_timeouts=StreamTimeouts(total=0.2)) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        seen = []
        async for event in stream:
            seen.append(event.type)
            if event.type == "message_stop":
                await anyio.sleep(0.25)

    assert seen[-1] == "message_stop"


async def test_pings_before_the_first_event_do_not_hold_off_the_first_event_limit(emulator: Emulator) -> None:
    emulator.faults.push(Fault.pings(20, interval=0.05, after=0))  # a second of pings before message_start
    async with emulator.async_client(
        max_retries=0, stream_timeouts=StreamTimeouts(first_event=0.3)
    ) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        with pytest.raises(unbroken.APITimeoutError) as caught:
            await text_of(stream)

    assert caught.value.timeout_kind == "first_event"
    names_the_request(caught.value)
    assert len(emulator.requests) == 1


async def test_a_silent_body_without_a_socket_times_out_naming_its_request() -> None:
    # No socket for the watchdog to shut: the reader bounds its own wait (`bounded_reads`).
    async def body() -> AsyncIterator[bytes]:
        yield TEXT_MESSAGE[0]
        await anyio.Event().wait()  # the server goes silent
        yield b""

    await idle_timeout_of(body)


async def test_a_chunk_that_comes_after_a_limit_passed_came_too_late() -> None:
    # A transport that holds the event loop while it waits (no cancel scope can wake it): the chunk it finally
    # hands over arrived after `idle` had passed, whatever it holds.
    async def body() -> AsyncIterator[bytes]:
        yield TEXT_MESSAGE[0]
        time.sleep(0.25)  # the point: a wait the event loop cannot interrupt
        yield TEXT_MESSAGE[1]

    await idle_timeout_of(body)


class _WatchedSocket:
    """What the watchdog shuts down; the body it carries then fails with `error` (as a transport would)."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.shut = asyncio.Event()
        self._loop = asyncio.get_running_loop()

    def get_extra_info(self, name: str) -> Any:
        return self if name == "socket" else None

    def shutdown(self, how: int) -> None:  # called from the watchdog's thread
        self._loop.call_soon_threadsafe(self.shut.set)

    async def body(self) -> AsyncIterator[bytes]:
        yield TEXT_MESSAGE[0]
        await self.shut.wait()
        raise self.error


@pytest.mark.parametrize(
    "transport_error",
    [httpx.ReadTimeout("timed out"), httpx.RemoteProtocolError("peer closed connection")],
    ids=["its-own-timeout", "a-closed-connection"],
)
async def test_a_read_the_watchdog_woke_fails_with_the_limit_that_passed(transport_error: Exception) -> None:
    sock = _WatchedSocket(transport_error)

    timeout = await idle_timeout_of(sock.body, extensions={"network_stream": sock})

    assert sock.shut.is_set()
    if isinstance(transport_error, httpx.TimeoutException):  # the transport's own limit passed too: chained
        assert isinstance(timeout.__cause__, unbroken.APITimeoutError)
        assert timeout.__cause__.timeout_kind != "idle"
    else:  # the watchdog shut the socket: that error is no news
        assert timeout.__suppress_context__


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_fallback_clients_body_is_not_judged_by_the_limits_of_the_body_before_it(
    emulator: Emulator, flavour: str
) -> None:
    # The first target's body timed out (`first_event`); the fallback client sets no stream limits, and its
    # body then drops mid-answer: that drop is what the caller gets, not the first body's timeout again.
    emulator.faults.push(
        Fault.delay_first_event(10, model="claude-opus-*"), Fault.drop_after(4, model="claude-haiku-*")
    )
    limits = StreamTimeouts(first_event=0.2)
    error: BaseException | None = None
    if flavour == "sync":
        plain = emulator.client(max_retries=0)
        client = emulator.client(
            max_retries=0, stream_timeouts=limits, fallbacks=[Fallback(client=plain, model=HAIKU)]
        )
        with pytest.raises(unbroken.APIConnectionError) as caught:
            for _ in client.messages.create(**ARGS, stream=True):
                pass
        error = caught.value
    else:

        async def read() -> BaseException:
            async with emulator.async_client(max_retries=0) as plain:
                fallbacks = [Fallback(client=plain, model=HAIKU)]
                async with emulator.async_client(
                    max_retries=0, stream_timeouts=limits, fallbacks=fallbacks
                ) as client:
                    stream = await client.messages.create(**ARGS, stream=True)
                    with pytest.raises(unbroken.APIConnectionError) as caught:
                        await text_of(stream)
                    return caught.value

        error = anyio.run(read)

    assert not isinstance(error, unbroken.APITimeoutError), error
    assert "peer closed connection" in str(error)  # the drop itself
    assert error.partial_message is not None  # type: ignore[attr-defined]
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]


# -- retries and fallbacks -----------------------------------------------------------------------------------


async def test_a_middleware_error_on_a_streams_retry_reaches_the_caller_as_it_is(emulator: Emulator) -> None:
    async def middleware(request: Any, call_next: Any) -> Any:
        if request.retries_taken:
            raise LookupError("no second try today")
        return await call_next(request)

    emulator.faults.push(Fault.error_event(0))  # an overload before the first event: retried
    async with emulator.async_client(max_retries=1, middleware=[middleware]) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        with pytest.raises(LookupError, match="no second try today"):
            await text_of(stream)

    assert len(emulator.requests) == 1


async def test_a_raw_stream_that_keeps_nothing_still_falls_back(emulator: Emulator) -> None:
    # `accumulate_raw_streams=False`: no partial message to keep, the move to a fallback all the same.
    emulator.faults.push(Fault.error_event(0, model="claude-opus-*", times=None))
    options = {"accumulate_raw_streams": False, "fallbacks": TO_HAIKU, "max_retries": 0}
    async with emulator.async_client(**options) as client:
        text = await text_of(await client.messages.create(**ARGS, stream=True))

    assert text == "Echo: one two three four"
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]


async def test_a_fallback_answered_by_a_middlewares_value_raises_the_streams_failure(
    emulator: Emulator,
) -> None:
    # A value cannot carry on a stream's body: the call ends with the failure it was moving away from.
    async def cache(request: Any, call_next: Any) -> Any:
        if request.json["model"] == HAIKU:
            return "a cached answer"
        return await call_next(request)

    emulator.faults.push(Fault.error_event(0, model="claude-opus-*", times=None))
    options = {"fallbacks": TO_HAIKU, "max_retries": 0, "middleware": [cache]}
    async with emulator.async_client(**options) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        with pytest.raises(unbroken.OverloadedError):
            await text_of(stream)

    assert [r.model for r in emulator.requests] == [PRIMARY]


async def test_an_overload_after_message_start_counts_against_the_targets_breaker(emulator: Emulator) -> None:
    # The started body is not retried (no `resume_streams`), but its overload counts as any other does.
    breaker = CircuitBreaker(threshold=1)
    emulator.faults.push(Fault.error_event(2, model="claude-opus-*"))  # message_start, ping, overloaded
    options = {"fallbacks": TO_HAIKU, "max_retries": 2, "circuit_breaker": breaker}
    async with emulator.async_client(**options) as client:
        text = await text_of(await client.messages.create(**ARGS, stream=True))

    assert text == "Echo: one two three four"
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]
    assert breaker.is_open(PRIMARY)


async def test_a_stream_read_to_its_end_breaks_its_targets_row_of_overloads(emulator: Emulator) -> None:
    breaker = CircuitBreaker(threshold=3)
    options = {"fallbacks": TO_HAIKU, "max_retries": 1, "circuit_breaker": breaker}
    emulator.faults.push(Fault.status(529))  # one overload, then the stream's answer
    async with emulator.async_client(**options) as client:
        assert await text_of(await client.messages.create(**ARGS, stream=True)) == "Echo: one two three four"
        emulator.faults.push(Fault.status(529, model="claude-opus-*", times=2))
        assert (await client.messages.create(**ARGS)).model == HAIKU  # two more overloads: not three in a row

    assert not breaker.is_open(PRIMARY)
    assert [r.model for r in emulator.requests if r.outcome.status == 529] == [PRIMARY] * 3


async def test_a_continuation_that_fails_before_its_first_event_does_not_fall_back(
    emulator: Emulator,
) -> None:
    # Content reached the caller: a continuation may be retried, never moved to another model.
    emulator.replies.push(Reply.text("one two three"))
    emulator.faults.push(
        Fault.drop_after(4), Fault.error_event(0, when=lambda req: req.prefill is not None, times=None)
    )
    options = {"resume_streams": True, "fallbacks": TO_HAIKU, "max_retries": 1}
    async with emulator.async_client(**options) as client:
        with pytest.raises(unbroken.APIConnectionError) as caught:
            async with client.messages.stream(**ARGS) as stream:
                await stream.until_done()

    assert isinstance(caught.value.__cause__, unbroken.OverloadedError)  # why it could not be continued
    assert [(r.model, r.prefill) for r in emulator.requests] == [
        (PRIMARY, None),
        (PRIMARY, "one"),
        (PRIMARY, "one"),
    ]


# -- the end of a stream -------------------------------------------------------------------------------------


async def test_a_stream_closed_part_way_meters_what_arrived(emulator: Emulator) -> None:
    meter = UsageMeter()
    async with emulator.async_client(usage_meter=meter) as client:
        stream = await client.messages.create(**ARGS, stream=True)
        async for event in stream:
            if event.type == "content_block_delta":
                break
        assert meter.calls == 0  # still open
        await stream.close()

    assert meter.calls == 1
    assert meter.usage.input_tokens > 0  # message_start's usage: billed even though the caller left


async def test_leaving_a_stream_manager_whose_request_failed_is_a_no_op(emulator: Emulator) -> None:
    # A framework that pairs enter and exit by hand (a fixture's setup and teardown) may exit after a failed
    # enter: nothing to close, nothing raised.
    emulator.faults.push(Fault.status(400))
    async with emulator.async_client(max_retries=0) as client:
        manager = client.messages.stream(**ARGS)
        with pytest.raises(unbroken.BadRequestError):
            await manager.__aenter__()
        await manager.__aexit__(None, None, None)  # nothing raised

    assert len(emulator.requests) == 1
