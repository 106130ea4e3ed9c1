"""The async tool runners: same loop, `async for`, and a turn's tool calls run concurrently."""

from __future__ import annotations

import inspect
import threading

import anyio
import pytest
from runner_helpers import MODEL, call, sent_messages, tool_calls

import unbroken
from unbroken import beta_async_tool, beta_tool
from unbroken.lib.streaming import BetaAsyncMessageStream
from unbroken.lib.tools import BetaAsyncStreamingToolRunner, BetaAsyncToolRunner
from unbroken.testing import Emulator, Fault
from unbroken.types.beta.content_params import BetaToolResultBlockParam


@beta_async_tool
async def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"18 degrees in {city}"


@pytest.mark.anyio
async def test_tool_runner_is_a_plain_method_returning_the_runner(
    async_client: unbroken.AsyncAnthropic,
) -> None:
    runner = async_client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=call("get_weather", {"city": "Riga"})
    )

    assert not inspect.iscoroutinefunction(async_client.beta.messages.tool_runner)
    assert isinstance(runner, BetaAsyncToolRunner)


@pytest.mark.anyio
async def test_async_loop_calls_the_tool_and_ends(async_client: unbroken.AsyncAnthropic) -> None:
    runner = async_client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=call("get_weather", {"city": "Riga"})
    )

    turns = [message async for message in runner]

    assert [t.stop_reason for t in turns] == ["tool_use", "end_turn"]
    assert turns[-1].content[0].text == "Tool results: 18 degrees in Riga"  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_independent_tool_calls_of_a_turn_run_concurrently_in_order(
    async_client: unbroken.AsyncAnthropic, emulator: Emulator
) -> None:
    first_started, second_started = anyio.Event(), anyio.Event()

    @beta_async_tool
    async def first() -> str:
        first_started.set()
        await second_started.wait()  # only returns if `second` runs while this one waits
        return "first done"

    @beta_async_tool
    async def second() -> str:
        second_started.set()
        await first_started.wait()
        return "second done"

    emulator.faults.push(tool_calls(("second", {}), ("first", {})))
    runner = async_client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[first, second], messages=[{"role": "user", "content": "go"}]
    )

    with anyio.fail_after(10):  # a safety net against a deadlock, not a timing assertion
        final = await runner.until_done()

    assert sent_messages(emulator.requests[1])[-1]["content"] == [
        {"type": "tool_result", "tool_use_id": "toolu_1", "content": "second done"},
        {"type": "tool_result", "tool_use_id": "toolu_2", "content": "first done"},
    ]
    assert final.content[0].text == "Tool results: second done; first done"  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_one_failing_call_does_not_cancel_the_others(
    async_client: unbroken.AsyncAnthropic, emulator: Emulator
) -> None:
    @beta_async_tool
    async def broken() -> str:
        raise RuntimeError("no")

    emulator.faults.push(tool_calls(("broken", {}), ("get_weather", {"city": "Oulu"}), ("missing", {})))
    runner = async_client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[broken, get_weather], messages=[{"role": "user", "content": "go"}]
    )
    await runner.until_done()

    assert runner.messages[2]["content"] == [
        {"type": "tool_result", "tool_use_id": "toolu_1", "content": "RuntimeError('no')", "is_error": True},
        {"type": "tool_result", "tool_use_id": "toolu_2", "content": "18 degrees in Oulu"},
        {
            "type": "tool_result",
            "tool_use_id": "toolu_3",
            "content": "Error: Tool 'missing' not found",
            "is_error": True,
        },
    ]


@pytest.mark.anyio
async def test_sync_tools_run_in_a_worker_thread(async_client: unbroken.AsyncAnthropic) -> None:
    threads: list[threading.Thread] = []

    @beta_tool
    def where() -> str:
        threads.append(threading.current_thread())
        return "here"

    runner = async_client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[where], messages=call("where", {})
    )
    await runner.until_done()

    assert threads and threads[0] is not threading.main_thread()
    assert runner.messages[-1]["content"][0]["content"] == "here"  # type: ignore[index]


@pytest.mark.anyio
async def test_max_iterations_limits_the_async_loop(
    async_client: unbroken.AsyncAnthropic, emulator: Emulator
) -> None:
    runner = async_client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=64,
        tools=[get_weather],
        messages=call("get_weather", {"city": "Cork"}),
        max_iterations=1,
    )

    final = await runner.until_done()

    assert final.stop_reason == "tool_use"
    assert len(emulator.requests) == 1
    assert await runner.generate_tool_call_response() == {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": "toolu_emu_1", "content": "18 degrees in Cork"}],
    }


@pytest.mark.anyio
async def test_async_append_messages_replaces_the_automatic_append(
    async_client: unbroken.AsyncAnthropic, emulator: Emulator
) -> None:
    runner = async_client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=call("get_weather", {"city": "Graz"})
    )
    async for message in runner:
        if message.stop_reason == "tool_use":
            answer: BetaToolResultBlockParam = {
                "type": "tool_result",
                "tool_use_id": "toolu_emu_1",
                "content": "sunny",
            }
            runner.append_messages(message, {"role": "user", "content": [answer]})

    assert sent_messages(emulator.requests[1])[-1] == {"role": "user", "content": [answer]}


@pytest.mark.anyio
async def test_async_api_failure_keeps_the_conversation_and_can_resume(
    async_client: unbroken.AsyncAnthropic, emulator: Emulator
) -> None:
    runner = async_client.beta.messages.tool_runner(
        model=MODEL, max_tokens=64, tools=[get_weather], messages=call("get_weather", {"city": "Bari"})
    )
    await runner.__anext__()
    emulator.faults.push(Fault.status(400))

    with pytest.raises(unbroken.BadRequestError):
        await runner.__anext__()

    assert [m["role"] for m in runner.messages] == ["user", "assistant", "user"]
    assert (await runner.until_done()).content[0].text == "Tool results: 18 degrees in Bari"  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_async_streaming_runner_yields_streams(async_client: unbroken.AsyncAnthropic) -> None:
    runner = async_client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=64,
        tools=[get_weather],
        stream=True,
        messages=call("get_weather", {"city": "Gent"}),
    )

    texts = []
    async for stream in runner:
        assert isinstance(stream, BetaAsyncMessageStream)
        texts.append("".join([text async for text in stream.text_stream]))

    assert isinstance(runner, BetaAsyncStreamingToolRunner)
    assert texts == ["Calling get_weather.", "Tool results: 18 degrees in Gent"]


@pytest.mark.anyio
async def test_async_streaming_cut_mid_turn_keeps_the_conversation_and_resumes(
    async_client: unbroken.AsyncAnthropic, emulator: Emulator
) -> None:
    runner = async_client.beta.messages.tool_runner(
        model=MODEL,
        max_tokens=64,
        tools=[get_weather],
        stream=True,
        messages=call("get_weather", {"city": "Linz"}),
    )
    await runner.__anext__()
    emulator.faults.push(Fault.drop_after(6))
    await runner.__anext__()  # the second turn's stream opens; its body is read later

    with pytest.raises(unbroken.APIConnectionError) as info:
        await runner.__anext__()  # the runner reads the cut turn whole before going on: the error surfaces

    assert info.value.partial_message is not None

    assert [m["role"] for m in runner.messages] == ["user", "assistant", "user"]
    assert (await runner.until_done()).content[0].text == "Tool results: 18 degrees in Linz"  # type: ignore[union-attr]
