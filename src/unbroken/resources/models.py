"""`client.models`: look a model up (an alias resolves to the model it points at); list models, newest first.

Also home of `beta_header`, the one rule for the `anthropic-beta` header every resource with a `betas`
argument follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Union

from .._request import path_param, request_spec
from .._resource import AsyncAPIResource, SyncAPIResource
from .._types import Headers, NotGiven, Omit, Query, TimeoutTypes, not_given, omit
from ..pagination import AsyncPage, AsyncPaginator, SyncPage, get_async_page, get_sync_page
from ..types.anthropic_beta_param import AnthropicBetaParam
from ..types.model_info import ModelInfo

if TYPE_CHECKING:
    pass

__all__ = ["BETA_QUERY", "AsyncModels", "BetaList", "Models", "beta_header"]

TimeoutArg = Union[TimeoutTypes, NotGiven]
BETA_QUERY: dict[str, object] = {"beta": True}
"""Beta endpoints are the plain paths plus `?beta=true`, sent as a query parameter so that it survives the
cursor and `extra_query` parameters merged into the query."""
BetaList = list[AnthropicBetaParam]
"""The type of every `betas` argument (an alias: inside a resource class `list` names the method)."""


def beta_header(betas: Iterable[str] | Omit | NotGiven | None, *required: str) -> dict[str, str]:
    """`anthropic-beta`: the caller's betas, comma-joined, then the ones the endpoint needs (no repeats).

    The one rule every beta method follows. Sent only when there is something to send; a caller's
    `extra_headers` still override it.
    """
    given = [] if betas is None or isinstance(betas, (Omit, NotGiven)) else [str(beta) for beta in betas]
    values = list(dict.fromkeys([*given, *required]))
    return {"anthropic-beta": ",".join(values)} if values else {}


class Models(SyncAPIResource):
    def retrieve(
        self,
        model_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> ModelInfo:
        """One model by id or alias (an alias resolves to the model it currently points at)."""
        spec = request_spec(
            "get",
            f"/v1/models/{path_param('model_id', model_id)}",
            headers=beta_header(betas),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        model: ModelInfo = self._client.request(ModelInfo, spec)
        return model

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
    ) -> SyncPage[ModelInfo]:
        """A page of available models, newest first; iterate it to walk every page."""
        spec = request_spec(
            "get",
            "/v1/models",
            params={"after_id": after_id, "before_id": before_id, "limit": limit},
            headers=beta_header(betas),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_sync_page(self._client, SyncPage[ModelInfo], spec)


class AsyncModels(AsyncAPIResource):
    async def retrieve(
        self,
        model_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> ModelInfo:
        """One model by id or alias (an alias resolves to the model it currently points at)."""
        spec = request_spec(
            "get",
            f"/v1/models/{path_param('model_id', model_id)}",
            headers=beta_header(betas),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        model: ModelInfo = await self._client.request(ModelInfo, spec)
        return model

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
    ) -> AsyncPaginator[ModelInfo, AsyncPage[ModelInfo]]:
        """Not a coroutine: `await` the result for the first page, or `async for` it for every model."""
        spec = request_spec(
            "get",
            "/v1/models",
            params={"after_id": after_id, "before_id": before_id, "limit": limit},
            headers=beta_header(betas),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_async_page(self._client, AsyncPage[ModelInfo], spec)
