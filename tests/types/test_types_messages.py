"""Non-beta response models: full parsing, round trips, forward compatibility, and real validation errors."""

from __future__ import annotations

import copy
from typing import Any

import pydantic
import pytest
from type_payloads import BASIC_BLOCKS, CITATIONS, message

from unbroken._models import UnknownModel, validate_value
from unbroken.types import (
    CitationCharLocation,
    CitationContentBlockLocation,
    CitationPageLocation,
    CitationsSearchResultLocation,
    CitationsWebSearchResultLocation,
    ContentBlock,
    ErrorResponse,
    InputJSONDelta,
    Message,
    MessageTokensCount,
    ModelInfo,
    RateLimitError,
    RawContentBlockDeltaEvent,
    RawContentBlockStartEvent,
    RawContentBlockStopEvent,
    RawMessageDeltaEvent,
    RawMessageStartEvent,
    RawMessageStopEvent,
    RawMessageStreamEvent,
    RedactedThinkingBlock,
    ServerToolUseBlock,
    TextBlock,
    TextDelta,
    ThinkingBlock,
    ToolUseBlock,
    WebSearchResultBlock,
    WebSearchToolResultBlock,
    WebSearchToolResultError,
)


def test_message_with_every_block_and_citation_type_parses() -> None:
    msg = Message.model_validate(message())

    assert [type(block) for block in msg.content] == [
        ThinkingBlock,
        RedactedThinkingBlock,
        TextBlock,
        TextBlock,
        ToolUseBlock,
        ServerToolUseBlock,
        WebSearchToolResultBlock,
        WebSearchToolResultBlock,
    ]
    cited = msg.content[2]
    assert isinstance(cited, TextBlock)
    assert [type(c) for c in cited.citations or []] == [
        CitationCharLocation,
        CitationPageLocation,
        CitationContentBlockLocation,
        CitationsWebSearchResultLocation,
        CitationsSearchResultLocation,
    ]
    results = msg.content[6]
    assert isinstance(results, WebSearchToolResultBlock)
    assert isinstance(results.content, list)
    assert isinstance(results.content[0], WebSearchResultBlock)
    error = msg.content[7]
    assert isinstance(error, WebSearchToolResultBlock)
    assert isinstance(error.content, WebSearchToolResultError)
    assert msg.usage.cache_creation is not None
    assert msg.usage.server_tool_use is not None
    assert msg.usage.server_tool_use.web_search_requests == 1


def test_message_round_trips_through_to_dict() -> None:
    payload = message()
    msg = Message.model_validate(payload)

    assert msg.to_dict() == payload
    assert Message.model_validate(msg.to_dict()) == msg
    assert Message.model_validate_json(msg.to_json()) == msg


def test_optional_fields_default_to_none_when_omitted() -> None:
    msg = Message.model_validate(message([{"type": "text", "text": "hi"}], stop_reason=None))
    del_payload = message([{"type": "text", "text": "hi"}])
    del del_payload["stop_sequence"]
    minimal = Message.model_validate(del_payload)

    assert msg.stop_reason is None
    assert minimal.stop_sequence is None
    assert minimal.usage.service_tier == "standard"
    assert isinstance(minimal.content[0], TextBlock)
    assert minimal.content[0].citations is None


def test_unknown_block_type_parses_as_unknown_model_and_round_trips() -> None:
    block = {"type": "hologram", "payload": {"x": 1}}
    msg = Message.model_validate(message([block, *BASIC_BLOCKS[:1]]))

    assert isinstance(msg.content[0], UnknownModel)
    assert msg.content[0].type == "hologram"
    assert msg.to_dict()["content"][0] == block
    assert isinstance(msg.content[1], ThinkingBlock)


def test_unknown_citation_type_parses() -> None:
    text = {"type": "text", "text": "x", "citations": [{"type": "hologram_location", "cited_text": "x"}]}
    block = validate_value(ContentBlock, text)

    assert isinstance(block, TextBlock)
    assert isinstance((block.citations or [])[0], UnknownModel)


def test_unknown_fields_are_kept() -> None:
    payload = message(
        [{"type": "tool_use", "id": "t", "name": "n", "input": {}, "caller": {"type": "direct"}}],
        stop_details={"type": "refusal"},
    )
    msg = Message.model_validate(payload)

    assert msg.model_extra == {"stop_details": {"type": "refusal"}}
    assert msg.content[0].model_extra == {"caller": {"type": "direct"}}
    assert msg.to_dict() == payload


def test_new_enum_values_from_the_server_are_accepted() -> None:
    payload = message(
        [{"type": "server_tool_use", "id": "s", "name": "tool_search_tool_regex", "input": {}}],
        stop_reason="compaction",
    )
    payload["usage"] = {"input_tokens": 1, "output_tokens": 1, "service_tier": "flex"}
    msg = Message.model_validate(payload)

    assert msg.stop_reason == "compaction"
    assert msg.usage.service_tier == "flex"


