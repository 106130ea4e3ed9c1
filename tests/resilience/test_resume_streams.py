"""`resume_streams=True`, end to end against the emulator over real sockets: a message stream that breaks
after content arrived is continued with a prefill, and the caller reads one stream — sync and async, raw
`create(stream=True)` and `messages.stream()`. The emulator's model carries on a prefill its reply starts
with, so a continuation gets the rest of the same answer; `emulator.requests` shows what was sent."""

from __future__ import annotations

from typing import Any

import pytest
from resilience_helpers import ARGS, MODES, make_client, read

import unbroken
from unbroken import StreamTimeouts
from unbroken.testing import Emulator, Fault, Reply
from unbroken.usage import UsageMeter

FULL = "one two three four five"


def prefilled(req: Any) -> bool:
    return req.prefill is not None


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_dropped_mid_answer_is_continued_and_read_as_one(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(5))  # message_start, ping, block start, "one", " two"

    result = read(make_client(emulator, mode, resume_streams=True), mode)

    assert result.error is None
    assert result.texts == ["one", " two", " three", " four", " five"]
    assert result.message.content[0].text == FULL
    assert result.continuations == 1
    first, second = emulator.requests
    assert (first.prefill, second.prefill) == (None, "one two")
    assert second.messages[:-1] == ARGS["messages"]
    # usage summed over both attempts: 1 + 3 input words, 1 (message_start) + 3 output words
    assert (result.message.usage.input_tokens, result.message.usage.output_tokens) == (1 + 3, 1 + 3)
    if mode.endswith("raw"):
        assert result.types().count("message_start") == 1
        assert [e.index for e in result.events if hasattr(e, "index")] == [0] * 7
    else:
        assert result.message._continuations == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("error_type", ["overloaded_error", "api_error"])
def test_an_in_stream_server_error_after_content_is_continued(
    emulator: Emulator, mode: str, error_type: str
) -> None:
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.error_event(6, error_type, "Try again"))  # ... "one", " two", " three"

    result = read(make_client(emulator, mode, resume_streams=True), mode)

    assert (result.error, result.text, result.continuations) == (None, FULL, 1)
    assert emulator.requests[1].prefill == "one two three"


@pytest.mark.parametrize("mode", MODES)
def test_an_idle_stream_timeout_is_continued(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.stall_after(4, 5.0))  # silent after "one"
    client = make_client(emulator, mode, resume_streams=True, stream_timeouts=StreamTimeouts(idle=0.3))

    result = read(client, mode)

    assert (result.error, result.text, result.continuations) == (None, FULL, 1)
    assert emulator.requests[1].prefill == "one"


@pytest.mark.parametrize("mode", MODES)
def test_trailing_whitespace_is_cut_from_the_prefill_and_not_said_twice(
    emulator: Emulator, mode: str
) -> None:
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [],
    }
    usage = {"input_tokens": 1, "output_tokens": 1}
    emulator.replies.push(
        Reply.events(
            [
                {"type": "message_start", "message": {**message, "usage": usage}},
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": "Dear Ada,"},
                },
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "\n\n"}},
            ]
        ),
        # the API refuses a prefill ending in whitespace (so does the emulator): this answers "Dear Ada,"
        Reply.text("Dear Ada,\n\nThank you."),
    )

    result = read(make_client(emulator, mode, resume_streams=True), mode)

    assert result.error is None
    assert emulator.requests[1].prefill == "Dear Ada,"
    assert result.texts == ["Dear Ada,", "\n\n", "Thank", " you."]
    assert result.message.content[0].text == "Dear Ada,\n\nThank you."


@pytest.mark.parametrize("mode", MODES)
def test_a_continuation_is_retried_by_the_policy_before_its_first_event(
    emulator: Emulator, mode: str
) -> None:
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(
        Fault.drop_after(5),
        Fault.status(529, when=prefilled),
        Fault.drop_after(0, when=prefilled),  # the retry's body: cut before its first event
    )

    result = read(make_client(emulator, mode, resume_streams=True, max_retries=2), mode)

    assert (result.error, result.text, result.continuations) == (None, FULL, 1)
    assert [r.outcome.status for r in emulator.requests] == [200, 529, 200, 200]
    assert [r.prefill for r in emulator.requests] == [None, "one two", "one two", "one two"]


