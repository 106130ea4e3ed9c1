"""Files API (beta): uploaded file metadata and the list/upload params."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Optional

from typing_extensions import Required, TypedDict

from ..._models import BaseModel
from ..._types import FileTypes
from ..anthropic_beta_param import AnthropicBetaParam

__all__ = ["DeletedFile", "FileListParams", "FileMetadata", "FileUploadParams"]


class FileMetadata(BaseModel):
    id: str
    created_at: datetime
    filename: str
    mime_type: str
    size_bytes: int
    type: Literal["file"]
    downloadable: Optional[bool] = None
    """Only files created by tools (e.g. code execution) can be downloaded, not the ones you uploaded."""


class DeletedFile(BaseModel):
    id: str
    type: Optional[Literal["file_deleted"]] = None


class FileListParams(TypedDict, total=False):
    after_id: str
    before_id: str
    limit: int
    betas: list[AnthropicBetaParam]


class FileUploadParams(TypedDict, total=False):
    file: Required[FileTypes]
    betas: list[AnthropicBetaParam]
