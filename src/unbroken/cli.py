"""`unbroken …` / `python -m unbroken …`: the command line (commands live in `unbroken._cli`)."""

from __future__ import annotations

from ._cli import main

__all__ = ["main"]
