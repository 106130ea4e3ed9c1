from __future__ import annotations

import json

import httpx
from emu_helpers import message_body

WEATHER = {"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}


def test_call_trigger_produces_a_tool_use_block(client: httpx.Client) -> None:
    body = message_body('please call get_weather {"city": "Paris"} now', tools=[WEATHER])

    message = client.post("/v1/messages", json=body).json()

    assert message["content"] == [
        {"type": "text", "text": "Calling get_weather.", "citations": None},
        {"type": "tool_use", "id": "toolu_emu_1", "name": "get_weather", "input": {"city": "Paris"}},
    ]
    assert message["stop_reason"] == "tool_use"


def test_a_tool_that_is_not_offered_is_not_called(client: httpx.Client) -> None:
    body = message_body('call get_time {"zone": "UTC"}', tools=[WEATHER])

    message = client.post("/v1/messages", json=body).json()

    assert [b["type"] for b in message["content"]] == ["text"]
    assert message["stop_reason"] == "end_turn"


def test_without_tools_the_trigger_is_just_echoed(client: httpx.Client) -> None:
    message = client.post("/v1/messages", json=message_body('call get_weather {"city": "Paris"}')).json()

    assert message["content"][0]["text"] == 'Echo: call get_weather {"city": "Paris"}'


def test_tool_results_are_reported_back(client: httpx.Client) -> None:
    messages = [
        {"role": "user", "content": 'call get_weather {"city": "Paris"}'},
        {
            "role": "assistant",
            "content": [
                {"type": "tool_use", "id": "toolu_emu_1", "name": "get_weather", "input": {"city": "Paris"}}
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_emu_1", "content": "18 degrees"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_emu_2",
                    "content": [{"type": "text", "text": "no such city"}],
                    "is_error": True,
                },
            ],
        },
    ]

    message = client.post("/v1/messages", json=message_body(messages=messages, tools=[WEATHER])).json()

    assert message["content"] == [
        {"type": "text", "text": "Tool results: 18 degrees; error: no such city", "citations": None}
    ]
    assert message["stop_reason"] == "end_turn"


def test_structured_output_is_an_instance_of_the_schema(client: httpx.Client) -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer", "minimum": 18},
            "tags": {"type": "array", "items": {"$ref": "#/$defs/Tag"}},
            "kind": {"enum": ["a", "b"]},
            "nick": {"anyOf": [{"type": "null"}, {"type": "string"}]},
        },
        "$defs": {"Tag": {"type": "object", "properties": {"ok": {"type": "boolean"}}}},
    }
    body = message_body("Ada", output_format={"type": "json_schema", "schema": schema})

    message = client.post("/v1/messages?beta=true", json=body).json()

    assert json.loads(message["content"][0]["text"]) == {
        "name": "Ada",
        "age": 18,
        "tags": [{"ok": True}],
        "kind": "a",
        "nick": "Ada",
    }
