"""`FinalRequestOptions`: one request as the reference's raw entry point takes it, turned into our
`RequestSpec`. Its own module, loaded only by the raw helpers (`client.post(...)`, `client.request(cast_to,
options)`, a middleware's `request.options`): a program that calls resource methods never defines it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._request import RequestSpec, request_spec
from ._types import Headers, NotGiven, TimeoutTypes, not_given
from ._values import replace

__all__ = ["FinalRequestOptions"]


@dataclass
class FinalRequestOptions:
    """One request as the reference's raw entry point takes it: `client.request(cast_to, options)`.

    Field for field the reference's `FinalRequestOptions` (`construct()` builds one, as there); the client
    turns it into a `RequestSpec`, so both entry points share one path.
    """

    method: str
    url: str
    params: Mapping[str, object] = field(default_factory=dict)
    headers: Headers | NotGiven = not_given
    max_retries: int | NotGiven = not_given
    timeout: TimeoutTypes | NotGiven = not_given
    files: Any = None
    idempotency_key: str | None = None
    post_parser: Callable[[Any], Any] | NotGiven = not_given
    follow_redirects: bool | None = None
    json_data: object | None = None
    extra_json: Mapping[str, object] | None = None

    @classmethod
    def construct(cls, **values: Any) -> FinalRequestOptions:
        return cls(**values)

    model_construct = construct

    def to_spec(self) -> RequestSpec:
        files = self.files
        if files is not None:
            files = list(files.items()) if isinstance(files, Mapping) else list(files)
        spec = request_spec(
            self.method,
            self.url,
            body=self.json_data,
            params=self.params,
            headers=None if isinstance(self.headers, NotGiven) else self.headers,
            extra_body=self.extra_json,
            timeout=self.timeout,
            files=files,
        )
        return replace(
            spec,
            max_retries=self.max_retries,
            idempotency_key=self.idempotency_key,
            follow_redirects=self.follow_redirects,
            post_parser=None if isinstance(self.post_parser, NotGiven) else self.post_parser,
        )
