"""Fixtures that let the reference documents' examples run verbatim against the emulator.

The examples build ``anthropic.Anthropic(api_key="your-api-key")`` with no ``base_url`` and call
``time.sleep``/``asyncio.sleep`` between their own retries. Here every such client talks to the session
emulator (through ``ANTHROPIC_BASE_URL``), and the examples' own sleeps are recorded instead of slept.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from unbroken.testing import Emulator

_HERE = str(Path(__file__).resolve().parent)


@pytest.fixture(autouse=True)
def _examples_use_emulator(_clean_env: None, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients built without ``base_url`` go to the emulator (set after tests/conftest.py cleans the env)."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", emulator.base_url)


def _called_from_example(frame: FrameType | None) -> bool:
    return frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(_HERE)


@pytest.fixture
def example_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds the example code passed to ``time.sleep`` / ``asyncio.sleep``, in call order.

    Only calls made from this folder's code are recorded (and return at once); every other caller (the
    client's own retry loop, which ``instant_retries`` already keeps at zero, httpx, anyio, the emulator's
    server thread) gets the real function, so nothing else changes behaviour.
    """
    calls: list[float] = []
    real_sleep = time.sleep
    real_async_sleep = asyncio.sleep

    def fake_sleep(seconds: float) -> None:
        if _called_from_example(sys._getframe(1)):
            calls.append(seconds)
            return
        real_sleep(seconds)

    async def fake_async_sleep(delay: float, result: Any = None) -> Any:
        if _called_from_example(sys._getframe(1)):
            calls.append(delay)
            return await real_async_sleep(0, result)
        return await real_async_sleep(delay, result)

    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(asyncio, "sleep", fake_async_sleep)
    return calls
