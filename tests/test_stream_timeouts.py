"""`stream_timeouts=` and a stream's `deadline=`, end to end against the emulator over real sockets: sync and
async clients, raw (`create(stream=True)`) and helper (`messages.stream()`) streams. The only waits are the
small limits under test."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import httpx
import pytest

import unbroken
from unbroken import StreamTimeouts
from unbroken.testing import Emulator, Fault, Reply

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "one two three four"}],
}
MODES = ["sync-raw", "sync-helper", "async-raw", "async-helper"]


def run(emulator: Emulator, mode: str, **options: Any) -> tuple[str | None, BaseException | None]:
    """Read one message stream in `mode` with a client built with `options`: its text, or what it raised."""
    options.setdefault("max_retries", 0)
    flavour, kind = mode.split("-")
    if flavour == "sync":
        client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, **options)
        try:
            return _sync_read(client, kind), None
        except unbroken.AnthropicError as exc:
            return None, exc
        finally:
            client.close()

    async def read() -> tuple[str | None, BaseException | None]:
        async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url, **options) as client:
            try:
                return await _async_read(client, kind), None
            except unbroken.AnthropicError as exc:
                return None, exc

    return anyio.run(read)


def _sync_read(client: unbroken.Anthropic, kind: str) -> str:
    if kind == "raw":
        texts = []
        for event in client.messages.create(**ARGS, stream=True):
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                texts.append(event.delta.text)
        return "".join(texts)
    with client.messages.stream(**ARGS) as stream:
        return stream.get_final_text()


async def _async_read(client: unbroken.AsyncAnthropic, kind: str) -> str:
    if kind == "raw":
        texts = []
        async for event in await client.messages.create(**ARGS, stream=True):
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                texts.append(event.delta.text)
        return "".join(texts)
    async with client.messages.stream(**ARGS) as stream:
        return await stream.get_final_text()


def timeout_of(error: BaseException | None) -> unbroken.APITimeoutError:
    assert isinstance(error, unbroken.APITimeoutError), repr(error)
    return error


@pytest.mark.parametrize("mode", MODES)
def test_a_stretch_of_pings_alone_is_an_idle_timeout_with_what_arrived(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text("one two three"))
    emulator.faults.push(Fault.pings(100, interval=0.05, after=4))  # message_start, ping, block start, "one"
    _text, error = run(emulator, mode, stream_timeouts=StreamTimeouts(idle=0.3))
    timeout = timeout_of(error)
    assert timeout.timeout_kind == "idle"
    assert "idle" in str(timeout)
    assert timeout.partial_message is not None
    assert timeout.partial_message.content[0].text == "one"  # type: ignore[union-attr]
    assert len(emulator.requests) == 1  # an event had reached the caller: never replayed


@pytest.mark.parametrize("mode", MODES)
def test_a_slow_first_event_is_retried_like_any_timeout(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.delay_first_event(10))
    text, error = run(emulator, mode, max_retries=1, stream_timeouts=StreamTimeouts(first_event=0.3))
    assert error is None
    assert text == "Echo: one two three four"
    assert len(emulator.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_out_of_retries_a_slow_first_event_is_a_first_event_timeout(emulator: Emulator, mode: str) -> None:
    # optional: on a machine slow enough the limit passes before the headers are sent, and the stall is never
    # reached; the limit that fires is the same one (the headers' wait counts against it).
    emulator.faults.push(Fault.delay_first_event(10, optional=True))
    _, error = run(emulator, mode, stream_timeouts=StreamTimeouts(first_event=0.3, idle=5))
    timeout = timeout_of(error)
    assert timeout.timeout_kind == "first_event"
    assert timeout.partial_message is None  # not even message_start arrived


@pytest.mark.parametrize("mode", ["sync-raw", "async-helper"])
def test_headers_that_never_come_count_against_the_first_event(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.stall_before_headers(10))
    _, error = run(emulator, mode, stream_timeouts=StreamTimeouts(first_event=0.3))
    timeout = timeout_of(error)
    assert timeout.timeout_kind == "first_event"
    assert isinstance(timeout.__cause__, unbroken.APITimeoutError)  # the transport's wait, cut short


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_that_does_not_end_in_time_is_a_total_timeout(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text("one two three"))
    emulator.faults.push(Fault.stall_after(5, 10))  # then silence, no pings
    _, error = run(emulator, mode, stream_timeouts=StreamTimeouts(total=0.6))
    timeout = timeout_of(error)
    assert timeout.timeout_kind == "total"
    # the read was ended by shutting its socket: that connection error is ours, not news for the caller
    assert timeout.__cause__ is None and timeout.__suppress_context__
    assert timeout.partial_message.content[0].text == "one two"  # type: ignore[union-attr]
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("mode", ["sync-helper", "async-raw"])
def test_limits_that_are_not_reached_change_nothing(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.pings(3, interval=0.05, after=4))
    limits = StreamTimeouts(first_event=5, idle=1, total=10)
    text, error = run(emulator, mode, stream_timeouts=limits, deadline=10)
    assert (text, error) == ("Echo: one two three four", None)


@pytest.mark.parametrize("mode", MODES)
def test_the_deadline_bounds_a_stream_until_its_first_event(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.delay_first_event(10))
    _, error = run(emulator, mode, max_retries=2, deadline=0.4)
    timeout = timeout_of(error)
    assert timeout.timeout_kind == "deadline"
    assert len(emulator.requests) == 1  # out of time: not retried


@pytest.mark.parametrize("mode", ["sync-raw", "async-helper"])
def test_a_stream_that_has_started_outlives_the_deadline(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.stall_after(3, 1.2))  # the first event is in long before the deadline
    text, error = run(emulator, mode, deadline=0.8)
    assert (text, error) == ("Echo: one two three four", None)


def test_the_connection_of_a_timed_out_stream_goes_back_to_the_pool(emulator: Emulator) -> None:
    http = httpx.Client(limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=1.0))
    client = unbroken.Anthropic(
        api_key="test", base_url=emulator.base_url, http_client=http, max_retries=0,
        stream_timeouts=StreamTimeouts(idle=0.2),
    )  # fmt: skip
    for _ in range(2):
        emulator.faults.push(Fault.pings(100, interval=0.05, after=2))
        with pytest.raises(unbroken.APITimeoutError), client.messages.stream(**ARGS) as stream:
            stream.until_done()
    assert client.messages.create(**ARGS).content[0].text == "Echo: one two three four"  # no pool timeout
    client.close()


@pytest.mark.anyio
async def test_the_async_connection_of_a_timed_out_stream_goes_back_to_the_pool(emulator: Emulator) -> None:
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=1.0))
    async with unbroken.AsyncAnthropic(
        api_key="test", base_url=emulator.base_url, http_client=http, max_retries=0,
        stream_timeouts=StreamTimeouts(first_event=0.2),
    ) as client:  # fmt: skip
        for _ in range(2):
            emulator.faults.push(Fault.delay_first_event(10))
            with pytest.raises(unbroken.APITimeoutError):
                failing = await client.messages.create(**ARGS, stream=True)  # returned with the headers
                async for _ in failing:
                    pass
        stream = await client.messages.create(**ARGS, stream=True)
        assert [event.type async for event in stream][-1] == "message_stop"


def test_a_timed_out_stream_stays_failed(emulator: Emulator) -> None:
    emulator.faults.push(Fault.pings(100, interval=0.05, after=2))
    client = emulator.client(max_retries=0, stream_timeouts=StreamTimeouts(idle=0.2))
    stream = client.messages.create(**ARGS, stream=True)
    with pytest.raises(unbroken.APITimeoutError) as first:
        list(stream)
    with pytest.raises(unbroken.APITimeoutError) as again:
        list(stream)
    assert again.value is first.value


def test_without_a_socket_the_limits_are_still_checked_at_every_chunk() -> None:
    """A transport that exposes no socket (here httpx's mock transport, its body paced like a server's): the
    watchdog cannot wake a read, but a chunk that arrives after a limit passed is still the breach."""

    def body() -> Any:
        yield b'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message",'
        yield b'"role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,'
        yield b'"usage":{"input_tokens":1,"output_tokens":1}}}\n\n'
        for _ in range(5):
            time.sleep(0.1)  # the server's pace: a ping every 0.1 s
            yield b'event: ping\ndata: {"type":"ping"}\n\n'

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body())

    client = unbroken.Anthropic(
        api_key="k", base_url="http://api.test", max_retries=0, stream_timeouts=StreamTimeouts(idle=0.25),
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )  # fmt: skip
    with pytest.raises(unbroken.APITimeoutError) as caught:
        list(client.messages.create(**ARGS, stream=True))
    assert caught.value.timeout_kind == "idle"
    assert caught.value.partial_message is not None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("limits", [{"stream_timeouts": StreamTimeouts(first_event=0.2)}, {"deadline": 0.2}])
def test_a_caller_that_starts_reading_late_is_not_timed_for_it(
    emulator: Emulator, mode: str, limits: dict[str, Any]
) -> None:
    # The server answers at once; the caller looks away for twice the limit before its first read. The limits
    # before the first event count the client's waiting, not the caller's: nothing fires, nothing is resent.
    flavour, kind = mode.split("-")
    away = 0.4
    if flavour == "sync":
        client = emulator.client(max_retries=2, **limits)
        if kind == "raw":
            events = client.messages.create(**ARGS, stream=True)
            time.sleep(away)
            text = "".join(e.delta.text for e in events if e.type == "content_block_delta")  # type: ignore[union-attr]
        else:
            with client.messages.stream(**ARGS) as stream:
                time.sleep(away)
                text = stream.get_final_text()
    else:

        async def read() -> str:
            async with emulator.async_client(max_retries=2, **limits) as client:
                if kind == "raw":
                    events = await client.messages.create(**ARGS, stream=True)
                    await anyio.sleep(away)
                    deltas = [e.delta.text async for e in events if e.type == "content_block_delta"]  # type: ignore[union-attr]
                    return "".join(deltas)
                async with client.messages.stream(**ARGS) as stream:
                    await anyio.sleep(away)
                    return await stream.get_final_text()

        text = anyio.run(read)
    assert text == "Echo: one two three four"
    assert len(emulator.requests) == 1


def paced_events() -> list[bytes]:
    """A message whose events each come well within the limits below, but whose runs of like events (deltas,
    then block starts and stops) each last longer than them: every event must count as progress."""
    start = {"id": "m", "type": "message", "role": "assistant", "model": "m", "content": [],
             "usage": {"input_tokens": 1, "output_tokens": 1}}  # fmt: skip
    events: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"type": "message_start", "message": start})
    ]
    for index in range(4):  # a text block with six deltas, then three empty ones
        block = {"type": "text", "text": ""}
        events.append(
            ("content_block_start", {"type": "content_block_start", "index": index, "content_block": block})
        )
        for word in ["one ", "two ", "three ", "four ", "five ", "six"] if index == 0 else []:
            delta = {"type": "text_delta", "text": word}
            events.append(
                ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
            )
        events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
    events.append(("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"},
                                     "usage": {"output_tokens": 7}}))  # fmt: skip
    events.append(("message_stop", {"type": "message_stop"}))
    # the API's compact data lines: the ones `until_done()` reads without building a model
    return [
        f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()
        for name, data in events
    ]


PACE = 0.06  # between two events; each run of like events lasts at least 5 * PACE
PACED_LIMITS = StreamTimeouts(first_event=0.15, idle=0.25)  # the second delta comes at 3 * PACE or later


@pytest.mark.parametrize("mode", ["sync-raw", "async-helper"])
def test_every_event_is_progress_for_the_idle_and_first_event_limits(mode: str) -> None:
    def body() -> Iterator[bytes]:
        for index, event in enumerate(paced_events()):
            if index:
                time.sleep(PACE)  # the server's pace
            yield event

    async def abody() -> AsyncIterator[bytes]:
        for index, event in enumerate(paced_events()):
            if index:
                await anyio.sleep(PACE)
            yield event

    def answer(request: httpx.Request) -> httpx.Response:
        content = body() if mode.startswith("sync") else abody()
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=content)

    options: dict[str, Any] = {"api_key": "k", "base_url": "http://api.test", "max_retries": 0}
    if mode == "sync-raw":
        http = httpx.Client(transport=httpx.MockTransport(answer))
        client = unbroken.Anthropic(**options, stream_timeouts=PACED_LIMITS, http_client=http)
        text = _sync_read(client, "raw")
    else:

        async def read() -> str:
            http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
            async with unbroken.AsyncAnthropic(
                **options, stream_timeouts=PACED_LIMITS, http_client=http
            ) as c:
                return await _async_read(c, "helper")

        text = anyio.run(read)
    assert text == "one two three four five six"