@pytest.mark.parametrize("mode", MODES)
def test_a_rejected_prefill_raises_the_original_error_with_the_rejection_chained(
    emulator: Emulator, mode: str
) -> None:
    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(
        Fault.drop_after(5),
        Fault.status(400, message="This model does not support assistant prefill.", when=prefilled),
    )

    result = read(make_client(emulator, mode, resume_streams=True, max_retries=2), mode)

    error = result.error
    assert type(error) is unbroken.APIConnectionError
    assert error.partial_message is not None and error.partial_message.content[0].text == "one two"
    assert isinstance(error.__cause__, unbroken.BadRequestError)
    assert "does not support assistant prefill" in str(error.__cause__)
    assert error.__cause__.__context__ is not None  # the drop's own cause, kept in the chain
    assert result.text == "one two"
    assert len(emulator.requests) == 2  # a 400 is not retried


@pytest.mark.parametrize("mode", ["sync-helper", "async-raw"])
def test_continuations_are_bounded_by_max_continuations(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text(FULL, times=3))
    emulator.faults.push(Fault.drop_after(4, times=3))  # each body: message_start, ping, start, one word

    result = read(make_client(emulator, mode, resume_streams=True, max_continuations=2), mode)

    assert isinstance(result.error, unbroken.APIConnectionError)
    assert result.error.partial_message.content[0].text == "one two three"
    assert result.error.partial_message._continuations == 2
    assert result.text == "one two three"
    assert [r.prefill for r in emulator.requests] == [None, "one", "one two"]


@pytest.mark.parametrize("mode", ["sync-raw", "async-helper"])
def test_a_stream_broken_inside_a_tool_use_is_raised_as_before(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.tool_use("lookup", {"query": "weather in Paris"}, text="Checking."))
    emulator.faults.push(Fault.drop_after(9))  # inside the tool_use block's input JSON

    result = read(make_client(emulator, mode, resume_streams=True), mode)

    assert isinstance(result.error, unbroken.APIConnectionError)
    assert [block.type for block in result.error.partial_message.content] == ["text", "tool_use"]
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("mode", ["sync-helper", "async-raw"])
def test_a_request_with_extended_thinking_is_not_continued(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.drop_after(3))  # message_start, ping, the thinking block's start
    args = {**ARGS, "max_tokens": 4096, "thinking": {"type": "enabled", "budget_tokens": 2048}}

    result = read(make_client(emulator, mode, resume_streams=True), mode, args)

    assert isinstance(result.error, unbroken.APIConnectionError)
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("mode", ["sync-raw", "async-helper"])
def test_without_resume_streams_a_drop_is_raised_as_before(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.drop_after(5))

    result = read(make_client(emulator, mode), mode)

    assert isinstance(result.error, unbroken.APIConnectionError)
    assert result.error.partial_message.content[0].text == "one two"
    assert result.continuations == 0
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("mode", ["sync-helper", "async-raw"])
def test_no_continuation_starts_after_the_deadline(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.stall_after(4, 5.0))
    client = make_client(
        emulator, mode, resume_streams=True, deadline=1.0, stream_timeouts=StreamTimeouts(idle=1.5)
    )

    result = read(client, mode)

    error = result.error
    assert isinstance(error, unbroken.APITimeoutError) and error.timeout_kind == "idle"
    assert (
        isinstance(error.__cause__, unbroken.APITimeoutError) and error.__cause__.timeout_kind == "deadline"
    )
    assert error.partial_message.content[0].text == "one"
    assert len(emulator.requests) == 1


def test_the_hooks_the_usage_meter_and_middleware_see_each_continuation(emulator: Emulator) -> None:
    seen: list[Any] = []
    sent: list[Any] = []

    def middleware(request: Any, call_next: Any) -> Any:
        sent.append(request.json["messages"][-1])
        return call_next(request)

    meter = UsageMeter()
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.client(
        resume_streams=True,
        hooks=unbroken.Hooks(on_continuation=seen.append),
        usage_meter=meter,
        middleware=[middleware],
    )

    with client.messages.stream(**ARGS) as stream:
        message = stream.get_final_message()

    (event,) = seen
    assert (event.continuation, event.prefill) == (1, "one two")
    assert isinstance(event.error, unbroken.APIConnectionError)
    assert event.partial_message.content[0].text == "one two"  # what had arrived, as it was then
    assert sent == [ARGS["messages"][-1], {"role": "assistant", "content": "one two"}]
    assert meter.usage.input_tokens == message.usage.input_tokens == 4  # recorded once, summed
    assert meter.usage.output_tokens == message.usage.output_tokens


@pytest.mark.anyio
async def test_an_async_hook_hears_of_the_continuation(emulator: Emulator) -> None:
    seen: list[int] = []

    async def on_continuation(event: unbroken.ContinuationEvent) -> None:
        seen.append(event.continuation)

    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(5))
    async with emulator.async_client(
        resume_streams=True, hooks=unbroken.Hooks(on_continuation=on_continuation)
    ) as client:
        async with client.messages.stream(**ARGS) as stream:
            assert await stream.get_final_text() == FULL

    assert seen == [1]


