"""Fixtures of the batch runner tests."""

from __future__ import annotations

import pytest

from unbroken.testing import Emulator


@pytest.fixture
def env(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The emulator, as the environment the CLI reads its endpoint and key from."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", emulator.base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test")
    return emulator
