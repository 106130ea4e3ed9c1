"""Models endpoint: `ModelInfo` and the list params."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from typing_extensions import TypedDict

from .._models import BaseModel
from .anthropic_beta_param import AnthropicBetaParam

__all__ = ["ModelInfo", "ModelListParams", "ModelRetrieveParams"]


class ModelInfo(BaseModel):
    id: str
    created_at: datetime
    """When the model was released (an alias reports its current target's release)."""

    display_name: str
    type: Literal["model"]


class ModelListParams(TypedDict, total=False):
    after_id: str
    before_id: str
    limit: int
    betas: list[AnthropicBetaParam]


class ModelRetrieveParams(TypedDict, total=False):
    betas: list[AnthropicBetaParam]
