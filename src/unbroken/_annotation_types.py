"""The aliases, the `TypedDict` and the `Protocol` that only annotate: what a file upload, a proxy, the escape
hatch's `options=` and a sequence of strings (`SequenceNotStr`) may be. Type checkers,
`typing.get_type_hints()` and code that names them read them; no request does at run time, and each costs
when defined (a `Union` of generics is built, every string annotation of a `TypedDict` compiled, a
`Protocol`'s machinery run), so they are defined when first named through `_types` (module `__getattr__`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, Optional, Protocol, SupportsIndex, TypeVar, Union, overload

import httpx2
from typing_extensions import TypedDict

from ._types import Headers, Query, TimeoutTypes

__all__ = [
    "Base64FileInput",
    "FileContent",
    "FileTypes",
    "MultipartFile",
    "ProxiesTypes",
    "RequestOptions",
    "SequenceNotStr",
]

_T_co = TypeVar("_T_co", covariant=True)

ProxiesTypes = Union[
    str, httpx2.Proxy, dict[Union[str, httpx2.URL], Union[str, httpx2.URL, httpx2.Proxy, None]]
]

# Not a string annotation: `typing.get_type_hints()` of a TypedDict using it must resolve it anywhere.
FileContent = Union[IO[bytes], bytes, os.PathLike[str]]
Base64FileInput = Union[IO[bytes], os.PathLike[str]]
"""What the `data` of a base64 image or PDF source may be besides a base64 string (see `_files`)."""

FileTypes = Union[
    FileContent,
    tuple[Optional[str], FileContent],
    tuple[Optional[str], FileContent, Optional[str]],
    tuple[Optional[str], FileContent, Optional[str], Mapping[str, str]],
]


class RequestOptions(TypedDict, total=False):
    """Per-request overrides accepted by the generic `client.get/post/...` escape hatch."""

    headers: Headers
    max_retries: int
    timeout: TimeoutTypes
    params: Query
    extra_json: Mapping[str, object]
    idempotency_key: str
    follow_redirects: bool


# What httpx accepts for one file part.
_HttpxContent = Union[IO[bytes], bytes]
MultipartFile = Union[
    _HttpxContent,
    tuple[Union[str, None], _HttpxContent],
    tuple[Union[str, None], _HttpxContent, Union[str, None]],
    tuple[Union[str, None], _HttpxContent, Union[str, None], Mapping[str, str]],
]


class SequenceNotStr(Protocol[_T_co]):
    """A sequence that is not a `str`: catches `stop_sequences="END"` at type-check time."""

    @overload
    def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T_co]: ...
    def index(self, value: Any, start: int = 0, stop: int = ..., /) -> int: ...
    def count(self, value: Any, /) -> int: ...
    def __reversed__(self) -> Iterator[_T_co]: ...
