"""Hooks: each attempt sent and answered, each retry (attempt, delay, error), each failed stream (error and
partial message); async hooks awaited on the async client; a hook that raises never breaks the call."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import unbroken
from unbroken import APIRequest, CallNext, Hooks, RetryEvent, StreamErrorEvent
from unbroken.testing import Emulator, Fault

MODEL = "claude-sonnet-4-5"
WORDS: Any = [{"role": "user", "content": "one two three four five six"}]


def recording_hooks(log: list[Any]) -> Hooks:
    return Hooks(
        on_request=lambda e: log.append(("request", e.attempt, e.request.method)),
        on_response=lambda e: log.append(("response", e.attempt, e.response.status_code)),
        on_retry=lambda e: log.append(("retry", e.attempt, e.delay, type(e.error).__name__)),
        on_stream_error=lambda e: log.append(("stream_error", type(e.error).__name__, e.partial_message)),
    )


def test_each_attempt_and_retry_is_told_in_order_with_the_middleware_around_it(emulator: Emulator) -> None:
    log: list[Any] = []

    def middleware(request: APIRequest, call_next: CallNext) -> Any:
        log.append(("middleware", request.retries_taken))
        return call_next(request)

    emulator.faults.push(Fault.status(529, headers={"retry-after": "2"}))
    client = emulator.client(hooks=recording_hooks(log), middleware=[middleware])
    client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    assert log == [
        ("middleware", 0),
        ("request", 1, "POST"),
        ("response", 1, 529),
        ("retry", 1, 2.0, "OverloadedError"),
        ("middleware", 1),
        ("request", 2, "POST"),
        ("response", 2, 200),
    ]


def test_on_retry_gets_a_connection_failure_and_the_policys_delay(emulator: Emulator) -> None:
    retries: list[RetryEvent] = []
    emulator.faults.push(Fault.close_before_response(times=2))
    client = emulator.client(hooks=Hooks(on_retry=retries.append), max_retries=2)

    client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    assert [(r.attempt, type(r.error)) for r in retries] == [
        (1, unbroken.APIConnectionError),
        (2, unbroken.APIConnectionError),
    ]
    assert 0.375 <= retries[0].delay <= 0.5 and 0.75 <= retries[1].delay <= 1.0  # 0.5 s, 1 s less jitter


def test_on_stream_error_gets_the_typed_error_and_the_partial_message_of_a_raw_stream(
    emulator: Emulator,
) -> None:
    errors: list[StreamErrorEvent] = []
    emulator.faults.push(Fault.drop_after(4))
    client = emulator.client(hooks=Hooks(on_stream_error=errors.append))

    with pytest.raises(unbroken.APIConnectionError) as caught:
        with client.messages.create(model=MODEL, max_tokens=64, messages=WORDS, stream=True) as stream:
            for _ in stream:
                pass

    (event,) = errors
    assert event.error is caught.value
    assert event.partial_message is caught.value.partial_message
    assert event.partial_message.content[0].text == "Echo:"  # what arrived before the drop


def test_on_stream_error_is_told_of_an_in_stream_error_event_of_a_message_stream(emulator: Emulator) -> None:
    errors: list[StreamErrorEvent] = []
    emulator.faults.push(Fault.error_event(after=4, error_type="api_error", message="boom"))
    client = emulator.client(hooks=Hooks(on_stream_error=errors.append))

    with pytest.raises(unbroken.InternalServerError):
        with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS) as stream:
            stream.until_done()

    assert [type(e.error) for e in errors] == [unbroken.InternalServerError]
    assert errors[0].partial_message.content[0].text == "Echo:"


def test_a_stream_that_fails_before_its_first_event_is_a_retry_not_a_stream_error(emulator: Emulator) -> None:
    log: list[Any] = []
    emulator.faults.push(Fault.drop_after(0))
    client = emulator.client(hooks=recording_hooks(log))

    with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS) as stream:
        stream.until_done()

    assert [entry[0] for entry in log] == ["request", "response", "retry", "request", "response"]
    assert log[2][3] == "APIConnectionError"  # the body was cut before its first event


@pytest.mark.anyio
async def test_async_hooks_are_awaited_on_the_async_client(emulator: Emulator) -> None:
    log: list[Any] = []

    async def on_retry(event: RetryEvent) -> None:
        log.append(("retry", event.attempt))

    async def on_stream_error(event: StreamErrorEvent) -> None:
        log.append(("stream_error", type(event.error).__name__))

    emulator.faults.push(Fault.status(500), Fault.drop_after(3))
    hooks = Hooks(
        on_request=lambda e: log.append(("request", e.attempt)),
        on_retry=on_retry,
        on_stream_error=on_stream_error,
    )
    async with emulator.async_client(hooks=hooks) as client:
        with pytest.raises(unbroken.APIConnectionError):
            async with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS) as stream:
                async for _ in stream:
                    pass

    assert log == [("request", 1), ("retry", 1), ("request", 2), ("stream_error", "APIConnectionError")]


def test_the_sync_client_refuses_an_async_hook() -> None:
    async def on_retry(event: RetryEvent) -> None:
        pass

    with pytest.raises(TypeError, match="on_retry is an async function"):
        unbroken.Anthropic(api_key="k", hooks=Hooks(on_retry=on_retry))
    assert unbroken.AsyncAnthropic(api_key="k", hooks=Hooks(on_retry=on_retry)).controls.hooks is not None
    with pytest.raises(TypeError, match="must be callable"):
        Hooks(on_request="print")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"unbroken\.Hooks"):
        unbroken.Anthropic(api_key="k", hooks={"on_request": print})  # type: ignore[typeddict-item]


def test_a_hook_that_raises_is_logged_and_the_call_goes_on(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: object) -> None:
        raise RuntimeError("hook bug")

    emulator.faults.push(Fault.status(503))
    client = emulator.client(hooks=Hooks(on_request=broken, on_response=broken, on_retry=broken))

    with caplog.at_level(logging.ERROR, logger="unbroken._hooks"):
        message = client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    assert message.content[0].text.startswith("Echo:")  # type: ignore[union-attr]
    assert (
        sum("hook raised" in r.getMessage() for r in caplog.records) == 5
    )  # 2 requests, 2 responses, 1 retry


@pytest.mark.anyio
async def test_an_async_hook_that_raises_is_logged_and_the_call_goes_on(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(event: object) -> None:
        raise RuntimeError("hook bug")

    async with emulator.async_client(hooks=Hooks(on_response=broken)) as client:
        with caplog.at_level(logging.ERROR, logger="unbroken._hooks"):
            message = await client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    assert message.stop_reason == "end_turn"
    assert any("async hook raised" in r.getMessage() for r in caplog.records)


def test_copies_keep_the_hooks_and_with_options_replaces_them(emulator: Emulator) -> None:
    first: list[Any] = []
    second: list[Any] = []
    client = emulator.client(hooks=Hooks(on_request=first.append))

    client.copy().messages.create(model=MODEL, max_tokens=8, messages=WORDS)
    client.with_options(hooks=Hooks(on_request=second.append)).messages.create(
        model=MODEL, max_tokens=8, messages=WORDS
    )

    assert len(first) == 1 and len(second) == 1


@pytest.mark.anyio
async def test_async_hooks_and_middleware_around_a_raw_stream_that_fails(emulator: Emulator) -> None:
    log: list[Any] = []

    async def middleware(request: APIRequest, call_next: Any) -> Any:
        log.append(("middleware", request.retries_taken))
        response = await call_next(request)
        log.append(("middleware done", response.status_code))
        return response

    async def on_stream_error(event: StreamErrorEvent) -> None:
        log.append(("stream_error", type(event.error).__name__, event.partial_message.content[0].text))

    hooks = Hooks(
        on_request=lambda e: log.append(("request", e.attempt)),
        on_response=lambda e: log.append(("response", e.response.status_code)),
        on_retry=lambda e: log.append(("retry", e.attempt, type(e.error).__name__)),
        on_stream_error=on_stream_error,
    )
    emulator.faults.push(Fault.status(529), Fault.drop_after(4))
    async with emulator.async_client(hooks=hooks, middleware=[middleware]) as client:
        stream = await client.messages.create(model=MODEL, max_tokens=64, messages=WORDS, stream=True)
        with pytest.raises(unbroken.APIConnectionError):
            async for _ in stream:
                pass

    assert log == [
        ("middleware", 0),
        ("request", 1),
        ("response", 529),
        ("middleware done", 529),
        ("retry", 1, "OverloadedError"),
        ("middleware", 1),
        ("request", 2),
        ("response", 200),
        ("middleware done", 200),
        ("stream_error", "APIConnectionError", "Echo:"),
    ]


def test_a_stream_whose_retry_fails_in_a_middleware_is_a_stream_error(emulator: Emulator) -> None:
    class Refused(Exception):
        pass

    def refuse_retries(request: APIRequest, call_next: CallNext) -> Any:
        if request.retries_taken:
            raise Refused("no second try")
        return call_next(request)

    errors: list[StreamErrorEvent] = []
    emulator.faults.push(Fault.drop_after(0))
    client = emulator.client(hooks=Hooks(on_stream_error=errors.append), middleware=[refuse_retries])

    with pytest.raises(Refused):
        with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS) as stream:
            stream.until_done()

    assert [type(e.error) for e in errors] == [Refused]


def test_every_hook_and_event_class_is_reachable_from_the_module_that_loads_them_lazily() -> None:
    """`_hooks` names the classes of `_hook_events` it loads on first use; a class added to one and not the
    other would be missing from `unbroken.Hooks`' module or loaded eagerly by mistake."""
    from unbroken import _hook_events, _hooks

    assert set(_hooks._LAZY) == set(_hook_events.__all__)
    for name in _hook_events.__all__:
        assert getattr(_hooks, name) is getattr(_hook_events, name)
