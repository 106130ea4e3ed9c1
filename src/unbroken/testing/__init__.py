"""An offline, deterministic Anthropic API that fails on purpose: ``unbroken.testing``.

>>> from unbroken.testing import Emulator, Fault, Reply
>>> with Emulator() as emu:                                   # doctest: +SKIP
...     emu.replies.push(Reply.tool_use("get_weather", {"city": "Paris"}))
...     emu.faults.push(Fault.status(529, times=2))
...     client = emu.client()
...     client.messages.create(...)                           # two 529s, then the tool call
...     assert len(emu.requests) == 3

The layers, one module each: routing (``routing``), scripted replies (``script``; the echo rules when none
answers: ``replies``), faults (``faults``), targeting shared by both (``matching``), the latency model
(``latency``), rate limits that empty (``ratelimits``), record and replay (``cassettes``, ``recording``),
the control API (``control``) and the ``unbroken emulator`` command (``standalone``); ``app`` puts them
together, ``server`` runs them. The batch and skill lifecycles are in ``resources``. Names load lazily:
importing this package costs nothing, and uvicorn (the ``emulator`` extra) is needed only once a server
starts. Pytest users get the ``emulator`` fixture and marker from the ``unbroken.testing.pytest_plugin``
entry point, and ``instant_retries()`` keeps the client's retries from sleeping in tests (decisions
unchanged).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._retry import instant_retries
    from .app import EmulatorApp
    from .cassettes import Cassette
    from .faults import Fault, FaultPlan
    from .latency import Latency
    from .ratelimits import RateLimits
    from .recording import NetworkBlocked, RecordMode
    from .request_log import RecordedRequest, RequestLog
    from .script import Reply, ReplyPlan
    from .server import Emulator, serve

__all__ = [
    "Cassette",
    "Emulator",
    "EmulatorApp",
    "Fault",
    "FaultPlan",
    "Latency",
    "NetworkBlocked",
    "RateLimits",
    "RecordMode",
    "RecordedRequest",
    "Reply",
    "ReplyPlan",
    "RequestLog",
    "instant_retries",
    "serve",
]

_HOMES = {
    "Cassette": ".cassettes",
    "Emulator": ".server",
    "serve": ".server",
    "EmulatorApp": ".app",
    "Fault": ".faults",
    "FaultPlan": ".faults",
    "Latency": ".latency",
    "NetworkBlocked": ".recording",
    "RateLimits": ".ratelimits",
    "RecordMode": ".recording",
    "RecordedRequest": ".request_log",
    "Reply": ".script",
    "ReplyPlan": ".script",
    "RequestLog": ".request_log",
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