def test_model_accepts_unknown_model_ids() -> None:
    assert Message.model_validate(message(model="claude-future-9")).model == "claude-future-9"


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("usage", "input_tokens"), "many"),
        (("content", 0, "signature"), 123),
        (("content", 2, "text"), None),
        (("content", 2, "citations", 0, "start_char_index"), "zero"),
        (("id",), None),
        (("stop_reason",), 3),
    ],
    ids=["usage", "thinking-signature", "text", "citation", "id", "stop-reason"],
)
def test_known_shape_with_wrong_field_type_raises(path: tuple[Any, ...], bad: object) -> None:
    payload = copy.deepcopy(message())
    target: Any = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad

    with pytest.raises(pydantic.ValidationError):
        Message.model_validate(payload)


def test_known_block_missing_required_field_raises() -> None:
    with pytest.raises(pydantic.ValidationError):
        Message.model_validate(message([{"type": "tool_use", "id": "t", "input": {}}]))


def test_stream_events_dispatch_on_type() -> None:
    events = [
        {"type": "message_start", "message": message([], stop_reason=None)},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}},
        {
            "type": "content_block_delta",
            "index": 1,
            "delta": {"type": "input_json_delta", "partial_json": '{"a'},
        },
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 5},
        },
        {"type": "message_stop"},
    ]
    parsed = [validate_value(RawMessageStreamEvent, event) for event in events]

    assert [type(e) for e in parsed] == [
        RawMessageStartEvent,
        RawContentBlockStartEvent,
        RawContentBlockDeltaEvent,
        RawContentBlockDeltaEvent,
        RawContentBlockStopEvent,
        RawMessageDeltaEvent,
        RawMessageStopEvent,
    ]
    assert isinstance(parsed[2], RawContentBlockDeltaEvent)
    assert isinstance(parsed[2].delta, TextDelta)
    assert isinstance(parsed[3], RawContentBlockDeltaEvent)
    assert isinstance(parsed[3].delta, InputJSONDelta)
    assert isinstance(parsed[5], RawMessageDeltaEvent)
    assert parsed[5].usage.input_tokens is None
    assert parsed[5].delta.stop_reason == "end_turn"


def test_every_delta_type_parses() -> None:
    deltas = [
        {"type": "text_delta", "text": "a"},
        {"type": "input_json_delta", "partial_json": "{"},
        {"type": "citations_delta", "citation": CITATIONS[0]},
        {"type": "thinking_delta", "thinking": "hm"},
        {"type": "signature_delta", "signature": "sig"},
    ]
    for delta in deltas:
        event = RawContentBlockDeltaEvent.model_validate(
            {"type": "content_block_delta", "index": 0, "delta": delta}
        )
        assert event.delta.type == delta["type"]
        assert not isinstance(event.delta, UnknownModel)


def test_unknown_delta_type_parses() -> None:
    event = validate_value(
        RawMessageStreamEvent,
        {"type": "content_block_delta", "index": 0, "delta": {"type": "compaction_delta", "content": "x"}},
    )

    assert isinstance(event, RawContentBlockDeltaEvent)
    assert isinstance(event.delta, UnknownModel)
    assert event.delta.model_extra == {"content": "x"}


def test_unknown_event_type_parses() -> None:
    event = validate_value(RawMessageStreamEvent, {"type": "ping"})
    future = validate_value(RawMessageStreamEvent, {"type": "message_checkpoint", "n": 3})

    assert isinstance(event, UnknownModel)
    assert isinstance(future, UnknownModel)
    assert future.to_dict() == {"type": "message_checkpoint", "n": 3}


def test_unknown_block_in_content_block_start_parses() -> None:
    event = RawContentBlockStartEvent.model_validate(
        {"type": "content_block_start", "index": 3, "content_block": {"type": "compaction", "content": None}}
    )

    assert isinstance(event.content_block, UnknownModel)


def test_known_event_with_wrong_field_type_raises() -> None:
    with pytest.raises(pydantic.ValidationError):
        validate_value(RawMessageStreamEvent, {"type": "content_block_stop", "index": "first"})


def test_error_response_parses_known_and_unknown_error_types() -> None:
    known = ErrorResponse.model_validate(
        {
            "type": "error",
            "error": {"type": "rate_limit_error", "message": "slow down"},
            "request_id": "req_1",
        }
    )
    unknown = ErrorResponse.model_validate(
        {"type": "error", "error": {"type": "quota_error", "message": "no"}}
    )

    assert isinstance(known.error, RateLimitError)
    assert known.error.message == "slow down"
    assert isinstance(unknown.error, UnknownModel)
    assert unknown.request_id is None


def test_model_info_parses_created_at_as_datetime() -> None:
    info = ModelInfo.model_validate(
        {"type": "model", "id": "claude-x", "display_name": "Claude X", "created_at": "2025-02-19T00:00:00Z"}
    )

    assert info.created_at.year == 2025
    assert info.to_dict(mode="json")["created_at"] == "2025-02-19T00:00:00Z"


def test_token_count_parses() -> None:
    assert MessageTokensCount.model_validate({"input_tokens": 7}).input_tokens == 7
