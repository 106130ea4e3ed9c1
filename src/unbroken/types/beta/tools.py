"""Beta tool definitions (custom and every built-in tool version) and tool choice; request side only.

Every beta tool accepts `strict`: with structured outputs, the model's tool input is guaranteed to match.
"""

from __future__ import annotations

from typing import Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from ..._types import SequenceNotStr
from .content_params import BetaCacheControlEphemeralParam, BetaCitationsConfigParam

__all__ = [
    "BetaCodeExecutionTool20250522Param",
    "BetaCodeExecutionTool20250825Param",
    "BetaInputSchema",
    "BetaMemoryTool20250818Param",
    "BetaToolBash20241022Param",
    "BetaToolBash20250124Param",
    "BetaToolChoiceAnyParam",
    "BetaToolChoiceAutoParam",
    "BetaToolChoiceNoneParam",
    "BetaToolChoiceParam",
    "BetaToolChoiceToolParam",
    "BetaToolComputerUse20241022Param",
    "BetaToolComputerUse20250124Param",
    "BetaToolParam",
    "BetaToolTextEditor20241022Param",
    "BetaToolTextEditor20250124Param",
    "BetaToolTextEditor20250429Param",
    "BetaToolTextEditor20250728Param",
    "BetaToolUnionParam",
    "BetaWebFetchTool20250910Param",
    "BetaWebSearchTool20250305Param",
    "InputSchemaTyped",
    "UserLocation",
]


class InputSchemaTyped(TypedDict, total=False):
    type: Required[Literal["object"]]
    properties: Optional[dict[str, object]]
    required: Optional[SequenceNotStr[str]]


BetaInputSchema: TypeAlias = Union[InputSchemaTyped, dict[str, object]]


class BetaToolParam(TypedDict, total=False):
    input_schema: Required[BetaInputSchema]
    name: Required[str]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    description: str
    strict: bool
    type: Optional[Literal["custom"]]


class BetaToolBash20241022Param(TypedDict, total=False):
    name: Required[Literal["bash"]]
    type: Required[Literal["bash_20241022"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaToolBash20250124Param(TypedDict, total=False):
    name: Required[Literal["bash"]]
    type: Required[Literal["bash_20250124"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaCodeExecutionTool20250522Param(TypedDict, total=False):
    name: Required[Literal["code_execution"]]
    type: Required[Literal["code_execution_20250522"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaCodeExecutionTool20250825Param(TypedDict, total=False):
    name: Required[Literal["code_execution"]]
    type: Required[Literal["code_execution_20250825"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaToolComputerUse20241022Param(TypedDict, total=False):
    display_height_px: Required[int]
    display_width_px: Required[int]
    name: Required[Literal["computer"]]
    type: Required[Literal["computer_20241022"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    display_number: Optional[int]
    """X11 display number, for environments with several displays."""

    strict: bool


class BetaToolComputerUse20250124Param(TypedDict, total=False):
    display_height_px: Required[int]
    display_width_px: Required[int]
    name: Required[Literal["computer"]]
    type: Required[Literal["computer_20250124"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    display_number: Optional[int]
    strict: bool


class BetaMemoryTool20250818Param(TypedDict, total=False):
    name: Required[Literal["memory"]]
    type: Required[Literal["memory_20250818"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaToolTextEditor20241022Param(TypedDict, total=False):
    name: Required[Literal["str_replace_editor"]]
    type: Required[Literal["text_editor_20241022"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaToolTextEditor20250124Param(TypedDict, total=False):
    name: Required[Literal["str_replace_editor"]]
    type: Required[Literal["text_editor_20250124"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaToolTextEditor20250429Param(TypedDict, total=False):
    name: Required[Literal["str_replace_based_edit_tool"]]
    type: Required[Literal["text_editor_20250429"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    strict: bool


class BetaToolTextEditor20250728Param(TypedDict, total=False):
    name: Required[Literal["str_replace_based_edit_tool"]]
    type: Required[Literal["text_editor_20250728"]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    max_characters: Optional[int]
    strict: bool


class UserLocation(TypedDict, total=False):
    type: Required[Literal["approximate"]]
    city: Optional[str]
    country: Optional[str]
    region: Optional[str]
    timezone: Optional[str]


class BetaWebSearchTool20250305Param(TypedDict, total=False):
    name: Required[Literal["web_search"]]
    type: Required[Literal["web_search_20250305"]]
    allowed_domains: Optional[SequenceNotStr[str]]
    blocked_domains: Optional[SequenceNotStr[str]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    max_uses: Optional[int]
    strict: bool
    user_location: Optional[UserLocation]


class BetaWebFetchTool20250910Param(TypedDict, total=False):
    name: Required[Literal["web_fetch"]]
    type: Required[Literal["web_fetch_20250910"]]
    allowed_domains: Optional[SequenceNotStr[str]]
    blocked_domains: Optional[SequenceNotStr[str]]
    cache_control: Optional[BetaCacheControlEphemeralParam]
    citations: Optional[BetaCitationsConfigParam]
    max_content_tokens: Optional[int]
    """Upper bound on the tokens of fetched content put in context (longer pages are truncated)."""

    max_uses: Optional[int]
    strict: bool


BetaToolUnionParam: TypeAlias = Union[
    BetaToolParam,
    BetaToolBash20241022Param,
    BetaToolBash20250124Param,
    BetaCodeExecutionTool20250522Param,
    BetaCodeExecutionTool20250825Param,
    BetaToolComputerUse20241022Param,
    BetaMemoryTool20250818Param,
    BetaToolComputerUse20250124Param,
    BetaToolTextEditor20241022Param,
    BetaToolTextEditor20250124Param,
    BetaToolTextEditor20250429Param,
    BetaToolTextEditor20250728Param,
    BetaWebSearchTool20250305Param,
    BetaWebFetchTool20250910Param,
]


class BetaToolChoiceAutoParam(TypedDict, total=False):
    type: Required[Literal["auto"]]
    disable_parallel_tool_use: bool


class BetaToolChoiceAnyParam(TypedDict, total=False):
    type: Required[Literal["any"]]
    disable_parallel_tool_use: bool


class BetaToolChoiceToolParam(TypedDict, total=False):
    name: Required[str]
    type: Required[Literal["tool"]]
    disable_parallel_tool_use: bool


class BetaToolChoiceNoneParam(TypedDict, total=False):
    type: Required[Literal["none"]]


BetaToolChoiceParam: TypeAlias = Union[
    BetaToolChoiceAutoParam, BetaToolChoiceAnyParam, BetaToolChoiceToolParam, BetaToolChoiceNoneParam
]
