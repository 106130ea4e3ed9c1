"""Query parameters of `GET /v1/messages/batches?beta=true`."""

from __future__ import annotations

from typing_extensions import TypedDict

from ...anthropic_beta_param import AnthropicBetaParam

__all__ = ["BatchListParams"]


class BatchListParams(TypedDict, total=False):
    after_id: str
    before_id: str
    limit: int
    betas: list[AnthropicBetaParam]
