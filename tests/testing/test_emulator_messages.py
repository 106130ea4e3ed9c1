from __future__ import annotations

from typing import Any

import httpx
import pytest
from emu_helpers import message_body

from unbroken.testing import Emulator


def test_reply_echoes_the_last_user_turn(client: httpx.Client) -> None:
    response = client.post("/v1/messages", json=message_body("hello there world"))

    assert response.status_code == 200
    message = response.json()
    assert message["type"] == "message"
    assert message["role"] == "assistant"
    assert message["content"] == [{"type": "text", "text": "Echo: hello there world", "citations": None}]
    assert message["stop_reason"] == "end_turn"
    assert message["stop_sequence"] is None


def test_message_ids_are_deterministic_per_emulator(client: httpx.Client) -> None:
    first = client.post("/v1/messages", json=message_body()).json()
    second = client.post("/v1/messages", json=message_body()).json()

    assert (first["id"], second["id"]) == ("msg_emu_1", "msg_emu_2")


def test_usage_counts_words(client: httpx.Client) -> None:
    body = message_body("one two three", system="be brief")
    message = client.post("/v1/messages", json=body).json()

    assert message["usage"]["input_tokens"] == 5  # "be brief" + "one two three"
    assert message["usage"]["output_tokens"] == 4  # "Echo: one two three"


def test_text_blocks_of_the_last_user_turn_are_echoed_joined_by_spaces(client: httpx.Client) -> None:
    content = [{"type": "text", "text": "alpha"}, {"type": "text", "text": "beta"}]
    body = message_body(messages=[{"role": "user", "content": content}])

    message = client.post("/v1/messages", json=body).json()

    assert message["content"][0]["text"] == "Echo: alpha beta"


def test_every_response_carries_a_request_id(client: httpx.Client) -> None:
    ok = client.post("/v1/messages", json=message_body())
    bad = client.post("/v1/messages", json={})

    assert ok.headers["request-id"] == "req_emu_1"
    assert bad.headers["request-id"] == "req_emu_2"
    assert bad.json()["request_id"] == "req_emu_2"


def test_max_tokens_cuts_the_reply(client: httpx.Client) -> None:
    message = client.post("/v1/messages", json=message_body("a b c d e f", max_tokens=3)).json()

    assert message["content"][0]["text"] == "Echo: a b"
    assert message["stop_reason"] == "max_tokens"
    assert message["usage"]["output_tokens"] == 3


def test_stop_sequence_ends_the_reply_before_it(client: httpx.Client) -> None:
    body = message_body("count 1 2 STOP 3", stop_sequences=["never", "STOP"])
    message = client.post("/v1/messages", json=body).json()

    assert message["content"][0]["text"] == "Echo: count 1 2 "
    assert message["stop_reason"] == "stop_sequence"
    assert message["stop_sequence"] == "STOP"


def test_thinking_comes_first_with_a_signature(client: httpx.Client) -> None:
    body = message_body("ponder", max_tokens=2048, thinking={"type": "enabled", "budget_tokens": 1024})
    content = client.post("/v1/messages", json=body).json()["content"]

    assert [b["type"] for b in content] == ["thinking", "text"]
    assert content[0]["thinking"] == "Thinking about: ponder"
    assert content[0]["signature"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"model": None}, "model: Field required"),
        ({"model": 3}, "model: Input should be a valid string"),
        ({"max_tokens": None}, "max_tokens: Field required"),
        ({"max_tokens": "5"}, "max_tokens: Input should be a valid integer"),
        ({"max_tokens": 0}, "max_tokens: Input should be greater than or equal to 1"),
        ({"messages": None}, "messages: Field required"),
        ({"messages": []}, "messages: at least one message is required"),
        (
            {"messages": [{"role": "robot", "content": "x"}]},
            "messages.0.role: Input should be 'user' or 'assistant'",
        ),
        (
            {"messages": [{"role": "assistant", "content": "x"}]},
            'messages: first message must use the "user" role',
        ),
        ({"messages": [{"role": "user", "content": 7}]}, "messages.0.content: Input should be a valid list"),
        (
            {"messages": [{"role": "user", "content": [{"text": "x"}]}]},
            "messages.0.content.0.type: Field required",
        ),
        ({"stream": "yes"}, "stream: Input should be a valid boolean"),
        ({"temperature": 2}, "temperature: Input should be less than or equal to 1"),
        ({"surprise": 1}, "surprise: Extra inputs are not permitted"),
        (
            {"thinking": {"type": "enabled", "budget_tokens": 2000}},
            "`max_tokens` must be greater than `thinking.budget_tokens`",
        ),
    ],
)
def test_invalid_params_are_400_invalid_request_error(
    client: httpx.Client, overrides: dict[str, Any], message: str
) -> None:
    body = message_body()
    body.update(overrides)
    body = {k: v for k, v in body.items() if v is not None}

    response = client.post("/v1/messages", json=body)

    assert response.status_code == 400
    assert response.json()["type"] == "error"
    assert response.json()["error"] == {"type": "invalid_request_error", "message": message}


