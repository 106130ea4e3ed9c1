"""Direct mode: the same job through ``messages.create``, ``concurrency`` requests at a time.

For platforms without batches, or work that cannot wait for one. Same input, output and state file as batch
mode, resumable the same way: each result is committed as soon as it arrives (one small WAL transaction),
and the output catches up every ``_FLUSH_EVERY`` seconds. Only the requests in flight when the process died
(at most ``concurrency``) are sent again on resume (Messages keeps no server-side record to recover them
from), with the same idempotency key ``unbroken-direct-<job>-<seq>-<attempt>``; each result still reaches
the output exactly once.

Each call goes through the client given, with its retries (and whatever else it is configured with). A
status error after those retries becomes the request's ``errored`` result (retryable ones may be resubmitted,
see ``Options.resubmit``); an error that no request could get past (a connection error, authentication,
permission) stops the run, leaving the remaining requests pending for the next one.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from .._exceptions import APIConnectionError, APIStatusError, AuthenticationError, PermissionDeniedError
from ._crash import crash_point
from ._job import JobContext, error_result

__all__ = ["run_direct"]

_FLUSH_EVERY = 0.1  # seconds between two output flushes (each ends with an fsync)
_PAGE = 1000
_FATAL = (APIConnectionError, AuthenticationError, PermissionDeniedError)

_Row = tuple[int, str, int, int, int]  # seq, custom_id, offset, length, attempts


async def run_direct(ctx: JobContext) -> None:
    while True:
        ctx.output.flush()
        if ctx.canceled():
            ctx.state.cancel_pending()
            ctx.output.flush()
            return
        if not ctx.options.submit or not ctx.state.pending_rows(0, 1):
            ctx.report("done", force=True)
            return
        await _one_pass(ctx)


async def _one_pass(ctx: JobContext) -> None:
    """Send every request pending now (those resubmitted during the pass wait for the next)."""
    queue: asyncio.Queue[_Row | None] = asyncio.Queue(maxsize=ctx.options.concurrency * 2)
    stop = asyncio.Event()

    async def produce() -> None:
        after = 0
        while not stop.is_set() and (rows := ctx.state.pending_rows(after, _PAGE)):
            for row in rows:
                if stop.is_set():
                    break
                await queue.put(row)
            after = rows[-1][0]
        for _ in range(ctx.options.concurrency):
            await queue.put(None)

    async def work() -> None:
        while (row := await queue.get()) is not None:
            if stop.is_set():
                continue
            ctx.state.store_direct_results([await _send(ctx, row)], ctx.options.resubmit)

    async def flush_loop() -> None:
        while not stop.is_set():
            await asyncio.sleep(_FLUSH_EVERY)
            ctx.output.flush()
            ctx.report()
            if ctx.canceled():
                stop.set()

    ctx.report("sending requests", force=True)
    flusher = asyncio.ensure_future(flush_loop())
    try:
        await asyncio.gather(produce(), *(work() for _ in range(ctx.options.concurrency)))
    except BaseException:
        stop.set()
        raise
    finally:
        stop.set()
        flusher.cancel()
        ctx.output.flush()


async def _send(ctx: JobContext, row: _Row) -> tuple[int, dict[str, Any]]:
    seq, custom_id, offset, length, attempts = row
    params = json.loads(ctx.read_line(offset, length))["params"]
    key = f"unbroken-direct-{ctx.job.job_key}-{seq}-{attempts}"
    try:
        message = await ctx.api.create_message(params, key)
        result: dict[str, Any] = {"type": "succeeded", "message": message.to_dict(mode="json")}
    except _FATAL:
        raise
    except APIStatusError as err:
        result = error_result(err)
    crash_point("direct:after-response")
    return seq, {"custom_id": custom_id, "result": result}