def test_a_bedrock_stream_cut_mid_frame_is_continued(emulator: Emulator) -> None:
    pytest.importorskip("botocore")
    model = "anthropic.claude-sonnet-4-5-20250929-v1:0"
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(3))  # message_start, block start, "one" (Bedrock sends no ping)
    client = unbroken.AnthropicBedrock(
        aws_access_key="AKIDEXAMPLE",
        aws_secret_key="example-secret",
        aws_region="us-east-1",
        base_url=emulator.base_url,
        resume_streams=True,
    )

    with client.messages.stream(**{**ARGS, "model": model}) as stream:
        assert stream.get_final_text() == FULL

    assert emulator.requests[1].prefill == "one"
    assert emulator.requests[1].path == f"/model/{model}/invoke-with-response-stream"


def test_stream_long_requests_continue_too(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.client(resume_streams=True, stream_long_requests=True)

    message = client.messages.create(**{**ARGS, "max_tokens": 100_000, "model": "claude-opus-4-1"})

    assert (message.content[0].text, message._continuations) == (FULL, 1)


@pytest.mark.parametrize("mode", ["sync-raw", "async-helper"])
def test_a_continuation_that_never_starts_raises_the_original_error(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(5), Fault.drop_after(0, when=prefilled, times=None))

    result = read(make_client(emulator, mode, resume_streams=True, max_retries=1), mode)

    error = result.error
    assert type(error) is unbroken.APIConnectionError
    assert error.partial_message.content[0].text == "one two"
    cause = error.__cause__
    assert (
        isinstance(cause, unbroken.APIConnectionError) and cause is not error
    )  # the continuation's last try
    assert [r.prefill for r in emulator.requests] == [None, "one two", "one two"]


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_broken_after_message_start_is_retried_as_one_stream(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.error_event(2))  # message_start, ping, then an overload: no content yet

    result = read(make_client(emulator, mode, resume_streams=True, max_retries=1), mode)

    assert (result.error, result.text, result.continuations) == (None, FULL, 0)
    assert result.types().count("message_start") == 1
    assert [r.prefill for r in emulator.requests] == [None, None]


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_retried_after_message_start_is_the_answering_attempts_message(
    emulator: Emulator, mode: str
) -> None:
    emulator.replies.push(Reply.text(FULL))
    clean = emulator.client().messages.create(**ARGS)
    emulator.reset()
    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.error_event(2))  # message_start, ping, then an overload: no content yet
    meter = UsageMeter()

    result = read(make_client(emulator, mode, resume_streams=True, max_retries=1, usage_meter=meter), mode)

    usage = result.message.usage  # not the broken attempt's too: none of its content is in the message
    assert (usage.input_tokens, usage.output_tokens) == (clean.usage.input_tokens, clean.usage.output_tokens)
    assert meter.usage.input_tokens == 2 * clean.usage.input_tokens  # the broken attempt's input is billed
    assert meter.failed_calls == 1
    if mode.endswith("helper"):
        (start,) = [event for event in result.events if event.type == "message_start"]
        assert result.message.id != start.message.id  # the answering attempt's


def test_without_either_option_a_failure_after_message_start_is_raised(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(2))

    result = read(make_client(emulator, "sync-helper", max_retries=2), "sync-helper")

    assert isinstance(result.error, unbroken.OverloadedError)
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("mode", ["sync-helper", "async-raw"])
def test_text_after_a_server_tools_blocks_is_continued_with_those_blocks_in_the_prefill(
    emulator: Emulator, mode: str
) -> None:
    search = {
        "type": "server_tool_use",
        "id": "srvtoolu_1",
        "name": "web_search",
        "input": {"query": "capital"},
    }
    result = {
        "type": "web_search_tool_result",
        "tool_use_id": "srvtoolu_1",
        "content": [
            {"type": "web_search_result", "url": "https://x.test", "title": "X", "encrypted_content": "e"}
        ],
    }
    emulator.replies.push(
        Reply.message([search, result, "It is Paris, of course."]),
        Reply.text("It is Paris, of course.", when=prefilled),
    )
    emulator.faults.push(Fault.drop_after(10))  # ... the text block's start, "It", " is", " Paris,"

    read_back = read(make_client(emulator, mode, resume_streams=True), mode)

    assert read_back.error is None
    message = read_back.message
    assert [block.type for block in message.content] == ["server_tool_use", "web_search_tool_result", "text"]
    assert message.content[2].text == "It is Paris, of course."
    sent = emulator.requests[1].messages[-1]["content"]
    assert [block["type"] for block in sent] == ["server_tool_use", "web_search_tool_result", "text"]
    assert sent[2] == {"type": "text", "text": "It is Paris,"}
