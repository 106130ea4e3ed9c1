from __future__ import annotations

import httpx
from emu_helpers import VERSION, message_body

from unbroken.testing import Emulator


def test_missing_key_is_401_when_a_key_is_required(emulator: Emulator, client: httpx.Client) -> None:
    emulator.api_key = "sk-test"

    response = client.post("/v1/messages", json=message_body())

    assert response.status_code == 401
    assert response.json()["error"] == {
        "type": "authentication_error",
        "message": "x-api-key header is required",
    }


def test_wrong_key_is_401(emulator: Emulator, client: httpx.Client) -> None:
    emulator.api_key = "sk-test"

    response = client.post("/v1/messages", json=message_body(), headers={"x-api-key": "sk-wrong"})

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "invalid x-api-key"


def test_right_x_api_key_is_accepted(emulator: Emulator, client: httpx.Client) -> None:
    emulator.api_key = "sk-test"

    response = client.post("/v1/messages", json=message_body(), headers={"x-api-key": "sk-test"})

    assert response.status_code == 200


def test_right_bearer_token_is_accepted(emulator: Emulator, client: httpx.Client) -> None:
    emulator.api_key = "sk-test"

    response = client.post("/v1/messages", json=message_body(), headers={"authorization": "Bearer sk-test"})

    assert response.status_code == 200


def test_reset_restores_the_constructor_key(emulator: Emulator, client: httpx.Client) -> None:
    emulator.api_key = "sk-test"
    emulator.reset()

    assert client.post("/v1/messages", json=message_body()).status_code == 200


def test_constructor_api_key_is_enforced() -> None:
    with Emulator(api_key="sk-ctor") as emu:
        anonymous = httpx.post(f"{emu.base_url}/v1/messages", json=message_body(), headers=VERSION)
        keyed = httpx.post(
            f"{emu.base_url}/v1/messages", json=message_body(), headers={**VERSION, "x-api-key": "sk-ctor"}
        )

    assert (anonymous.status_code, keyed.status_code) == (401, 200)
