"""Versions of a skill (beta)."""

from __future__ import annotations

from typing import Optional

from typing_extensions import TypedDict

from ...._models import BaseModel
from ...._types import FileTypes, SequenceNotStr
from ...anthropic_beta_param import AnthropicBetaParam

__all__ = [
    "VersionCreateParams",
    "VersionCreateResponse",
    "VersionDeleteResponse",
    "VersionListParams",
    "VersionListResponse",
    "VersionRetrieveResponse",
]


class _SkillVersion(BaseModel):
    id: str
    created_at: str
    description: str
    directory: str
    name: str
    skill_id: str
    type: str
    version: str


class VersionCreateResponse(_SkillVersion):
    pass


class VersionRetrieveResponse(_SkillVersion):
    pass


class VersionListResponse(_SkillVersion):
    pass


class VersionDeleteResponse(BaseModel):
    id: str
    type: str


class VersionCreateParams(TypedDict, total=False):
    files: Optional[SequenceNotStr[FileTypes]]
    betas: list[AnthropicBetaParam]


class VersionListParams(TypedDict, total=False):
    limit: Optional[int]
    page: Optional[str]
    betas: list[AnthropicBetaParam]
