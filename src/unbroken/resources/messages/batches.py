"""`client.messages.batches`: submit many Messages requests at once, follow them, stream their results.

The request specs are built by the pure functions at the top, which `client.beta.messages.batches` reuses
with its `?beta=true` query and `anthropic-beta` header, so the two APIs cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Union

from ..._decoders import AsyncJSONLDecoder, JSONLDecoder
from ..._exceptions import AnthropicError
from ..._request import RequestSpec, path_param, request_spec
from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._types import Headers, NotGiven, Omit, Query, TimeoutTypes, not_given, omit
from ...pagination import AsyncPage, AsyncPaginator, SyncPage, get_async_page, get_sync_page
from ...types.messages.batch_create_params import Request
from ...types.messages.batches import DeletedMessageBatch, MessageBatch, MessageBatchIndividualResponse

if TYPE_CHECKING:
    pass

__all__ = ["AsyncBatches", "Batches"]

TimeoutArg = Union[TimeoutTypes, NotGiven]
BATCHES_PATH = "/v1/messages/batches"


def batch_path(message_batch_id: str | None = None, action: str = "") -> str:
    """`/v1/messages/batches[/{id}[/action]]`; an empty id is a ValueError before any I/O."""
    path = BATCHES_PATH
    if message_batch_id is not None:
        path += "/" + path_param("message_batch_id", message_batch_id)
    if action:
        path += "/" + action
    return path


def create_body(requests: Iterable[Any]) -> dict[str, object]:
    """`{"requests": [...]}` with each request (and its `params`) sent exactly as given."""
    if isinstance(requests, (str, bytes, Mapping)) or not isinstance(requests, Iterable):
        raise TypeError(f"`requests` must be a list of request dicts, got {type(requests).__name__}")
    return {"requests": list(requests)}


def list_params(after_id: object, before_id: object, limit: object) -> dict[str, object]:
    return {"after_id": after_id, "before_id": before_id, "limit": limit}


def results_url(batch: Any) -> str:
    """Where a batch's results are, or the reference's AnthropicError when processing has not ended."""
    url: str | None = batch.results_url
    if not url:
        raise AnthropicError(
            f"No `results_url` for the given batch; Has it finished processing? {batch.processing_status}"
        )
    return url


def results_spec(
    url: str,
    headers: Headers,
    *,
    extra_headers: Headers | None,
    extra_query: Query | None,
    extra_body: Mapping[str, object] | None,
    timeout: TimeoutArg,
) -> RequestSpec:
    """GET the results file (JSON Lines; the API wants `Accept: application/binary`)."""
    return request_spec(
        "get",
        url,
        headers={"Accept": "application/binary", **headers},
        extra_headers=extra_headers,
        extra_query=extra_query,
        extra_body=extra_body,
        timeout=timeout,
    )


class Batches(SyncAPIResource):
    def create(
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
        batch: MessageBatch = self._client.request(MessageBatch, spec)
        return batch

    def retrieve(
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
        batch: MessageBatch = self._client.request(MessageBatch, spec)
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
    ) -> SyncPage[MessageBatch]:
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
        return get_sync_page(self._client, SyncPage[MessageBatch], spec)

    def delete(
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
        deleted: DeletedMessageBatch = self._client.request(DeletedMessageBatch, spec)
        return deleted

    def cancel(
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
        batch: MessageBatch = self._client.request(MessageBatch, spec)
        return batch

    def results(
        self,
        message_batch_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> JSONLDecoder[MessageBatchIndividualResponse]:
        """Stream an ended batch's results, one per request, in no particular order (match `custom_id`)."""
        url = results_url(self.retrieve(message_batch_id))
        spec = results_spec(
            url,
            {},
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        decoder: JSONLDecoder[MessageBatchIndividualResponse] = self._client.request(
            MessageBatchIndividualResponse, spec, stream=True, stream_cls=JSONLDecoder._from_request
        )
        return decoder


class AsyncBatches(AsyncAPIResource):
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
        """Not a coroutine: `await` the result for the first page, or `async for` it for every batch."""
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
