"""Pytest fixtures for the emulator (registered through the ``pytest11`` entry point).

``emulator`` gives each test a clean view (no faults, no recorded requests, fresh resources and ids) of one
server started once per session, so a test suite pays the startup cost once. Nothing heavy is imported until a
test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .server import Emulator

__all__ = ["emulator"]


@pytest.fixture(scope="session")
def _unbroken_emulator_server() -> Iterator[Emulator]:
    from .server import Emulator

    with Emulator() as server:
        yield server


@pytest.fixture
def emulator(_unbroken_emulator_server: Emulator) -> Iterator[Emulator]:
    """A running ``unbroken.testing.Emulator``, reset before and after the test.

    While it is in use the client's retries do not sleep (their decisions are unchanged), so a test that
    makes the emulator fail twice does not wait a second and a half for the backoff.
    """
    from .._retry import instant_retries

    _unbroken_emulator_server.reset()
    with instant_retries():
        yield _unbroken_emulator_server
    _unbroken_emulator_server.reset()
