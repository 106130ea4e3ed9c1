from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
from emu_helpers import message_body, sse_events

from unbroken.testing import Reply

WEATHER = {"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}


def stream(client: httpx.Client, body: dict[str, Any]) -> tuple[httpx.Response, list[dict[str, Any]]]:
    response = client.post("/v1/messages", json={**body, "stream": True})
    events = []
    for name, data in sse_events(response.text):
        payload = json.loads(data)
        assert payload["type"] == name  # every event names its own type, like the API
        events.append(payload)
    return response, events


def test_stream_is_chunked_sse(client: httpx.Client) -> None:
    response, _ = stream(client, message_body())

    assert response.headers["content-type"].startswith("text/event-stream")
    assert "content-length" not in response.headers
    assert response.headers["transfer-encoding"] == "chunked"


def test_stream_events_come_in_the_api_order(client: httpx.Client) -> None:
    _, events = stream(client, message_body("one two"))

    assert [e["type"] for e in events] == [
        "message_start",
        "ping",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]


def test_message_start_has_empty_content_and_one_output_token(client: httpx.Client) -> None:
    _, events = stream(client, message_body("one two"))
    message = events[0]["message"]

    assert message["content"] == []
    assert message["stop_reason"] is None
    assert (message["usage"]["input_tokens"], message["usage"]["output_tokens"]) == (2, 1)


def test_text_deltas_are_word_sized_and_add_up_to_the_reply(client: httpx.Client) -> None:
    _, events = stream(client, message_body("one two"))
    deltas = [e["delta"] for e in events if e["type"] == "content_block_delta"]

    assert [d["text"] for d in deltas] == ["Echo:", " one", " two"]
    assert {d["type"] for d in deltas} == {"text_delta"}


def test_message_delta_carries_stop_reason_and_final_usage(client: httpx.Client) -> None:
    _, events = stream(client, message_body("a b c d", max_tokens=2))
    delta = next(e for e in events if e["type"] == "message_delta")

    assert delta["delta"] == {"stop_reason": "max_tokens", "stop_sequence": None}
    assert delta["usage"] == {"output_tokens": 2}


def test_streamed_and_plain_replies_agree(client: httpx.Client) -> None:
    plain = client.post("/v1/messages", json=message_body("same words")).json()
    _, events = stream(client, message_body("same words"))
    text = "".join(e["delta"]["text"] for e in events if e["type"] == "content_block_delta")

    assert text == plain["content"][0]["text"]
    assert events[-2]["usage"]["output_tokens"] == plain["usage"]["output_tokens"]


def test_thinking_streams_first_with_a_signature_delta(client: httpx.Client) -> None:
    body = message_body("ponder", max_tokens=2048, thinking={"type": "enabled", "budget_tokens": 1024})
    _, events = stream(client, body)
    starts = [e["content_block"]["type"] for e in events if e["type"] == "content_block_start"]
    thinking_deltas = [
        e["delta"]["type"] for e in events if e["type"] == "content_block_delta" and e["index"] == 0
    ]

    assert starts == ["thinking", "text"]
    assert thinking_deltas[-1] == "signature_delta"
    assert set(thinking_deltas[:-1]) == {"thinking_delta"}


def test_tool_input_streams_in_small_json_chunks(client: httpx.Client) -> None:
    body = message_body('call get_weather {"city": "Paris", "unit": "celsius"}', tools=[WEATHER])
    _, events = stream(client, body)
    tool_start = next(
        e for e in events if e["type"] == "content_block_start" and e["content_block"]["type"] == "tool_use"
    )
    chunks = [
        e["delta"]["partial_json"]
        for e in events
        if e["type"] == "content_block_delta" and e["delta"]["type"] == "input_json_delta"
    ]

    assert tool_start["content_block"] == {
        "type": "tool_use",
        "id": "toolu_emu_1",
        "name": "get_weather",
        "input": {},
    }
    assert chunks[0] == ""
    assert len(chunks) > 3
    assert all(len(c) <= 8 for c in chunks)
    assert json.loads("".join(chunks)) == {"city": "Paris", "unit": "celsius"}
    assert events[-2]["delta"]["stop_reason"] == "tool_use"


def test_a_client_that_leaves_mid_stream_is_not_written_to_again(
    emulator: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A client that closes its socket without reading the stream (a test whose code raised first) is gone;
    the emulator stops writing instead of making asyncio warn ``socket.send() raised exception.``"""
    emulator.replies.push(*[Reply.text("word " * 300) for _ in range(3)])
    client = emulator.client(max_retries=0)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            with client.messages.stream(
                model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": "hi"}]
            ):
                pass  # leaves before reading: the connection is closed with the body unread
        answer = client.messages.create(
            model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "still here"}]
        )

    assert answer.content[0].type == "text"  # the emulator serves on
    assert [f"{r.name}: {r.getMessage()}" for r in caplog.records] == []
