"""An offline, deterministic Anthropic API that fails on purpose: ``unbroken.testing``.

>>> from unbroken.testing import Emulator, Fault
>>> with Emulator() as emu:                                   # doctest: +SKIP
...     emu.faults.push(Fault.status(529, times=2))
...     client = unbroken.Anthropic(base_url=emu.base_url, api_key="test")
...     client.messages.create(...)                           # two 529s, then "Echo: ..."
...     assert len(emu.requests) == 3

The deterministic reply rules are in ``unbroken.testing.replies``, the fault semantics in
``unbroken.testing.faults``, the batch and skill lifecycles in ``unbroken.testing.resources``. Names load
lazily: importing this package costs nothing, and uvicorn (the ``emulator`` extra) is needed only once a
server starts. Pytest users get the ``emulator`` fixture from the ``unbroken.testing.pytest_plugin`` entry
point, and ``instant_retries()`` keeps the client's retries from sleeping in tests (decisions unchanged).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._retry import instant_retries
    from ._asgi import RecordedRequest
    from .app import EmulatorApp
    from .faults import Fault, FaultPlan
    from .server import Emulator, serve

__all__ = ["Emulator", "EmulatorApp", "Fault", "FaultPlan", "RecordedRequest", "instant_retries", "serve"]

_HOMES = {
    "Emulator": ".server",
    "serve": ".server",
    "EmulatorApp": ".app",
    "Fault": ".faults",
    "FaultPlan": ".faults",
    "RecordedRequest": "._asgi",
    "instant_retries": ".._retry",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
