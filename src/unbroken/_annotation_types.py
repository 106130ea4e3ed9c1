"""The aliases and the `TypedDict` that only annotate: what a file upload, a proxy and the escape hatch's
`options=` may be. Type checkers, `typing.get_type_hints()` and code that names them read them; no request
does at run time, and each costs when defined (a `Union` of generics is built, every string annotation of a
`TypedDict` compiled), so they are defined when first named through `_types` (module `__getattr__`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Optional, Union

import httpx2
from typing_extensions import TypedDict

from ._types import Headers, Query, TimeoutTypes

__all__ = ["Base64FileInput", "FileContent", "FileTypes", "MultipartFile", "ProxiesTypes", "RequestOptions"]

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
