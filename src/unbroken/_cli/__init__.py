"""The ``unbroken`` command: a thin dispatcher over one module per command group.

Each group module has ``register(commands)`` (adds its parser, with examples in its help) and the parser's
``handler`` default does the work. ``main`` turns expected failures into one line on stderr and an exit code:
an API error shows its class, status and request id; a missing extra shows the pip command; a closed pipe
(``| head -1``) ends quietly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._version import __version__
from . import _batch, _demo, _emulator, _messages, _models
from ._common import EXAMPLES_FORMATTER, run_guarded

__all__ = ["main"]

_EXAMPLES = """\
examples:
  unbroken messages create -m claude-sonnet-4-5 "Write a haiku about persistence"
  unbroken models list
  unbroken batch run requests.jsonl --out results.jsonl
  unbroken emulator --port 4010
  unbroken demo

The API key comes from ANTHROPIC_API_KEY, the endpoint from ANTHROPIC_BASE_URL (for example an emulator's).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unbroken",
        description="A client for the Anthropic API whose failures are always typed.",
        epilog=_EXAMPLES,
        formatter_class=EXAMPLES_FORMATTER,
    )
    parser.add_argument("--version", action="version", version=f"unbroken {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (_messages, _models, _batch, _emulator, _demo):
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_guarded(lambda: int(args.handler(args)))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
