"""`python -m unbroken …`: serve the emulator, or run the demo against an embedded one."""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unbroken", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    from .testing import standalone

    standalone.add_arguments(commands.add_parser("emulator", help="serve the offline Anthropic API emulator"))

    commands.add_parser("demo", help="run the main job against an embedded emulator (no key, no network)")

    args = parser.parse_args(argv)
    if args.command == "emulator":
        return standalone.run(args)
    from ._demo import run_demo

    return run_demo()
