"""`DefaultAioHttpClient`: the `aiohttp` extra's transport, over real sockets to the emulator, and the
one-line error that names the install command when the extra is missing."""

from __future__ import annotations

import sys

import httpx2
import pytest

import unbroken
from unbroken import DefaultAioHttpClient
from unbroken.testing import Emulator, Fault

ASK = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "one two three"}],
}


def aiohttp_client(emulator: Emulator) -> unbroken.AsyncAnthropic:
    return unbroken.AsyncAnthropic(
        api_key="test", base_url=emulator.base_url, http_client=DefaultAioHttpClient()
    )


@pytest.mark.anyio
async def test_create_goes_through_aiohttp(emulator: Emulator) -> None:
    from httpx_aiohttp.httpx2 import AiohttpTransport

    async with aiohttp_client(emulator) as client:
        assert isinstance(client._client._transport, AiohttpTransport)
        message = await client.messages.create(**ASK)  # type: ignore[arg-type]

    assert message.content[0].text == "Echo: one two three"  # type: ignore[union-attr]
    assert emulator.requests[-1].headers["x-api-key"] == "test"


@pytest.mark.anyio
async def test_retries_and_streams_go_through_aiohttp(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529))
    async with aiohttp_client(emulator) as client:
        async with client.messages.stream(**ASK) as stream:  # type: ignore[arg-type]
            text = [chunk async for chunk in stream.text_stream]

    assert "".join(text) == "Echo: one two three"
    assert len(emulator.requests) == 2


@pytest.mark.anyio
async def test_a_drop_mid_stream_through_aiohttp_is_typed_and_keeps_the_partial_message(
    emulator: Emulator,
) -> None:
    emulator.faults.push(Fault.drop_after(4))
    async with aiohttp_client(emulator) as client:
        with pytest.raises(unbroken.APIConnectionError) as caught:
            async with client.messages.stream(**ASK) as stream:  # type: ignore[arg-type]
                async for _ in stream:
                    pass

    assert isinstance(caught.value.__cause__, httpx2.TransportError)  # on the default stack, like the rest
    assert isinstance(caught.value.request, httpx2.Request)
    partial = caught.value.partial_message
    assert partial is not None and partial.content[0].text.startswith("Echo:")  # type: ignore[union-attr]
    assert len(emulator.requests) == 1


def test_a_proxy_is_sent_through_aiohttp_too() -> None:
    from httpx_aiohttp.httpx2 import AiohttpTransport

    client = DefaultAioHttpClient(proxy="http://127.0.0.1:3128")

    (proxied,) = client._mounts.values()
    assert isinstance(proxied, AiohttpTransport)
    assert proxied.proxy is not None and proxied.proxy.url == "http://127.0.0.1:3128"
    assert isinstance(client._transport, AiohttpTransport)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"transport": "transport"},
        {"proxy": "proxy"},
        {"mounts": "mounts"},
        {"auth": "auth"},
    ],
    ids=["transport", "proxy", "mounts", "auth"],
)
def test_an_httpx_object_is_refused_when_built_not_on_the_wire(kwargs: dict[str, str]) -> None:
    # An httpx transport, proxy, mount or auth flow cannot serve an httpx2 client: built anyway, every
    # request failed with an opaque `APIConnectionError` (AssertionError on `__cause__`), after retries.
    import httpx

    values = {
        "transport": httpx.AsyncHTTPTransport(),
        "proxy": httpx.Proxy("http://127.0.0.1:3128"),
        "mounts": {"http://": httpx.AsyncHTTPTransport()},
        "auth": httpx.BasicAuth("user", "pass"),
    }
    (key,) = kwargs

    with pytest.raises(TypeError) as caught:
        DefaultAioHttpClient(**{key: values[key]})

    message = str(caught.value)
    assert f"`{key}`" in message and "httpx2" in message and "httpx.AsyncClient" in message


def test_without_the_extra_the_error_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # `import httpx_aiohttp` now raises ImportError

    with pytest.raises(RuntimeError) as caught:
        DefaultAioHttpClient()

    message = str(caught.value)
    assert message == "DefaultAioHttpClient needs the aiohttp extra: pip install 'unbroken[aiohttp]'"
    assert isinstance(caught.value.__cause__, ImportError)


# aiohttp gives the watchdog no socket to shut: the reader bounds each wait itself. The stalls last far past
# the suite's per-test timeout, so only the limit under test can end these streams.


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["helper", "raw"])
async def test_a_silent_aiohttp_stream_is_cut_at_its_idle_limit(emulator: Emulator, kind: str) -> None:
    emulator.faults.push(Fault.stall_after(4, 600))  # after message_start, ping, block start, "Echo:"
    async with unbroken.AsyncAnthropic(
        api_key="test", base_url=emulator.base_url, http_client=DefaultAioHttpClient(), max_retries=0,
        stream_timeouts=unbroken.StreamTimeouts(idle=0.3),
    ) as client:  # fmt: skip
        with pytest.raises(unbroken.APITimeoutError) as caught:
            if kind == "helper":
                async with client.messages.stream(**ASK) as stream:  # type: ignore[arg-type]
                    await stream.get_final_text()
            else:
                async for _ in await client.messages.create(**ASK, stream=True):  # type: ignore[call-overload]
                    pass
        assert caught.value.timeout_kind == "idle"
        assert caught.value.partial_message.content[0].text == "Echo:"  # type: ignore[union-attr]
        again = await client.messages.create(**ASK)  # type: ignore[arg-type]
    assert again.content[0].text == "Echo: one two three"  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_a_slow_first_aiohttp_event_is_retried_at_its_limit(emulator: Emulator) -> None:
    emulator.faults.push(Fault.delay_first_event(600))
    async with unbroken.AsyncAnthropic(
        api_key="test", base_url=emulator.base_url, http_client=DefaultAioHttpClient(), max_retries=1,
        stream_timeouts=unbroken.StreamTimeouts(first_event=0.3),
    ) as client:  # fmt: skip
        async with client.messages.stream(**ASK) as stream:  # type: ignore[arg-type]
            assert await stream.get_final_text() == "Echo: one two three"
    assert len(emulator.requests) == 2
