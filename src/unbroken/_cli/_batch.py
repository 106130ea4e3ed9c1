"""``unbroken batch run|status|cancel|results``: the durable runner of ``unbroken.batch``, as commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from ._common import add_command, async_client

__all__ = ["register"]

_RUN_EXAMPLES = """\
  unbroken batch run requests.jsonl --out results.jsonl
  unbroken batch run requests.jsonl --out results.jsonl --resubmit 2    # retry expired/overloaded twice
  unbroken batch run requests.jsonl --out results.jsonl --direct --concurrency 16
  unbroken batch run requests.jsonl --out results.jsonl --no-wait       # submit, then come back later

Each line of the input is {"custom_id": "...", "params": {...Messages request...}}. The output has one line
per custom_id, {"custom_id": ..., "result": {"type": "succeeded" | "errored" | "expired" | "canceled", ...}},
in input order. The state lives in results.jsonl.state.sqlite: after a crash or Ctrl-C, run the same
command again and it continues where it stopped, sending nothing twice.
"""
_GROUP_EXAMPLES = """\
  unbroken batch run requests.jsonl --out results.jsonl
  unbroken batch status results.jsonl
  unbroken batch cancel results.jsonl
  unbroken batch results results.jsonl
"""


def register(commands: Any) -> None:
    group = add_command(
        commands, "batch", "run large JSONL jobs durably (Message Batches or direct)", _GROUP_EXAMPLES
    )
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    run = add_command(
        actions, "run", "run (or resume) a job: submit, wait, write every result", _RUN_EXAMPLES
    )
    run.add_argument("input", type=Path, help="JSONL of {custom_id, params}")
    run.add_argument("--out", "-o", type=Path, required=True, help="where the results go (JSONL)")
    run.add_argument("--state", type=Path, default=None, help="state file (default: <out>.state.sqlite)")
    run.add_argument("--direct", action="store_true", help="send through messages.create instead of batches")
    run.add_argument("--concurrency", type=int, default=8, help="direct mode: requests in flight (default 8)")
    run.add_argument("--resubmit", type=int, default=0, help="times to resend expired/transient errors")
    run.add_argument(
        "--batch-size", type=int, default=100_000, help="requests per batch (at most the API's 100,000)"
    )
    run.add_argument("--poll-interval", type=float, default=2.0, help="first polling delay in seconds")
    run.add_argument("--max-poll-interval", type=float, default=60.0, help="longest polling delay")
    run.add_argument(
        "--orphan-grace",
        type=float,
        default=30.0,
        help="after an uncertain batch create, seconds to wait before concluding it did not happen",
    )
    run.add_argument("--no-wait", action="store_true", help="submit and collect what ended, then exit")
    run.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    run.set_defaults(handler=run_job)

    for name, help_text, handler in (
        ("status", "the job's counts and batch ids, from its state file (sends nothing)", show_status),
        ("cancel", "stop submitting and cancel the job's batches on the server", cancel_job),
        ("results", "fetch results of ended batches and write the output, without waiting", collect_results),
    ):
        sub = add_command(actions, name, help_text, f"  unbroken batch {name} results.jsonl\n")
        sub.add_argument("out", type=Path, nargs="?", help="the job's output file")
        sub.add_argument("--state", type=Path, default=None, help="the job's state file")
        sub.set_defaults(handler=handler)


def _print_summary(summary: Any) -> None:
    done = "complete" if summary.complete else f"{summary.written}/{summary.total} written"
    print(
        f"{summary.output}: {done} — succeeded {summary.succeeded}, errored {summary.errored},"
        f" expired {summary.expired}, canceled {summary.canceled},"
        f" pending {summary.pending + summary.inflight}"
        + (" (job cancelled)" if summary.canceled_job else ""),
        file=sys.stderr,
    )


def run_job(args: argparse.Namespace) -> int:
    from ..batch import arun, auto_reporter

    async def go() -> Any:
        async with async_client() as client:
            return await arun(
                args.input,
                args.out,
                client=client,
                state=args.state,
                reporter=auto_reporter(quiet=args.quiet),
                mode="direct" if args.direct else "batch",
                concurrency=args.concurrency,
                resubmit=args.resubmit,
                max_requests_per_batch=min(args.batch_size, 100_000),
                poll_interval=args.poll_interval,
                max_poll_interval=args.max_poll_interval,
                orphan_grace=args.orphan_grace,
                wait=not args.no_wait,
            )

    summary = asyncio.run(go())
    _print_summary(summary)
    return 0


def show_status(args: argparse.Namespace) -> int:
    from ..batch import status

    summary = status(args.out, state=args.state)
    _print_summary(summary)
    for batch_id in summary.batch_ids:
        print(batch_id)
    return 0


def cancel_job(args: argparse.Namespace) -> int:
    from ..batch import acancel

    async def go() -> Any:
        async with async_client() as client:
            return await acancel(args.out, state=args.state, client=client)

    _print_summary(asyncio.run(go()))
    return 0


def collect_results(args: argparse.Namespace) -> int:
    from ..batch import acollect, auto_reporter

    async def go() -> Any:
        async with async_client() as client:
            return await acollect(args.out, state=args.state, client=client, reporter=auto_reporter())

    _print_summary(asyncio.run(go()))
    return 0
