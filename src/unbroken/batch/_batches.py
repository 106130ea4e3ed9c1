"""Batch mode: submit chunks as Message Batches, poll them, store their results, resubmit what may retry.

Exactly once, across crashes. Every step is recorded before or after it happens, in this order:

1. the *intent* to create a batch (chunk ``submitting``: its requests, the time, a deterministic
   idempotency key ``unbroken-batch-<job>-<chunk>``) is committed before the create is sent;
2. the create is sent once (``max_retries=0``: the client's own retry could create a second batch when a
   response is lost); the batch id is committed as soon as it comes back;
3. results are stored in one transaction per batch, then written to the output (see ``_output``).

The only uncertain window is between 1 and 2: the batch may exist on the server while its id is not recorded
(a crash, a lost response, a 5xx). A chunk found ``submitting`` is *recovered*, never blindly sent again:
the batches created since its intent (less ``CLOCK_SKEW``) are listed, and those holding exactly as many
requests as the chunk and not already known become *candidates*. Known are the job's own batches and every
batch listed just before the create was sent (it existed already, so it is not this chunk's, however alike:
another job of the same custom ids would pass the results check below). With none, after waiting out
``orphan_grace`` since the intent (a create still in flight could land later), the chunk is sent again with
the same idempotency key (which also collapses a late duplicate on any server that honours the key). With
candidates, each is polled like one of ours and its results are verified when it ends: a candidate whose
result custom ids are exactly the chunk's is adopted; any other is marked foreign and ignored; if none is
adopted the chunk is sent again. So a request is never in two live batches, and only results verified to
be its own are kept.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

from .._exceptions import APIConnectionError, APIStatusError, RateLimitError
from ..types.messages.batches import MessageBatch
from ._crash import crash_point
from ._input import create_body
from ._job import JobContext, error_result
from ._state import BatchRow, Chunk, NotOurs

__all__ = ["CLOCK_SKEW", "run_batches"]

CLOCK_SKEW = timedelta(minutes=10)
_CONTENT_ERRORS = frozenset({400, 413, 422})
_DOWNLOAD_FAILURES = 5


class _Poller:
    """The polling delay: from ``poll_interval``, times 1.5 per round where nothing moved, up to the max."""

    def __init__(self, first: float, most: float) -> None:
        self._first, self._most = first, most
        self.delay = first

    def moved(self) -> None:
        self.delay = self._first

    def still(self) -> None:
        self.delay = min(self._most, max(self.delay, 0.001) * 1.5) if self._first > 0 else 0.0


async def run_batches(ctx: JobContext) -> None:
    options = ctx.options
    poller = _Poller(options.poll_interval, options.max_poll_interval)
    failures: dict[str, int] = {}
    while True:
        ctx.output.flush()
        if ctx.canceled():
            ctx.state.cancel_pending()
            for chunk in ctx.state.chunks("submitting"):
                await _recover(ctx, chunk, resend=False)
        elif options.submit:
            for chunk in ctx.state.chunks("submitting"):
                await _recover(ctx, chunk)
            while new := ctx.state.open_chunk(options.max_requests_per_batch, options.max_bytes_per_batch):
                ctx.report("submitting")
                await _create(ctx, new)
        ctx.output.flush()
        active = ctx.state.batches(active_only=True)
        ctx.report("waiting for batches" if active else "done", force=True)
        if not active and not ctx.state.chunks("submitting"):
            if options.submit and not ctx.canceled() and ctx.state.counts()["pending"]:
                continue  # resubmitted requests
            return
        moved = await _poll_round(ctx, active, failures)
        if not options.wait:
            ctx.output.flush()
            return
        if moved:
            poller.moved()
        else:
            poller.still()
            await asyncio.sleep(poller.delay)


REFUSED_WAIT = 1.0
"""The least wait before a create refused with a 429 or 529 is sent again (seconds)."""


async def _create(ctx: JobContext, chunk: Chunk) -> None:
    """Send the create once and record the batch id; a content error fails the chunk's requests.

    The body is streamed from the input file as it is sent (``create_body``), never held whole."""
    body = create_body(ctx.input_path, *ctx.state.chunk_lines(chunk.id))
    while True:
        # Listed just before each send: a batch made while this one waited out a 429 is not its either.
        existing = await ctx.api.batches_since(_window_start(chunk))
        ctx.state.record_existing(chunk.id, [batch.id for batch in existing])
        crash_point("submit:before-create")
        try:
            batch = await ctx.api.create_batch(body, chunk.idempotency_key)
            break
        except RateLimitError:  # refused before anything was created: wait, then send again
            await asyncio.sleep(max(ctx.options.poll_interval, REFUSED_WAIT))
        except APIStatusError as err:
            if err.status_code in _CONTENT_ERRORS:
                ctx.state.fail_chunk(chunk.id, error_result(err))
                return
            if err.status_code == 529:
                await asyncio.sleep(max(ctx.options.poll_interval, REFUSED_WAIT))
                continue
            await _recover(ctx, chunk)  # a 5xx may still have created the batch
            return
        except APIConnectionError:
            await _recover(ctx, chunk)  # the response was lost: the batch may exist
            return
    crash_point("submit:after-create")
    ctx.state.record_batch(batch.id, chunk.id, "ours", batch.processing_status)
    crash_point("submit:after-record")


async def _recover(ctx: JobContext, chunk: Chunk, *, resend: bool = True) -> None:
    """A chunk whose create may or may not have happened: find its batch, or send it again (or, in a
    cancelled job, give its requests a ``canceled`` result)."""
    ctx.report("recovering a batch")
    since = _window_start(chunk)
    candidates = await _candidates(ctx, chunk, since)
    if not candidates:
        wait = chunk.intent_at + ctx.options.orphan_grace - _now()
        if wait > 0:
            await asyncio.sleep(wait)
            candidates = await _candidates(ctx, chunk, since)
    if candidates:
        for batch in candidates:
            ctx.state.record_batch(batch.id, chunk.id, "candidate", batch.processing_status)
            if not resend:
                await ctx.api.cancel(batch.id)
        return
    if not resend:
        ctx.state.fail_chunk(chunk.id, {"type": "canceled"})
        return
    ctx.state.set_chunk_state(chunk.id, "submitting", renew_intent=True)
    await _create(ctx, ctx.state.chunk(chunk.id))


def _window_start(chunk: Chunk) -> datetime:
    """The oldest creation time a batch of this chunk could have on the server's clock."""
    return datetime.fromtimestamp(chunk.intent_at, timezone.utc) - CLOCK_SKEW


