"""Deterministic crash points for the kill-and-resume tests.

``UNBROKEN_BATCH_CRASH_AT=<point>`` (or ``<point>@<n>`` for its n-th passage) makes the runner SIGKILL its own
process the moment it passes that point, so a test can kill it exactly between two durable steps instead of
racing a timer. Unset (always, outside those tests) a crash point costs one comparison.

The points: ``submit:before-create`` (intent recorded, create not sent), ``submit:after-create`` (the batch
exists on the server, its id is not recorded yet), ``poll:after-retrieve``, ``download:line`` (in the middle
of storing a batch's results), ``download:after-commit``, ``output:after-write`` (lines appended to the
output, the watermark not recorded yet) and ``direct:after-response``.
"""

from __future__ import annotations

import os
import signal

__all__ = ["ENV", "crash_point"]

ENV = "UNBROKEN_BATCH_CRASH_AT"
_target, _, _nth = os.environ.get(ENV, "").partition("@")
_remaining = int(_nth) if _nth else 1


def crash_point(name: str) -> None:
    global _remaining
    if name != _target:
        return
    _remaining -= 1
    if _remaining <= 0:
        os.kill(os.getpid(), signal.SIGKILL)
