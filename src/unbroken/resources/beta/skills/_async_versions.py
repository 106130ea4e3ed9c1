# Source of _sync_versions.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta.skills.versions`: new versions of a custom skill (from files), list, retrieve, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Optional

from ...._async_response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from ...._files import amultipart_files
from ...._request import request_spec
from ...._resource import AsyncAPIResource
from ...._types import FileTypes, Headers, Omit, Query, SequenceNotStr, not_given, omit
from ....pagination import AsyncPageCursor, AsyncPaginator, get_async_page
from ....types.beta.skills.versions import (
    VersionCreateResponse,
    VersionDeleteResponse,
    VersionListResponse,
    VersionRetrieveResponse,
)
from ..._shared import BETA_QUERY, BetaList, TimeoutArg, beta_header
from ._shared import FILES_FIELD, SKILLS_BETA, skill_path, upload_files, version_path

__all__ = [
    "AsyncVersions",
    "AsyncVersionsWithRawResponse",
    "AsyncVersionsWithStreamingResponse",
]


class AsyncVersions(AsyncAPIResource["AsyncVersionsWithRawResponse", "AsyncVersionsWithStreamingResponse"]):
    async def create(
        self,
        skill_id: str,
        *,
        files: Optional[SequenceNotStr[FileTypes]] | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> VersionCreateResponse:
        """A new version of the skill from its files; it becomes the skill's `latest_version`."""
        path = skill_path(skill_id, "/versions")
        parts = await amultipart_files(FILES_FIELD, upload_files(files))
        spec = request_spec(
            "post",
            path,
            params=BETA_QUERY,
            files=parts,
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        version: VersionCreateResponse = await self._client.request(VersionCreateResponse, spec)
        return version

    async def retrieve(
        self,
        version: str,
        *,
        skill_id: str,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> VersionRetrieveResponse:
        spec = request_spec(
            "get",
            version_path(skill_id, version),
            params=BETA_QUERY,
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        result: VersionRetrieveResponse = await self._client.request(VersionRetrieveResponse, spec)
        return result

    def list(
        self,
        skill_id: str,
        *,
        limit: Optional[int] | Omit = omit,
        page: Optional[str] | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncPaginator[VersionListResponse, AsyncPageCursor[VersionListResponse]]:
        """A page of the skill's versions, newest first; iterate it for every page."""
        spec = request_spec(
            "get",
            skill_path(skill_id, "/versions"),
            params={**BETA_QUERY, "limit": limit, "page": page},
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_async_page(self._client, AsyncPageCursor[VersionListResponse], spec)

    async def delete(
        self,
        version: str,
        *,
        skill_id: str,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> VersionDeleteResponse:
        spec = request_spec(
            "delete",
            version_path(skill_id, version),
            params=BETA_QUERY,
            headers=beta_header(betas, SKILLS_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        deleted: VersionDeleteResponse = await self._client.request(VersionDeleteResponse, spec)
        return deleted


class AsyncVersionsWithRawResponse:
    def __init__(self, versions: AsyncVersions) -> None:
        self._versions = versions
        self.create = async_to_raw_response_wrapper(versions.create)
        self.retrieve = async_to_raw_response_wrapper(versions.retrieve)
        self.list = async_to_raw_response_wrapper(versions.list)
        self.delete = async_to_raw_response_wrapper(versions.delete)


class AsyncVersionsWithStreamingResponse:
    def __init__(self, versions: AsyncVersions) -> None:
        self._versions = versions
        self.create = async_to_streamed_response_wrapper(versions.create)
        self.retrieve = async_to_streamed_response_wrapper(versions.retrieve)
        self.list = async_to_streamed_response_wrapper(versions.list)
        self.delete = async_to_streamed_response_wrapper(versions.delete)


AsyncVersions._views = (AsyncVersionsWithRawResponse, AsyncVersionsWithStreamingResponse)
