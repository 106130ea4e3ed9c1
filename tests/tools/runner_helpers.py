"""Shared pieces of the tool-runner tests: the model, prompts that trigger the emulator's tool rule, and a
canned assistant message with several tool calls (served with `Fault.status(200, body=...)`)."""

from __future__ import annotations

import json
from typing import Any

from unbroken.testing import Fault
from unbroken.types.beta.message import BetaMessageParam

MODEL = "claude-sonnet-4-5"


def call(tool: str, arguments: dict[str, Any]) -> list[BetaMessageParam]:
    """A user turn asking the emulator to call `tool` with `arguments`."""
    return [{"role": "user", "content": f"call {tool} {json.dumps(arguments)}"}]


def tool_calls(*calls: tuple[str, dict[str, Any]]) -> Fault:
    """The next /v1/messages answer: one assistant turn calling each tool in order (ids toolu_1, ...)."""
    content: list[dict[str, Any]] = [
        {"type": "tool_use", "id": f"toolu_{i}", "name": name, "input": arguments}
        for i, (name, arguments) in enumerate(calls, start=1)
    ]
    body = {
        "id": "msg_canned",
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": content,
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
    return Fault.status(200, body=body)


def sent_messages(request: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = request.json["messages"]
    return messages