async def _candidates(ctx: JobContext, chunk: Chunk, since: datetime) -> list[MessageBatch]:
    known = ctx.state.known_batch_ids()
    return [
        batch
        for batch in await ctx.api.batches_since(since)
        if batch.id not in known and _total(batch) == chunk.size
    ]


def _total(batch: MessageBatch) -> int:
    counts = batch.request_counts
    return counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired


def _now() -> float:
    return time.time()


async def _poll_round(ctx: JobContext, active: list[BatchRow], failures: dict[str, int]) -> bool:
    """Retrieve each active batch once; download those that ended. True if anything moved."""
    moved = False
    for row in active:
        batch = await ctx.api.retrieve(row.id)
        crash_point("poll:after-retrieve")
        counts = batch.request_counts.to_dict()
        if counts != row.counts or batch.processing_status != row.status:
            moved = True
        ctx.state.update_batch(row.id, batch.processing_status, counts, batch.results_url)
        ctx.report()
        if batch.processing_status == "ended" and batch.results_url:
            try:
                await _download(ctx, row, batch.results_url)
                failures.pop(row.id, None)
            except (APIConnectionError, APIStatusError):  # nothing was stored: try again next round
                failures[row.id] = failures.get(row.id, 0) + 1
                if failures[row.id] >= _DOWNLOAD_FAILURES:
                    raise
            moved = True
    return moved


async def _download(ctx: JobContext, row: BatchRow, url: str) -> None:
    ctx.report("downloading results")
    try:
        with ctx.state.receiving(row, ctx.options.resubmit, ctx.api.meter) as sink:
            async for line in ctx.api.results(url):
                crash_point("download:line")
                sink.add(line)
    except NotOurs:
        ctx.state.mark_foreign(row.id)
        return
    crash_point("download:after-commit")
    ctx.output.flush()
    ctx.report()
