"""``unbroken batch run|status|cancel|results``: the durable runner of ``unbroken.batch``, as commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from ._common import EXIT_USAGE, add_command, async_client

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
_JOB_EXIT = """
exit status:
  0    complete: every request has its line, and every one succeeded
  3    complete, but some requests errored, expired or were canceled (see their lines)
  4    not complete yet: requests in progress or not sent (--no-wait, batches still running)
  1    a failure (its message on stderr); 2 a bad option; 130 interrupted (Ctrl-C)
"""
_CANCEL_EXIT = """
exit status:
  0    the job is cancelled (run or results then write its remaining lines)
  1    a failure (its message on stderr)
"""
_GROUP_EXAMPLES = """\
  unbroken batch run requests.jsonl --out results.jsonl
  unbroken batch status results.jsonl
  unbroken batch cancel results.jsonl
  unbroken batch results results.jsonl

exit status: 0 complete and all succeeded, 3 complete with errored/expired/canceled requests, 4 not
complete yet, 1 a failure, 2 a bad option, 130 interrupted (each command's --help says more)
"""
EXIT_SOME_FAILED = 3
EXIT_INCOMPLETE = 4
# The run's tuning options: flag, Python name (an ``unbroken.batch.Options`` field, which checks the value),
# type, default (the field's, for the help: a test holds them equal), help.
_TUNING: tuple[tuple[str, str, type, float, str], ...] = (
    ("--concurrency", "concurrency", int, 8, "direct mode: requests in flight, at least 1"),
    ("--resubmit", "resubmit", int, 0, "times to resend expired/transient errors, 0 or more"),
    ("--batch-size", "max_requests_per_batch", int, 100_000, "requests per batch, 1 to 100,000"),
    ("--poll-interval", "poll_interval", float, 2, "first polling delay, 0 or more"),
    ("--max-poll-interval", "max_poll_interval", float, 60, "longest polling delay, 0 or more"),
    (
        "--orphan-grace",
        "orphan_grace",
        float,
        30,
        "after an uncertain create, wait before resending, 0 or more",
    ),
)


class UsageError(Exception):
    """A bad option: one line and exit 2, like argparse's own errors."""


def register(commands: Any) -> None:
    group = add_command(
        commands, "batch", "run large JSONL jobs durably (Message Batches or direct)", _GROUP_EXAMPLES
    )
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    run = add_command(
        actions, "run", "run (or resume) a job: submit, wait, write every result", _RUN_EXAMPLES + _JOB_EXIT
    )
    run.add_argument("input", type=Path, help="JSONL of {custom_id, params}")
    run.add_argument("--out", "-o", type=Path, required=True, help="where the results go (JSONL)")
    run.add_argument("--state", type=Path, default=None, help="state file (default: <out>.state.sqlite)")
    run.add_argument("--direct", action="store_true", help="send through messages.create instead of batches")
    for flag, name, kind, default, help_text in _TUNING:
        run.add_argument(
            flag,
            dest=name,
            type=kind,
            default=argparse.SUPPRESS,  # not given: the Options default
            metavar="N" if kind is int else "SECONDS",
            help=f"{help_text} (default {default:,})",
        )
    run.add_argument("--no-wait", action="store_true", help="submit and collect what ended, then exit")
    run.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    run.set_defaults(handler=run_job)

    for name, help_text, handler, exits in (
        (
            "status",
            "the job's counts and batch ids, from its state file (sends nothing)",
            show_status,
            _JOB_EXIT,
        ),
        ("cancel", "stop submitting and cancel the job's batches on the server", cancel_job, _CANCEL_EXIT),
        (
            "results",
            "fetch results of ended batches and write the output, without waiting",
            collect_results,
            _JOB_EXIT,
        ),
    ):
        examples = f"  unbroken batch {name} results.jsonl\n" + exits
        sub = add_command(actions, name, help_text, examples)
        sub.add_argument("out", type=Path, nargs="?", help="the job's output file")
        sub.add_argument("--state", type=Path, default=None, help="the job's state file")
        sub.set_defaults(handler=handler)


def _print_summary(summary: Any) -> None:
    done = "complete" if summary.complete else f"{summary.written}/{summary.total} written"
    print(
        f"{summary.output}: {done} — succeeded {summary.succeeded}, errored {summary.errored},"
        f" expired {summary.expired}, canceled {summary.canceled};"
        f" in progress {summary.inflight}, not sent {summary.pending}"
        + (" (job cancelled)" if summary.canceled_job else ""),
        file=sys.stderr,
    )


def exit_status(summary: Any) -> int:
    """0 complete and all succeeded, 3 complete with failed requests, 4 not complete (see the help)."""
    if not summary.complete:
        return EXIT_INCOMPLETE
    return 0 if summary.succeeded == summary.total else EXIT_SOME_FAILED


def _options(args: argparse.Namespace) -> Any:
    """The run's options, checked before anything is sent or written; a bad one is a usage error."""
    from ..batch import Options

    try:
        return Options(
            mode="direct" if args.direct else "batch",
            wait=not args.no_wait,
            **{name: getattr(args, name) for _, name, _, _, _ in _TUNING if hasattr(args, name)},
        )
    except (TypeError, ValueError) as err:
        name, _, rest = str(err).partition(" ")
        flag = next((flag for flag, option, _, _, _ in _TUNING if option == name), name)
        raise UsageError(f"{flag} {rest}") from None


def run_job(args: argparse.Namespace) -> int:
    from ..batch import arun, auto_reporter

    try:
        options = _options(args)
    except UsageError as err:
        print(f"unbroken batch run: error: {err}", file=sys.stderr)
        return EXIT_USAGE

    async def go() -> Any:
        async with async_client() as client:
            return await arun(
                args.input,
                args.out,
                client=client,
                state=args.state,
                options=options,
                reporter=auto_reporter(quiet=args.quiet),
            )

    summary = asyncio.run(go())
    _print_summary(summary)
    return exit_status(summary)


def show_status(args: argparse.Namespace) -> int:
    from ..batch import status

    summary = status(args.out, state=args.state)
    _print_summary(summary)
    for batch_id in summary.batch_ids:
        print(batch_id)
    return exit_status(summary)


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

    summary = asyncio.run(go())
    _print_summary(summary)
    return exit_status(summary)
