"""What a tool hands back to the model, and how a Python value becomes a `tool_result` block.

A tool returns text or content blocks (`BetaFunctionToolResultType`). The runner turns that value, or the
exception the tool raised, into the `tool_result` block of the next user turn. Results are materialised
(a generator becomes a list) so that the conversation can be re-sent on a retry and read back afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TypeAlias, Union

from ..types.beta.content_params import BetaToolResultBlockParam, BetaToolResultBlockParamContent

__all__ = [
    "BetaContent",
    "BetaFunctionToolResultType",
    "ToolError",
    "error_result",
    "result_content",
    "tool_result",
]

BetaContent: TypeAlias = BetaToolResultBlockParamContent
"""A block a tool may return: text, image, search result or document."""

BetaFunctionToolResultType: TypeAlias = Union[str, Iterable[BetaContent]]


class ToolError(Exception):
    """Raised by a tool to report a failure the model should read: the runner sends `content` as an
    `is_error` result as it is, instead of the `repr()` it sends for any other exception."""

    def __init__(self, content: BetaFunctionToolResultType) -> None:
        self.content: str | list[BetaContent] = content if isinstance(content, str) else list(content)
        super().__init__(content if isinstance(content, str) else "tool error with content blocks")


def result_content(value: object) -> str | list[BetaContent]:
    """The `content` of a tool_result for a tool's return value.

    Text and block lists pass unchanged (a generator is materialised). Anything else a tool might return by
    mistake (a number, a dict) is sent as its JSON text rather than failing the whole request.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray, Mapping)):
        return list(value)
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # e.g. a circular structure
        return str(value)


def tool_result(tool_use_id: str, value: object) -> BetaToolResultBlockParam:
    return {"type": "tool_result", "tool_use_id": tool_use_id, "content": result_content(value)}


def error_result(tool_use_id: str, content: str | list[BetaContent]) -> BetaToolResultBlockParam:
    return {"type": "tool_result", "tool_use_id": tool_use_id, "content": content, "is_error": True}
