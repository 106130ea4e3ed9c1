"""JSON payloads shaped like real API responses, shared by the type tests."""

from __future__ import annotations

from typing import Any

CITATIONS: list[dict[str, Any]] = [
    {
        "type": "char_location",
        "cited_text": "The sky is blue.",
        "document_index": 0,
        "document_title": "Sky facts",
        "start_char_index": 0,
        "end_char_index": 16,
        "file_id": None,
    },
    {
        "type": "page_location",
        "cited_text": "Page text.",
        "document_index": 1,
        "document_title": None,
        "start_page_number": 1,
        "end_page_number": 2,
    },
    {
        "type": "content_block_location",
        "cited_text": "Block text.",
        "document_index": 2,
        "document_title": "Blocks",
        "start_block_index": 0,
        "end_block_index": 1,
    },
    {
        "type": "web_search_result_location",
        "cited_text": "From the web.",
        "encrypted_index": "enc-idx",
        "title": "A page",
        "url": "https://example.com/page",
    },
    {
        "type": "search_result_location",
        "cited_text": "From a search result.",
        "search_result_index": 0,
        "source": "https://example.com/kb",
        "start_block_index": 0,
        "end_block_index": 0,
        "title": "KB",
    },
]

USAGE: dict[str, Any] = {
    "input_tokens": 120,
    "output_tokens": 64,
    "cache_creation_input_tokens": 10,
    "cache_read_input_tokens": 5,
    "cache_creation": {"ephemeral_5m_input_tokens": 10, "ephemeral_1h_input_tokens": 0},
    "server_tool_use": {"web_search_requests": 1},
    "service_tier": "standard",
}

BASIC_BLOCKS: list[dict[str, Any]] = [
    {"type": "thinking", "thinking": "Let me think.", "signature": "sig=="},
    {"type": "redacted_thinking", "data": "opaque"},
    {"type": "text", "text": "The sky is blue.", "citations": CITATIONS},
    {"type": "text", "text": "No citations here.", "citations": None},
    {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
    {"type": "server_tool_use", "id": "srvtoolu_01", "name": "web_search", "input": {"query": "sky"}},
    {
        "type": "web_search_tool_result",
        "tool_use_id": "srvtoolu_01",
        "content": [
            {
                "type": "web_search_result",
                "encrypted_content": "enc",
                "page_age": "2 days",
                "title": "Sky",
                "url": "https://example.com/sky",
            }
        ],
    },
    {
        "type": "web_search_tool_result",
        "tool_use_id": "srvtoolu_02",
        "content": {"type": "web_search_tool_result_error", "error_code": "max_uses_exceeded"},
    },
]


def message(content: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": BASIC_BLOCKS if content is None else content,
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": USAGE,
    }
    payload.update(overrides)
    return payload


BETA_SERVER_RESULT_BLOCKS: list[dict[str, Any]] = [
    {
        "type": "web_fetch_tool_result",
        "tool_use_id": "srvtoolu_03",
        "content": {
            "type": "web_fetch_result",
            "url": "https://example.com/doc.pdf",
            "retrieved_at": "2025-10-01T12:00:00Z",
            "content": {
                "type": "document",
                "title": "Doc",
                "citations": {"enabled": True},
                "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="},
            },
        },
    },
    {
        "type": "web_fetch_tool_result",
        "tool_use_id": "srvtoolu_04",
        "content": {"type": "web_fetch_tool_result_error", "error_code": "url_not_accessible"},
    },
    {
        "type": "code_execution_tool_result",
        "tool_use_id": "srvtoolu_05",
        "content": {
            "type": "code_execution_result",
            "stdout": "42\n",
            "stderr": "",
            "return_code": 0,
            "content": [{"type": "code_execution_output", "file_id": "file_01"}],
        },
    },
    {
        "type": "bash_code_execution_tool_result",
        "tool_use_id": "srvtoolu_06",
        "content": {
            "type": "bash_code_execution_result",
            "stdout": "ok",
            "stderr": "",
            "return_code": 0,
            "content": [{"type": "bash_code_execution_output", "file_id": "file_02"}],
        },
    },
    {
        "type": "bash_code_execution_tool_result",
        "tool_use_id": "srvtoolu_07",
        "content": {"type": "bash_code_execution_tool_result_error", "error_code": "output_file_too_large"},
    },
    {
        "type": "text_editor_code_execution_tool_result",
        "tool_use_id": "srvtoolu_08",
        "content": {
            "type": "text_editor_code_execution_view_result",
            "content": "line 1\n",
            "file_type": "text",
            "num_lines": 1,
            "start_line": 1,
            "total_lines": 1,
        },
    },
    {
        "type": "text_editor_code_execution_tool_result",
        "tool_use_id": "srvtoolu_09",
        "content": {"type": "text_editor_code_execution_create_result", "is_file_update": False},
    },
    {
        "type": "text_editor_code_execution_tool_result",
        "tool_use_id": "srvtoolu_10",
        "content": {
            "type": "text_editor_code_execution_str_replace_result",
            "lines": ["-a", "+b"],
            "new_lines": 1,
            "new_start": 3,
            "old_lines": 1,
            "old_start": 3,
        },
    },
    {
        "type": "text_editor_code_execution_tool_result",
        "tool_use_id": "srvtoolu_11",
        "content": {
            "type": "text_editor_code_execution_tool_result_error",
            "error_code": "file_not_found",
            "error_message": "no such file",
        },
    },
    {
        "type": "mcp_tool_use",
        "id": "mcptoolu_01",
        "name": "search_docs",
        "server_name": "docs",
        "input": {"q": "x"},
    },
    {
        "type": "mcp_tool_result",
        "tool_use_id": "mcptoolu_01",
        "is_error": False,
        "content": [{"type": "text", "text": "result", "citations": None}],
    },
    {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_02", "is_error": True, "content": "boom"},
    {"type": "container_upload", "file_id": "file_03"},
]


def beta_message(content: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    payload = message(BASIC_BLOCKS + BETA_SERVER_RESULT_BLOCKS if content is None else content)
    payload["usage"] = {**USAGE, "server_tool_use": {"web_search_requests": 1, "web_fetch_requests": 2}}
    payload["container"] = {
        "id": "container_01",
        "expires_at": "2025-10-01T13:00:00Z",
        "skills": [{"skill_id": "pptx", "type": "anthropic", "version": "latest"}],
    }
    payload["context_management"] = {
        "applied_edits": [
            {"type": "clear_tool_uses_20250919", "cleared_input_tokens": 100, "cleared_tool_uses": 2},
            {"type": "clear_thinking_20251015", "cleared_input_tokens": 50, "cleared_thinking_turns": 1},
        ]
    }
    payload.update(overrides)
    return payload
