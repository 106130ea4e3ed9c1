"""`tool_runner(..., stream=True)`: one open `BetaMessageStream` per turn."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from runner_helpers import MODEL, call

import unbroken
from unbroken import beta_tool
from unbroken.lib.streaming import BetaMessageStream
from unbroken.lib.tools import BetaStreamingToolRunner
from unbroken.testing import Emulator, Fault
from unbroken.types.beta.parsed_beta_message import ParsedBetaMessage


@beta_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"18 degrees in {city}"


def test_each_turn_is_a_stream_whose_text_can_be_read(client: unbroken.Anthropic) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=256,
        tools=[get_weather],
        stream=True,
        messages=call("get_weather", {"city": "Nice"}),
    )

    texts = []
    for stream in runner:
        assert isinstance(stream, BetaMessageStream)
        texts.append("".join(stream.text_stream))

    assert isinstance(runner, BetaStreamingToolRunner)
    assert texts == ["Calling get_weather.", "Tool results: 18 degrees in Nice"]


def test_streams_left_unread_are_read_by_the_runner(client: unbroken.Anthropic) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=256,
        tools=[get_weather],
        stream=True,
        messages=call("get_weather", {"city": "Pau"}),
    )

    turns = len(list(runner))

    assert turns == 2
    assert runner.messages[-1]["content"][0]["content"] == "18 degrees in Pau"  # type: ignore[index]
    assert runner.until_done().content[0].text == "Tool results: 18 degrees in Pau"  # type: ignore[union-attr]


def test_tool_input_arrives_whole_from_streamed_json(client: unbroken.Anthropic) -> None:
    seen: list[str] = []

    @beta_tool
    def echo(text: str) -> str:
        seen.append(text)
        return text

    client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=256,
        tools=[echo],
        stream=True,
        messages=call("echo", {"text": "a long value"}),
    ).until_done()

    assert seen == ["a long value"]


def test_stream_cut_mid_turn_raises_typed_keeps_the_conversation_and_retries_on_the_next_iteration(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=256,
        tools=[get_weather],
        stream=True,
        messages=call("get_weather", {"city": "Ulm"}),
    )
    next(runner)
    emulator.faults.push(Fault.drop_after(6))

    with pytest.raises(unbroken.APIConnectionError) as info:
        for stream in runner:
            stream.until_done()

    assert info.value.partial_message is not None  # what arrived of the cut turn
    assert [m["role"] for m in runner.messages] == ["user", "assistant", "user"]
    assert runner.until_done().content[0].text == "Tool results: 18 degrees in Ulm"  # type: ignore[union-attr]


def test_close_releases_a_turn_left_open(client: unbroken.Anthropic) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=256,
        tools=[get_weather],
        stream=True,
        messages=call("get_weather", {"city": "Bonn"}),
    )
    stream = next(runner)

    runner.close()
    runner.close()

    assert stream.response.is_closed


class _EndlessIncompleteStream:
    """A stream that 'finishes' without a stop_reason every time (a server breaking the protocol)."""

    response = httpx.Response(200, request=httpx.Request("POST", "http://api.test/v1/messages"))

    def get_final_message(self) -> ParsedBetaMessage[None]:
        return ParsedBetaMessage[None].model_validate(
            {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": MODEL,
                "content": [{"type": "text", "text": "cut"}],
                "stop_reason": None,
                "usage": {"input_tokens": 1, "output_tokens": 1},
            }
        )

    def close(self) -> None:
        pass


def test_streamed_turns_that_never_complete_end_in_a_typed_error_not_a_loop() -> None:
    requests: list[dict[str, Any]] = []

    class Manager:
        def __enter__(self) -> _EndlessIncompleteStream:
            return _EndlessIncompleteStream()

    def stream(**params: Any) -> Manager:
        requests.append(params)
        return Manager()

    client: Any = SimpleNamespace(beta=SimpleNamespace(messages=SimpleNamespace(stream=stream)))
    runner = BetaStreamingToolRunner[None](
        client=client,
        params={"model": MODEL, "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]},
        options={},
        tools=[],
    )

    with pytest.raises(unbroken.IncompleteStreamError) as info:
        runner.until_done()

    assert info.value.partial_message is not None
    assert len(requests) == 3  # the first try and two more, then the error
