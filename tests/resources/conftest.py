from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

import unbroken
from unbroken.testing import Emulator


@pytest.fixture
def client(emulator: Emulator) -> Iterator[unbroken.Anthropic]:
    """A sync client on the session emulator (reset per test by the `emulator` fixture)."""
    with unbroken.Anthropic(api_key="test-key", base_url=emulator.base_url) as c:
        yield c


@pytest.fixture
async def aclient(emulator: Emulator) -> AsyncIterator[unbroken.AsyncAnthropic]:
    async with unbroken.AsyncAnthropic(api_key="test-key", base_url=emulator.base_url) as c:
        yield c
