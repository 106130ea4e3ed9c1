"""Large jobs that survive anything: a durable runner for JSONL files of Messages requests.

>>> import unbroken
>>> from unbroken import batch
>>> summary = batch.run("requests.jsonl", "results.jsonl", client=unbroken.Anthropic())  # doctest: +SKIP

The input is JSON Lines of ``{"custom_id": ..., "params": {...}}`` (the Message Batches request shape). It is
checked whole before anything is sent (``InputError`` names each bad line). Requests go out as Message
Batches split within the API's limits (``mode="batch"``, half price) or through ``messages.create``
(``mode="direct"``). The output gets exactly one line per custom id, ``{"custom_id": ..., "result": {...}}``
(``succeeded``, ``errored``, ``expired`` or ``canceled``, as in batch results), **in input order**.

Everything is recorded in a SQLite state file beside the output (``results.jsonl.state.sqlite``): kill the
process at any moment, run the same call again, and it continues; no request is submitted twice and no
result is lost or written twice (``_batches`` explains how the window between a batch's creation and the
recording of its id is closed). Use ``arun`` from async code; ``status``, ``cancel`` and ``collect`` act on
an existing job. A sync ``Anthropic`` or an ``AsyncAnthropic`` may be given; its configuration (retries,
timeouts, base URL, ...) applies to every request, and its usage meter gets each succeeded result once (in
batch mode as batch usage, when the result is stored). Options are checked before anything is sent or
written (``Options``).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Union

from ._input import MAX_BATCH_BYTES, MAX_BATCH_REQUESTS, MAX_REQUEST_BYTES, InputError, Problem
from ._job import Options, Summary, default_state_path
from ._progress import Progress, Reporter, auto_reporter
from ._state import StateError

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_REQUESTS",
    "MAX_REQUEST_BYTES",
    "InputError",
    "Options",
    "Problem",
    "Progress",
    "Reporter",
    "StateError",
    "Summary",
    "acancel",
    "acollect",
    "arun",
    "auto_reporter",
    "cancel",
    "collect",
    "default_state_path",
    "run",
    "status",
]

PathLike = Union[str, "os.PathLike[str]"]


def _state_path(output: PathLike | None, state: PathLike | None) -> Path:
    if state is not None:
        return Path(state)
    if output is None:
        raise TypeError("give the job's output path or its state path")
    return default_state_path(Path(output))


async def arun(
    input: PathLike,
    output: PathLike,
    *,
    client: Any = None,
    state: PathLike | None = None,
    options: Options | None = None,
    reporter: Reporter | None = None,
    **option_values: Any,
) -> Summary:
    """Run (or resume) the job; return once every request has its line in the output (see ``Options.wait``).

    Options are given as ``options=Options(...)`` or as keywords (``mode="direct"``, ``resubmit=2``, ...).
    Without ``client`` an ``AsyncAnthropic()`` is made from the environment (and closed at the end).
    """
    from ._api import api_for, check_client
    from ._batches import run_batches
    from ._direct import run_direct
    from ._job import open_job, summary_of

    if options is not None and not isinstance(options, Options):
        raise TypeError(f"options must be an unbroken.batch.Options, got {type(options).__name__}")
    opts = replace(options or Options(), **option_values)  # checked here: before any file or request
    check_client(client)
    owned = client is None
    if owned:
        from .._client import AsyncAnthropic

        client = AsyncAnthropic()
    api = api_for(client, opts.concurrency + 2)
    output_path = Path(output)
    try:
        with open_job(
            Path(input), output_path, _state_path(output, state), options=opts, api=api, reporter=reporter
        ) as ctx:
            try:
                if opts.mode == "direct":
                    await run_direct(ctx)
                else:
                    await run_batches(ctx)
                ctx.output.flush()
                ctx.report(force=True)
            finally:
                ctx.reporter.close()
            return summary_of(ctx.state)
    finally:
        api.shutdown()
        if owned:
            await client.close()


def run(input: PathLike, output: PathLike, **kwargs: Any) -> Summary:
    """``arun`` for sync code (it runs its own event loop: from async code, await ``arun``)."""
    return asyncio.run(arun(input, output, **kwargs))


def status(output: PathLike | None = None, *, state: PathLike | None = None) -> Summary:
    """The job's counts as recorded in its state file (no request is sent)."""
    from ._job import open_existing, summary_of

    store = open_existing(_state_path(output, state))
    try:
        return summary_of(store)
    finally:
        store.close()


async def acancel(
    output: PathLike | None = None, *, state: PathLike | None = None, client: Any = None
) -> Summary:
    """Cancel the job: nothing more is submitted, and its batches still processing are cancelled on the
    server. The next ``run`` (or ``collect``) gathers what they produced and gives every request not yet
    sent a ``canceled`` line, so the output is still complete."""
    from ._api import api_for, check_client
    from ._job import open_existing, summary_of

    check_client(client)
    store = open_existing(_state_path(output, state))
    owned = client is None
    if owned:
        from .._client import AsyncAnthropic

        client = AsyncAnthropic()
    api = api_for(client, 2)
    try:
        store.set_canceled()
        for row in store.batches(active_only=True):
            if row.status not in ("ended", "canceling"):
                batch = await api.cancel(row.id)
                store.update_batch(row.id, batch.processing_status, batch.request_counts.to_dict(), None)
        return summary_of(store)
    finally:
        store.close()
        api.shutdown()
        if owned:
            await client.close()


def cancel(output: PathLike | None = None, *, state: PathLike | None = None, client: Any = None) -> Summary:
    return asyncio.run(acancel(output, state=state, client=client))


async def acollect(
    output: PathLike | None = None,
    *,
    state: PathLike | None = None,
    client: Any = None,
    reporter: Reporter | None = None,
) -> Summary:
    """Fetch the results of the job's batches that have ended, and write every line that can be written;
    send nothing, wait for nothing."""
    from ._job import open_existing

    path = _state_path(output, state)
    store = open_existing(path)
    try:
        job = store.job()
        if job is None:
            raise StateError(f"{path}: no job recorded")
    finally:
        store.close()
    return await arun(
        job.input_path,
        job.output_path,
        client=client,
        state=path,
        reporter=reporter,
        mode=job.mode,
        wait=False,
        submit=False,
    )


def collect(
    output: PathLike | None = None,
    *,
    state: PathLike | None = None,
    client: Any = None,
    reporter: Reporter | None = None,
) -> Summary:
    return asyncio.run(acollect(output, state=state, client=client, reporter=reporter))
