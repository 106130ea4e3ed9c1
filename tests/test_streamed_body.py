"""A `StreamedBody` is produced as it is sent, with its length declared (not chunked), and every attempt of a
call sends it whole again: a retry after the server dropped the connection (over real sockets), sync and
async."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import unbroken
from unbroken._request import RequestSpec, StreamedBody
from unbroken.testing import Emulator, Fault
from unbroken.types.message import Message

PAYLOAD = json.dumps(
    {"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": "hello"}]}
).encode()


class Produced:
    """A body in three pieces that counts how many times it was produced."""

    def __init__(self) -> None:
        self.times = 0

    def __call__(self) -> Iterator[bytes]:
        self.times += 1
        third = len(PAYLOAD) // 3
        yield PAYLOAD[:third]
        yield PAYLOAD[third : 2 * third]
        yield PAYLOAD[2 * third :]


def sent_bodies(emulator: Emulator) -> list[tuple[bytes, str | None, str | None]]:
    return [
        (r.body, r.header("content-length"), r.header("transfer-encoding"))
        for r in emulator.requests
        if r.path == "/v1/messages"
    ]


def test_a_retry_sends_the_streamed_body_again_from_its_start(emulator: Emulator) -> None:
    emulator.faults.push(Fault.close_before_response(path="/v1/messages"))
    produce = Produced()
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, max_retries=2)
    spec = RequestSpec("post", "/v1/messages", content=StreamedBody(len(PAYLOAD), produce))

    message = client.request(Message, spec)

    assert message.content[0].type == "text"
    assert produce.times == 2
    assert sent_bodies(emulator) == [(PAYLOAD, str(len(PAYLOAD)), None)] * 2


@pytest.mark.anyio
async def test_an_async_client_streams_the_body_and_retries_it_too(emulator: Emulator) -> None:
    emulator.faults.push(Fault.close_before_response(path="/v1/messages"))
    produce = Produced()
    spec = RequestSpec("post", "/v1/messages", content=StreamedBody(len(PAYLOAD), produce))
    async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url, max_retries=2) as client:
        message = await client.request(Message, spec)

    assert message.content[0].type == "text"
    assert produce.times == 2
    assert sent_bodies(emulator) == [(PAYLOAD, str(len(PAYLOAD)), None)] * 2


def test_with_no_retries_the_body_is_produced_once(emulator: Emulator) -> None:
    emulator.faults.push(Fault.close_before_response(path="/v1/messages"))
    produce = Produced()
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url)
    spec = RequestSpec("post", "/v1/messages", content=StreamedBody(len(PAYLOAD), produce), max_retries=0)

    with pytest.raises(unbroken.APIConnectionError):
        client.request(Message, spec)
    assert produce.times == 1
