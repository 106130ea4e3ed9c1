"""The request-side message params (TypedDicts) of `messages.create` and `count_tokens`. Apart from the
response models (`message.py`), so that a program that only reads answers never defines them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from .content import ContentBlock
from .content_params import ContentBlockParam

__all__ = [
    "MessageParam",
    "MetadataParam",
    "ThinkingConfigDisabledParam",
    "ThinkingConfigEnabledParam",
    "ThinkingConfigParam",
]


class MessageParam(TypedDict, total=False):
    content: Required[Union[str, Iterable[Union[ContentBlockParam, ContentBlock]]]]
    role: Required[Literal["user", "assistant"]]


class MetadataParam(TypedDict, total=False):
    user_id: Optional[str]


class ThinkingConfigEnabledParam(TypedDict, total=False):
    budget_tokens: Required[int]
    type: Required[Literal["enabled"]]


class ThinkingConfigDisabledParam(TypedDict, total=False):
    type: Required[Literal["disabled"]]


ThinkingConfigParam: TypeAlias = Union[ThinkingConfigEnabledParam, ThinkingConfigDisabledParam]
