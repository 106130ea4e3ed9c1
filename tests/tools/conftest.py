from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

import unbroken
from unbroken.testing import Emulator


@pytest.fixture
def client(emulator: Emulator) -> Iterator[unbroken.Anthropic]:
    with unbroken.Anthropic(api_key="test-key", base_url=emulator.base_url) as sync_client:
        yield sync_client


@pytest.fixture
async def async_client(emulator: Emulator) -> AsyncIterator[unbroken.AsyncAnthropic]:
    async with unbroken.AsyncAnthropic(api_key="test-key", base_url=emulator.base_url) as client:
        yield client
