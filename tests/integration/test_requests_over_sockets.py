"""Issue 2 behaviours over real sockets against the emulator, sync and async."""

from __future__ import annotations

import gc
import warnings

import httpx2
import pytest

import unbroken
from unbroken.testing import Emulator, Fault

ARGS = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Hello there"}],
}


def sync_client(emulator: Emulator, **kwargs: object) -> unbroken.Anthropic:
    return unbroken.Anthropic(api_key="test-key", base_url=emulator.base_url, **kwargs)  # type: ignore[arg-type]


def async_client(emulator: Emulator, **kwargs: object) -> unbroken.AsyncAnthropic:
    return unbroken.AsyncAnthropic(api_key="test-key", base_url=emulator.base_url, **kwargs)  # type: ignore[arg-type]


def test_create_returns_the_echo(emulator: Emulator) -> None:
    message = sync_client(emulator).messages.create(**ARGS)
    assert message.content[0].text.endswith("Hello there")  # type: ignore[union-attr]
    assert message.stop_reason == "end_turn"
    assert message._request_id is not None
    assert emulator.requests[0].headers["x-api-key"] == "test-key"


def test_429_twice_then_success_takes_three_requests(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(429, times=2))
    message = sync_client(emulator).messages.create(**ARGS)
    assert message.type == "message"
    assert len(emulator.requests) == 3


def test_400_is_not_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(400))
    with pytest.raises(unbroken.BadRequestError) as info:
        sync_client(emulator).messages.create(**ARGS)
    assert len(emulator.requests) == 1
    assert info.value.request_id is not None
    assert info.value.type == "invalid_request_error"


def test_x_should_retry_false_stops_a_retryable_status(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529, headers={"x-should-retry": "false"}))
    with pytest.raises(unbroken.OverloadedError):
        sync_client(emulator).messages.create(**ARGS)
    assert len(emulator.requests) == 1


def test_x_should_retry_true_retries_a_client_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(400, headers={"x-should-retry": "true"}))
    sync_client(emulator).messages.create(**ARGS)
    assert len(emulator.requests) == 2


def test_connection_closed_before_response_is_a_connection_error_after_retries(emulator: Emulator) -> None:
    emulator.faults.push(Fault.close_before_response(times=3))
    with pytest.raises(unbroken.APIConnectionError) as info:
        sync_client(emulator).messages.create(**ARGS)
    assert type(info.value) is unbroken.APIConnectionError
    assert isinstance(info.value.__cause__, httpx2.TransportError)  # the default stack
    assert len(emulator.requests) == 3


# The stall is what times out: a loaded machine may take longer than the 0.2 s to accept a connection.
STALL_TIMEOUT = httpx2.Timeout(0.2, connect=10)


def test_stall_before_headers_is_a_timeout(emulator: Emulator) -> None:
    emulator.faults.push(Fault.stall_before_headers(30))
    with pytest.raises(unbroken.APITimeoutError) as info:
        sync_client(emulator, timeout=STALL_TIMEOUT, max_retries=0).messages.create(**ARGS)
    assert isinstance(info.value.__cause__, httpx2.TimeoutException)  # the default stack


def test_non_json_502_is_an_internal_server_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(502, body="<html>Bad Gateway</html>", times=3))
    with pytest.raises(unbroken.InternalServerError) as info:
        sync_client(emulator).messages.create(**ARGS)
    assert info.value.status_code == 502
    assert info.value.body == "<html>Bad Gateway</html>"
    assert len(emulator.requests) == 3


def test_wrong_key_is_an_authentication_error(emulator: Emulator) -> None:
    emulator.api_key = "right-key"
    with pytest.raises(unbroken.AuthenticationError):
        sync_client(emulator).messages.create(**ARGS)


def test_invalid_request_is_a_bad_request_error(emulator: Emulator) -> None:
    with pytest.raises(unbroken.BadRequestError, match="max_tokens"):
        sync_client(emulator).messages.create(**{**ARGS, "max_tokens": 0})


def test_count_tokens(emulator: Emulator) -> None:
    assert (
        sync_client(emulator)
        .messages.count_tokens(model=ARGS["model"], messages=ARGS["messages"])
        .input_tokens
        > 0
    )


@pytest.mark.anyio
async def test_async_retries_are_counted(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(429, times=2))
    async with async_client(emulator) as client:
        await client.messages.create(**ARGS)
    assert len(emulator.requests) == 3


@pytest.mark.anyio
async def test_async_400_not_retried_and_close_before_response(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(400))
    async with async_client(emulator) as client:
        with pytest.raises(unbroken.BadRequestError):
            await client.messages.create(**ARGS)
        assert len(emulator.requests) == 1
        emulator.faults.push(Fault.close_before_response(times=3))
        with pytest.raises(unbroken.APIConnectionError):
            await client.messages.create(**ARGS)
    assert len(emulator.requests) == 4


@pytest.mark.anyio
async def test_async_stall_is_a_timeout_and_html_502_is_internal(emulator: Emulator) -> None:
    async with async_client(emulator, timeout=STALL_TIMEOUT, max_retries=0) as client:
        emulator.faults.push(Fault.stall_before_headers(30))
        with pytest.raises(unbroken.APITimeoutError):
            await client.messages.create(**ARGS)
        emulator.faults.push(Fault.status(502, body="Bad Gateway"))
        with pytest.raises(unbroken.InternalServerError):
            await client.messages.create(**ARGS)


@pytest.mark.anyio
async def test_async_response_views_work_for_plain_def_methods(emulator: Emulator) -> None:
    async with async_client(emulator) as client:
        async with client.models.with_streaming_response.list() as response:
            page = await response.parse()
        raw = await client.models.with_raw_response.list()
    assert response.status_code == 200
    assert page.data
    assert raw.parse().data == page.data


def test_a_client_dropped_without_close_closes_its_connections(emulator: Emulator) -> None:
    """Code that builds a client per call and never closes it (the reference allows it, and the testing
    guide's `summarize` does it) must not leave sockets for the garbage collector to warn about: with
    warnings as errors (`filterwarnings = ["error"]`), each fails whichever test the collection ran in."""

    def summarize() -> None:
        sync_client(emulator).messages.create(**ARGS)  # type: ignore[arg-type]

    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        summarize()
        gc.collect()

    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
