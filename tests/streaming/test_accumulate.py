"""The accumulation rules of reference §4, one behaviour per test."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

from unbroken.streaming.accumulate import MessageAccumulator, ToolInputJSONError, accumulate, build_events
from unbroken.types.content import TextBlock, ThinkingBlock, ToolUseBlock
from unbroken.types.message import Message
from unbroken.types.stream_events import RawMessageStreamEvent

_RAW = pydantic.TypeAdapter(RawMessageStreamEvent)


def ev(data: dict[str, Any]) -> Any:
    return _RAW.validate_python(data)


def start(**usage: Any) -> Any:
    return ev(
        {
            "type": "message_start",
            "message": {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": "claude-sonnet-4-5",
                "content": [],
                "stop_reason": None,
                "stop_sequence": None,
                "usage": {"input_tokens": 10, "output_tokens": 1, **usage},
            },
        }
    )


def block_start(index: int, block: dict[str, Any]) -> Any:
    return ev({"type": "content_block_start", "index": index, "content_block": block})


def delta(index: int, d: dict[str, Any]) -> Any:
    return ev({"type": "content_block_delta", "index": index, "delta": d})


def text(index: int, s: str) -> Any:
    return delta(index, {"type": "text_delta", "text": s})


def input_json(index: int, s: str) -> Any:
    return delta(index, {"type": "input_json_delta", "partial_json": s})


def block_stop(index: int) -> Any:
    return ev({"type": "content_block_stop", "index": index})


def message_delta(usage: dict[str, Any], **d: Any) -> Any:
    return ev({"type": "message_delta", "delta": {"stop_reason": "end_turn", **d}, "usage": usage})


MESSAGE_STOP = {"type": "message_stop"}

TEXT_BLOCK = {"type": "text", "text": ""}
TOOL_BLOCK = {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}
THINKING_BLOCK = {"type": "thinking", "thinking": "", "signature": ""}
CITATION = {
    "type": "char_location",
    "cited_text": "grass is green",
    "document_index": 0,
    "document_title": None,
    "start_char_index": 0,
    "end_char_index": 14,
}


def fed(*events: Any) -> MessageAccumulator[Message]:
    acc: MessageAccumulator[Message] = MessageAccumulator()
    for event in events:
        acc.feed(event)
    return acc


def snapshot(acc: MessageAccumulator[Message]) -> Message:
    message = acc.snapshot
    assert message is not None
    return message


# ------------------------------------------------------------------------------------------------ order


@pytest.mark.parametrize(
    "first",
    [
        block_start(0, TEXT_BLOCK),
        text(0, "x"),
        block_stop(0),
        message_delta({"output_tokens": 1}),
        ev(MESSAGE_STOP),
    ],
)
def test_first_event_must_be_message_start(first: Any) -> None:
    acc = MessageAccumulator()
    with pytest.raises(
        RuntimeError, match=f'^Unexpected event order, got {first.type} before "message_start"$'
    ):
        acc.feed(first)


def test_snapshot_is_none_before_message_start() -> None:
    acc = MessageAccumulator()
    assert acc.snapshot is None
    assert not acc.started


def test_delta_for_a_block_never_started_is_an_order_error() -> None:
    acc = fed(start())
    with pytest.raises(RuntimeError, match="before its content_block_start"):
        acc.feed(text(0, "x"))


@pytest.mark.parametrize(
    "event",
    [
        delta(3, {"type": "signature_delta", "signature": "s"}),
        delta(3, {"type": "citations_delta", "citation": CITATION}),
        block_stop(3),
    ],
)
def test_event_for_a_block_never_started_names_itself_in_the_order_error(event: Any) -> None:
    acc = fed(start(), block_start(0, TEXT_BLOCK))
    with pytest.raises(
        RuntimeError,
        match=f"^Unexpected event order, got {event.type} for index 3 before its content_block_start$",
    ):
        acc.feed(event)


def test_message_start_is_copied_not_aliased() -> None:
    first = start()
    acc = fed(first, block_start(0, TEXT_BLOCK), text(0, "hi"))
    assert snapshot(acc) is not first.message
    assert snapshot(acc).content[0].text == "hi"  # type: ignore[union-attr]
    assert first.message.content == []


def test_content_in_message_start_is_continued_on_a_copy() -> None:
    first = start()
    first.message.content = [TextBlock(type="text", text="Hi", citations=None)]
    acc = fed(first, text(0, " there"), block_stop(0))
    assert snapshot(acc).content[0].text == "Hi there"  # type: ignore[union-attr]
    assert first.message.content[0].text == "Hi"  # type: ignore[union-attr]


def test_tool_block_in_message_start_shows_partial_input_like_a_started_one() -> None:
    first = start()
    first.message.content = [ToolUseBlock(type="tool_use", id="toolu_1", name="f", input={})]
    acc = fed(first, input_json(0, '{"a": 1, "b": [2'))
    assert snapshot(acc).content[0].input == {"a": 1, "b": [2]}  # type: ignore[union-attr]
    acc.feed(input_json(0, ",,"))
    with pytest.raises(ToolInputJSONError) as info:
        acc.feed(block_stop(0))
    assert (info.value.index, info.value.raw_json) == (0, '{"a": 1, "b": [2,,')


def test_started_block_is_copied_so_the_raw_event_does_not_change() -> None:
    started = block_start(0, TEXT_BLOCK)
    acc = fed(start(), started, text(0, "changed"), block_stop(0))
    assert started.content_block.text == ""
    assert snapshot(acc).content[0].text == "changed"  # type: ignore[union-attr]


def test_snapshot_is_the_same_object_every_read() -> None:
    acc = fed(start(), block_start(0, TEXT_BLOCK), text(0, "a"))
    first = acc.snapshot
    acc.feed(text(0, "b"))
    assert acc.snapshot is first


def test_second_message_start_is_ignored() -> None:
    acc = fed(start(), block_start(0, TEXT_BLOCK), text(0, "a"))
    out = acc.feed(start())
    assert out[0].type == "message_start"
    assert snapshot(acc).content[0].text == "a"  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------------------ blocks


def test_content_block_start_appends() -> None:
    acc = fed(start(), block_start(0, TEXT_BLOCK), block_start(1, TOOL_BLOCK))
    assert [b.type for b in snapshot(acc).content] == ["text", "tool_use"]


def test_text_deltas_append() -> None:
    acc = fed(start(), block_start(0, TEXT_BLOCK), text(0, "Hel"), text(0, "lo"), text(0, ", world"))
    block = snapshot(acc).content[0]
    assert isinstance(block, TextBlock)
    assert block.text == "Hello, world"


def test_text_block_with_initial_text_keeps_it() -> None:
    acc = fed(start(), block_start(0, {"type": "text", "text": "pre"}), text(0, "fix"))
    assert snapshot(acc).content[0].text == "prefix"  # type: ignore[union-attr]


def test_text_delta_on_a_non_text_block_is_ignored() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), text(0, "stray"))
    assert snapshot(acc).content[0].input == {}  # type: ignore[union-attr]
    assert acc.raw_tool_input(0) == ""


def test_string_deltas_go_only_to_blocks_of_their_kind() -> None:
    acc = fed(
        start(),
        block_start(0, THINKING_BLOCK),
        block_start(1, TEXT_BLOCK),
        text(0, "stray"),
        input_json(1, '{"stray": 1}'),
        delta(1, {"type": "thinking_delta", "thinking": "stray"}),
        block_stop(0),
        block_stop(1),
    )
    thinking, text_block = snapshot(acc).content
    assert isinstance(thinking, ThinkingBlock) and thinking.thinking == ""
    assert isinstance(text_block, TextBlock) and text_block.text == ""


def test_blocks_stopped_without_deltas_keep_their_empty_text() -> None:
    acc = fed(
        start(), block_start(0, TEXT_BLOCK), block_start(1, THINKING_BLOCK), block_stop(0), block_stop(1)
    )
    text_block, thinking = snapshot(acc).content
    assert isinstance(text_block, TextBlock) and text_block.text == ""
    assert isinstance(thinking, ThinkingBlock) and thinking.thinking == ""


def test_citations_delta_creates_then_appends_the_list() -> None:
    acc = fed(start(), block_start(0, TEXT_BLOCK))
    acc.feed(delta(0, {"type": "citations_delta", "citation": CITATION}))
    block = snapshot(acc).content[0]
    assert isinstance(block, TextBlock)
    assert block.citations is not None and len(block.citations) == 1
    acc.feed(delta(0, {"type": "citations_delta", "citation": {**CITATION, "cited_text": "sky is blue"}}))
    assert [c.cited_text for c in block.citations] == ["grass is green", "sky is blue"]


def test_thinking_delta_appends_and_signature_delta_sets() -> None:
    acc = fed(
        start(),
        block_start(0, THINKING_BLOCK),
        delta(0, {"type": "thinking_delta", "thinking": "Let me "}),
        delta(0, {"type": "thinking_delta", "thinking": "think."}),
        delta(0, {"type": "signature_delta", "signature": "sig-1"}),
        delta(0, {"type": "signature_delta", "signature": "sig-2"}),
    )
    block = snapshot(acc).content[0]
    assert isinstance(block, ThinkingBlock)
    assert (block.thinking, block.signature) == ("Let me think.", "sig-2")


def test_tool_input_is_parsed_at_block_stop() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK))
    for fragment in ['{"loc', 'ation": "San Fra', 'ncisco", "unit": ', '"c"}']:
        acc.feed(input_json(0, fragment))
    acc.feed(block_stop(0))
    block = snapshot(acc).content[0]
    assert isinstance(block, ToolUseBlock)
    assert block.input == {"location": "San Francisco", "unit": "c"}


@pytest.mark.parametrize("block_type", ["server_tool_use"])
def test_server_tool_input_accumulates_too(block_type: str) -> None:
    block = {"type": block_type, "id": "srvtoolu_1", "name": "web_search", "input": {}}
    acc = fed(
        start(), block_start(0, block), input_json(0, '{"query": '), input_json(0, '"x"}'), block_stop(0)
    )
    assert snapshot(acc).content[0].input == {"query": "x"}  # type: ignore[union-attr]


def test_empty_tool_input_buffer_becomes_empty_dict() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, ""), block_stop(0))
    assert snapshot(acc).content[0].input == {}  # type: ignore[union-attr]


def test_tool_block_without_deltas_keeps_its_start_input() -> None:
    acc = fed(start(), block_start(0, {**TOOL_BLOCK, "input": {"preset": 1}}), block_stop(0))
    assert snapshot(acc).content[0].input == {"preset": 1}  # type: ignore[union-attr]


def test_invalid_tool_json_raises_at_block_stop_and_keeps_the_raw_text() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, '{"a": 1,,}'))
    with pytest.raises(ToolInputJSONError) as info:
        acc.feed(block_stop(0))
    assert isinstance(info.value, ValueError)
    assert info.value.raw_json == '{"a": 1,,}'
    assert info.value.index == 0
    assert "Unable to parse tool parameter JSON from model" in str(info.value)
    assert acc.raw_tool_input(0) == '{"a": 1,,}'


_TOOL_JSON_PREAMBLE = (
    "Unable to parse tool parameter JSON from model. Please retry your request or adjust your prompt. "
)


def unclosed_json(length: int) -> str:
    """Invalid JSON (an object never closed) of exactly `length` characters, varied so that a slice one
    character off shows."""
    body = "".join("abcdefghij"[i % 10] for i in range(length - 8))
    raw = '{"k": "' + body + '"'
    assert len(raw) == length
    return raw


@pytest.mark.parametrize(
    ("length", "hidden"),
    [(400, None), (401, 1), (1000, 600)],
)
def test_invalid_tool_json_message_shows_the_cause_and_at_most_400_characters(
    length: int, hidden: int | None
) -> None:
    raw = unclosed_json(length)
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, raw))
    with pytest.raises(ToolInputJSONError) as info:
        acc.feed(block_stop(0))
    cause = info.value.__cause__
    assert isinstance(cause, ValueError)
    shown = raw if hidden is None else f"{raw[:200]}...({hidden} more characters)...{raw[-200:]}"
    assert str(info.value) == f"{_TOOL_JSON_PREAMBLE}Error: {cause}. JSON: {shown}"


def test_raw_tool_input_is_the_text_received_and_none_for_other_blocks() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), block_start(1, TEXT_BLOCK), text(1, "hi"))
    assert acc.raw_tool_input(0) == ""  # a tool block with no input delta yet
    assert acc.raw_tool_input(1) is None  # a text block
    assert acc.raw_tool_input(7) is None  # no such block
    acc.feed(input_json(0, '{"a"'))
    assert acc.raw_tool_input(0) == '{"a"'


@pytest.mark.parametrize("first", ["", "{"])
def test_first_tool_delta_with_nothing_to_parse_yet_keeps_the_start_input(first: str) -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK))
    (_, helper) = acc.feed(input_json(0, first))
    assert snapshot(acc).content[0].input == {}  # type: ignore[union-attr]
    assert helper.snapshot == {}


def test_tool_input_parsed_at_block_stop_is_final() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, ""), block_stop(0))
    assert snapshot(acc).content[0].input == {}  # type: ignore[union-attr]
    acc.feed(input_json(0, '{"late": 1}'))  # a stray delta after the stop
    assert snapshot(acc).content[0].input == {}  # type: ignore[union-attr]


def test_incomplete_tool_json_is_strictly_rejected_at_stop() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, '{"a": [1, 2'))
    with pytest.raises(ToolInputJSONError):
        acc.feed(block_stop(0))


def test_partial_tool_input_is_visible_in_the_snapshot_mid_block() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, '{"a": 1, "b": [1, 2'))
    assert snapshot(acc).content[0].input == {"a": 1, "b": [1, 2]}  # type: ignore[union-attr]
    acc.feed(input_json(0, ', 3], "c": "unfinished str'))
    assert snapshot(acc).content[0].input == {"a": 1, "b": [1, 2, 3]}  # type: ignore[union-attr]


def test_trailing_strings_mode_keeps_unfinished_strings() -> None:
    acc: MessageAccumulator[Message] = MessageAccumulator(partial_mode="trailing-strings")
    for event in (start(), block_start(0, TOOL_BLOCK), input_json(0, '{"city": "San Fr')):
        acc.feed(event)
    assert snapshot(acc).content[0].input == {"city": "San Fr"}  # type: ignore[union-attr]


def test_malformed_partial_json_does_not_break_the_snapshot() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, '{"a": 1}'))
    assert snapshot(acc).content[0].input == {"a": 1}  # type: ignore[union-attr]
    acc.feed(input_json(0, "]]]"))
    assert snapshot(acc).content[0].input == {"a": 1}  # type: ignore[union-attr]


def test_unparseable_first_tool_delta_does_not_break_the_snapshot() -> None:
    acc = fed(start(), block_start(0, TOOL_BLOCK), input_json(0, "]["))
    assert snapshot(acc).content[0].input == {}  # type: ignore[union-attr]
    with pytest.raises(ToolInputJSONError):  # the stop still reports it
        acc.feed(block_stop(0))


def test_blocks_accumulate_independently() -> None:
    acc = fed(
        start(),
        block_start(0, TEXT_BLOCK),
        block_start(1, TOOL_BLOCK),
        text(0, "a"),
        input_json(1, '{"x": '),
        text(0, "b"),
        input_json(1, "1}"),
        block_stop(0),
        block_stop(1),
    )
    content = snapshot(acc).content
    assert content[0].text == "ab"  # type: ignore[union-attr]
    assert content[1].input == {"x": 1}  # type: ignore[union-attr]


# ----------------------------------------------------------------------------------------- message_delta


def test_message_delta_sets_stop_fields_and_output_tokens() -> None:
    acc = fed(start(), message_delta({"output_tokens": 42}, stop_reason="stop_sequence", stop_sequence="END"))
    message = snapshot(acc)
    assert (message.stop_reason, message.stop_sequence, message.usage.output_tokens) == (
        "stop_sequence",
        "END",
        42,
    )


def test_message_delta_usage_none_does_not_overwrite() -> None:
    acc = fed(
        start(
            cache_creation_input_tokens=3,
            cache_read_input_tokens=4,
            server_tool_use={"web_search_requests": 1},
        ),
        message_delta({"output_tokens": 5}),
    )
    usage = snapshot(acc).usage
    assert (usage.input_tokens, usage.cache_creation_input_tokens, usage.cache_read_input_tokens) == (
        10,
        3,
        4,
    )
    assert usage.server_tool_use is not None and usage.server_tool_use.web_search_requests == 1


def test_message_delta_usage_values_overwrite_when_present() -> None:
    acc = fed(
        start(),
        message_delta(
            {
                "output_tokens": 5,
                "input_tokens": 11,
                "cache_creation_input_tokens": 7,
                "cache_read_input_tokens": 8,
                "server_tool_use": {"web_search_requests": 2},
            }
        ),
    )
    usage = snapshot(acc).usage
    assert (usage.input_tokens, usage.cache_creation_input_tokens, usage.cache_read_input_tokens) == (
        11,
        7,
        8,
    )
    assert usage.server_tool_use is not None and usage.server_tool_use.web_search_requests == 2


# ------------------------------------------------------------------------------------------------ forward


def test_unknown_delta_type_is_passed_through_and_ignored() -> None:
    acc = fed(start(), block_start(0, TEXT_BLOCK), text(0, "a"))
    future = delta(0, {"type": "hologram_delta", "beam": 1})
    assert acc.feed(future) == [future]
    assert snapshot(acc).content[0].text == "a"  # type: ignore[union-attr]


def test_signature_goes_only_to_thinking_blocks_and_only_from_signature_deltas() -> None:
    acc = fed(start(), block_start(0, THINKING_BLOCK), block_start(1, TEXT_BLOCK))
    future = delta(0, {"type": "hologram_delta", "signature": "not-a-signature"})
    assert acc.feed(future) == [future]
    misplaced = delta(1, {"type": "signature_delta", "signature": "sig"})
    assert acc.feed(misplaced) == [misplaced]
    thinking, text_block = snapshot(acc).content
    assert isinstance(thinking, ThinkingBlock) and thinking.signature == ""
    assert text_block.to_dict() == {"type": "text", "text": "", "citations": None}


def test_unknown_event_type_is_passed_through_and_ignored() -> None:
    acc = fed(start())
    future = ev({"type": "message_hologram", "beam": 1})
    assert acc.feed(future) == [future]
    assert snapshot(acc).content == []


def test_unknown_event_before_message_start_is_not_an_order_error() -> None:
    future = ev({"type": "message_hologram"})
    assert MessageAccumulator().feed(future) == [future]


def test_unknown_block_type_accepts_deltas_without_failing() -> None:
    acc = fed(start(), block_start(0, {"type": "hologram", "beam": 1}), text(0, "x"), block_stop(0))
    assert getattr(snapshot(acc).content[0], "type", None) == "hologram"


# ---------------------------------------------------------------------------------------------- functions


def test_functional_forms_match_the_accumulator() -> None:
    state = None
    yielded: list[Any] = []
    for event in (start(), block_start(0, TEXT_BLOCK), text(0, "hi"), block_stop(0), ev(MESSAGE_STOP)):
        state = accumulate(state, event)
        yielded.extend(build_events(event, state))
    assert state is not None
    assert [e.type for e in yielded] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "text",
        "content_block_stop",
        "message_stop",
    ]
    assert yielded[-1].message.content[0].text == "hi"


# ------------------------------------------------------------------------------------------ as created


def test_streamed_message_dumps_like_the_same_message_created() -> None:
    # What `create()` returns for this reply: the API always sends a text block's `citations` (null here).
    created = Message.model_validate(
        {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5",
            "content": [
                {"type": "text", "text": "Hello", "citations": None},
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
            ],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 10, "output_tokens": 5},
        }
    )
    acc = fed(
        start(),
        block_start(0, TEXT_BLOCK),  # the stream's start block leaves `citations` out
        text(0, "Hello"),
        block_stop(0),
        block_start(1, TOOL_BLOCK),
        input_json(1, '{"city": "Paris"}'),
        block_stop(1),
        message_delta({"output_tokens": 5}),
    )

    assert snapshot(acc).to_dict() == created.to_dict()
    assert snapshot(acc).content[0].to_dict() == {"citations": None, "text": "Hello", "type": "text"}
