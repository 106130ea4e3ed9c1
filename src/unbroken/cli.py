"""`python -m unbroken …`: serve the emulator, or run the demo against an embedded one."""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unbroken", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    emulator = commands.add_parser("emulator", help="serve the offline Anthropic API emulator")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=4010)
    emulator.add_argument("--api-key", default=None, help="require this key (x-api-key or bearer)")

    commands.add_parser("demo", help="run the main job against an embedded emulator (no key, no network)")

    args = parser.parse_args(argv)
    if args.command == "emulator":
        from .testing import serve

        serve(host=args.host, port=args.port, api_key=args.api_key)
        return 0
    from ._demo import run_demo

    return run_demo()
