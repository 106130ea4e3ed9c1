"""The latency model: a pure schedule (tested without a clock), the pauses the app takes, and a socket-level
first-token delay that a client's timeout notices."""

from __future__ import annotations

import math

import httpx
import pytest
from emu_helpers import VERSION, message_body

import unbroken
from unbroken.testing import EmulatorApp, Latency, Reply
from unbroken.testing._asgi import Exchange
from unbroken.testing.latency import output_tokens_of

# -- the schedule ---------------------------------------------------------------------------------


def test_first_token_comes_before_the_first_unit_and_tokens_pace_the_rest() -> None:
    model = Latency(first_token=0.5, tokens_per_second=10)

    delays = model.stream_delays([0, 0, 1, 1, 0], model.rng())

    assert delays == [0.5, 0.0, 0.1, 0.1, 0.0]


def test_without_tokens_per_second_only_the_first_token_waits() -> None:
    model = Latency(first_token=0.25)

    assert model.stream_delays([0, 1, 1], model.rng()) == [0.25, 0.0, 0.0]
    assert model.response_delay(100, model.rng()) == 0.25


def test_a_complete_answer_waits_for_all_its_tokens() -> None:
    model = Latency(first_token=0.5, tokens_per_second=20)

    assert model.response_delay(10, model.rng()) == 1.0


def test_jitter_stays_within_its_bounds_and_repeats_with_the_seed() -> None:
    model = Latency(first_token=1.0, tokens_per_second=1, jitter=0.2, seed=7)

    first = model.stream_delays([1] * 50, model.rng())
    again = model.stream_delays([1] * 50, model.rng())
    other = Latency(first_token=1.0, tokens_per_second=1, jitter=0.2, seed=8)

    assert first == again
    assert first != other.stream_delays([1] * 50, other.rng())
    assert all(0.8 <= d <= 1.2 for d in first[1:])
    assert 1.6 <= first[0] <= 2.4 and len(set(first)) > 40


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"first_token": -1}, "first_token"),
        ({"tokens_per_second": 0}, "tokens_per_second"),
        ({"jitter": 1.5}, "jitter"),
        ({"first_token": math.nan}, "first_token"),
        ({"tokens_per_second": math.nan}, "tokens_per_second"),
    ],
)
def test_impossible_models_are_refused(options: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Latency(**options)  # type: ignore[arg-type]


def test_output_tokens_are_read_from_a_message_body() -> None:
    assert output_tokens_of(b'{"usage": {"output_tokens": 12}}') == 12
    assert output_tokens_of(b"[1, 2]") == 0
    assert output_tokens_of(b"not json") == 0


# -- what the app waits (the pauses recorded instead of slept) -------------------------------------


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    taken: list[float] = []

    async def pause(self: Exchange, seconds: float, gate: object) -> None:
        taken.append(seconds)

    monkeypatch.setattr(Exchange, "pause", pause)
    return taken


@pytest.mark.anyio
async def test_a_streamed_answer_is_paced_event_by_event(pauses: list[float]) -> None:
    app = EmulatorApp(latency=Latency(first_token=2.0, tokens_per_second=4))
    app.replies.push(Reply.text("one two three"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://emu", headers=VERSION) as http:
        response = await http.post("/v1/messages", json=message_body(stream=True))

    assert response.text.count("event: content_block_delta") == 3
    assert pauses == [2.0, 0.25, 0.25, 0.25]  # before message_start, then before each text delta


@pytest.mark.anyio
async def test_a_complete_answer_waits_once_and_errors_not_at_all(pauses: list[float]) -> None:
    app = EmulatorApp(latency=Latency(first_token=1.0, tokens_per_second=10))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://emu", headers=VERSION) as http:
        ok = await http.post("/v1/messages", json=message_body("a b c d"))
        bad = await http.post("/v1/messages", json={"model": "claude-sonnet-4-5"})

    assert ok.json()["usage"]["output_tokens"] == 5  # "Echo: a b c d"
    assert bad.status_code == 400
    assert pauses == [1.5]


@pytest.mark.anyio
async def test_reset_restores_the_latency_model_the_app_was_built_with(pauses: list[float]) -> None:
    app = EmulatorApp()
    app.latency = Latency(first_token=3.0)
    app.reset()

    assert app.latency is None


# -- over a socket --------------------------------------------------------------------------------


def test_time_to_first_token_trips_a_clients_read_timeout() -> None:
    from unbroken.testing import Emulator

    with Emulator(latency=Latency(first_token=30)) as emu:
        client = emu.client(max_retries=0, timeout=httpx.Timeout(5.0, read=0.2))
        with pytest.raises(unbroken.APITimeoutError):
            client.messages.create(
                model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "hi"}]
            )


@pytest.mark.anyio
async def test_time_to_first_token_trips_an_async_clients_read_timeout() -> None:
    from unbroken.testing import Emulator

    async with Emulator(latency=Latency(first_token=30)) as emu:
        async with emu.async_client(max_retries=0, timeout=httpx.Timeout(5.0, read=0.2)) as client:
            with pytest.raises(unbroken.APITimeoutError):
                async with client.messages.stream(
                    model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "hi"}]
                ) as stream:
                    await stream.get_final_message()
