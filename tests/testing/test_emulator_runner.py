from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from emu_helpers import VERSION, message_body

from unbroken.testing import Emulator, EmulatorApp


def test_importing_the_package_and_plugin_loads_no_server() -> None:
    code = (
        "import sys, unbroken.testing as t, unbroken.testing.pytest_plugin\n"
        "t.Fault, t.FaultPlan, t.EmulatorApp().faults\n"
        "assert 'uvicorn' not in sys.modules and 'starlette' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_uvicorn_is_a_clear_runtime_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)

    with pytest.raises(RuntimeError, match=r"pip install 'unbroken\[emulator\]'"):
        Emulator().start()


def test_base_url_before_start_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = Emulator().base_url


def test_each_emulator_has_its_own_port_and_state() -> None:
    with Emulator() as one, Emulator() as two:
        httpx.post(f"{one.base_url}/v1/messages", json=message_body(), headers=VERSION)

        assert one.base_url != two.base_url
        assert (len(one.requests), len(two.requests)) == (1, 0)


@pytest.mark.anyio
async def test_emulator_serves_async_clients_from_async_with() -> None:
    async with Emulator() as emu, httpx.AsyncClient(base_url=emu.base_url, headers=VERSION) as http:
        response = await http.post("/v1/messages", json=message_body("async hello"))

    assert response.json()["content"][0]["text"] == "Echo: async hello"


@pytest.mark.anyio
async def test_the_app_runs_in_process_without_a_server() -> None:
    transport = httpx.ASGITransport(app=EmulatorApp())
    async with httpx.AsyncClient(transport=transport, base_url="http://emulator", headers=VERSION) as http:
        response = await http.post("/v1/messages", json=message_body())

    assert response.status_code == 200
    assert response.headers["request-id"] == "req_emu_1"


def test_emulator_fixture_starts_clean(emulator: Emulator) -> None:
    assert emulator.requests == []
    assert len(emulator.faults) == 0
    assert emulator.base_url.startswith("http://127.0.0.1:")


def test_public_names_are_sorted_and_resolve() -> None:
    import unbroken.testing as testing

    assert testing.__all__ == sorted(testing.__all__)
    assert all(getattr(testing, name) is not None for name in testing.__all__)
