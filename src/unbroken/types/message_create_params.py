"""The body of `POST /v1/messages` as TypedDicts (also what a batch request carries as `params`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeAlias, Union

from typing_extensions import Required, TypedDict

from .._types import SequenceNotStr
from .content_params import TextBlockParam
from .message import ModelParam
from .message_params import MessageParam, MetadataParam, ThinkingConfigParam
from .tools import (
    ToolChoiceAnyParam,
    ToolChoiceAutoParam,
    ToolChoiceParam,
    ToolChoiceToolParam,
    ToolUnionParam,
)

__all__ = [
    "MessageCreateParams",
    "MessageCreateParamsBase",
    "MessageCreateParamsNonStreaming",
    "MessageCreateParamsStreaming",
    "Metadata",
    "ToolChoice",
    "ToolChoiceToolChoiceAny",
    "ToolChoiceToolChoiceAuto",
    "ToolChoiceToolChoiceTool",
]


class MessageCreateParamsBase(TypedDict, total=False):
    max_tokens: Required[int]
    messages: Required[Iterable[MessageParam]]
    model: Required[ModelParam]
    metadata: MetadataParam
    service_tier: Literal["auto", "standard_only"]
    stop_sequences: SequenceNotStr[str]
    system: Union[str, Iterable[TextBlockParam]]
    temperature: float
    thinking: ThinkingConfigParam
    tool_choice: ToolChoiceParam
    tools: Iterable[ToolUnionParam]
    top_k: int
    top_p: float


class MessageCreateParamsNonStreaming(MessageCreateParamsBase, total=False):
    stream: Literal[False]


class MessageCreateParamsStreaming(MessageCreateParamsBase):
    stream: Required[Literal[True]]


MessageCreateParams: TypeAlias = Union[MessageCreateParamsNonStreaming, MessageCreateParamsStreaming]

# Older names the reference still carries in this module.
Metadata: TypeAlias = MetadataParam
ToolChoice: TypeAlias = ToolChoiceParam
ToolChoiceToolChoiceAuto: TypeAlias = ToolChoiceAutoParam
ToolChoiceToolChoiceAny: TypeAlias = ToolChoiceAnyParam
ToolChoiceToolChoiceTool: TypeAlias = ToolChoiceToolParam
