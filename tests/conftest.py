from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from unbroken._retry import instant_retries

pytest_plugins = ("pytester",)  # runs inner pytest sessions (the emulator fixture's teardown, docs examples)


@pytest.fixture(autouse=True)
def _no_retry_sleeps() -> Iterator[None]:
    """Retries decide as in production but never sleep in tests."""
    with instant_retries():
        yield


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _keep_recursion_limit() -> Iterator[None]:
    """A test that runs mypy in-process raises the interpreter's recursion limit for good, which would hide
    the RecursionError that the deep-JSON tests provoke: each test gets the limit it started with."""
    limit = sys.getrecursionlimit()
    yield
    sys.setrecursionlimit(limit)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
