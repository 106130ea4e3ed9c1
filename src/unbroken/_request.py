"""Pure request building: what to send, decided without I/O, shared by the sync and async clients.

A resource method turns its arguments into `RequestSpec`; the client adds its own defaults (headers, auth,
base URL, query) and `build_request` produces the request for one attempt.
"""

from __future__ import annotations

import datetime
import json
import os
import urllib.parse
import warnings
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any

from ._constants import (
    DEFAULT_TIMEOUT,
    DEPRECATED_MODELS,
    EXPECTED_SECONDS_PER_128K_TOKENS,
    MAX_NONSTREAMING_SECONDS,
    MODEL_NONSTREAMING_TOKENS,
)
from ._files import encode_base64_sources
from ._types import Headers, NotGiven, Omit, Query, Timeout, TimeoutTypes, not_given
from ._values import Value, replace

__all__ = [
    "RequestSpec",
    "StreamedBody",
    "check_deprecated_model",
    "drop_unset",
    "encode_json",
    "merge_headers",
    "nonstreaming_timeout",
    "path_param",
    "request_spec",
]


class StreamedBody(Value):
    """A request body too large to hold in memory, sent as it is produced: ``produce()`` yields its
    ``length`` bytes in pieces, afresh on every call, so each attempt of a call (a retry included) sends the
    whole body again from its start. The length is declared up front (``Content-Length``, not chunked)."""

    __slots__ = ("length", "produce")
    length: int
    produce: Callable[[], Iterator[bytes]]

    def __init__(self, length: int, produce: Callable[[], Iterator[bytes]]) -> None:
        self._set(length=length, produce=produce)

    def __iter__(self) -> Iterator[bytes]:
        return self.produce()

    def as_async(self) -> _AsyncPieces:
        """The same body for an async HTTP client (httpx takes any sync iterable as a sync-only body)."""
        return _AsyncPieces(self)


class _AsyncPieces:
    def __init__(self, body: StreamedBody) -> None:
        self._body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._body.produce():
            yield piece


class RequestSpec(Value):
    """One API call as the resource method describes it (before client defaults)."""

    __slots__ = (  # noqa: RUF023  (in field order, as `repr()` shows them)
        "method",
        "path",
        "params",
        "headers",
        "json_data",
        "extra_json",
        "files",
        "timeout",
        "max_retries",
        "idempotency_key",
        "follow_redirects",
        "content",
        "post_parser",
    )
    method: str
    path: str
    params: Mapping[str, object]
    headers: Headers
    json_data: object | None
    extra_json: Mapping[str, object] | None
    files: list[tuple[str, Any]] | None
    timeout: TimeoutTypes | NotGiven
    max_retries: int | NotGiven
    idempotency_key: str | None
    follow_redirects: bool | None
    content: bytes | StreamedBody | None
    """The encoded JSON body, fixed once by `finalize()` so retries neither re-encode nor re-iterate (a
    `StreamedBody` is produced anew for each attempt)."""
    post_parser: Callable[[Any], Any] | None
    """Applied to the parsed result (the reference's `FinalRequestOptions.post_parser`)."""

    def __init__(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Headers | None = None,
        json_data: object | None = None,
        extra_json: Mapping[str, object] | None = None,
        files: list[tuple[str, Any]] | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
        idempotency_key: str | None = None,
        follow_redirects: bool | None = None,
        content: bytes | StreamedBody | None = None,
        post_parser: Callable[[Any], Any] | None = None,
    ) -> None:
        self._set(
            method=method,
            path=path,
            params={} if params is None else params,
            headers={} if headers is None else headers,
            json_data=json_data,
            extra_json=extra_json,
            files=files,
            timeout=timeout,
            max_retries=max_retries,
            idempotency_key=idempotency_key,
            follow_redirects=follow_redirects,
            content=content,
            post_parser=post_parser,
        )

    def finalize(self) -> RequestSpec:
        """Fix what every attempt of one call shares: the encoded body and the idempotency key."""
        key = self.idempotency_key
        if key is None and self.method.lower() != "get":
            key = f"unbroken-retry-{_uuid4()}"
        content = self.content
        if content is None and self.files is None and (self.json_data is not None or self.extra_json):
            body = encode_base64_sources(self.json_data)
            if self.extra_json:
                body = {**(body if isinstance(body, Mapping) else {}), **self.extra_json}
            content = encode_json(body)
        return replace(self, idempotency_key=key, content=content)


