"""Query parameters of `GET /v1/messages/batches`."""

from __future__ import annotations

from typing_extensions import TypedDict

__all__ = ["BatchListParams"]


class BatchListParams(TypedDict, total=False):
    after_id: str
    before_id: str
    limit: int
