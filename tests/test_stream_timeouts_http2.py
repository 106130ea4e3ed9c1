"""Stream limits over HTTP/2, where one connection carries many streams: a limit that passes on one stream
ends that stream only, never the others multiplexed on the same socket. The emulator's app is served over
HTTP/2 (cleartext, prior knowledge) by hypercorn, as uvicorn speaks only HTTP/1.1; the only waits are the
small limits and latencies under test."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2
import pytest
from hypercorn.asyncio import serve
from hypercorn.config import Config

import unbroken
from unbroken import StreamTimeouts
from unbroken.testing import EmulatorApp, Fault, Latency

STALLED = "please stall"
STEADY = "please go on" + " word" * 20  # 25 text deltas, 20 ms apart: busy while the other stream stalls
LIMITS = StreamTimeouts(idle=0.3)


@pytest.fixture(scope="module")
def http2_app() -> Iterator[tuple[EmulatorApp, str]]:
    """The emulator's app behind an HTTP/2 server on a thread of its own, and its base URL."""
    app = EmulatorApp(latency=Latency(tokens_per_second=50))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.loglevel = "WARNING"
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    server = threading.Thread(
        target=lambda: loop.run_until_complete(serve(app, config, shutdown_trigger=stop.wait)),  # type: ignore[arg-type]
        daemon=True,
    )
    server.start()
    for _ in range(500):  # until it listens (a few ms)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        threading.Event().wait(0.01)
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        loop.call_soon_threadsafe(stop.set)
        server.join(5)
        loop.close()


@pytest.fixture
def app(http2_app: tuple[EmulatorApp, str]) -> Iterator[EmulatorApp]:
    http2_app[0].reset()
    yield http2_app[0]
    http2_app[0].reset()


@pytest.fixture
def base_url(http2_app: tuple[EmulatorApp, str]) -> str:
    return http2_app[1]


def _ask(prompt: str) -> dict[str, Any]:
    return {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [{"role": "user", "content": prompt}]}


def test_a_limit_on_one_stream_leaves_the_others_on_its_connection_alone(
    app: EmulatorApp, base_url: str
) -> None:
    app.faults.push(Fault.stall_after(4, 1.0, prompt=STALLED))  # silent for longer than `idle`
    http = httpx2.Client(http1=False, http2=True)
    client = unbroken.Anthropic(
        api_key="test", base_url=base_url, http_client=http, max_retries=0, stream_timeouts=LIMITS
    )
    # The steady stream has no limit of its own: while one stream is silent, httpcore's sync HTTP/2 lets its
    # reader hold the connection's read lock and hands the other stream's events over late (by half a second
    # here), which an `idle` limit would rightly count.
    clients = {STALLED: client, STEADY: client.with_options(stream_timeouts=None)}
    outcomes: dict[str, Any] = {}

    def read(name: str, prompt: str) -> None:
        try:
            with clients[prompt].messages.stream(**_ask(prompt)) as stream:
                outcomes[name] = (stream.get_final_text(), stream.response.http_version)
        except unbroken.APIError as exc:
            outcomes[name] = exc

    with client:
        readers = [
            threading.Thread(target=read, args=args) for args in (("stalled", STALLED), ("steady", STEADY))
        ]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()

    assert outcomes["steady"] == ("Echo: " + STEADY, "HTTP/2")  # not cut by the other's limit
    stalled = outcomes["stalled"]
    assert isinstance(stalled, unbroken.APITimeoutError) and stalled.timeout_kind == "idle"
    assert stalled.partial_message is not None and stalled.partial_message.content[0].text == "Echo:"  # type: ignore[union-attr]
    assert [r.outcome.status for r in app.requests] == [200, 200]


@pytest.mark.anyio
async def test_async_a_limit_on_one_stream_leaves_the_others_on_its_connection_alone(
    app: EmulatorApp, base_url: str
) -> None:
    app.faults.push(Fault.stall_after(4, 1.0, prompt=STALLED))
    http = httpx2.AsyncClient(http1=False, http2=True)
    outcomes: dict[str, Any] = {}

    async with unbroken.AsyncAnthropic(
        api_key="test", base_url=base_url, http_client=http, max_retries=0, stream_timeouts=LIMITS
    ) as client:

        async def read(name: str, prompt: str) -> None:
            try:
                async with client.messages.stream(**_ask(prompt)) as stream:
                    outcomes[name] = (await stream.get_final_text(), stream.response.http_version)
            except unbroken.APIError as exc:
                outcomes[name] = exc

        async with anyio.create_task_group() as group:
            group.start_soon(read, "stalled", STALLED)
            group.start_soon(read, "steady", STEADY)

        assert outcomes["steady"] == ("Echo: " + STEADY, "HTTP/2")
        stalled = outcomes["stalled"]
        assert isinstance(stalled, unbroken.APITimeoutError) and stalled.timeout_kind == "idle"
        # the connection both streams shared still serves
        message = await client.messages.create(**_ask("again"))
        assert message.content[0].text == "Echo: again"  # type: ignore[union-attr]
