"""``unbroken emulator``: the emulator as a server of its own, for tests in other processes or languages.

    unbroken emulator --port 4010 --fault status:529,times=2 --reply 'text:Hello there' --first-token 0.3

It prints the ``ANTHROPIC_BASE_URL`` to set, then one line per request (what answered it, which faults
struck). Tests drive it through the control API under ``/_emulator`` (queue faults and replies, read the
request log, reset). ``--fault`` and ``--reply`` take a constructor of ``Fault``/``Reply`` and its arguments,
``KIND[:ARG[,ARG...]][,KEY=VALUE...]`` (values are JSON when they parse as JSON, else text), or a JSON object
as the control API takes it: ``--fault drop_after:5``, ``--fault status:429,headers={"retry-after":"3"}``,
``--reply tool_use:get_weather,{"city":"Paris"}``, ``--fault '{"kind":"status","status_code":529}'``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .request_log import RecordedRequest

__all__ = ["add_arguments", "main", "parse_item", "run"]

_KEYWORD = re.compile(r",(?=[A-Za-z_]\w*=)")


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_item(text: str, cls: type) -> dict[str, Any]:
    """The control API's JSON form of a ``--fault``/``--reply`` argument (for ``cls``, Fault or Reply)."""
    if text.lstrip().startswith("{"):
        parsed = json.loads(text)
        if not isinstance(parsed, dict):
            raise ValueError(f"not a JSON object: {text}")
        return parsed
    kind, _, rest = text.partition(":")
    spec: dict[str, Any] = {"kind": kind.strip()}
    constructor = getattr(cls, spec["kind"], None)
    if not rest or constructor is None:
        return spec  # the control layer names the kinds there are
    pieces = _KEYWORD.split(rest)
    positional = pieces[0] if "=" not in pieces[0].split(",", 1)[0] else ""
    for piece in pieces[1:] if positional else pieces:
        key, _, value = piece.partition("=")
        spec[key.strip()] = _value(value)
    names = [
        p.name
        for p in inspect.signature(constructor).parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    values = positional.split(",") if positional else []
    if len(values) > len(names) and names:
        values = [*values[: len(names) - 1], ",".join(values[len(names) - 1 :])]
    for name, value in zip(names, values, strict=False):
        spec[name] = _value(value)
    return spec


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``emulator`` command's options (the ``unbroken`` CLI mounts them as a subcommand)."""
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4010, help="0 picks a free port (default 4010)")
    parser.add_argument("--api-key", default=None, help="require this key (x-api-key or bearer)")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="queue a fault: a Fault constructor and its arguments, KIND[:ARG,...][,KEY=VALUE...] "
        "(status:529,times=2; drop_after:5; delay_first_event:3) or a JSON object; repeatable",
    )
    parser.add_argument(
        "--reply",
        action="append",
        default=[],
        metavar="SPEC",
        help="queue a scripted reply the same way, with a Reply constructor "
        "('text:Hello there'; 'tool_use:get_weather,{\"city\":\"Paris\"}'); repeatable",
    )
    latency = parser.add_argument_group("latency model")
    latency.add_argument("--first-token", type=float, metavar="SECONDS", help="time to first token")
    latency.add_argument("--tokens-per-second", type=float, default=None, metavar="N")
    latency.add_argument("--jitter", type=float, default=0.0, metavar="FRACTION", help="0 to 1")
    latency.add_argument("--seed", type=int, default=0, help="seed of the jitter")
    cassette = parser.add_argument_group("record and replay")
    cassette.add_argument("--cassette", default=None, metavar="PATH", help="answer from this cassette file")
    cassette.add_argument(
        "--record-mode", default="none", choices=["none", "once", "new_episodes", "all"], help="default none"
    )
    cassette.add_argument("--upstream", default=None, metavar="URL", help="the API to record from")
    cassette.add_argument("--redact", action="append", default=[], metavar="FIELD", help="JSON field to hide")
    cassette.add_argument("--realtime", action="store_true", help="replay at the recorded pace")
    parser.add_argument("--quiet", action="store_true", help="do not print a line per request")


def describe(req: RecordedRequest) -> str:
    """One line of the request log."""
    outcome = req.outcome
    status = "closed" if outcome.status is None else str(outcome.status)
    faults = f" [{'; '.join(outcome.faults)}]" if outcome.faults else ""
    model = f" {req.model}" if req.model else ""
    error = f" (emulator error: {outcome.error})" if outcome.error else ""
    return f"{req.method} {req.path}{model} -> {status} {outcome.answered_by}{faults}{error}"


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 2 on a bad ``--fault``/``--reply``, 1 when a cassette missed requests."""
    import contextlib

    from .app import EmulatorApp
    from .control import build_fault, build_reply
    from .faults import Fault
    from .latency import Latency
    from .recording import DEFAULT_UPSTREAM, use_cassette
    from .script import Reply
    from .server import serve

    try:
        latency = None
        if args.first_token is not None or args.tokens_per_second is not None or args.jitter:
            latency = Latency(args.first_token or 0.0, args.tokens_per_second, args.jitter, args.seed)
        app = EmulatorApp(api_key=args.api_key, latency=latency)
        app.faults.push(*(build_fault(parse_item(spec, Fault)) for spec in args.fault))
        app.replies.push(*(build_reply(parse_item(spec, Reply)) for spec in args.reply))
    except ValueError as exc:
        print(f"unbroken emulator: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        app.listeners.append(lambda req: print(describe(req), flush=True))

    def ready(url: str) -> None:
        line = f"unbroken emulator: export ANTHROPIC_BASE_URL={url}  (control API: {url}/_emulator)"
        print(line, flush=True)

    replaying: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
    if args.cassette is not None:
        replaying = use_cassette(
            app,
            args.cassette,
            record_mode=args.record_mode,
            redact=args.redact,
            realtime=args.realtime,
            upstream=args.upstream or DEFAULT_UPSTREAM,
        )
    try:
        with replaying:
            serve(args.host, args.port, app=app, on_ready=ready, log_level="warning")
    except AssertionError as exc:
        print(f"unbroken emulator: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="unbroken emulator",
        description=(__doc__ or "").replace("``", ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
