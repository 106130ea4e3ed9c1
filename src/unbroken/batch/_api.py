"""The few API calls the runner makes, awaited the same way whichever client it is given.

The runner is written once, with asyncio. An ``AsyncAnthropic`` is awaited directly; an ``Anthropic`` (sync)
runs each call on a worker thread, so the client the caller configured (its retries, its timeouts, its
rate limiting) is the one that does every request, in both modes.

A batch create is sent as the bytes of the input lines joined, never re-encoded, produced in small pieces as
it is sent (a ``StreamedBody``), so the body holds exactly what the user wrote and costs no memory that grows
with the batch. Results are read line by line as ``RawLine``s (the line's text and its decoded value, not
validated into models): the runner checks the two fields it needs and stores the text as received.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from .._decoders import AsyncJSONLDecoder, JSONLDecoder
from .._jsonl import RawLine
from .._request import RequestSpec, StreamedBody
from ..resources._shared import BATCHES_PATH, results_spec
from ..types.message import Message
from ..types.messages.batches import MessageBatch
from ..usage import UsageMeter
from ._input import CREATE_PARAMS

__all__ = ["Api", "api_for", "check_client"]

T = TypeVar("T")
_PULL = 500  # result lines moved from a worker thread per hop (sync clients)


def _create_spec(body: StreamedBody, key: str) -> RequestSpec:
    """Sent once (``max_retries=0``): a retry after a lost response would create a second batch; the runner
    recovers an uncertain create itself (see ``_batches``)."""
    return RequestSpec("post", BATCHES_PATH, content=body, idempotency_key=key, max_retries=0)


def _results_spec(url: str) -> RequestSpec:
    return results_spec(url, {}, extra_headers=None, extra_query=None, extra_body=None, timeout=None)


def _message_kwargs(params: dict[str, Any], key: str) -> dict[str, Any]:
    """``messages.create`` keyword arguments: its own parameters, anything newer in ``extra_body``."""
    kwargs = {k: v for k, v in params.items() if k in CREATE_PARAMS}
    extra = {k: v for k, v in params.items() if k not in CREATE_PARAMS}
    if extra:
        kwargs["extra_body"] = extra
    kwargs["extra_headers"] = {"Idempotency-Key": key}
    return kwargs


class Api:
    """The async face of an ``AsyncAnthropic``."""

    def __init__(self, client: Any) -> None:
        self.client = client
        controls = getattr(client, "controls", None)
        self.meter: UsageMeter | None = getattr(controls, "usage_meter", None)
        """The client's usage meter: the runner meters batch results itself (see ``ResultSink``)."""

    async def create_batch(self, body: StreamedBody, key: str) -> MessageBatch:
        batch: MessageBatch = await self.client.request(MessageBatch, _create_spec(body, key))
        return batch

    async def retrieve(self, batch_id: str) -> MessageBatch:
        batch: MessageBatch = await self.client.messages.batches.retrieve(batch_id)
        return batch

    async def cancel(self, batch_id: str) -> MessageBatch:
        batch: MessageBatch = await self.client.messages.batches.cancel(batch_id)
        return batch

    async def batches_since(self, since: datetime) -> list[MessageBatch]:
        """Every batch created at or after ``since`` (the list is newest first: stop at the first older)."""
        found: list[MessageBatch] = []
        async for batch in self.client.messages.batches.list(limit=100):
            if batch.created_at < since:
                break
            found.append(batch)
        return found

    async def results(self, url: str) -> AsyncIterator[RawLine]:
        decoder: AsyncJSONLDecoder[RawLine] = await self.client.request(
            RawLine, _results_spec(url), stream=True, stream_cls=AsyncJSONLDecoder._from_request
        )
        async with decoder:
            async for line in decoder:
                yield line

    async def create_message(self, params: dict[str, Any], key: str) -> Message:
        message: Message = await self.client.messages.create(**_message_kwargs(params, key))
        return message

    def shutdown(self) -> None:
        """Release what this adapter started (not the client: it belongs to the caller)."""


class ThreadedApi(Api):
    """The same calls on a sync ``Anthropic``, each run on a worker thread."""

    def __init__(self, client: Any, workers: int) -> None:
        super().__init__(client)
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max(1, workers), thread_name_prefix="unbroken-batch"
        )

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: fn(*args, **kwargs))

    async def create_batch(self, body: StreamedBody, key: str) -> MessageBatch:
        batch: MessageBatch = await self._run(self.client.request, MessageBatch, _create_spec(body, key))
        return batch

    async def retrieve(self, batch_id: str) -> MessageBatch:
        return await self._run(self.client.messages.batches.retrieve, batch_id)

    async def cancel(self, batch_id: str) -> MessageBatch:
        return await self._run(self.client.messages.batches.cancel, batch_id)

    async def batches_since(self, since: datetime) -> list[MessageBatch]:
        def walk() -> list[MessageBatch]:
            found: list[MessageBatch] = []
            for batch in self.client.messages.batches.list(limit=100):
                if batch.created_at < since:
                    break
                found.append(batch)
            return found

        return await self._run(walk)

    async def results(self, url: str) -> AsyncIterator[RawLine]:
        decoder: JSONLDecoder[RawLine] = await self._run(
            self.client.request,
            RawLine,
            _results_spec(url),
            stream=True,
            stream_cls=JSONLDecoder._from_request,
        )
        lines: Iterator[RawLine] = iter(decoder)

        def pull() -> list[RawLine]:
            return [line for _, line in zip(range(_PULL), lines, strict=False)]

        try:
            while block := await self._run(pull):
                for line in block:
                    yield line
        finally:
            await self._run(decoder.close)

    async def create_message(self, params: dict[str, Any], key: str) -> Message:
        return await self._run(self.client.messages.create, **_message_kwargs(params, key))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False)


def check_client(client: object) -> None:
    """The runner drives an unbroken client's own request loop (``request``, its retries and meter): anything
    else would fail at its first call with an ``AttributeError``, after the job's files were made."""
    from .._base_client import BaseClient

    if client is not None and not isinstance(client, BaseClient):
        kind = type(client)
        raise TypeError(
            "client must be an unbroken client (unbroken.Anthropic, unbroken.AsyncAnthropic or a platform"
            f" client), got {kind.__module__}.{kind.__qualname__}"
        )


def api_for(client: Any, workers: int) -> Api:
    """An ``Api`` for whichever client was given (async clients have a coroutine ``close``)."""
    import inspect

    if inspect.iscoroutinefunction(getattr(client, "close", None)):
        return Api(client)
    return ThreadedApi(client, workers)
