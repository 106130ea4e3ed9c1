"""Files in requests: multipart uploads, and the `data` of base64 sources in a JSON body.

Uploads: every accepted `FileTypes` form is turned into what httpx sends as one multipart part: `bytes`, a
binary file object, an `os.PathLike` (read here: httpx cannot send a path), or a tuple
`(filename, content[, media_type[, headers]])` whose content is any of those. The async client reads paths in
a worker thread (anyio), so a large upload never blocks the event loop. File objects are left to httpx,
which rewinds them before each attempt, so retries resend the whole file.

Base64 sources (`{"type": "base64", "data": ...}` of an image or a PDF) take a base64 string, a path or a
binary file, as in the reference; `encode_base64_sources` reads and encodes the files once, when the body is
fixed before the first attempt (synchronously: the async client's image and PDF sources are small files).
"""

from __future__ import annotations

import base64
import os
import pathlib
from collections.abc import Callable, Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._annotation_types import FileContent, FileTypes, MultipartFile

__all__ = [
    "amultipart_file",
    "amultipart_files",
    "async_files_from_dir",
    "encode_base64_sources",
    "file_from_path",
    "files_from_dir",
    "multipart_file",
    "multipart_files",
]


def file_from_path(path: str | os.PathLike[str]) -> FileTypes:
    """`(filename, contents)` of a file on disk, ready to pass as any `file=` / `files=` argument."""
    file = pathlib.Path(path)
    return (file.name, file.read_bytes())


def files_from_dir(directory: str | os.PathLike[str]) -> list[FileTypes]:
    """Every file under `directory`, as `(path relative to the directory's parent, contents)`: a skill's
    folder for `beta.skills.create(files=...)`, its own name kept as the top of every path."""
    root = pathlib.Path(directory)
    return [
        (path.relative_to(root.parent).as_posix(), path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]


async def async_files_from_dir(directory: str | os.PathLike[str]) -> list[FileTypes]:
    """`files_from_dir` without blocking the event loop."""
    import anyio

    root = anyio.Path(directory)
    files: list[FileTypes] = []
    for path in sorted([path async for path in root.rglob("*")]):
        if await path.is_file():
            files.append((path.relative_to(root.parent).as_posix(), await path.read_bytes()))
    return files


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


def _with_content(value: FileTypes, content: IO[bytes] | bytes) -> MultipartFile:
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


def _base64_data(data: object) -> str:
    if isinstance(data, os.PathLike):
        raw: object = pathlib.Path(data).read_bytes()
    elif callable(getattr(data, "read", None)):
        raw = data.read()  # type: ignore[attr-defined]
        if isinstance(raw, str):
            raw = raw.encode()
    else:
        raise TypeError(
            "The `data` of a base64 source must be a base64-encoded str, a path or a binary file, "
            f"but received {type(data).__name__}"
        )
    if not isinstance(raw, (bytes, bytearray)):
        raise TypeError(f"Could not read bytes from {data!r:.100}: read() returned {type(raw).__name__}")
    return base64.b64encode(raw).decode("ascii")


def encode_base64_sources(body: Any) -> Any:
    """`body` with the `data` of every base64 source given as a path or a file replaced by the file's
    contents, base64-encoded.

    Only where a request can hold a source is looked at (this runs on every call, so it must cost little
    next to JSON encoding): the content blocks of `messages` (of `requests[].params` in a batch), and the
    blocks nested in them (a tool result's content, a document's content source, a web fetch result's
    document). Containers are copied only where something changed; an iterable of messages or blocks that
    is not a list becomes one, as the JSON encoder would make it anyway.
    """
    if not _is_mapping(body):
        return body
    changed: dict[str, Any] = {}
    for key, transform in (("messages", _message), ("requests", _batch_request)):
        value = body.get(key)
        if value is not None:
            new = _each(value, transform)
            if new is not value:
                changed[key] = new
    return {**body, **changed} if changed else body


def _is_mapping(value: object) -> bool:
    return type(value) is dict or isinstance(value, Mapping)  # the exact check first: it is much cheaper


def _each(items: Any, transform: Callable[[Any], Any]) -> Any:
    """`transform` applied to each item of a list-like, the same object back when nothing changed."""
    if type(items) is not list:
        if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
            return items
        if not isinstance(items, tuple):
            items = list(items)
    out: list[Any] | None = None
    for index, item in enumerate(items):
        if type(item) is dict and type(item.get("content")) is str:
            continue  # the common case, a message (or a tool result) of plain text: nothing to look into
        new = transform(item)
        if new is not item:
            out = out if out is not None else list(items)
            out[index] = new
    return out if out is not None else items


def _with(mapping: Any, key: str, transform: Callable[[Any], Any]) -> Any:
    """`mapping` with `mapping[key]` transformed, copied only if that changed it."""
    value = mapping.get(key)
    new = transform(value)
    return mapping if new is value else {**mapping, key: new}


def _blocks(content: Any) -> Any:
    return content if type(content) is str else _each(content, _block)


def _message(message: Any) -> Any:
    return _with(message, "content", _blocks) if _is_mapping(message) else message


def _batch_request(request: Any) -> Any:
    return _with(request, "params", encode_base64_sources) if _is_mapping(request) else request


def _block(block: Any) -> Any:
    if not _is_mapping(block):  # a response model passed back: its data is a str already
        return block
    nested = _NESTED.get(block.get("type"))
    return block if nested is None else _with(block, *nested)


def _source(source: Any) -> Any:
    if not _is_mapping(source):
        return source
    kind = source.get("type")
    if kind == "base64" and not isinstance(source.get("data"), str):
        return {**source, "data": _base64_data(source.get("data"))}
    if kind == "content":  # a document made of blocks, which may be images
        return _with(source, "content", _blocks)
    return source


def _fetch_result(result: Any) -> Any:
    """A web fetch result, whose `content` is a document block."""
    return _with(result, "content", _block) if _is_mapping(result) else result


# Block type -> the key that may hold a source, and how to look into it.
_NESTED: dict[object, tuple[str, Callable[[Any], Any]]] = {
    "image": ("source", _source),
    "document": ("source", _source),
    "tool_result": ("content", _blocks),
    "web_fetch_tool_result": ("content", _fetch_result),
}
