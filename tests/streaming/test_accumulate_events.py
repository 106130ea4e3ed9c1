"""The events a message stream yields for each raw event (reference §4 `build_events`), standard and beta."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pydantic
import pytest

from unbroken.streaming.accumulate import MessageAccumulator, ToolInputJSONError
from unbroken.streaming.events import (
    BetaContentBlockStopEvent,
    BetaInputJsonEvent,
    BetaMessageStopEvent,
    BetaMessageStreamEvent,
    BetaTextEvent,
    CitationEvent,
    ContentBlockStopEvent,
    InputJsonEvent,
    MessageStopEvent,
    MessageStreamEvent,
    ParsedBetaContentBlockStopEvent,
    ParsedBetaTextEvent,
    SignatureEvent,
    TextEvent,
    ThinkingEvent,
)
from unbroken.types.beta.message import BetaMessage
from unbroken.types.beta.parsed_beta_message import ParsedBetaMessage, ParsedBetaTextBlock
from unbroken.types.beta.stream_events import BetaRawMessageStreamEvent
from unbroken.types.stream_events import RawContentBlockStopEvent, RawMessageStopEvent, RawMessageStreamEvent

_RAW = pydantic.TypeAdapter(RawMessageStreamEvent)
_BETA_RAW = pydantic.TypeAdapter(BetaRawMessageStreamEvent)

MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5",
    "content": [],
    "usage": {"input_tokens": 10, "output_tokens": 1},
}
TEXT_BLOCK = {"type": "text", "text": ""}
TOOL_BLOCK = {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}
CITATION = {
    "type": "char_location",
    "cited_text": "c",
    "document_index": 0,
    "start_char_index": 0,
    "end_char_index": 1,
}


def ev(data: dict[str, Any], *, beta: bool = False) -> Any:
    return (_BETA_RAW if beta else _RAW).validate_python(data)


def stream(*raw: dict[str, Any], beta: bool = False, acc: MessageAccumulator[Any] | None = None) -> list[Any]:
    """Feed raw event dicts (a message_start is prepended); return everything yielded after it."""
    acc = acc if acc is not None else MessageAccumulator(beta=beta)
    acc.feed(ev({"type": "message_start", "message": MESSAGE}, beta=beta))
    out: list[Any] = []
    for data in raw:
        out.extend(acc.feed(ev(data, beta=beta)))
    return out


def block(index: int, content_block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": content_block}


def delta(index: int, d: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": d}


def text(s: str, index: int = 0) -> dict[str, Any]:
    return delta(index, {"type": "text_delta", "text": s})


def input_json(s: str, index: int = 0) -> dict[str, Any]:
    return delta(index, {"type": "input_json_delta", "partial_json": s})


def stop(index: int = 0) -> dict[str, Any]:
    return {"type": "content_block_stop", "index": index}


# --------------------------------------------------------------------------------------- what is yielded


def test_pass_through_events_are_yielded_unchanged() -> None:
    acc = MessageAccumulator()
    start = ev({"type": "message_start", "message": MESSAGE})
    assert acc.feed(start) == [start]
    started = ev(block(0, TEXT_BLOCK))
    assert acc.feed(started)[0] is started
    md = ev({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 3}})
    assert acc.feed(md)[0] is md


def test_text_delta_yields_raw_then_text_event() -> None:
    out = stream(block(0, TEXT_BLOCK), text("Hel"), text("lo"))
    assert [e.type for e in out] == ["content_block_start", *["content_block_delta", "text"] * 2]
    first, second = out[2], out[4]
    assert isinstance(first, TextEvent) and isinstance(second, TextEvent)
    assert (first.text, first.snapshot) == ("Hel", "Hel")
    assert (second.text, second.snapshot) == ("lo", "Hello")


def test_text_event_snapshot_is_the_text_when_the_event_was_made() -> None:
    out = stream(block(0, TEXT_BLOCK), text("a"), text("b"), text("c"), stop())
    text_events = [e for e in out if e.type == "text"]
    assert [e.snapshot for e in text_events] == ["a", "ab", "abc"]


def test_citation_event() -> None:
    second = {**CITATION, "cited_text": "d"}
    out = stream(
        block(0, TEXT_BLOCK),
        delta(0, {"type": "citations_delta", "citation": CITATION}),
        delta(0, {"type": "citations_delta", "citation": second}),
    )
    events = [e for e in out if e.type == "citation"]
    assert all(isinstance(e, CitationEvent) for e in events)
    assert [e.citation.cited_text for e in events] == ["c", "d"]
    assert [[c.cited_text for c in e.snapshot] for e in events] == [["c"], ["c", "d"]]


def test_thinking_and_signature_events() -> None:
    out = stream(
        block(0, {"type": "thinking", "thinking": "", "signature": ""}),
        delta(0, {"type": "thinking_delta", "thinking": "hm"}),
        delta(0, {"type": "thinking_delta", "thinking": "m"}),
        delta(0, {"type": "signature_delta", "signature": "sig"}),
    )
    thinking = [e for e in out if e.type == "thinking"]
    assert all(isinstance(e, ThinkingEvent) for e in thinking)
    assert [(e.thinking, e.snapshot) for e in thinking] == [("hm", "hm"), ("m", "hmm")]
    (signature,) = [e for e in out if e.type == "signature"]
    assert isinstance(signature, SignatureEvent) and signature.signature == "sig"


def test_input_json_event_carries_partial_snapshot() -> None:
    out = stream(
        block(0, TOOL_BLOCK), input_json('{"city": "Par'), input_json('is", "days": 3'), input_json("}")
    )
    events = [e for e in out if e.type == "input_json"]
    assert all(isinstance(e, InputJsonEvent) for e in events)
    assert [e.partial_json for e in events] == ['{"city": "Par', 'is", "days": 3', "}"]
    assert [e.snapshot for e in events] == [{}, {"city": "Paris", "days": 3}, {"city": "Paris", "days": 3}]


def test_input_json_event_snapshot_is_the_input_at_that_delta_after_later_ones() -> None:
    out = stream(block(0, TOOL_BLOCK), input_json('{"a": [1'), input_json("0]}"))
    assert [e.snapshot for e in out if e.type == "input_json"] == [{"a": [1]}, {"a": [10]}]


def test_input_json_event_snapshot_of_malformed_json_raises_value_error() -> None:
    out = stream(block(0, TEXT_BLOCK), block(1, TOOL_BLOCK), input_json("][", index=1))
    with pytest.raises(ValueError, match="Unable to parse tool parameter JSON") as info:
        _ = out[-1].snapshot
    error = info.value
    assert isinstance(error, ToolInputJSONError)
    assert (error.index, error.raw_json) == (1, "][")
    assert error.__cause__ is not None and f"Error: {error.__cause__}. JSON: ][" in str(error)


def test_no_input_json_event_for_server_tool_blocks() -> None:
    server = {"type": "server_tool_use", "id": "s", "name": "web_search", "input": {}}
    out = stream(block(0, server), input_json('{"q": 1}'))
    assert [e.type for e in out] == ["content_block_start", "content_block_delta"]


def test_content_block_stop_is_replaced_by_enriched_event() -> None:
    out = stream(block(0, TOOL_BLOCK), input_json('{"a": 1}'), stop())
    last = out[-1]
    assert isinstance(last, ContentBlockStopEvent)
    assert isinstance(last, RawContentBlockStopEvent)
    assert last.index == 0
    assert last.content_block.input == {"a": 1}  # type: ignore[union-attr]
    assert [e.type for e in out].count("content_block_stop") == 1


def test_message_stop_is_replaced_by_event_with_the_message() -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator()
    out = stream(block(0, TEXT_BLOCK), text("done"), stop(), {"type": "message_stop"}, acc=acc)
    last = out[-1]
    assert isinstance(last, MessageStopEvent) and isinstance(last, RawMessageStopEvent)
    assert last.message is acc.snapshot
    assert last.message.content[0].text == "done"


def test_message_stop_materialises_an_unstopped_block() -> None:
    out = stream(block(0, TEXT_BLOCK), text("cut"), {"type": "message_stop"})
    assert out[-1].message.content[0].text == "cut"


# ------------------------------------------------------------------------------------ events as models


def test_helper_event_with_lazy_snapshot_dumps_and_prints_it() -> None:
    event = stream(block(0, TEXT_BLOCK), text("hi"))[-1]
    assert event.model_dump() == {"type": "text", "text": "hi", "snapshot": "hi"}
    assert event.to_dict() == {"type": "text", "text": "hi", "snapshot": "hi"}
    assert "snapshot='hi'" in repr(event)
    assert '"snapshot":"hi"' in event.model_dump_json()


def test_helper_event_can_be_constructed_with_snapshot_keyword() -> None:
    made = TextEvent(type="text", text="hi", snapshot="hi")
    assert made.snapshot == "hi"
    assert made == stream(block(0, TEXT_BLOCK), text("hi"))[-1]
    assert made != TextEvent(type="text", text="hi", snapshot="other")


def test_helper_event_snapshot_is_required_like_a_field() -> None:
    with pytest.raises(pydantic.ValidationError, match="snapshot"):
        TextEvent(type="text", text="hi")
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(MessageStreamEvent).validate_python({"type": "input_json", "partial_json": "{"})


def test_helper_event_snapshot_given_is_validated() -> None:
    with pytest.raises(pydantic.ValidationError):
        TextEvent(type="text", text="hi", snapshot=["not", "a", "string"])


def test_helper_event_survives_copy_and_pickle() -> None:
    event = stream(block(0, TEXT_BLOCK), text("hi"))[-1]
    assert copy.deepcopy(event).snapshot == "hi"
    assert pickle.loads(pickle.dumps(event)).snapshot == "hi"
    assert event.model_copy().snapshot == "hi"


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        ({"type": "text", "text": "a", "snapshot": "ab"}, TextEvent),
        ({"type": "input_json", "partial_json": "{", "snapshot": {}}, InputJsonEvent),
        ({"type": "signature", "signature": "s"}, SignatureEvent),
        ({"type": "thinking", "thinking": "t", "snapshot": "tt"}, ThinkingEvent),
        ({"type": "citation", "citation": CITATION, "snapshot": [CITATION]}, CitationEvent),
        ({"type": "message_stop", "message": MESSAGE}, MessageStopEvent),
        ({"type": "content_block_stop", "index": 0, "content_block": TEXT_BLOCK}, ContentBlockStopEvent),
    ],
)
def test_message_stream_event_union_validates_each_helper(data: dict[str, Any], cls: type[Any]) -> None:
    event = pydantic.TypeAdapter(MessageStreamEvent).validate_python(data)
    assert type(event) is cls
    if "snapshot" in data:
        assert event.model_dump()["snapshot"] == (
            data["snapshot"]
            if cls is not CitationEvent
            else [{**CITATION, "document_title": None, "file_id": None}]
        )


# -------------------------------------------------------------------------------------------------- beta


def test_beta_stream_yields_beta_events() -> None:
    tool = {"type": "tool_use", "id": "t", "name": "f", "input": {}}
    out = stream(
        block(0, TEXT_BLOCK),
        text('{"a": "x'),
        stop(0),
        block(1, tool),
        input_json('{"k": 1}', index=1),
        stop(1),
        {"type": "message_stop"},
        beta=True,
    )
    text_event = out[2]
    assert isinstance(text_event, ParsedBetaTextEvent) and BetaTextEvent is ParsedBetaTextEvent
    assert text_event.parsed_snapshot() == {"a": "x"}
    assert isinstance(out[3], BetaContentBlockStopEvent)
    assert isinstance(out[6], BetaInputJsonEvent) and out[6].snapshot == {"k": 1}
    assert isinstance(out[-1], BetaMessageStopEvent)
    assert isinstance(out[-1].message, ParsedBetaMessage) and isinstance(out[-1].message, BetaMessage)


def test_beta_input_json_event_for_mcp_tool_use() -> None:
    mcp = {"type": "mcp_tool_use", "id": "m", "name": "f", "server_name": "srv", "input": {}}
    out = stream(block(0, mcp), input_json('{"q": 2}'), stop(), beta=True)
    assert [e.type for e in out] == [
        "content_block_start",
        "content_block_delta",
        "input_json",
        "content_block_stop",
    ]
    assert out[-1].content_block.input == {"q": 2}


def test_beta_message_delta_copies_container_and_context_management() -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator(beta=True)
    container = {"id": "cnt_1", "expires_at": "2030-01-01T00:00:00Z"}
    edits = {
        "applied_edits": [
            {"type": "clear_tool_uses_20250919", "cleared_input_tokens": 5, "cleared_tool_uses": 1}
        ]
    }
    stream(
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "container": container},
            "context_management": edits,
            "usage": {"output_tokens": 9},
        },
        beta=True,
        acc=acc,
    )
    message = acc.snapshot
    assert message is not None
    assert message.container.id == "cnt_1"
    assert message.context_management.applied_edits[0].cleared_tool_uses == 1
    assert message.usage.output_tokens == 9


def test_beta_accumulator_takes_a_standard_message_delta_without_container_fields() -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator(beta=True)
    stream(
        {"type": "message_delta", "delta": {"stop_reason": "max_tokens"}, "usage": {"output_tokens": 9}},
        acc=acc,  # standard (non-beta) events: their models have no `container` / `context_management`
    )
    message = acc.snapshot
    assert isinstance(message, ParsedBetaMessage)
    assert (message.stop_reason, message.container, message.context_management) == ("max_tokens", None, None)
    assert message.usage.output_tokens == 9


def test_beta_snapshot_marks_as_sent_only_the_fields_message_start_sent() -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator(beta=True)
    first = ev({"type": "message_start", "message": MESSAGE}, beta=True)
    acc.feed(first)
    message = acc.snapshot
    assert isinstance(message, ParsedBetaMessage)
    assert message.to_dict() == first.message.to_dict()  # no `container: None` and the like added
    assert "container" not in message.to_dict()


def test_beta_union_validates_parsed_text_event() -> None:
    event = pydantic.TypeAdapter(BetaMessageStreamEvent).validate_python(
        {"type": "text", "text": "a", "snapshot": "{"}
    )
    assert isinstance(event, ParsedBetaTextEvent)
    assert event.parsed_snapshot() == {}


class Answer(pydantic.BaseModel):
    n: int


def test_beta_snapshot_is_a_parsed_beta_message() -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator(beta=True)
    stream(block(0, TEXT_BLOCK), text("plain"), stop(), beta=True, acc=acc)
    message = acc.snapshot
    assert isinstance(message, ParsedBetaMessage)
    assert isinstance(message.content[0], ParsedBetaTextBlock)
    assert message.content[0].parsed_output is None
    assert message.to_dict()["content"] == [{"type": "text", "text": "plain", "citations": None}]


def test_parse_text_fills_parsed_output_at_block_stop() -> None:
    acc: MessageAccumulator[ParsedBetaMessage[Answer]] = MessageAccumulator(
        beta=True, message_type=ParsedBetaMessage[Answer], parse_text=Answer.model_validate_json
    )
    out = stream(block(0, TEXT_BLOCK), text('{"n": '), text("1}"), stop(), beta=True, acc=acc)
    message = acc.snapshot
    assert message is not None
    assert message.parsed_output == Answer(n=1)
    assert isinstance(out[-1], ParsedBetaContentBlockStopEvent)
    assert out[-1].content_block is message.content[0]
    content: Any = message.to_dict()["content"]
    assert "parsed_output" not in content[0]


def test_parse_text_is_not_called_for_other_blocks() -> None:
    calls: list[str] = []
    acc: MessageAccumulator[Any] = MessageAccumulator(beta=True, parse_text=calls.append)
    stream(block(0, TOOL_BLOCK), input_json("{}"), stop(), beta=True, acc=acc)
    assert calls == []
