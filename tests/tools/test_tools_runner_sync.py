"""`client.beta.messages.tool_runner(...)` (sync, non-streaming) against the emulator's tool rule."""

from __future__ import annotations

import logging
from pathlib import Path

import pydantic
import pytest
from runner_helpers import MODEL, call, sent_messages, tool_calls

import unbroken
from unbroken import beta_async_tool, beta_tool
from unbroken.lib.tools import BetaLocalFilesystemMemoryTool, BetaToolRunner
from unbroken.testing import Emulator, Fault
from unbroken.tools import ToolError
from unbroken.types.beta.content_params import BetaToolResultBlockParam


@beta_tool
def get_weather(city: str) -> str:
    """The weather in a city.

    Args:
        city: The city's name.
    """
    return f"18 degrees in {city}"


@beta_tool
def explode(reason: str) -> str:
    """Always fails."""
    raise ValueError(reason)


def test_loop_calls_the_tool_and_ends_with_the_model_reading_its_result(client: unbroken.Anthropic) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=256, tools=[get_weather], messages=call("get_weather", {"city": "Paris"})
    )

    turns = list(runner)

    assert isinstance(runner, BetaToolRunner)
    assert [t.stop_reason for t in turns] == ["tool_use", "end_turn"]
    assert turns[-1].content[0].text == "Tool results: 18 degrees in Paris"  # type: ignore[union-attr]


def test_conversation_holds_every_turn_and_result(client: unbroken.Anthropic) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=256, tools=[get_weather], messages=call("get_weather", {"city": "Oslo"})
    )

    runner.until_done()

    assert [m["role"] for m in runner.messages] == ["user", "assistant", "user"]
    assert runner.messages[2]["content"] == [
        {"type": "tool_result", "tool_use_id": "toolu_emu_1", "content": "18 degrees in Oslo"}
    ]


def test_tools_are_sent_as_their_definitions_with_the_helper_header(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    client.beta.messages.tool_runner(
        model=MODEL, max_tokens=256, tools=[get_weather], messages=call("get_weather", {"city": "Rome"})
    ).until_done()

    request = emulator.requests[0]
    assert request.json["tools"] == [get_weather.to_dict()]
    assert request.header("x-stainless-helper") == "BetaToolRunner"


def test_until_done_returns_the_final_message(client: unbroken.Anthropic) -> None:
    final = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=256, tools=[get_weather], messages=call("get_weather", {"city": "Lima"})
    ).until_done()

    assert final.stop_reason == "end_turn"


def test_without_tool_calls_the_runner_makes_one_request(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=[{"role": "user", "content": "hello"}]
    )

    assert len(list(runner)) == 1
    assert len(emulator.requests) == 1


def test_unknown_tool_becomes_an_error_result_and_the_loop_goes_on(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    emulator.faults.push(tool_calls(("ghost", {})))
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=[{"role": "user", "content": "go"}]
    )

    final = runner.until_done()

    assert sent_messages(emulator.requests[1])[-1]["content"] == [
        {
            "type": "tool_result",
            "tool_use_id": "toolu_1",
            "content": "Error: Tool 'ghost' not found",
            "is_error": True,
        }
    ]
    assert final.content[0].text == "Tool results: error: Error: Tool 'ghost' not found"  # type: ignore[union-attr]


def test_raising_tool_becomes_its_repr_as_an_error_result_and_is_logged(
    client: unbroken.Anthropic, caplog: pytest.LogCaptureFixture
) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[explode], messages=call("explode", {"reason": "boom"})
    )

    with caplog.at_level(logging.ERROR, logger="unbroken"):
        final = runner.until_done()

    assert runner.messages[-1]["content"] == [
        {
            "type": "tool_result",
            "tool_use_id": "toolu_emu_1",
            "content": "ValueError('boom')",
            "is_error": True,
        }
    ]
    assert final.stop_reason == "end_turn"
    assert any(record.exc_info and "explode" in record.getMessage() for record in caplog.records)


def test_tool_error_sends_its_own_text(client: unbroken.Anthropic) -> None:
    @beta_tool
    def picky(item: str) -> str:
        raise ToolError(f"No such item: {item}")

    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[picky], messages=call("picky", {"item": "x"})
    )
    runner.until_done()

    assert runner.messages[-1]["content"][0]["content"] == "No such item: x"  # type: ignore[index]


def test_invalid_tool_input_becomes_an_error_result(client: unbroken.Anthropic) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=call("get_weather", {"town": "Paris"})
    )
    runner.until_done()

    assert runner.messages[-1]["content"] == [
        {
            "type": "tool_result",
            "tool_use_id": "toolu_emu_1",
            "content": "ValueError('Invalid arguments for function get_weather')",
            "is_error": True,
        }
    ]


def test_max_iterations_stops_before_running_the_last_turns_tools(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    calls: list[str] = []

    @beta_tool
    def record(text: str) -> str:
        calls.append(text)
        return "ok"

    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[record], messages=call("record", {"text": "a"}), max_iterations=1
    )

    final = runner.until_done()

    assert final.stop_reason == "tool_use"
    assert len(emulator.requests) == 1
    assert calls == []
    assert runner.generate_tool_call_response() == {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": "toolu_emu_1", "content": "ok"}],
    }


