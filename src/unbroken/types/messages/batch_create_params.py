"""The body of `POST /v1/messages/batches`."""

from __future__ import annotations

from collections.abc import Iterable

from typing_extensions import Required, TypedDict

from ..message_create_params import MessageCreateParamsNonStreaming

__all__ = ["BatchCreateParams", "Request"]


class Request(TypedDict, total=False):
    custom_id: Required[str]
    """Your id for the request, echoed on its result: unique within the batch, 1-64 chars of [a-zA-Z0-9_-]."""

    params: Required[MessageCreateParamsNonStreaming]


class BatchCreateParams(TypedDict, total=False):
    requests: Required[Iterable[Request]]
