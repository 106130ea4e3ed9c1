"""The body of `POST /v1/messages/count_tokens` as a TypedDict."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Union

from typing_extensions import Required, TypedDict

from .content_params import TextBlockParam
from .message import ModelParam
from .message_params import MessageParam, ThinkingConfigParam
from .tools import MessageCountTokensToolParam, ToolChoiceParam

__all__ = ["MessageCountTokensParams"]


class MessageCountTokensParams(TypedDict, total=False):
    messages: Required[Iterable[MessageParam]]
    model: Required[ModelParam]
    system: Union[str, Iterable[TextBlockParam]]
    thinking: ThinkingConfigParam
    tool_choice: ToolChoiceParam
    tools: Iterable[MessageCountTokensToolParam]
