"""Skills API (beta): skill objects and params. Versions of a skill live in `types.beta.skills`."""

from __future__ import annotations

from typing import Optional

from typing_extensions import TypedDict

from ..._models import BaseModel
from ..._types import FileTypes, SequenceNotStr
from ..anthropic_beta_param import AnthropicBetaParam

__all__ = [
    "SkillCreateParams",
    "SkillCreateResponse",
    "SkillDeleteResponse",
    "SkillListParams",
    "SkillListResponse",
    "SkillRetrieveResponse",
]


class _Skill(BaseModel):
    id: str
    created_at: str
    """ISO 8601 timestamp, kept as the string the API sends (the reference types it so)."""

    display_title: Optional[str] = None
    latest_version: Optional[str] = None
    source: str
    """"custom" (created by you) or "anthropic" (built in)."""

    type: str
    updated_at: str


class SkillCreateResponse(_Skill):
    pass


class SkillRetrieveResponse(_Skill):
    pass


class SkillListResponse(_Skill):
    pass


class SkillDeleteResponse(BaseModel):
    id: str
    type: str


class SkillCreateParams(TypedDict, total=False):
    display_title: Optional[str]
    files: Optional[SequenceNotStr[FileTypes]]
    """The skill's files; all under one top-level directory that contains a SKILL.md."""

    betas: list[AnthropicBetaParam]


class SkillListParams(TypedDict, total=False):
    limit: int
    page: Optional[str]
    source: Optional[str]
    betas: list[AnthropicBetaParam]
