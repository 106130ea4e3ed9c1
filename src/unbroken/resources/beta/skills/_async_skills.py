# Source of _sync_skills.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta.skills`: create custom skills from files, list, retrieve and delete them (+ `.versions`).

Every call carries `anthropic-beta: <your betas>,skills-2025-10-02`. Uploads are multipart: each file is a
`files[]` part (the form-array style the API describes) and `display_title` a file-less part.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Optional

from ...._async_response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from ...._files import amultipart_files
from ...._request import request_spec
from ...._resource import AsyncAPIResource
from ...._types import FileTypes, Headers, Omit, Query, SequenceNotStr, not_given, omit
from ....pagination import AsyncPageCursor, AsyncPaginator, get_async_page
from ....types.beta.skill import (
    SkillCreateResponse,
    SkillDeleteResponse,
    SkillListResponse,
    SkillRetrieveResponse,
)
from ..._shared import BETA_QUERY, BetaList, TimeoutArg, beta_header
from ._async_versions import AsyncVersions, AsyncVersionsWithRawResponse, AsyncVersionsWithStreamingResponse
from ._shared import FILES_FIELD, SKILLS_BETA, skill_path, title_parts, upload_files

__all__ = [
    "AsyncSkills",
    "AsyncSkillsWithRawResponse",
    "AsyncSkillsWithStreamingResponse",
]


class AsyncSkills(AsyncAPIResource["AsyncSkillsWithRawResponse", "AsyncSkillsWithStreamingResponse"]):
    @cached_property
    def versions(self) -> AsyncVersions:
        return AsyncVersions(self._client)

    async def create(
        self,
        *,
        display_title: Optional[str] | Omit = omit,
        files: Optional[SequenceNotStr[FileTypes]] | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> SkillCreateResponse:
        """A new custom skill from its files (one top-level directory holding a SKILL.md)."""
        parts = await amultipart_files(FILES_FIELD, upload_files(files))
        spec = request_spec(
            "post",
            "/v1/skills",
            params=BETA_QUERY,
            files=[*title_parts(display_title), *parts],
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        skill: SkillCreateResponse = await self._client.request(SkillCreateResponse, spec)
        return skill

    async def retrieve(
        self,
        skill_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> SkillRetrieveResponse:
        spec = request_spec(
            "get",
            skill_path(skill_id),
            params=BETA_QUERY,
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        skill: SkillRetrieveResponse = await self._client.request(SkillRetrieveResponse, spec)
        return skill

    def list(
        self,
        *,
        limit: int | Omit = omit,
        page: Optional[str] | Omit = omit,
        source: Optional[str] | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncPaginator[SkillListResponse, AsyncPageCursor[SkillListResponse]]:
        """A page of skills (`source="custom"` or `"anthropic"` to filter); iterate it for every page."""
        spec = request_spec(
            "get",
            "/v1/skills",
            params={**BETA_QUERY, "limit": limit, "page": page, "source": source},
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_async_page(self._client, AsyncPageCursor[SkillListResponse], spec)

    async def delete(
        self,
        skill_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> SkillDeleteResponse:
        """Delete a custom skill (its versions must be deleted first)."""
        spec = request_spec(
            "delete",
            skill_path(skill_id),
            params=BETA_QUERY,
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        deleted: SkillDeleteResponse = await self._client.request(SkillDeleteResponse, spec)
        return deleted


class AsyncSkillsWithRawResponse:
    def __init__(self, skills: AsyncSkills) -> None:
        self._skills = skills
        self.create = async_to_raw_response_wrapper(skills.create)
        self.retrieve = async_to_raw_response_wrapper(skills.retrieve)
        self.list = async_to_raw_response_wrapper(skills.list)
        self.delete = async_to_raw_response_wrapper(skills.delete)

    @cached_property
    def versions(self) -> AsyncVersionsWithRawResponse:
        return self._skills.versions.with_raw_response


class AsyncSkillsWithStreamingResponse:
    def __init__(self, skills: AsyncSkills) -> None:
        self._skills = skills
        self.create = async_to_streamed_response_wrapper(skills.create)
        self.retrieve = async_to_streamed_response_wrapper(skills.retrieve)
        self.list = async_to_streamed_response_wrapper(skills.list)
        self.delete = async_to_streamed_response_wrapper(skills.delete)

    @cached_property
    def versions(self) -> AsyncVersionsWithStreamingResponse:
        return self._skills.versions.with_streaming_response


AsyncSkills._views = (AsyncSkillsWithRawResponse, AsyncSkillsWithStreamingResponse)