def _uuid4() -> str:
    """A random (version 4) UUID, as `str(uuid.uuid4())` gives, without importing `uuid` (which imports
    `platform`: a cost every process's first request would pay)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def request_spec(
    method: str,
    path: str,
    *,
    body: object | None = None,
    params: Mapping[str, object] | None = None,
    headers: Headers | None = None,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Mapping[str, object] | None = None,
    timeout: TimeoutTypes | NotGiven = not_given,
    files: list[tuple[str, Any]] | None = None,
) -> RequestSpec:
    """Merge a resource method's arguments with the caller's per-call `extra_*` overrides."""
    merged_params: dict[str, object] = dict(drop_unset(params) if params else {})
    if extra_query:
        merged_params.update(extra_query)
    return RequestSpec(
        method=method,
        path=path,
        params=merged_params,
        headers=merge_headers(headers or {}, extra_headers or {}),
        json_data=drop_unset(body) if isinstance(body, Mapping) else body,
        extra_json=extra_body,
        timeout=timeout,
        files=files,
    )


def drop_unset(values: Mapping[str, object]) -> dict[str, object]:
    """Leave out parameters the caller did not give (`not_given` / `omit`)."""
    return {k: v for k, v in values.items() if not isinstance(v, (NotGiven, Omit))}


def merge_headers(*layers: Headers) -> dict[str, str | Omit]:
    """Later layers win, case-insensitively; an `Omit` value is kept so it can remove a default."""
    merged: dict[str, str | Omit] = {}
    index: dict[str, str] = {}
    for layer in layers:
        for key, value in layer.items():
            lower = key.lower()
            if lower in index:
                del merged[index[lower]]
            index[lower] = key
            merged[key] = value
    return merged


def path_param(name: str, value: str) -> str:
    """An id interpolated into a URL path: must be non-empty, and is percent-encoded."""
    if not value:
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
    return urllib.parse.quote(value, safe="")


def _json_default(value: object) -> object:
    model_dump = getattr(value, "model_dump", None)  # a pydantic model passed back as a param
    if model_dump is not None:
        return model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, (os.PathLike, bytes, bytearray)) or callable(getattr(value, "read", None)):
        raise TypeError(
            f"Object of type {type(value).__name__} is not JSON serializable (files and bytes go in a base64 "
            "source's `data` or in an upload)"
        )
    try:
        return list(value)  # type: ignore[call-overload]  # any other iterable (a generator of messages)
    except TypeError:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable") from None


def encode_json(body: object) -> bytes:
    """Compact JSON; response models and iterables passed back as params are serialized as the API expects."""
    return json.dumps(body, default=_json_default, ensure_ascii=False, separators=(",", ":")).encode()


def nonstreaming_timeout(max_tokens: int, model: str) -> Timeout:
    """Refuse a non-streaming request that could outlive the default 10-minute timeout."""
    expected = EXPECTED_SECONDS_PER_128K_TOKENS * max_tokens / 128_000
    cap = MODEL_NONSTREAMING_TOKENS.get(model)
    if expected > MAX_NONSTREAMING_SECONDS or (cap is not None and max_tokens > cap):
        raise ValueError(
            "Streaming is required for operations that may take longer than 10 minutes. "
            "See https://github.com/anthropics/anthropic-sdk-python#long-requests for more details"
        )
    return DEFAULT_TIMEOUT


def check_deprecated_model(model: object) -> None:
    """Warn, once per call site, when a model id is past or near its end of life."""
    if isinstance(model, str) and model in DEPRECATED_MODELS:
        warnings.warn(
            f"The model '{model}' is deprecated and will reach end-of-life on {DEPRECATED_MODELS[model]}.\n"
            "Please migrate to a newer model. Visit "
            "https://docs.anthropic.com/en/docs/resources/model-deprecations for more information.",
            DeprecationWarning,
            stacklevel=4,
        )
