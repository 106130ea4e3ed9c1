"""Beta-only options of `beta.messages.create`: container, context management, MCP servers, output format."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from ..._types import SequenceNotStr

__all__ = [
    "BetaAllThinkingTurnsParam",
    "BetaClearThinking20251015EditParam",
    "BetaClearThinkingKeep",
    "BetaClearToolUses20250919EditParam",
    "BetaClearToolUsesTrigger",
    "BetaContainerParams",
    "BetaContextManagementConfigParam",
    "BetaContextManagementEdit",
    "BetaInputTokensClearAtLeastParam",
    "BetaInputTokensTriggerParam",
    "BetaJSONOutputFormatParam",
    "BetaRequestMCPServerToolConfigurationParam",
    "BetaRequestMCPServerURLDefinitionParam",
    "BetaSkillParams",
    "BetaThinkingTurnsParam",
    "BetaToolUsesKeepParam",
    "BetaToolUsesTriggerParam",
]


class BetaSkillParams(TypedDict, total=False):
    skill_id: Required[str]
    type: Required[Literal["anthropic", "custom"]]
    version: str
    """A version id or "latest" (the default)."""


class BetaContainerParams(TypedDict, total=False):
    id: Optional[str]
    skills: Optional[Iterable[BetaSkillParams]]


class BetaInputTokensTriggerParam(TypedDict, total=False):
    type: Required[Literal["input_tokens"]]
    value: Required[int]


class BetaToolUsesTriggerParam(TypedDict, total=False):
    type: Required[Literal["tool_uses"]]
    value: Required[int]


class BetaInputTokensClearAtLeastParam(TypedDict, total=False):
    type: Required[Literal["input_tokens"]]
    value: Required[int]


class BetaToolUsesKeepParam(TypedDict, total=False):
    type: Required[Literal["tool_uses"]]
    value: Required[int]


BetaClearToolUsesTrigger: TypeAlias = Union[BetaInputTokensTriggerParam, BetaToolUsesTriggerParam]
"""The reference's `beta_clear_tool_uses_20250919_edit_param.Trigger`."""


class BetaClearToolUses20250919EditParam(TypedDict, total=False):
    type: Required[Literal["clear_tool_uses_20250919"]]
    clear_at_least: Optional[BetaInputTokensClearAtLeastParam]
    """Edit only if at least this much can be cleared: any edit invalidates the prompt cache."""

    clear_tool_inputs: Union[bool, SequenceNotStr[str], None]
    exclude_tools: Optional[SequenceNotStr[str]]
    keep: BetaToolUsesKeepParam
    trigger: BetaClearToolUsesTrigger


class BetaThinkingTurnsParam(TypedDict, total=False):
    type: Required[Literal["thinking_turns"]]
    value: Required[int]


class BetaAllThinkingTurnsParam(TypedDict, total=False):
    type: Required[Literal["all"]]


BetaClearThinkingKeep: TypeAlias = Union[BetaThinkingTurnsParam, BetaAllThinkingTurnsParam, Literal["all"]]
"""The reference's `beta_clear_thinking_20251015_edit_param.Keep`."""


class BetaClearThinking20251015EditParam(TypedDict, total=False):
    type: Required[Literal["clear_thinking_20251015"]]
    keep: BetaClearThinkingKeep


BetaContextManagementEdit: TypeAlias = Union[
    BetaClearToolUses20250919EditParam, BetaClearThinking20251015EditParam
]
"""The reference's `beta_context_management_config_param.Edit`."""


class BetaContextManagementConfigParam(TypedDict, total=False):
    edits: Iterable[BetaContextManagementEdit]


class BetaRequestMCPServerToolConfigurationParam(TypedDict, total=False):
    allowed_tools: Optional[SequenceNotStr[str]]
    enabled: Optional[bool]


class BetaRequestMCPServerURLDefinitionParam(TypedDict, total=False):
    name: Required[str]
    type: Required[Literal["url"]]
    url: Required[str]
    authorization_token: Optional[str]
    tool_configuration: Optional[BetaRequestMCPServerToolConfigurationParam]


class BetaJSONOutputFormatParam(TypedDict, total=False):
    schema: Required[dict[str, object]]
    type: Required[Literal["json_schema"]]
