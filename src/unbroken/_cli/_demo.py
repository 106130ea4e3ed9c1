"""``unbroken demo``: the main job against an embedded emulator (no key, no network)."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import add_command, require_extra

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "demo",
        "run the main job against an embedded emulator (no key, no network)",
        "  unbroken demo\n",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    require_extra("uvicorn", "emulator", "the demo")
    from .._demo import run_demo

    return run_demo()
