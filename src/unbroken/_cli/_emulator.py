"""``unbroken emulator``: serve the offline Anthropic API emulator in the foreground.

Its options live in ``add_arguments`` so the emulator's own module can grow them without touching the rest.
"""

from __future__ import annotations

import argparse
from typing import Any

from ._common import add_command, require_extra

__all__ = ["add_arguments", "register", "run"]

_EXAMPLES = """\
  unbroken emulator --port 4010
  ANTHROPIC_BASE_URL=http://127.0.0.1:4010 ANTHROPIC_API_KEY=test \
      unbroken messages create -m claude-sonnet-4-5 hi
  unbroken emulator --api-key secret     # require this key, as the API would
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4010)
    parser.add_argument("--api-key", default=None, help="require this key (x-api-key or bearer)")


def register(commands: Any) -> None:
    parser = add_command(commands, "emulator", "serve the offline Anthropic API emulator", _EXAMPLES)
    add_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    require_extra("uvicorn", "emulator", "the emulator")
    from ..testing import serve

    serve(host=args.host, port=args.port, api_key=args.api_key)
    return 0
