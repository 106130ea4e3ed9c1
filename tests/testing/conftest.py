from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from emu_helpers import VERSION

from unbroken.testing import Emulator


@pytest.fixture
def client(emulator: Emulator) -> Iterator[httpx.Client]:
    """A plain httpx client on the session emulator (``emulator`` comes from our pytest plugin)."""
    with httpx.Client(base_url=emulator.base_url, headers=VERSION, timeout=5) as http:
        yield http
