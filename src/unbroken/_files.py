"""File uploads: every accepted `FileTypes` form turned into what httpx sends as one multipart part.

Accepted: `bytes`, a binary file object, an `os.PathLike` (read here: httpx cannot send a path), or a
tuple `(filename, content[, media_type[, headers]])` whose content is any of those. The async client reads
paths in a worker thread (anyio), so a large upload never blocks the event loop. File objects are left to
httpx, which rewinds them before each attempt, so retries resend the whole file.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterable, Mapping
from typing import IO, Any, Union

from ._types import FileContent, FileTypes

__all__ = [
    "MultipartFile",
    "amultipart_file",
    "amultipart_files",
    "file_from_path",
    "multipart_file",
    "multipart_files",
]

# What httpx accepts for one file part.
_HttpxContent = Union[IO[bytes], bytes]
MultipartFile = Union[
    _HttpxContent,
    tuple[Union[str, None], _HttpxContent],
    tuple[Union[str, None], _HttpxContent, Union[str, None]],
    tuple[Union[str, None], _HttpxContent, Union[str, None], Mapping[str, str]],
]


def file_from_path(path: str | os.PathLike[str]) -> FileTypes:
    """`(filename, contents)` of a file on disk, ready to pass as any `file=` / `files=` argument."""
    file = pathlib.Path(path)
    return (file.name, file.read_bytes())


def _is_content(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, os.PathLike)) or callable(getattr(value, "read", None))


def _check(value: object) -> None:
    if isinstance(value, tuple):
        if not 2 <= len(value) <= 4 or not _is_content(value[1]):
            raise TypeError(
                "Expected a file tuple of (filename, content[, media_type[, headers]]) whose content is "
                f"bytes, a binary file object or a path, but received {value!r:.200}"
            )
    elif not _is_content(value):
        raise TypeError(
            "Expected the file to be bytes, a binary file object, an os.PathLike or a tuple, "
            f"but received {type(value).__name__} (use `unbroken.file_from_path(path)` for a path string)"
        )


def _with_content(value: FileTypes, content: _HttpxContent) -> MultipartFile:
    if isinstance(value, tuple):
        return (value[0], content, *value[2:])
    return content


def _content_of(value: FileTypes) -> FileContent:
    return value[1] if isinstance(value, tuple) else value


def _path_part(value: FileTypes, data: bytes, path: os.PathLike[str]) -> MultipartFile:
    if isinstance(value, tuple):
        return _with_content(value, data)
    return (pathlib.Path(path).name, data)


def multipart_file(value: FileTypes) -> MultipartFile:
    """One file as an httpx multipart value; a path is read now and named after its file."""
    _check(value)
    content = _content_of(value)
    if isinstance(content, os.PathLike):
        return _path_part(value, pathlib.Path(content).read_bytes(), content)
    if isinstance(content, bytearray):
        return _with_content(value, bytes(content))
    return _with_content(value, content)


async def amultipart_file(value: FileTypes) -> MultipartFile:
    """`multipart_file` for the async client: paths are read without blocking the event loop."""
    import anyio

    _check(value)
    content = _content_of(value)
    if isinstance(content, os.PathLike):
        return _path_part(value, await anyio.Path(content).read_bytes(), content)
    if isinstance(content, bytearray):
        return _with_content(value, bytes(content))
    return _with_content(value, content)


def multipart_files(field: str, values: Iterable[FileTypes]) -> list[tuple[str, Any]]:
    """The `(field, file)` parts of a multipart body, one per value."""
    return [(field, multipart_file(value)) for value in values]


async def amultipart_files(field: str, values: Iterable[FileTypes]) -> list[tuple[str, Any]]:
    return [(field, await amultipart_file(value)) for value in values]
