"""What the async `AsyncStream` does after a failure and when nobody reads its events, as a caller sees it:
the continuation's log lines, hook event and single span; a stream retried after its `message_start` (the
error the retry hook saw stays as it was, the new answer's text is not trimmed); continuation bodies that
open with something other than the text left open; the cause chain of a continuation that could not be made;
and the fast path of `until_done()` on compact data lines (the API's own spelling, which the emulator's
`json.dumps` spacing never takes), through a socketless transport."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import httpx2
import pytest
from resilience_helpers import ARGS

import unbroken
from unbroken.streaming import _delta_line
from unbroken.testing import Emulator, Fault, Reply

pytestmark = pytest.mark.anyio

FULL = "one two three four five"
USAGE = {"input_tokens": 4, "output_tokens": 1}


def prefilled(req: Any) -> bool:
    return req.prefill is not None


async def final_text(client: unbroken.AsyncAnthropic) -> str:
    async with client, client.messages.stream(**ARGS) as stream:
        return await stream.get_final_text()


# -- continuing a stream broken after content -------------------------------------------------------


async def test_each_continuation_and_the_one_refused_are_logged_with_why(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="unbroken.streaming")
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(4, times=2))  # each body: message_start, ping, start, one word
    client = emulator.async_client(resume_streams=True, max_continuations=1, max_retries=0)

    with pytest.raises(unbroken.APIConnectionError):
        await final_text(client)

    assert [record.getMessage() for record in caplog.records if record.name == "unbroken.streaming"] == [
        "Continuing the stream after APIConnectionError (continuation 1 of at most 1)",
        "The stream is not continued after APIConnectionError: "
        "it was continued 1 time(s) already (max_continuations=1)",
    ]


async def test_the_continuation_hook_gets_the_failure_the_prefill_and_what_had_arrived_then(
    emulator: Emulator,
) -> None:
    seen: list[unbroken.ContinuationEvent] = []

    async def on_continuation(event: unbroken.ContinuationEvent) -> None:
        seen.append(event)

    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(5))  # message_start, ping, block start, "one", " two"
    client = emulator.async_client(resume_streams=True, hooks=unbroken.Hooks(on_continuation=on_continuation))

    assert await final_text(client) == FULL

    (event,) = seen
    assert (event.continuation, event.prefill) == (1, "one two")
    assert type(event.error) is unbroken.APIConnectionError
    assert event.partial_message.content[0].text == "one two"  # as it was then, not the finished text


async def test_a_continued_stream_is_one_span_with_its_continuation_event(emulator: Emulator) -> None:
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(Fault.drop_after(4))
    client = emulator.async_client(resume_streams=True, open_telemetry={"tracer_provider": provider})

    try:
        assert await final_text(client) == FULL
    finally:
        provider.shutdown()

    (span,) = spans.get_finished_spans()  # the continuation reports to the call's span, which it ends
    assert [event.name for event in span.events] == [
        "unbroken.attempt",
        "unbroken.response",
        "unbroken.continuation",
        "unbroken.attempt",
        "unbroken.response",
    ]


async def test_a_continuation_a_middleware_answers_with_a_value_raises_the_failure_with_its_own_cause(
    emulator: Emulator,
) -> None:
    async def cache(request: Any, call_next: Any) -> Any:
        if request.json["messages"][-1]["role"] == "assistant":
            return "an answer from a cache"  # a value cannot carry on a stream's body
        return await call_next(request)

    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.async_client(resume_streams=True, max_retries=0, middleware=[cache])

    with pytest.raises(unbroken.APIConnectionError) as info:
        await final_text(client)

    error = info.value
    assert isinstance(error.__cause__, httpx2.TransportError)  # the drop (default stack), not itself
    assert error.partial_message.content[0].text == "one two"
    assert len(emulator.requests) == 1


def test_sync_a_continuation_a_middleware_answers_with_a_value_raises_the_failure_with_its_own_cause(
    emulator: Emulator,
) -> None:
    def cache(request: Any, call_next: Any) -> Any:
        if request.json["messages"][-1]["role"] == "assistant":
            return "an answer from a cache"
        return call_next(request)

    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.client(resume_streams=True, max_retries=0, middleware=[cache])

    with pytest.raises(unbroken.APIConnectionError) as info, client.messages.stream(**ARGS) as stream:
        stream.get_final_text()

    assert isinstance(info.value.__cause__, httpx2.TransportError)
    assert info.value.partial_message.content[0].text == "one two"


async def test_a_continuation_that_never_starts_keeps_its_own_context_when_the_break_had_no_cause(
    emulator: Emulator,
) -> None:
    emulator.replies.push(Reply.text(FULL, times=2))
    emulator.faults.push(
        Fault.error_event(6, "overloaded_error", "busy"),  # ... "one", " two", " three": no cause
        Fault.drop_after(0, when=prefilled),
    )
    client = emulator.async_client(resume_streams=True, max_retries=0)

    with pytest.raises(unbroken.OverloadedError) as info:
        await final_text(client)

    error = info.value
    unrepaired = error.__cause__
    assert isinstance(unrepaired, unbroken.APIConnectionError)
    assert isinstance(unrepaired.__context__, httpx2.TransportError)  # its own story, left as it was
    assert error.partial_message.content[0].text == "one two three"


async def test_a_continuation_that_opens_with_text_of_its_own_gives_it_to_the_caller(
    emulator: Emulator,
) -> None:
    start = {"id": "msg_2", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5"}
    emulator.replies.push(
        Reply.text(FULL),
        Reply.events(
            [
                {"type": "message_start", "message": {**start, "content": [], "usage": USAGE}},
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": " th"}},
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "ree"}},
                {"type": "content_block_stop", "index": 0},
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn"},
                    "usage": {"output_tokens": 2},
                },
                {"type": "message_stop"},
            ],
            when=prefilled,
        ),
    )
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.async_client(resume_streams=True, max_retries=0)

    async with client, client.messages.stream(**ARGS) as stream:
        texts = [event.text async for event in stream if event.type == "text"]
        message = await stream.get_final_message()

    assert texts == ["one", " two", " th", "ree"]
    assert [block.type for block in message.content] == ["text"]
    assert message.content[0].text == "one two three"


async def test_a_continuation_that_opens_with_a_tool_call_closes_the_text_left_open(
    emulator: Emulator,
) -> None:
    emulator.replies.push(
        Reply.text(FULL),
        Reply.tool_use("lookup", {"query": "six"}, when=prefilled),
    )
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.async_client(resume_streams=True, max_retries=0)
    raw: list[Any] = []

    async with client:
        stream = await client.messages.create(**ARGS, stream=True)
        async for event in stream:
            raw.append(event)

    stops = [event.index for event in raw if event.type == "content_block_stop"]
    starts = [(event.index, event.content_block.type) for event in raw if event.type == "content_block_start"]
    assert starts == [(0, "text"), (1, "tool_use")]
    assert stops == [0, 1]  # the text block left open is closed before the tool call starts


# -- a stream broken after its message_start, before content: retried as one stream ----------------------


async def test_the_error_the_retry_hook_saw_keeps_the_broken_attempts_message(emulator: Emulator) -> None:
    retried: list[unbroken.RetryEvent] = []
    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.error_event(2))  # message_start, ping, then an overload: no content yet
    client = emulator.async_client(
        resume_streams=True, max_retries=1, hooks=unbroken.Hooks(on_retry=retried.append)
    )

    async with client, client.messages.stream(**ARGS) as stream:
        (start,) = [event async for event in stream if event.type == "message_start"]
        message = await stream.get_final_message()

    (retry,) = retried
    partial = retry.error.partial_message  # type: ignore[attr-defined]
    assert partial.content == []  # nothing of the answer that came afterwards
    assert partial.id == start.message.id != message.id  # the broken attempt's, not the answer's
    assert message.content[0].text == FULL  # type: ignore[union-attr]


async def test_a_retried_answer_is_read_whole_even_when_it_starts_like_the_broken_one(
    emulator: Emulator,
) -> None:
    emulator.replies.push(Reply.text("XX marks the spot"))
    emulator.faults.push(Fault.error_event(2))

    assert await final_text(emulator.async_client(resume_streams=True, max_retries=1)) == "XX marks the spot"


async def test_a_stream_that_breaks_after_message_start_on_every_retry_raises_the_last_break(
    emulator: Emulator,
) -> None:
    emulator.faults.push(Fault.error_event(2, times=2))  # message_start, ping, then an overload: twice
    client = emulator.async_client(resume_streams=True, max_retries=1)

    with pytest.raises(unbroken.OverloadedError) as info:
        await final_text(client)

    assert info.value.__cause__ is None  # no continuation was made: nothing to chain
    assert info.value.partial_message.content == []
    assert len(emulator.requests) == 2


async def test_a_message_start_that_does_not_validate_is_a_validation_error_when_streams_resume(
    emulator: Emulator,
) -> None:
    emulator.replies.push(
        Reply.events([{"type": "message_start", "message": {"id": "msg_1"}}, {"type": "message_stop"}])
    )
    client = emulator.async_client(resume_streams=True, max_retries=0)

    with pytest.raises(unbroken.APIResponseValidationError) as info:
        await final_text(client)

    assert type(info.value) is unbroken.APIResponseValidationError
    assert len(emulator.requests) == 1


async def test_a_raw_stream_that_keeps_nothing_is_not_continued_and_raises_the_drop(
    emulator: Emulator,
) -> None:
    emulator.replies.push(Reply.text(FULL))
    emulator.faults.push(Fault.drop_after(5))
    client = emulator.async_client(resume_streams=True, accumulate_raw_streams=False, max_retries=0)
    texts: list[str] = []

    async with client:
        stream = await client.messages.create(**ARGS, stream=True)
        with pytest.raises(unbroken.APIConnectionError) as info:
            async for event in stream:
                if event.type == "content_block_delta":
                    texts.append(event.delta.text)

    assert texts == ["one", " two"]
    assert info.value.partial_message is None  # nothing kept, so nothing to continue with
    assert len(emulator.requests) == 1


# -- nobody reads the events: the deltas skip the event models --------------------------------------------

START = (
    '{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m",'
    '"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}'
)
WORDS = ["Compact", " lines", " as", " the", " API", " sends"]


def compact_body() -> bytes:
    events = [
        START,
        '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
        *(
            f'{{"type":"content_block_delta","index":0,"delta":{{"type":"text_delta","text":"{w}"}}}}'
            for w in WORDS
        ),
        '{"type":"content_block_stop","index":0}',
        '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}',
        '{"type":"message_stop"}',
    ]
    names = [event.split('"')[3] for event in events]
    return "".join(
        f"event: {name}\ndata: {event}\n\n" for name, event in zip(names, events, strict=True)
    ).encode()


def compact_client() -> unbroken.AsyncAnthropic:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=compact_body(), headers={"content-type": "text/event-stream"})

    return unbroken.AsyncAnthropic(
        api_key="k",
        base_url="http://api.test",
        max_retries=0,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(answer)),
    )


@pytest.fixture
def fast_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry per string the fast path read off a data line."""
    calls: list[str] = []
    real = _delta_line.scanstring

    def counted(*args: Any) -> Any:
        calls.append("fast")
        return real(*args)

    monkeypatch.setattr(_delta_line, "scanstring", counted)
    return calls


async def test_a_raw_stream_yields_every_compact_delta(fast_reads: list[str]) -> None:
    async with compact_client() as client:
        stream = await client.messages.create(**ARGS, stream=True)
        deltas = [event.delta.text async for event in stream if event.type == "content_block_delta"]

    assert deltas == WORDS
    assert fast_reads == []


async def test_the_final_message_read_at_once_takes_the_fast_path_for_every_delta(
    fast_reads: list[str],
) -> None:
    async with compact_client() as client, client.messages.stream(**ARGS) as stream:
        message = await stream.get_final_message()

    assert message.content[0].text == "".join(WORDS)  # type: ignore[union-attr]
    assert len(fast_reads) == len(WORDS)


async def test_until_done_in_the_middle_of_a_body_takes_the_fast_path_for_the_rest(
    fast_reads: list[str],
) -> None:
    async with compact_client() as client, client.messages.stream(**ARGS) as stream:
        while (await anext(stream)).type != "text":
            pass
        await stream.until_done()
        message = stream.current_message_snapshot

    assert message.content[0].text == "".join(WORDS)  # type: ignore[union-attr]
    assert len(fast_reads) == len(WORDS) - 1
