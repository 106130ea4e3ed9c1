# Source of _sync_files.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta.files`: upload, list, inspect, download and delete files (the Files API beta).

Every call carries `anthropic-beta: <your betas>,files-api-2025-04-14`. Uploads accept every `FileTypes`
form (see `_files`). `download()` returns the response with its body read;
`with_streaming_response.download()` leaves it unread so `stream_to_file()` writes it to disk chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._async_response import (
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    AsyncStreamedBinaryAPIResponse,
    async_to_custom_raw_response_wrapper,
    async_to_custom_streamed_response_wrapper,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
)
from ..._files import amultipart_file
from ..._request import path_param, request_spec
from ..._resource import AsyncAPIResource
from ..._types import FileTypes, Headers, Omit, Query, not_given, omit
from ...pagination import AsyncPage, AsyncPaginator, get_async_page
from ...types.beta.files import DeletedFile, FileMetadata
from .._shared import BETA_QUERY, BetaList, TimeoutArg, beta_header

__all__ = [
    "AsyncFiles",
    "AsyncFilesWithRawResponse",
    "AsyncFilesWithStreamingResponse",
]

FILES_BETA = "files-api-2025-04-14"


def _file_path(file_id: str, action: str = "") -> str:
    return f"/v1/files/{path_param('file_id', file_id)}{'/' + action if action else ''}"


def _streamed_binary(result: Any) -> Any:
    """`with_streaming_response.download()` gets a response that can `stream_to_file()` (the client hands
    the streaming view a plain response wrapper; the body is still unread, so nothing is lost)."""
    if type(result) is AsyncAPIResponse:
        return AsyncStreamedBinaryAPIResponse(
            result.http_response, cast_to=bytes, stream_factory=None, retries_taken=result.retries_taken
        )
    return result


class AsyncFiles(AsyncAPIResource["AsyncFilesWithRawResponse", "AsyncFilesWithStreamingResponse"]):
    async def upload(
        self,
        *,
        file: FileTypes,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> FileMetadata:
        """Upload one file (multipart); the returned id can be referenced in messages."""
        spec = request_spec(
            "post",
            "/v1/files",
            params=BETA_QUERY,
            files=[("file", await amultipart_file(file))],
            headers=beta_header(betas, FILES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        metadata: FileMetadata = await self._client.request(FileMetadata, spec)
        return metadata

    def list(
        self,
        *,
        after_id: str | Omit = omit,
        before_id: str | Omit = omit,
        limit: int | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncPaginator[FileMetadata, AsyncPage[FileMetadata]]:
        """A page of files, newest first; iterate it to walk every page."""
        spec = request_spec(
            "get",
            "/v1/files",
            params={**BETA_QUERY, "after_id": after_id, "before_id": before_id, "limit": limit},
            headers=beta_header(betas, FILES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_async_page(self._client, AsyncPage[FileMetadata], spec)

    async def retrieve_metadata(
        self,
        file_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> FileMetadata:
        spec = request_spec(
            "get",
            _file_path(file_id),
            params=BETA_QUERY,
            headers=beta_header(betas, FILES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        metadata: FileMetadata = await self._client.request(FileMetadata, spec)
        return metadata

    async def download(
        self,
        file_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncBinaryAPIResponse:
        """The file's content (only files created by tools are downloadable); `.write_to_file(path)`."""
        spec = request_spec(
            "get",
            _file_path(file_id, "content"),
            params=BETA_QUERY,
            headers={"Accept": "application/binary", **beta_header(betas, FILES_BETA)},
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        response: AsyncBinaryAPIResponse = _streamed_binary(
            await self._client.request(AsyncBinaryAPIResponse, spec)
        )
        return response

    async def delete(
        self,
        file_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> DeletedFile:
        spec = request_spec(
            "delete",
            _file_path(file_id),
            params=BETA_QUERY,
            headers=beta_header(betas, FILES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        deleted: DeletedFile = await self._client.request(DeletedFile, spec)
        return deleted


class AsyncFilesWithRawResponse:
    def __init__(self, files: AsyncFiles) -> None:
        self._files = files
        self.upload = async_to_raw_response_wrapper(files.upload)
        self.list = async_to_raw_response_wrapper(files.list)
        self.retrieve_metadata = async_to_raw_response_wrapper(files.retrieve_metadata)
        self.download = async_to_custom_raw_response_wrapper(files.download, AsyncBinaryAPIResponse)
        self.delete = async_to_raw_response_wrapper(files.delete)


class AsyncFilesWithStreamingResponse:
    def __init__(self, files: AsyncFiles) -> None:
        self._files = files
        self.upload = async_to_streamed_response_wrapper(files.upload)
        self.list = async_to_streamed_response_wrapper(files.list)
        self.retrieve_metadata = async_to_streamed_response_wrapper(files.retrieve_metadata)
        self.download = async_to_custom_streamed_response_wrapper(
            files.download, AsyncStreamedBinaryAPIResponse
        )
        self.delete = async_to_streamed_response_wrapper(files.delete)


AsyncFiles._views = (AsyncFilesWithRawResponse, AsyncFilesWithStreamingResponse)
