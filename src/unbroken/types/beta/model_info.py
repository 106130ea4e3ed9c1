"""Beta models endpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from typing_extensions import TypedDict

from ..._models import BaseModel
from ..anthropic_beta_param import AnthropicBetaParam

__all__ = ["BetaModelInfo", "ModelListParams"]


class BetaModelInfo(BaseModel):
    id: str
    created_at: datetime
    display_name: str
    type: Literal["model"]


class ModelListParams(TypedDict, total=False):
    after_id: str
    before_id: str
    limit: int
    betas: list[AnthropicBetaParam]
