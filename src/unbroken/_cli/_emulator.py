"""``unbroken emulator``: serve the offline Anthropic API emulator in the foreground.

The command itself (options, faults and replies from the command line, the startup line, the request log)
lives with the emulator, in ``unbroken.testing.standalone``; this module mounts it.
"""

from __future__ import annotations

import argparse
from typing import Any

from ._common import add_command, require_extra

__all__ = ["add_arguments", "register", "run"]

_EXAMPLES = """\
  unbroken emulator --port 4010
  ANTHROPIC_BASE_URL=http://127.0.0.1:4010 ANTHROPIC_API_KEY=test \\
      unbroken messages create -m claude-sonnet-4-5 hi
  unbroken emulator --api-key secret     # require this key, as the API would
  unbroken emulator --fault status:529,times=2 --reply 'text:Hello there' --first-token 0.3
  unbroken emulator --cassette story.json  # replay recorded traffic
  curl -X POST localhost:4010/_emulator/faults -d '{"kind": "drop_after", "n_events": 5}'
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..testing.standalone import add_arguments as add_emulator_arguments

    add_emulator_arguments(parser)


def register(commands: Any) -> None:
    parser = add_command(commands, "emulator", "serve the offline Anthropic API emulator", _EXAMPLES)
    add_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    require_extra("uvicorn", "emulator", "the emulator")
    from ..testing.standalone import run as run_emulator

    return run_emulator(args)
