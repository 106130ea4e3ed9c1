"""Tool definitions and tool choice for `messages.create` / `messages.count_tokens` (request side only)."""

from __future__ import annotations

from typing import Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from .._types import SequenceNotStr
from .content_params import CacheControlEphemeralParam

__all__ = [
    "InputSchema",
    "InputSchemaTyped",
    "MessageCountTokensToolParam",
    "ToolBash20250124Param",
    "ToolChoiceAnyParam",
    "ToolChoiceAutoParam",
    "ToolChoiceNoneParam",
    "ToolChoiceParam",
    "ToolChoiceToolParam",
    "ToolParam",
    "ToolTextEditor20250124Param",
    "ToolTextEditor20250429Param",
    "ToolTextEditor20250728Param",
    "ToolUnionParam",
    "UserLocation",
    "WebSearchTool20250305Param",
]


class InputSchemaTyped(TypedDict, total=False):
    """The JSON schema of a tool's input; other JSON-schema keywords are passed through as given."""

    type: Required[Literal["object"]]
    properties: Optional[dict[str, object]]
    required: Optional[SequenceNotStr[str]]


InputSchema: TypeAlias = Union[InputSchemaTyped, dict[str, object]]


class ToolParam(TypedDict, total=False):
    input_schema: Required[InputSchema]
    name: Required[str]
    cache_control: Optional[CacheControlEphemeralParam]
    description: str
    type: Optional[Literal["custom"]]


class ToolBash20250124Param(TypedDict, total=False):
    name: Required[Literal["bash"]]
    type: Required[Literal["bash_20250124"]]
    cache_control: Optional[CacheControlEphemeralParam]


class ToolTextEditor20250124Param(TypedDict, total=False):
    name: Required[Literal["str_replace_editor"]]
    type: Required[Literal["text_editor_20250124"]]
    cache_control: Optional[CacheControlEphemeralParam]


class ToolTextEditor20250429Param(TypedDict, total=False):
    name: Required[Literal["str_replace_based_edit_tool"]]
    type: Required[Literal["text_editor_20250429"]]
    cache_control: Optional[CacheControlEphemeralParam]


class ToolTextEditor20250728Param(TypedDict, total=False):
    name: Required[Literal["str_replace_based_edit_tool"]]
    type: Required[Literal["text_editor_20250728"]]
    cache_control: Optional[CacheControlEphemeralParam]
    max_characters: Optional[int]


class UserLocation(TypedDict, total=False):
    """Approximate location of the user, to localise web search results."""

    type: Required[Literal["approximate"]]
    city: Optional[str]
    country: Optional[str]
    region: Optional[str]
    timezone: Optional[str]


class WebSearchTool20250305Param(TypedDict, total=False):
    name: Required[Literal["web_search"]]
    type: Required[Literal["web_search_20250305"]]
    allowed_domains: Optional[SequenceNotStr[str]]
    blocked_domains: Optional[SequenceNotStr[str]]
    cache_control: Optional[CacheControlEphemeralParam]
    max_uses: Optional[int]
    user_location: Optional[UserLocation]


ToolUnionParam: TypeAlias = Union[
    ToolParam,
    ToolBash20250124Param,
    ToolTextEditor20250124Param,
    ToolTextEditor20250429Param,
    ToolTextEditor20250728Param,
    WebSearchTool20250305Param,
]

MessageCountTokensToolParam: TypeAlias = ToolUnionParam


class ToolChoiceAutoParam(TypedDict, total=False):
    type: Required[Literal["auto"]]
    disable_parallel_tool_use: bool


class ToolChoiceAnyParam(TypedDict, total=False):
    type: Required[Literal["any"]]
    disable_parallel_tool_use: bool


class ToolChoiceToolParam(TypedDict, total=False):
    name: Required[str]
    type: Required[Literal["tool"]]
    disable_parallel_tool_use: bool


class ToolChoiceNoneParam(TypedDict, total=False):
    type: Required[Literal["none"]]


ToolChoiceParam: TypeAlias = Union[
    ToolChoiceAutoParam, ToolChoiceAnyParam, ToolChoiceToolParam, ToolChoiceNoneParam
]
