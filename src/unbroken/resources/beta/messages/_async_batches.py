# Source of _sync_batches.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta.messages.batches`: Message Batches on the beta endpoints (`?beta=true`), with `betas`.

Every call carries `anthropic-beta: <your betas>,message-batches-2024-09-24`; requests come from the same
pure builders as `client.messages.batches`, and results stream through the same JSONL decoder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ...._async_response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from ...._decoders import AsyncJSONLDecoder
from ...._request import request_spec
from ...._resource import AsyncAPIResource
from ...._types import Headers, Omit, Query, not_given, omit
from ....pagination import AsyncPage, AsyncPaginator, get_async_page
from ....types.beta.messages.batch_create_params import Request
from ....types.beta.messages.batches import (
    BetaDeletedMessageBatch,
    BetaMessageBatch,
    BetaMessageBatchIndividualResponse,
)
from ..._shared import (
    BETA_QUERY,
    BetaList,
    TimeoutArg,
    batch_path,
    beta_header,
    create_body,
    list_params,
    results_spec,
    results_url,
)

__all__ = [
    "AsyncBatches",
    "AsyncBatchesWithRawResponse",
    "AsyncBatchesWithStreamingResponse",
]

BATCHES_BETA = "message-batches-2024-09-24"


class AsyncBatches(AsyncAPIResource["AsyncBatchesWithRawResponse", "AsyncBatchesWithStreamingResponse"]):
    async def create(
        self,
        *,
        requests: Iterable[Request],
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaMessageBatch:
        """Submit a batch of Messages requests; it starts `in_progress`."""
        spec = request_spec(
            "post",
            batch_path(),
            params=BETA_QUERY,
            body=create_body(requests),
            headers=beta_header(betas, BATCHES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        batch: BetaMessageBatch = await self._client.request(BetaMessageBatch, spec)
        return batch

    async def retrieve(
        self,
        message_batch_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaMessageBatch:
        """The batch's current state (poll it until `processing_status == "ended"`)."""
        spec = request_spec(
            "get",
            batch_path(message_batch_id),
            params=BETA_QUERY,
            headers=beta_header(betas, BATCHES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        batch: BetaMessageBatch = await self._client.request(BetaMessageBatch, spec)
        return batch

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
    ) -> AsyncPaginator[BetaMessageBatch, AsyncPage[BetaMessageBatch]]:
        """A page of the workspace's batches, newest first; iterate it to walk every page."""
        spec = request_spec(
            "get",
            batch_path(),
            params={**BETA_QUERY, **list_params(after_id, before_id, limit)},
            headers=beta_header(betas, BATCHES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_async_page(self._client, AsyncPage[BetaMessageBatch], spec)

    async def delete(
        self,
        message_batch_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaDeletedMessageBatch:
        """Delete an ended batch (cancel it first if it is still processing)."""
        spec = request_spec(
            "delete",
            batch_path(message_batch_id),
            params=BETA_QUERY,
            headers=beta_header(betas, BATCHES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        deleted: BetaDeletedMessageBatch = await self._client.request(BetaDeletedMessageBatch, spec)
        return deleted

    async def cancel(
        self,
        message_batch_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> BetaMessageBatch:
        """Ask the API to stop processing; the batch goes `canceling`, then `ended`."""
        spec = request_spec(
            "post",
            batch_path(message_batch_id, "cancel"),
            params=BETA_QUERY,
            headers=beta_header(betas, BATCHES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        batch: BetaMessageBatch = await self._client.request(BetaMessageBatch, spec)
        return batch

    async def results(
        self,
        message_batch_id: str,
        *,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncJSONLDecoder[BetaMessageBatchIndividualResponse]:
        """Stream an ended batch's results, one per request, in no particular order (match `custom_id`)."""
        url = results_url(await self.retrieve(message_batch_id, betas=betas))
        spec = results_spec(
            url,
            beta_header(betas, BATCHES_BETA),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        decoder: AsyncJSONLDecoder[BetaMessageBatchIndividualResponse] = await self._client.request(
            BetaMessageBatchIndividualResponse, spec, stream=True, stream_cls=AsyncJSONLDecoder._from_request
        )
        return decoder


class AsyncBatchesWithRawResponse:
    def __init__(self, batches: AsyncBatches) -> None:
        self._batches = batches
        self.create = async_to_raw_response_wrapper(batches.create)
        self.retrieve = async_to_raw_response_wrapper(batches.retrieve)
        self.list = async_to_raw_response_wrapper(batches.list)
        self.delete = async_to_raw_response_wrapper(batches.delete)
        self.cancel = async_to_raw_response_wrapper(batches.cancel)
        self.results = async_to_raw_response_wrapper(batches.results)


class AsyncBatchesWithStreamingResponse:
    def __init__(self, batches: AsyncBatches) -> None:
        self._batches = batches
        self.create = async_to_streamed_response_wrapper(batches.create)
        self.retrieve = async_to_streamed_response_wrapper(batches.retrieve)
        self.list = async_to_streamed_response_wrapper(batches.list)
        self.delete = async_to_streamed_response_wrapper(batches.delete)
        self.cancel = async_to_streamed_response_wrapper(batches.cancel)
        self.results = async_to_streamed_response_wrapper(batches.results)


AsyncBatches._views = (AsyncBatchesWithRawResponse, AsyncBatchesWithStreamingResponse)
