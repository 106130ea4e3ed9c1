"""The pure half of `resume_streams` (`streaming/continuation.py`): which streams continue and with which
request, how a continuation's events are stitched onto what the caller has read, how usage adds up. No
sockets: events are typed from dicts, accumulated by the real `MessageAccumulator`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import unbroken
from unbroken._models import type_adapter
from unbroken._request import RequestSpec, request_spec
from unbroken.streaming.accumulate import MessageAccumulator
from unbroken.streaming.continuation import Continuation, Stitcher, add_usage, continues, plan_continuation
from unbroken.types import Message
from unbroken.types.stream_events import RawMessageStreamEvent

REQUEST = httpx.Request("POST", "https://api.test/v1/messages")
RESPONSE = httpx.Response(200, request=REQUEST)
DROP = unbroken.APIConnectionError(request=REQUEST)
make_event = type_adapter(RawMessageStreamEvent).validate_python


def event(data: dict[str, Any]) -> Any:
    return make_event(data)


def start(model: str = "claude-sonnet-4-5", input_tokens: int = 10, output_tokens: int = 1) -> Any:
    usage = {"input_tokens": input_tokens, "output_tokens": output_tokens}
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": model, "content": []}
    return event({"type": "message_start", "message": {**message, "usage": usage}})


def block_start(index: int, block: dict[str, Any] | None = None) -> Any:
    return event(
        {
            "type": "content_block_start",
            "index": index,
            "content_block": block or {"type": "text", "text": ""},
        }
    )


def text(index: int, piece: str) -> Any:
    return event(
        {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": piece}}
    )


def stop(index: int) -> Any:
    return event({"type": "content_block_stop", "index": index})


def message_delta(output_tokens: int, stop_reason: str = "end_turn", **usage: int) -> Any:
    return event(
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": None},
            "usage": {"output_tokens": output_tokens, **usage},
        }
    )


def received(*events: Any) -> MessageAccumulator[Any]:
    accumulator = MessageAccumulator()
    for item in events:
        accumulator.accumulate(item)
    return accumulator


def stitched(accumulator: MessageAccumulator[Any], suffix: str, *events: Any) -> list[Any]:
    """What the caller's stream yields for a continuation's `events` (each also accumulated)."""
    snapshot = accumulator.snapshot
    stitcher = Stitcher(snapshot, open_block=accumulator.open_block, suffix=suffix, make_event=make_event)
    out = []
    for item in events:
        for rewritten in stitcher(item):
            accumulator.accumulate(rewritten)
            out.append(rewritten)
    return out


def spec(**body: Any) -> RequestSpec:
    base: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "hi"}],
    }
    return request_spec("post", "/v1/messages", body={**base, **body})


def snapshot_of(*texts: str, blocks: list[dict[str, Any]] | None = None) -> Message:
    content = blocks if blocks is not None else [{"type": "text", "text": t} for t in texts]
    return Message.model_validate(
        {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5",
            "content": content,
            "usage": {"input_tokens": 10, "output_tokens": 1},
        }
    )


def planned(result: Continuation | str) -> Continuation:
    assert isinstance(result, Continuation), result
    return result


# -- which failures continue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        DROP,
        unbroken.APITimeoutError(REQUEST, timeout_kind="idle"),
        unbroken.APITimeoutError(REQUEST, timeout_kind="total"),
        unbroken.IncompleteStreamError(message="Stream ended before message_stop.", request=REQUEST),
        unbroken.OverloadedError("Overloaded", response=httpx.Response(529, request=REQUEST), body=None),
        unbroken.InternalServerError("api_error", response=httpx.Response(500, request=REQUEST), body=None),
    ],
)
def test_drops_stream_timeouts_and_in_stream_server_errors_are_continued(error: Exception) -> None:
    assert continues(error)


@pytest.mark.parametrize(
    "error",
    [
        unbroken.APITimeoutError(REQUEST, timeout_kind="deadline"),
        unbroken.RateLimitError("slow down", response=httpx.Response(429, request=REQUEST), body=None),
        unbroken.APIResponseValidationError(RESPONSE, None, message="not JSON"),
        ValueError("not ours"),
    ],
)
def test_the_deadline_client_errors_and_bad_responses_are_not(error: Exception) -> None:
    assert not continues(error)


# -- the request that continues ------------------------------------------------------------------------------


def test_the_continuation_sends_the_text_so_far_as_the_assistant_prefill() -> None:
    plan = planned(plan_continuation(spec(), snapshot_of("Once upon", " a time"), DROP, done=0, limit=2))

    assert plan.prefill == "Once upon a time"
    assert plan.suffix == ""
    assert plan.spec.json_data == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": "Once upon a time"},
        ],
    }
    assert plan.spec.idempotency_key is None  # a new request: finalize() gives it a key of its own


def test_trailing_whitespace_is_cut_from_the_prefill_and_kept_as_the_suffix() -> None:
    plan = planned(plan_continuation(spec(), snapshot_of("Dear Ada,\n\n"), DROP, done=0, limit=2))

    assert plan.prefill == "Dear Ada,"
    assert plan.suffix == "\n\n"
    assert plan.spec.json_data["messages"][-1] == {"role": "assistant", "content": "Dear Ada,"}  # type: ignore[index]


def test_an_answer_of_whitespace_only_is_continued_without_a_prefill() -> None:
    plan = planned(plan_continuation(spec(), snapshot_of("  "), DROP, done=0, limit=2))

    assert plan.prefill is None
    assert plan.suffix == "  "
    assert plan.spec.json_data["messages"] == [{"role": "user", "content": "hi"}]  # type: ignore[index]


def test_the_callers_own_prefill_is_continued_not_repeated() -> None:
    messages = [{"role": "user", "content": "JSON please"}, {"role": "assistant", "content": "{"}]
    plan = planned(plan_continuation(spec(messages=messages), snapshot_of('"a": '), DROP, done=0, limit=2))

    assert plan.prefill == '{"a":'
    assert plan.suffix == " "
    assert plan.spec.json_data["messages"] == [  # type: ignore[index]
        {"role": "user", "content": "JSON please"},
        {"role": "assistant", "content": '{"a":'},
    ]


def test_a_callers_prefill_of_text_blocks_is_joined() -> None:
    prefill = {"role": "assistant", "content": [{"type": "text", "text": "A"}, {"type": "text", "text": "B"}]}
    messages = [{"role": "user", "content": "go"}, prefill]

    plan = planned(plan_continuation(spec(messages=messages), snapshot_of("C"), DROP, done=0, limit=2))

    assert plan.prefill == "ABC"


def test_a_callers_prefill_with_other_blocks_is_continued_as_blocks() -> None:
    image = {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}}
    messages = [{"role": "user", "content": "go"}, {"role": "assistant", "content": [image]}]

    plan = planned(plan_continuation(spec(messages=messages), snapshot_of("C "), DROP, done=0, limit=2))

    assert plan.spec.json_data["messages"][-1] == {  # type: ignore[index]
        "role": "assistant",
        "content": [image, {"type": "text", "text": "C"}],
    }
    assert (plan.prefill, plan.suffix) == ("C", " ")


SEARCH = [
    {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "capital"}},
    {
        "type": "web_search_tool_result",
        "tool_use_id": "srvtoolu_1",
        "content": [
            {"type": "web_search_result", "url": "https://x.test", "title": "X", "encrypted_content": "e"}
        ],
    },
]


def test_complete_blocks_before_the_text_being_written_are_sent_as_they_came() -> None:
    blocks = [{"type": "text", "text": "Searching."}, *SEARCH, {"type": "text", "text": "It is Paris, "}]

    plan = planned(plan_continuation(spec(), snapshot_of(blocks=blocks), DROP, done=0, limit=2))

    sent = plan.spec.json_data["messages"][-1]["content"]  # type: ignore[index]
    assert sent[0] == {"type": "text", "text": "Searching."}
    assert [block["type"] for block in sent] == ["text", "server_tool_use", "web_search_tool_result", "text"]
    assert sent[1] == SEARCH[0]
    assert sent[2]["content"][0]["url"] == "https://x.test"
    assert sent[3] == {"type": "text", "text": "It is Paris,"}
    assert (plan.prefill, plan.suffix) == ("Searching.It is Paris,", " ")


def test_text_of_whitespace_only_after_other_blocks_is_left_out() -> None:
    blocks = [*SEARCH, {"type": "text", "text": "\n"}]

    plan = planned(plan_continuation(spec(), snapshot_of(blocks=blocks), DROP, done=0, limit=2))

    sent = plan.spec.json_data["messages"][-1]["content"]  # type: ignore[index]
    assert [block["type"] for block in sent] == ["server_tool_use", "web_search_tool_result"]
    assert (plan.prefill, plan.suffix) == (None, "\n")


def test_the_text_blocks_citations_are_not_sent_back() -> None:
    citation = {
        "type": "char_location",
        "cited_text": "x",
        "document_index": 0,
        "document_title": None,
        "start_char_index": 0,
        "end_char_index": 1,
    }
    blocks = [*SEARCH, {"type": "text", "text": "Cited", "citations": [citation]}]

    plan = planned(plan_continuation(spec(), snapshot_of(blocks=blocks), DROP, done=0, limit=2))

    assert plan.spec.json_data["messages"][-1]["content"][-1] == {"type": "text", "text": "Cited"}  # type: ignore[index]


def test_extra_body_is_part_of_the_request_continued() -> None:
    request = request_spec(
        "post",
        "/v1/messages",
        body={"model": "m", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]},
        extra_body={"metadata": {"user_id": "u1"}},
    )

    plan = planned(plan_continuation(request, snapshot_of("Hel"), DROP, done=0, limit=2))

    assert plan.spec.extra_json is None
    assert plan.spec.json_data["metadata"] == {"user_id": "u1"}  # type: ignore[index]
    assert plan.spec.json_data["messages"][-1]["content"] == "Hel"  # type: ignore[index]


@pytest.mark.parametrize(
    ("blocks", "reason"),
    [
        (
            [
                {"type": "text", "text": "Let me look."},
                {"type": "tool_use", "id": "t1", "name": "f", "input": {}},
            ],
            "the answer broke off in a tool_use block, which a prefill cannot carry on",
        ),
        (
            [{"type": "server_tool_use", "id": "s1", "name": "web_search", "input": {}}],
            "the answer broke off in a server_tool_use block, which a prefill cannot carry on",
        ),
        (
            [{"type": "thinking", "thinking": "Hmm", "signature": "s"}, {"type": "text", "text": "So"}],
            "the answer holds a thinking block, which a prefill cannot carry on",
        ),
        (
            [{"type": "redacted_thinking", "data": "x"}, {"type": "text", "text": "So"}],
            "the answer holds a redacted_thinking block, which a prefill cannot carry on",
        ),
    ],
)
def test_only_an_answer_broken_in_text_without_thinking_is_continued(
    blocks: list[dict[str, Any]], reason: str
) -> None:
    assert plan_continuation(spec(), snapshot_of(blocks=blocks), DROP, done=0, limit=2) == reason


@pytest.mark.parametrize("thinking", [{"type": "enabled", "budget_tokens": 2048}, {"type": "adaptive"}])
def test_a_request_with_extended_thinking_is_not_continued(thinking: dict[str, Any]) -> None:
    reason = plan_continuation(spec(thinking=thinking), snapshot_of("So"), DROP, done=0, limit=2)

    assert reason == "the request uses extended thinking, which a prefill cannot carry on"
    disabled = spec(thinking={"type": "disabled"})
    assert isinstance(plan_continuation(disabled, snapshot_of("So"), DROP, done=0, limit=2), Continuation)


def test_continuations_stop_at_the_limit() -> None:
    assert isinstance(plan_continuation(spec(), snapshot_of("a"), DROP, done=1, limit=2), Continuation)
    assert plan_continuation(spec(), snapshot_of("a"), DROP, done=2, limit=2) == (
        "it was continued 2 time(s) already (max_continuations=2)"
    )


def test_a_failure_a_continuation_cannot_repair_is_not_continued() -> None:
    bad = unbroken.APIResponseValidationError(RESPONSE, None, message="not JSON")

    assert plan_continuation(spec(), snapshot_of("a"), bad, done=0, limit=2) == (
        "APIResponseValidationError is not a failure a continuation repairs"
    )


def test_a_request_without_messages_is_not_continued() -> None:
    assert plan_continuation(spec(messages=[]), snapshot_of("a"), DROP, done=0, limit=2) == (
        "the request has no messages"
    )


# -- usage ------------------------------------------------------------------------------------------------


def test_usages_add_up_field_by_field_nested_counts_too() -> None:
    from unbroken.types.message import Usage

    base = Usage.model_validate(
        {
            "input_tokens": 10,
            "output_tokens": 4,
            "cache_read_input_tokens": 3,
            "server_tool_use": {"web_search_requests": 1},
            "service_tier": "standard",
        }
    )
    more = Usage.model_validate(
        {
            "input_tokens": 12,
            "output_tokens": 1,
            "cache_creation_input_tokens": 5,
            "server_tool_use": {"web_search_requests": 2},
            "service_tier": "priority",
        }
    )

    total = add_usage(base, more)

    assert (total.input_tokens, total.output_tokens, total.cache_read_input_tokens) == (22, 5, 3)
    assert total.cache_creation_input_tokens == 5  # counted only by the later attempt
    assert total.server_tool_use is not None and total.server_tool_use.web_search_requests == 3
    assert total.service_tier == "priority"  # not a count: the latest
    assert (more.input_tokens, base.input_tokens) == (12, 10)  # neither is changed


def test_a_message_delta_usage_keeps_its_missing_fields_missing() -> None:
    from unbroken.types import MessageDeltaUsage, Usage

    base = Usage.model_validate({"input_tokens": 10, "output_tokens": 4, "cache_read_input_tokens": 3})
    delta = MessageDeltaUsage.model_validate({"output_tokens": 7})

    total = add_usage(base, delta, present_only=True)

    assert total.output_tokens == 11
    assert total.input_tokens is None and total.cache_read_input_tokens is None


def test_unknown_counts_the_api_adds_later_add_up_too() -> None:
    from unbroken.types.message import Usage

    base = Usage.model_validate({"input_tokens": 1, "output_tokens": 1, "future_tokens": 5, "flag": True})
    more = Usage.model_validate({"input_tokens": 1, "output_tokens": 1, "future_tokens": 2, "flag": True})

    total = add_usage(base, more)

    assert total.model_extra == {"future_tokens": 7, "flag": True}


# -- stitching --------------------------------------------------------------------------------------------


def test_a_continuation_carries_on_the_open_text_block_as_one_message() -> None:
    accumulator = received(start(), block_start(0), text(0, "one"), text(0, " two"))

    out = stitched(
        accumulator,
        "",
        start(input_tokens=12),
        block_start(0),
        text(0, " three"),
        stop(0),
        message_delta(3),
        event({"type": "message_stop"}),
    )

    assert [e.type for e in out] == [
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert [e.index for e in out[:2]] == [0, 0]
    message = accumulator.snapshot
    assert [b.text for b in message.content] == ["one two three"]
    assert (message.usage.input_tokens, message.usage.output_tokens) == (22, 4)
    assert out[2].usage.output_tokens == 4  # a raw reader sees the sum too
    assert message.stop_reason == "end_turn"
    assert message.id == "msg_1"


def test_the_whitespace_cut_from_the_prefill_is_not_said_twice() -> None:
    accumulator = received(start(), block_start(0), text(0, "Dear Ada,\n"), text(0, "\n"))

    out = stitched(
        accumulator, "\n\n", start(), block_start(0), text(0, "\n"), text(0, "\nHow"), text(0, " are")
    )

    assert [e.delta.text for e in out] == ["How", " are"]
    assert accumulator.snapshot.content[0].text == "Dear Ada,\n\nHow are"


def test_a_delta_of_only_the_whitespace_received_is_not_passed_on() -> None:
    accumulator = received(start(), block_start(0), text(0, "A\n\n"))

    out = stitched(accumulator, "\n\n", start(), block_start(0), text(0, "\n\n"), text(0, "B"))

    assert [e.delta.text for e in out] == ["B"]


def test_only_the_first_new_block_is_trimmed() -> None:
    accumulator = received(start(), block_start(0), text(0, "A "))

    out = stitched(accumulator, " ", start(), block_start(0), stop(0), block_start(1), text(1, " B"))

    assert [e.delta.text for e in out if e.type == "content_block_delta"] == [" B"]


def test_a_continuation_that_starts_otherwise_keeps_all_it_says() -> None:
    accumulator = received(start(), block_start(0), text(0, "Hello, "))

    out = stitched(accumulator, " ", start(), block_start(0), text(0, "world"), text(0, " again"))

    assert [e.delta.text for e in out] == ["world", " again"]
    assert accumulator.snapshot.content[0].text == "Hello, world again"


def test_only_the_whitespace_received_is_taken_off_a_longer_run() -> None:
    accumulator = received(start(), block_start(0), text(0, "A "))

    out = stitched(accumulator, " ", start(), block_start(0), text(0, "  B"))

    assert [e.delta.text for e in out] == [" B"]


def test_a_new_block_of_the_continuation_follows_the_blocks_received() -> None:
    accumulator = received(start(), block_start(0), text(0, "Checking"))
    tool = {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}
    json_delta = {
        "type": "content_block_delta",
        "index": 1,
        "delta": {"type": "input_json_delta", "partial_json": "{}"},
    }

    out = stitched(
        accumulator,
        "",
        start(),
        block_start(0),
        text(0, "."),
        stop(0),
        block_start(1, tool),
        event(json_delta),
        stop(1),
    )

    assert [(e.type, e.index) for e in out] == [
        ("content_block_delta", 0),
        ("content_block_stop", 0),
        ("content_block_start", 1),
        ("content_block_delta", 1),
        ("content_block_stop", 1),
    ]
    assert [b.type for b in accumulator.snapshot.content] == ["text", "tool_use"]
    assert accumulator.snapshot.content[0].text == "Checking."


def test_a_continuation_that_opens_with_another_block_closes_the_open_one_first() -> None:
    accumulator = received(start(), block_start(0), text(0, "Let me check."))
    tool = {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}

    out = stitched(accumulator, "", start(), block_start(0, tool), stop(0))

    assert [(e.type, e.index) for e in out] == [
        ("content_block_stop", 0),
        ("content_block_start", 1),
        ("content_block_stop", 1),
    ]
    assert accumulator.open_block is None
    assert [b.type for b in accumulator.snapshot.content] == ["text", "tool_use"]


def test_after_a_closed_block_the_continuation_adds_blocks_and_trims_the_first() -> None:
    accumulator = received(start(), block_start(0), text(0, "Done. "), stop(0))

    out = stitched(accumulator, " ", start(), block_start(0), text(0, " More"), stop(0))

    assert [(e.type, e.index) for e in out] == [
        ("content_block_start", 1),
        ("content_block_delta", 1),
        ("content_block_stop", 1),
    ]
    assert [b.text for b in accumulator.snapshot.content] == ["Done. ", "More"]


def test_a_stream_that_broke_before_any_content_goes_on_without_a_second_message_start() -> None:
    accumulator = received(start(model="claude-sonnet-4-5", input_tokens=10))

    out = stitched(
        accumulator, "", start(model="claude-haiku-4-5", input_tokens=10), block_start(0), text(0, "Hi")
    )

    assert [e.type for e in out] == ["content_block_start", "content_block_delta"]
    assert accumulator.snapshot.model == "claude-haiku-4-5"  # the model that answers
    assert accumulator.snapshot.usage.input_tokens == 20


def test_a_text_block_that_starts_with_text_is_merged_with_it() -> None:
    accumulator = received(start(), block_start(0), text(0, "Hi"))

    out = stitched(accumulator, "", start(), block_start(0, {"type": "text", "text": " there"}))

    assert [e.delta.text for e in out] == [" there"]
    assert accumulator.snapshot.content[0].text == "Hi there"


def test_a_message_delta_without_input_tokens_keeps_the_summed_ones() -> None:
    accumulator = received(start(input_tokens=10, output_tokens=1), block_start(0), text(0, "a"))

    out = stitched(accumulator, "", start(input_tokens=11, output_tokens=1), message_delta(5))
    assert (accumulator.snapshot.usage.input_tokens, accumulator.snapshot.usage.output_tokens) == (21, 6)
    assert (out[0].usage.input_tokens, out[0].usage.output_tokens) == (21, 6)  # a raw reader's totals too
    assert out[0].usage.cache_read_input_tokens is None  # never reported: still not reported

    more = received(start(input_tokens=10), block_start(0), text(0, "a"))
    stitched(more, "", start(input_tokens=11), message_delta(5, input_tokens=11))
    assert more.snapshot.usage.input_tokens == 21


def test_the_accumulator_knows_which_block_is_open() -> None:
    accumulator = received(start())
    assert accumulator.open_block is None
    accumulator.accumulate(block_start(0))
    assert accumulator.open_block == 0
    accumulator.accumulate(stop(0))
    assert accumulator.open_block is None
    accumulator.accumulate(block_start(1))
    assert accumulator.open_block == 1