def test_generate_tool_call_response_runs_the_tools_once_per_turn(client: unbroken.Anthropic) -> None:
    calls: list[str] = []

    @beta_tool
    def record(text: str) -> str:
        calls.append(text)
        return "ok"

    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[record], messages=call("record", {"text": "a"})
    )
    for _ in runner:
        first = runner.generate_tool_call_response()
        assert runner.generate_tool_call_response() is first

    assert calls == ["a"]


def test_append_messages_replaces_the_automatic_append_for_that_turn(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    calls: list[str] = []

    @beta_tool
    def record(text: str) -> str:
        calls.append(text)
        return "ok"

    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[record], messages=call("record", {"text": "a"})
    )
    for message in runner:
        if message.stop_reason == "tool_use":
            custom: BetaToolResultBlockParam = {
                "type": "tool_result",
                "tool_use_id": "toolu_emu_1",
                "content": "my own answer",
            }
            runner.append_messages(message, {"role": "user", "content": [custom]})

    assert calls == []  # the runner ran no tool: the caller answered
    assert sent_messages(emulator.requests[1])[1:] == [
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Calling record.", "citations": None},
                {"type": "tool_use", "id": "toolu_emu_1", "name": "record", "input": {"text": "a"}},
            ],
        },
        {"role": "user", "content": [custom]},
    ]


def test_set_messages_params_with_a_function_changes_the_next_request(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=call("get_weather", {"city": "Bern"})
    )
    next(runner)
    runner.set_messages_params(lambda params: {**params, "max_tokens": 32})
    runner.until_done()

    assert emulator.requests[1].json["max_tokens"] == 32


def test_api_failure_mid_loop_raises_typed_and_keeps_the_conversation(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=call("get_weather", {"city": "Kyiv"})
    )
    next(runner)
    emulator.faults.push(
        Fault.status(400, body={"type": "error", "error": {"type": "invalid_request_error", "message": "no"}})
    )

    with pytest.raises(unbroken.BadRequestError):
        next(runner)

    assert [m["role"] for m in runner.messages] == ["user", "assistant", "user"]
    assert runner.messages[-1]["content"][0]["content"] == "18 degrees in Kyiv"  # type: ignore[index]


def test_iterating_again_after_an_api_failure_retries_the_failed_turn(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    calls: list[str] = []

    @beta_tool
    def record(text: str) -> str:
        calls.append(text)
        return "ok"

    runner = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[record], messages=call("record", {"text": "a"})
    )
    next(runner)
    emulator.faults.push(Fault.status(400))
    with pytest.raises(unbroken.BadRequestError):
        next(runner)

    final = runner.until_done()

    assert final.content[0].text == "Tool results: ok"  # type: ignore[union-attr]
    assert calls == ["a"]  # the tool's result was kept, not recomputed


def test_output_format_parses_the_final_text(client: unbroken.Anthropic) -> None:
    class Answer(pydantic.BaseModel):
        city: str

    final = client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=64,
        tools=[get_weather],
        messages=[{"role": "user", "content": "Where?"}],
        output_format=Answer,
    ).until_done()

    assert final.parsed_output == Answer(city="Where?")


def test_memory_tool_runs_in_the_loop(client: unbroken.Anthropic, tmp_path: Path) -> None:
    memory = BetaLocalFilesystemMemoryTool(tmp_path)
    command = {"command": "create", "path": "/memories/notes.txt", "file_text": "buy milk"}

    final = client.beta.messages.tool_runner(
        model=MODEL, max_tokens=256, tools=[memory], messages=call("memory", command)
    ).until_done()

    assert (tmp_path / "memories" / "notes.txt").read_text() == "buy milk"
    assert final.content[0].text == "Tool results: File created successfully at /memories/notes.txt."  # type: ignore[union-attr]


def test_async_tools_are_refused_by_the_sync_runner(client: unbroken.Anthropic) -> None:
    @beta_async_tool
    async def slow() -> str:
        return ""

    with pytest.raises(TypeError, match="'slow' is asynchronous"):
        client.beta.messages.tool_runner(model=MODEL, max_tokens=8, tools=[slow], messages=call("slow", {}))  # type: ignore[list-item]


def test_plain_functions_are_refused_with_a_hint(client: unbroken.Anthropic) -> None:
    def bare() -> str:
        return ""

    with pytest.raises(TypeError, match="@beta_tool"):
        client.beta.messages.tool_runner(model=MODEL, max_tokens=8, tools=[bare], messages=call("bare", {}))  # type: ignore[list-item]


def test_duplicate_tool_names_are_refused(client: unbroken.Anthropic) -> None:
    with pytest.raises(ValueError, match="'get_weather'"):
        client.beta.messages.tool_runner(
            model=MODEL, max_tokens=8, tools=[get_weather, get_weather], messages=call("x", {})
        )
