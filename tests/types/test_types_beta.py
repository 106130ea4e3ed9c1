"""Beta response models: every beta block, stream events, parsed messages, memory commands, files, skills."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from type_payloads import BETA_SERVER_RESULT_BLOCKS, CITATIONS, beta_message

from unbroken._models import UnknownModel, validate_value
from unbroken.types.beta import (
    BetaBashCodeExecutionResultBlock,
    BetaBashCodeExecutionToolResultBlock,
    BetaBashCodeExecutionToolResultError,
    BetaCitationCharLocation,
    BetaCitationSearchResultLocation,
    BetaClearThinking20251015EditResponse,
    BetaClearToolUses20250919EditResponse,
    BetaCodeExecutionResultBlock,
    BetaCodeExecutionToolResultBlock,
    BetaContainerUploadBlock,
    BetaMCPToolResultBlock,
    BetaMCPToolUseBlock,
    BetaMemoryTool20250818Command,
    BetaMemoryTool20250818CreateCommand,
    BetaMemoryTool20250818DeleteCommand,
    BetaMemoryTool20250818InsertCommand,
    BetaMemoryTool20250818RenameCommand,
    BetaMemoryTool20250818StrReplaceCommand,
    BetaMemoryTool20250818ViewCommand,
    BetaMessage,
    BetaMessageTokensCount,
    BetaRawContentBlockDeltaEvent,
    BetaRawMessageDeltaEvent,
    BetaRawMessageStreamEvent,
    BetaTextBlock,
    BetaTextEditorCodeExecutionCreateResultBlock,
    BetaTextEditorCodeExecutionStrReplaceResultBlock,
    BetaTextEditorCodeExecutionToolResultBlock,
    BetaTextEditorCodeExecutionToolResultError,
    BetaTextEditorCodeExecutionViewResultBlock,
    BetaThinkingBlock,
    BetaWebFetchBlock,
    BetaWebFetchToolResultBlock,
    BetaWebFetchToolResultErrorBlock,
    DeletedFile,
    FileMetadata,
    ParsedBetaMessage,
    ParsedBetaTextBlock,
    SkillCreateResponse,
    SkillListResponse,
    VersionRetrieveResponse,
)


def test_beta_message_with_every_block_type_parses() -> None:
    msg = BetaMessage.model_validate(beta_message())
    by_type = {block.type: block for block in msg.content}

    assert not any(isinstance(block, UnknownModel) for block in msg.content)
    assert {b["type"] for b in BETA_SERVER_RESULT_BLOCKS} <= set(by_type)
    assert isinstance(by_type["mcp_tool_use"], BetaMCPToolUseBlock)
    assert isinstance(by_type["container_upload"], BetaContainerUploadBlock)
    assert msg.container is not None
    assert msg.container.skills is not None
    assert msg.container.skills[0].skill_id == "pptx"
    assert msg.usage.server_tool_use is not None
    assert msg.usage.server_tool_use.web_fetch_requests == 2
    assert msg.context_management is not None
    assert [type(e) for e in msg.context_management.applied_edits] == [
        BetaClearToolUses20250919EditResponse,
        BetaClearThinking20251015EditResponse,
    ]


def test_beta_server_tool_result_contents_dispatch_on_type() -> None:
    msg = BetaMessage.model_validate(beta_message(BETA_SERVER_RESULT_BLOCKS))
    contents = [getattr(block, "content", None) for block in msg.content]

    assert isinstance(msg.content[0], BetaWebFetchToolResultBlock)
    assert [type(c) for c in contents] == [
        BetaWebFetchBlock,
        BetaWebFetchToolResultErrorBlock,
        BetaCodeExecutionResultBlock,
        BetaBashCodeExecutionResultBlock,
        BetaBashCodeExecutionToolResultError,
        BetaTextEditorCodeExecutionViewResultBlock,
        BetaTextEditorCodeExecutionCreateResultBlock,
        BetaTextEditorCodeExecutionStrReplaceResultBlock,
        BetaTextEditorCodeExecutionToolResultError,
        type(None),
        list,
        str,
        type(None),
    ]
    assert isinstance(msg.content[2], BetaCodeExecutionToolResultBlock)
    assert isinstance(msg.content[3], BetaBashCodeExecutionToolResultBlock)
    assert isinstance(msg.content[5], BetaTextEditorCodeExecutionToolResultBlock)
    mcp_result = msg.content[10]
    assert isinstance(mcp_result, BetaMCPToolResultBlock)
    assert isinstance(mcp_result.content, list)
    assert isinstance(mcp_result.content[0], BetaTextBlock)


def test_beta_message_round_trips_through_to_dict() -> None:
    payload = beta_message()
    msg = BetaMessage.model_validate(payload)

    assert msg.to_dict(mode="json") == payload
    assert BetaMessage.model_validate(msg.to_dict()) == msg


def test_beta_citations_parse() -> None:
    text = BetaTextBlock.model_validate({"type": "text", "text": "x", "citations": CITATIONS})

    assert isinstance((text.citations or [])[0], BetaCitationCharLocation)
    assert isinstance((text.citations or [])[4], BetaCitationSearchResultLocation)


def test_unknown_server_tool_result_content_parses() -> None:
    block = {
        "type": "code_execution_tool_result",
        "tool_use_id": "x",
        "content": {"type": "encrypted_result"},
    }
    msg = BetaMessage.model_validate(
        beta_message([block, {"type": "tool_search_tool_result", "content": []}])
    )

    assert isinstance(msg.content[0], BetaCodeExecutionToolResultBlock)
    assert isinstance(msg.content[0].content, UnknownModel)
    assert isinstance(msg.content[1], UnknownModel)


def test_new_beta_stop_reason_and_error_codes_are_accepted() -> None:
    block = {
        "type": "web_fetch_tool_result",
        "tool_use_id": "x",
        "content": {"type": "web_fetch_tool_result_error", "error_code": "robots_disallowed"},
    }
    msg = BetaMessage.model_validate(beta_message([block], stop_reason="model_context_window_exceeded"))

    assert msg.stop_reason == "model_context_window_exceeded"
    assert isinstance(msg.content[0], BetaWebFetchToolResultBlock)
    assert msg.content[0].content.error_code == "robots_disallowed"  # type: ignore[union-attr]


def test_beta_known_shape_with_wrong_field_type_raises() -> None:
    payload = beta_message()
    payload["container"] = {"id": "c", "expires_at": "not a date"}

    with pytest.raises(pydantic.ValidationError):
        BetaMessage.model_validate(payload)


def test_beta_message_delta_carries_container_and_context_management() -> None:
    payload = beta_message()
    event = validate_value(
        BetaRawMessageStreamEvent,
        {
            "type": "message_delta",
            "delta": {"stop_reason": "pause_turn", "stop_sequence": None, "container": payload["container"]},
            "usage": {
                "output_tokens": 3,
                "server_tool_use": {"web_search_requests": 0, "web_fetch_requests": 1},
            },
            "context_management": payload["context_management"],
        },
    )

    assert isinstance(event, BetaRawMessageDeltaEvent)
    assert event.delta.container is not None
    assert event.context_management is not None


def test_beta_unknown_delta_and_event_parse() -> None:
    delta = validate_value(
        BetaRawMessageStreamEvent,
        {"type": "content_block_delta", "index": 0, "delta": {"type": "compaction_delta", "content": "x"}},
    )
    event = validate_value(BetaRawMessageStreamEvent, {"type": "ping"})

    assert isinstance(delta, BetaRawContentBlockDeltaEvent)
    assert isinstance(delta.delta, UnknownModel)
    assert isinstance(event, UnknownModel)


class Weather(pydantic.BaseModel):
    city: str
    celsius: float


def _parsed_payload() -> dict[str, Any]:
    return beta_message(
        [
            {"type": "thinking", "thinking": "...", "signature": "s"},
            {"type": "text", "text": '{"city": "Paris", "celsius": 21.5}', "parsed_output": None},
        ]
    )


def test_parsed_beta_message_validates_parsed_output_with_the_given_model() -> None:
    payload = _parsed_payload()
    payload["content"][1]["parsed_output"] = {"city": "Paris", "celsius": 21.5}
    msg = ParsedBetaMessage[Weather].model_validate(payload)

    assert isinstance(msg, BetaMessage)
    assert isinstance(msg.content[0], BetaThinkingBlock)
    assert isinstance(msg.content[1], ParsedBetaTextBlock)
    assert msg.parsed_output == Weather(city="Paris", celsius=21.5)


def test_parsed_output_is_excluded_from_serialisation() -> None:
    msg = ParsedBetaMessage[Weather].model_validate(_parsed_payload())
    block = msg.content[1]
    assert isinstance(block, ParsedBetaTextBlock)
    block.parsed_output = Weather(city="Paris", celsius=21.5)

    assert "parsed_output" not in msg.to_dict()["content"][1]  # type: ignore[index]
    assert "parsed_output" not in msg.to_json()
    assert msg.parsed_output is block.parsed_output


def test_parsed_output_is_none_without_a_truthy_parse() -> None:
    msg = ParsedBetaMessage[Weather].model_validate(_parsed_payload())

    assert msg.parsed_output is None


def test_parsed_beta_message_keeps_unknown_blocks() -> None:
    msg = ParsedBetaMessage[Weather].model_validate(beta_message([{"type": "hologram"}]))

    assert isinstance(msg.content[0], UnknownModel)


@pytest.mark.parametrize(
    ("raw", "cls"),
    [
        ({"command": "view", "path": "/memories", "view_range": [1, 10]}, BetaMemoryTool20250818ViewCommand),
        (
            {"command": "create", "path": "/memories/a.md", "file_text": "x"},
            BetaMemoryTool20250818CreateCommand,
        ),
        (
            {"command": "str_replace", "path": "/memories/a.md", "old_str": "x", "new_str": "y"},
            BetaMemoryTool20250818StrReplaceCommand,
        ),
        (
            {"command": "insert", "path": "/memories/a.md", "insert_line": 2, "insert_text": "z"},
            BetaMemoryTool20250818InsertCommand,
        ),
        ({"command": "delete", "path": "/memories/a.md"}, BetaMemoryTool20250818DeleteCommand),
        (
            {"command": "rename", "old_path": "/memories/a.md", "new_path": "/memories/b.md"},
            BetaMemoryTool20250818RenameCommand,
        ),
    ],
    ids=lambda v: v["command"] if isinstance(v, dict) else "",
)
def test_memory_commands_dispatch_on_command(raw: dict[str, Any], cls: type) -> None:
    command = validate_value(BetaMemoryTool20250818Command, raw)

    assert type(command) is cls
    assert command.to_dict() == raw


def test_unknown_memory_command_is_rejected() -> None:
    with pytest.raises(pydantic.ValidationError):
        validate_value(BetaMemoryTool20250818Command, {"command": "chmod", "path": "/memories"})


def test_memory_view_range_is_optional() -> None:
    command = validate_value(BetaMemoryTool20250818Command, {"command": "view", "path": "/memories"})

    assert isinstance(command, BetaMemoryTool20250818ViewCommand)
    assert command.view_range is None


def test_file_metadata_and_deleted_file_parse() -> None:
    meta = FileMetadata.model_validate(
        {
            "id": "file_01",
            "type": "file",
            "filename": "a.pdf",
            "mime_type": "application/pdf",
            "size_bytes": 1024,
            "created_at": "2025-10-01T12:00:00Z",
            "downloadable": False,
        }
    )

    assert meta.size_bytes == 1024
    assert meta.created_at.year == 2025
    assert DeletedFile.model_validate({"id": "file_01"}).type is None


def test_skill_responses_parse() -> None:
    skill = {
        "id": "skill_01",
        "type": "skill",
        "source": "custom",
        "display_title": None,
        "latest_version": "1759178010641129",
        "created_at": "2025-10-01T12:00:00Z",
        "updated_at": "2025-10-01T12:00:00Z",
    }
    version = {
        "id": "skillver_01",
        "type": "skill_version",
        "skill_id": "skill_01",
        "version": "1759178010641129",
        "name": "my-skill",
        "description": "Does things",
        "directory": "my-skill",
        "created_at": "2025-10-01T12:00:00Z",
    }

    assert SkillCreateResponse.model_validate(skill).to_dict() == skill
    assert SkillListResponse.model_validate(skill).display_title is None
    assert VersionRetrieveResponse.model_validate(version).skill_id == "skill_01"


def test_count_tokens_with_context_management_parses() -> None:
    count = BetaMessageTokensCount.model_validate(
        {"input_tokens": 90, "context_management": {"original_input_tokens": 120}}
    )

    assert count.context_management is not None
    assert count.context_management.original_input_tokens == 120
