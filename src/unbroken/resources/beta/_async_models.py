# Source of _sync_models.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta.models`: `client.models` on the beta endpoints (`?beta=true`), returning `BetaModelInfo`."""

from __future__ import annotations

from collections.abc import Mapping

from ..._async_response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from ..._request import path_param, request_spec
from ..._resource import AsyncAPIResource
from ..._types import Headers, Omit, Query, not_given, omit
from ...pagination import AsyncPage, AsyncPaginator, get_async_page
from ...types.beta.model_info import BetaModelInfo
from .._shared import BETA_QUERY, BetaList, TimeoutArg, beta_header

__all__ = [
    "AsyncModels",
    "AsyncModelsWithRawResponse",
    "AsyncModelsWithStreamingResponse",
]


def _model_path(model_id: str) -> str:
    return f"/v1/models/{path_param('model_id', model_id)}"


class AsyncModels(AsyncAPIResource["AsyncModelsWithRawResponse", "AsyncModelsWithStreamingResponse"]):
    async def retrieve(
        self,
        model_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaModelInfo:
        """One model by id or alias (an alias resolves to the model it currently points at)."""
        spec = request_spec(
            "get",
            _model_path(model_id),
            params=BETA_QUERY,
            headers=beta_header(betas),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        model: BetaModelInfo = await self._client.request(BetaModelInfo, spec)
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
    ) -> AsyncPaginator[BetaModelInfo, AsyncPage[BetaModelInfo]]:
        """A page of available models, newest first; iterate it to walk every page."""
        spec = request_spec(
            "get",
            "/v1/models",
            params={**BETA_QUERY, "after_id": after_id, "before_id": before_id, "limit": limit},
            headers=beta_header(betas),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_async_page(self._client, AsyncPage[BetaModelInfo], spec)


class AsyncModelsWithRawResponse:
    def __init__(self, models: AsyncModels) -> None:
        self._models = models
        self.retrieve = async_to_raw_response_wrapper(models.retrieve)
        self.list = async_to_raw_response_wrapper(models.list)


class AsyncModelsWithStreamingResponse:
    def __init__(self, models: AsyncModels) -> None:
        self._models = models
        self.retrieve = async_to_streamed_response_wrapper(models.retrieve)
        self.list = async_to_streamed_response_wrapper(models.list)


AsyncModels._views = (AsyncModelsWithRawResponse, AsyncModelsWithStreamingResponse)
