# Source of _sync_vertex.py: scripts/unasync.py generates it from this file (`make generate`).
"""Google Vertex AI: `AsyncAnthropicVertex` (extra `vertex`: google-auth).

The resources, streams (plain SSE on Vertex) and retry loop are the first-party client's; what Vertex
changes is in `VertexBase` (`_vertex_base.py`), except the I/O of loading and refreshing Google credentials,
which is here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from typing_extensions import Self, Unpack

from .._async_client import AsyncAnthropic
from .._concurrency import arun_blocking
from .._constants import DEFAULT_MAX_RETRIES
from .._options import ClientOptions
from .._request import RequestSpec
from .._types import NotGiven, TimeoutTypes, not_given
from ..resources.beta.beta import AsyncPlatformBeta
from ._shared import Unsupported
from ._vertex_base import VertexBase

if TYPE_CHECKING:
    import httpx
    import httpx2
    from google.auth.credentials import Credentials as GoogleCredentials

    from .._request_options import FinalRequestOptions

__all__ = ["AsyncAnthropicVertex"]


class AsyncAnthropicVertex(VertexBase, AsyncAnthropic):
    """The asynchronous Vertex AI client (keyword arguments only)."""

    models = Unsupported()
    completions = Unsupported()

    def __init__(
        self,
        *,
        region: str | NotGiven = not_given,
        project_id: str | NotGiven = not_given,
        access_token: str | None = None,
        credentials: GoogleCredentials | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        _strict_response_validation: bool = False,
        **options: Unpack[ClientOptions],
    ) -> None:
        url = self._configure(
            region=region,
            project_id=project_id,
            access_token=access_token,
            credentials=credentials,
            base_url=base_url,
        )
        super().__init__(
            base_url=url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            **options,
            _strict_response_validation=_strict_response_validation,
        )
        self.api_key = None
        self.auth_token = None

    @cached_property
    def beta(self) -> AsyncPlatformBeta:  # type: ignore[override]
        return AsyncPlatformBeta(self)

    async def request(
        self,
        cast_to: Any,
        options: RequestSpec | FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: Any = None,
    ) -> Any:
        if self._project_unresolved():  # from Google's default credentials, before the call is built
            await arun_blocking(self._resolve_project)
        return await super().request(cast_to, options, stream=stream, stream_cls=stream_cls)

    async def _aprepare_request(self, request: httpx.Request) -> None:
        if request.headers.get("Authorization"):
            return  # the caller authenticated this request themselves
        token = self._token_now()
        if token is None:
            token = await arun_blocking(self._fresh_token, request)
        request.headers["Authorization"] = f"Bearer {token}"

    def copy(  # type: ignore[override]
        self,
        *,
        region: str | NotGiven = not_given,
        project_id: str | NotGiven = not_given,
        access_token: str | None = None,
        credentials: GoogleCredentials | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        _extra_kwargs: Mapping[str, Any] = {},
        **options: Unpack[ClientOptions],
    ) -> Self:
        """A new client with these options changed and the rest (incl. the http client) shared."""
        kwargs = self._vertex_copy_kwargs(
            region=region,
            project_id=project_id,
            access_token=access_token,
            credentials=credentials,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            options=options,
        )
        return self._shared_with(
            self.__class__(**kwargs, http_client=http_client or self._client, **_extra_kwargs)
        )

    with_options = copy  # type: ignore[assignment]
