# Source of _sync_batches.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.messages.batches`: submit many Messages requests at once, follow them, stream their results.

The requests are built by the pure functions of `resources/_shared.py`, which `client.beta.messages.batches`
reuses with its `?beta=true` query and `anthropic-beta` header, so the two APIs cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..._async_response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from ..._decoders import AsyncJSONLDecoder
from ..._request import request_spec
from ..._resource import AsyncAPIResource
from ..._types import Headers, Omit, Query, not_given, omit
from ...pagination import AsyncPage, AsyncPaginator, get_async_page
from ...types.messages.batch_create_params import Request
from ...types.messages.batches import DeletedMessageBatch, MessageBatch, MessageBatchIndividualResponse
from .._shared import TimeoutArg, batch_path, create_body, list_params, results_spec, results_url

__all__ = [
    "AsyncBatches",
    "AsyncBatchesWithRawResponse",
    "AsyncBatchesWithStreamingResponse",
]


class AsyncBatches(AsyncAPIResource["AsyncBatchesWithRawResponse", "AsyncBatchesWithStreamingResponse"]):
    async def create(
        self,
        *,
        requests: Iterable[Request],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> MessageBatch:
        """Submit a batch of Messages requests; it starts `in_progress`."""
        spec = request_spec(
            "post",
            batch_path(),
            body=create_body(requests),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        batch: MessageBatch = await self._client.request(MessageBatch, spec)
        return batch

    async def retrieve(
        self,
        message_batch_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> MessageBatch:
        """The batch's current state (poll it until `processing_status == "ended"`)."""
        spec = request_spec(
            "get",
            batch_path(message_batch_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        batch: MessageBatch = await self._client.request(MessageBatch, spec)
        return batch

    def list(
        self,
        *,
        after_id: str | Omit = omit,
        before_id: str | Omit = omit,
        limit: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncPaginator[MessageBatch, AsyncPage[MessageBatch]]:
        """A page of the workspace's batches, newest first; iterate it to walk every page."""
        spec = request_spec(
            "get",
            batch_path(),
            params=list_params(after_id, before_id, limit),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return get_async_page(self._client, AsyncPage[MessageBatch], spec)

    async def delete(
        self,
        message_batch_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> DeletedMessageBatch:
        """Delete an ended batch (cancel it first if it is still processing)."""
        spec = request_spec(
            "delete",
            batch_path(message_batch_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        deleted: DeletedMessageBatch = await self._client.request(DeletedMessageBatch, spec)
        return deleted

    async def cancel(
        self,
        message_batch_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> MessageBatch:
        """Ask the API to stop processing; the batch goes `canceling`, then `ended`."""
        spec = request_spec(
            "post",
            batch_path(message_batch_id, "cancel"),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        batch: MessageBatch = await self._client.request(MessageBatch, spec)
        return batch

    async def results(
        self,
        message_batch_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncJSONLDecoder[MessageBatchIndividualResponse]:
        """Stream an ended batch's results, one per request, in no particular order (match `custom_id`)."""
        url = results_url(await self.retrieve(message_batch_id))
        spec = results_spec(
            url,
            {},
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        decoder: AsyncJSONLDecoder[MessageBatchIndividualResponse] = await self._client.request(
            MessageBatchIndividualResponse, spec, stream=True, stream_cls=AsyncJSONLDecoder._from_request
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