def test_body_that_is_not_json_is_400(client: httpx.Client) -> None:
    response = client.post("/v1/messages", content=b"{not json", headers={"content-type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"


def test_any_claude_model_is_accepted(client: httpx.Client) -> None:
    response = client.post("/v1/messages", json=message_body(model="claude-future-9"))

    assert response.status_code == 200
    assert response.json()["model"] == "claude-future-9"


def test_a_model_not_named_claude_is_404(client: httpx.Client) -> None:
    response = client.post("/v1/messages", json=message_body(model="non-existent-model"))

    assert response.status_code == 404
    assert response.json()["error"] == {"type": "not_found_error", "message": "model: non-existent-model"}


def test_missing_anthropic_version_header_is_400(emulator: Emulator) -> None:
    response = httpx.post(f"{emulator.base_url}/v1/messages", json=message_body())

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "anthropic-version: header is required"


def test_count_tokens_uses_the_same_rule(client: httpx.Client) -> None:
    body = message_body("one two three", system="be brief")
    del body["max_tokens"]

    response = client.post("/v1/messages/count_tokens", json=body)

    assert response.json() == {"input_tokens": 5}


def test_count_tokens_counts_tool_definitions(client: httpx.Client) -> None:
    tool = {"name": "get_weather", "input_schema": {"type": "object"}}
    body = {"model": "claude-x", "messages": [{"role": "user", "content": "hi"}], "tools": [tool]}

    response = client.post("/v1/messages/count_tokens", json=body)

    # "hi" + '{"name": "get_weather", "input_schema": {"type": "object"}}' (5 words)
    assert response.json() == {"input_tokens": 6}


def test_count_tokens_rejects_max_tokens(client: httpx.Client) -> None:
    response = client.post("/v1/messages/count_tokens", json=message_body())

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "max_tokens: Extra inputs are not permitted"


def test_unknown_path_is_404(client: httpx.Client) -> None:
    response = client.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found_error"


def test_wrong_method_is_405(client: httpx.Client) -> None:
    response = client.get("/v1/messages")

    assert response.status_code == 405


# -- an assistant prefill ------------------------------------------------------------------------------


def prefilled(prefill: Any, text: str = "hello there world") -> dict[str, Any]:
    messages = [{"role": "user", "content": text}, {"role": "assistant", "content": prefill}]
    return message_body(text, messages=messages)


def test_a_prefill_the_reply_starts_with_is_carried_on(client: httpx.Client) -> None:
    message = client.post("/v1/messages", json=prefilled("Echo: hello")).json()

    assert message["content"][0]["text"] == " there world"
    assert message["usage"]["output_tokens"] == 2  # only what is said now


def test_a_prefill_of_text_blocks_is_carried_on_too(client: httpx.Client) -> None:
    blocks = [{"type": "text", "text": "Echo:"}, {"type": "text", "text": " hello"}]

    message = client.post("/v1/messages", json=prefilled(blocks)).json()

    assert message["content"][0]["text"] == " there world"


def test_another_prefill_is_ignored(client: httpx.Client) -> None:
    message = client.post("/v1/messages", json=prefilled("Sure")).json()

    assert message["content"][0]["text"] == "Echo: hello there world"


def test_a_scripted_reply_carries_on_a_prefill_it_starts_with(
    emulator: Emulator, client: httpx.Client
) -> None:
    from unbroken.testing import Reply

    emulator.replies.push(Reply.text("one two three", times=2))

    streamed = client.post("/v1/messages", json={**prefilled("one"), "stream": True}).text
    whole = client.post("/v1/messages", json=prefilled("one two")).json()

    assert '"text":" two"' in streamed and '"text":" three"' in streamed and '"text":"one"' not in streamed
    assert whole["content"][0]["text"] == " three"


TWO_BLOCKS = ["First block here.", "Second block has several words in it.", {"type": "tool_use", "name": "t"}]


@pytest.mark.parametrize(
    ("prefill", "expected"),
    [
        # covers the first block in part
        ("First block", [" here.", "Second block has several words in it.", "t"]),
        # ends exactly where the first block ends: the answer goes on with the next block
        ("First block here.", ["Second block has several words in it.", "t"]),
        # covers the first block whole and the second in part, as one string (what resume_streams sends)
        ("First block here.Second block has", [" several words in it.", "t"]),
        # the same, as the blocks the reply was made of
        (
            [{"type": "text", "text": "First block here."}, {"type": "text", "text": "Second block has"}],
            [" several words in it.", "t"],
        ),
        # split differently from the reply's blocks
        (
            [{"type": "text", "text": "First"}, {"type": "text", "text": " block here.Second"}],
            [" block has several words in it.", "t"],
        ),
        # every text block whole: only what follows them
        ("First block here.Second block has several words in it.", ["t"]),
    ],
)
def test_a_prefill_over_several_text_blocks_is_carried_on(
    emulator: Emulator, client: httpx.Client, prefill: Any, expected: list[str]
) -> None:
    from unbroken.testing import Reply

    emulator.replies.push(Reply.message(TWO_BLOCKS))

    message = client.post("/v1/messages", json=prefilled(prefill)).json()

    assert [b.get("text", b.get("name")) for b in message["content"]] == expected


@pytest.mark.parametrize(
    "prefill",
    [
        "First block here.Second block is",  # differs inside the second block
        "First block here!",  # differs inside the first
        "First block here.Second block has several words in it.More",  # reaches past the text blocks
    ],
)
def test_a_prefill_that_is_not_the_replys_start_is_ignored_over_several_blocks(
    emulator: Emulator, client: httpx.Client, prefill: str
) -> None:
    from unbroken.testing import Reply

    emulator.replies.push(Reply.message(TWO_BLOCKS))

    message = client.post("/v1/messages", json=prefilled(prefill)).json()

    assert [b.get("text", b.get("name")) for b in message["content"]] == [*TWO_BLOCKS[:2], "t"]


def test_a_prefill_that_ends_where_the_last_block_ends_leaves_it_empty(
    emulator: Emulator, client: httpx.Client
) -> None:
    from unbroken.testing import Reply

    emulator.replies.push(Reply.message(TWO_BLOCKS[:2]))

    message = client.post("/v1/messages", json=prefilled("".join(TWO_BLOCKS[:2]))).json()

    assert message["content"] == [{"type": "text", "text": "", "citations": None}]


def test_a_streamed_continuation_over_several_blocks_says_each_text_once(
    emulator: Emulator, client: httpx.Client
) -> None:
    from unbroken.testing import Reply

    emulator.replies.push(Reply.message(TWO_BLOCKS[:2]))

    body = {**prefilled("First block here.Second block has"), "stream": True}
    streamed = client.post("/v1/messages", json=body).text

    assert "First" not in streamed and "Second" not in streamed
    assert '"text":" several"' in streamed and '"text":" it."' in streamed
    assert streamed.count('"type":"content_block_start"') == 1


@pytest.mark.parametrize("prefill", ["Echo: hello ", "Echo:\n", [{"type": "text", "text": "Echo: "}]])
def test_a_prefill_that_ends_in_whitespace_is_400(client: httpx.Client, prefill: Any) -> None:
    response = client.post("/v1/messages", json=prefilled(prefill))

    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "invalid_request_error",
        "message": "messages: final assistant content cannot end with trailing whitespace",
    }


def test_an_empty_prefill_is_accepted(client: httpx.Client) -> None:
    assert client.post("/v1/messages", json=prefilled("")).status_code == 200


def test_streamed_deltas_are_compact_json_as_the_api_sends_them(client: httpx.Client) -> None:
    """The API sends compact data lines; the client reads a delta of that exact shape without a model
    (`_delta_line`), so the emulator must send the same bytes for its streams to take production's path."""
    from unbroken.streaming._delta_line import read_delta_line

    streamed = client.post("/v1/messages", json=message_body("one two three", stream=True)).text
    deltas = [
        line.removeprefix("data: ")
        for line in streamed.splitlines()
        if line.startswith("data: ") and '"content_block_delta"' in line
    ]

    assert deltas and all(read_delta_line(line) is not None for line in deltas)
    assert '"type":"message_start"' in streamed
