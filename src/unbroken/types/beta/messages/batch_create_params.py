"""The body of `POST /v1/messages/batches?beta=true`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from typing_extensions import Required, TypedDict

from ...anthropic_beta_param import AnthropicBetaParam
from ..message_create_params import MessageCreateParamsNonStreaming

__all__ = ["BatchCreateParams", "Request", "RequestParamsOutputFormat"]


class RequestParamsOutputFormat(TypedDict, total=False):
    schema: Required[object]
    type: Required[Literal["json_schema"]]


class Request(TypedDict, total=False):
    custom_id: Required[str]
    params: Required[MessageCreateParamsNonStreaming]


class BatchCreateParams(TypedDict, total=False):
    requests: Required[Iterable[Request]]
    betas: list[AnthropicBetaParam]
