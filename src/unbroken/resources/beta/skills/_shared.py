"""What `skills` and `skills.versions` share: the beta name, the URL rule, and the multipart parts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...._request import path_param
from ...._types import FileTypes, Omit

__all__ = ["FILES_FIELD", "SKILLS_BETA", "skill_path", "title_parts", "upload_files", "version_path"]

SKILLS_BETA = "skills-2025-10-02"
FILES_FIELD = "files[]"


def skill_path(skill_id: str, rest: str = "") -> str:
    return f"/v1/skills/{path_param('skill_id', skill_id)}{rest}"


def version_path(skill_id: str, version: str) -> str:
    """The skill id is checked first, as in the reference, so its ValueError wins when both are empty."""
    path_param("skill_id", skill_id)
    return skill_path(skill_id, f"/versions/{path_param('version', version)}")


def upload_files(files: Iterable[FileTypes] | Omit | None) -> list[FileTypes]:
    """The given files as a list (none when omitted); a lone file is a mistake worth naming."""
    if files is None or isinstance(files, Omit):
        return []
    lone_file = isinstance(files, (bytes, bytearray, str, tuple)) or callable(getattr(files, "read", None))
    if lone_file or not isinstance(files, Iterable):
        raise TypeError(f"`files` must be a list of files, got {type(files).__name__}")
    return list(files)


def title_parts(display_title: str | Omit | None) -> list[tuple[str, Any]]:
    """`display_title` as a file-less multipart part, so a title-only request is still multipart/form-data
    (as the API describes it), not the url-encoded form httpx would send for plain fields."""
    if display_title is None or isinstance(display_title, Omit):
        return []
    return [("display_title", (None, display_title.encode()))]
