"""Both HTTP stacks, httpx2 (the default) and httpx (the reference 0.74's): accepted as `http_client`, their
failures translated alike over real sockets, their values converted, and httpx never loaded by a program
that does not use it."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType
from typing import Any

import httpx
import httpx2
import pytest

import unbroken
from unbroken import _stacks
from unbroken.testing import Emulator, Fault

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "one two three four five six"}],
}
STACKS = [pytest.param(httpx2, id="httpx2"), pytest.param(httpx, id="httpx")]


def sync_client(emulator: Emulator, stack: ModuleType, **kwargs: Any) -> unbroken.Anthropic:
    return unbroken.Anthropic(
        api_key="k", base_url=emulator.base_url, http_client=stack.Client(), max_retries=0, **kwargs
    )


def async_client(emulator: Emulator, stack: ModuleType, **kwargs: Any) -> unbroken.AsyncAnthropic:
    return unbroken.AsyncAnthropic(
        api_key="k", base_url=emulator.base_url, http_client=stack.AsyncClient(), max_retries=0, **kwargs
    )


@pytest.mark.parametrize("stack", STACKS)
def test_a_drop_mid_stream_is_a_connection_error_with_the_stacks_cause(
    emulator: Emulator, stack: ModuleType
) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with pytest.raises(unbroken.APIConnectionError) as info:
        with sync_client(emulator, stack).messages.stream(**ARGS) as stream:
            stream.until_done()
    assert isinstance(info.value.__cause__, stack.TransportError)
    assert isinstance(info.value.request, stack.Request)
    assert info.value.partial_message is not None


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.anyio
async def test_async_drop_mid_stream_is_a_connection_error_with_the_stacks_cause(
    emulator: Emulator, stack: ModuleType
) -> None:
    emulator.faults.push(Fault.drop_after(6))
    with pytest.raises(unbroken.APIConnectionError) as info:
        async with async_client(emulator, stack).messages.stream(**ARGS) as stream:
            await stream.until_done()
    assert isinstance(info.value.__cause__, stack.TransportError)
    assert info.value.partial_message is not None


@pytest.mark.parametrize("stack", STACKS)
def test_a_stall_is_a_timeout_whichever_stack_the_timeout_came_from(
    emulator: Emulator, stack: ModuleType
) -> None:
    other = httpx if stack is httpx2 else httpx2
    emulator.faults.push(Fault.stall_before_headers(30))
    client = sync_client(emulator, stack, timeout=other.Timeout(0.2))
    with pytest.raises(unbroken.APITimeoutError) as info:
        client.messages.create(**ARGS)
    assert isinstance(info.value.__cause__, stack.TimeoutException)


@pytest.mark.parametrize("stack", STACKS)
def test_a_status_error_carries_the_stacks_response(emulator: Emulator, stack: ModuleType) -> None:
    emulator.faults.push(Fault.status(529))
    with pytest.raises(unbroken.OverloadedError) as info:
        sync_client(emulator, stack).messages.create(**ARGS)
    assert isinstance(info.value.response, stack.Response)
    assert info.value.response.status_code == 529


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.anyio
async def test_async_status_error_carries_the_stacks_response(emulator: Emulator, stack: ModuleType) -> None:
    emulator.faults.push(Fault.status(529))
    with pytest.raises(unbroken.OverloadedError) as info:
        await async_client(emulator, stack).messages.create(**ARGS)
    assert isinstance(info.value.response, stack.Response)


@pytest.mark.parametrize("stack", STACKS)
def test_raw_response_parses_to_either_stacks_response_class(emulator: Emulator, stack: ModuleType) -> None:
    raw = sync_client(emulator, stack).messages.with_raw_response.create(**ARGS)
    assert raw.parse(to=stack.Response) is raw.http_response


def test_the_reference_mock_transport_style_still_works() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            529, json={"type": "error", "error": {"type": "overloaded_error", "message": "x"}}
        )

    client = unbroken.Anthropic(
        api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)), max_retries=0
    )
    with pytest.raises(unbroken.OverloadedError) as info:
        client.messages.create(**ARGS)
    assert isinstance(info.value.response, httpx.Response)
    assert isinstance(info.value.request, httpx.Request)


def test_default_clients_are_httpx2_with_the_library_defaults() -> None:
    for client in (unbroken.DefaultHttpxClient(), unbroken.DefaultAsyncHttpxClient()):
        assert isinstance(client, (httpx2.Client, httpx2.AsyncClient))
        assert client.timeout == unbroken.DEFAULT_TIMEOUT
        assert client.follow_redirects is True
    assert isinstance(unbroken.Anthropic(api_key="k")._client, httpx2.Client)


def test_default_clients_handed_httpx_objects_are_httpx_with_the_same_defaults() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    sync = unbroken.DefaultHttpxClient(transport=transport, timeout=httpx2.Timeout(7.0))
    assert type(sync) is httpx.Client
    assert sync.timeout == httpx.Timeout(7.0)
    assert sync.follow_redirects is True
    asynchronous = unbroken.DefaultAsyncHttpxClient(
        transport=httpx.AsyncHTTPTransport(), limits=httpx.Limits()
    )
    assert type(asynchronous) is httpx.AsyncClient


def test_default_client_converts_httpx_timeouts_and_limits_but_stays_on_httpx2() -> None:
    client = unbroken.DefaultHttpxClient(timeout=httpx.Timeout(3.0, connect=1.0), limits=httpx.Limits())
    assert isinstance(client, httpx2.Client)
    assert client.timeout == httpx2.Timeout(3.0, connect=1.0)


@pytest.mark.parametrize("wrong", [httpx.AsyncClient, httpx2.AsyncClient, object])
def test_a_sync_client_refuses_anything_but_a_sync_http_client(wrong: type[Any]) -> None:
    with pytest.raises(TypeError, match=r"`httpx2\.Client` or `httpx\.Client`"):
        unbroken.Anthropic(api_key="k", http_client=wrong())


@pytest.mark.parametrize("wrong", [httpx.Client, httpx2.Client])
def test_an_async_client_refuses_a_sync_http_client(wrong: type[Any]) -> None:
    with pytest.raises(TypeError, match=r"`httpx2\.AsyncClient` or `httpx\.AsyncClient`"):
        unbroken.AsyncAnthropic(api_key="k", http_client=wrong())


def test_with_options_keeps_the_callers_stack() -> None:
    client = unbroken.Anthropic(api_key="k", http_client=httpx.Client())
    assert isinstance(client.with_options(timeout=3.0)._client, httpx.Client)


def test_values_convert_across_stacks() -> None:
    assert _stacks.convert(httpx, httpx2.Timeout(2.0, read=9.0)) == httpx.Timeout(2.0, read=9.0)
    assert _stacks.convert(httpx2, None) == httpx2.Timeout(None)
    assert _stacks.convert(httpx2, 4) == httpx2.Timeout(4)
    limits = _stacks.convert(httpx, httpx2.Limits(max_connections=7, keepalive_expiry=2.0))
    assert (limits.max_connections, limits.keepalive_expiry) == (7, 2.0)
    assert _stacks.convert(httpx, httpx2.URL("http://h/p?q=1")) == httpx.URL("http://h/p?q=1")
    with pytest.raises(TypeError, match="cannot be used with a `httpx` client"):
        _stacks.convert(httpx, httpx2.Proxy("http://p"))


def test_a_program_on_the_default_stack_never_imports_httpx(emulator: Emulator) -> None:
    code = (
        "import sys, unbroken\n"
        f"client = unbroken.Anthropic(api_key='k', base_url={emulator.base_url!r})\n"
        f"client.messages.create(**{ARGS!r})\n"
        "assert 'httpx' not in sys.modules and 'httpcore' not in sys.modules, 'httpx was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_stacks_are_told_apart_in_a_process_that_also_imports_the_reference() -> None:
    # `import anthropic` relabels the httpx classes it re-exports (`httpx.Timeout.__module__` becomes
    # "anthropic"); a program migrating from it may import both. An httpx timeout must still be converted.
    code = (
        "import anthropic, httpx, httpx2, unbroken\n"
        "from unbroken import _stacks\n"
        "assert httpx.Timeout.__module__ == 'anthropic'\n"
        "assert _stacks.of(httpx.Timeout(1.0)) is httpx and _stacks.of_class(httpx.Response) is httpx\n"
        "client = unbroken.Anthropic(api_key='k', timeout=httpx.Timeout(3.0, connect=1.0))\n"
        "assert client._client.timeout == httpx2.Timeout(3.0, connect=1.0)\n"
        "from unbroken._request import request_spec\n"
        "built = client._build_request(client._client, request_spec('post', '/v1/messages', body={}))\n"
        "assert built.extensions['timeout'] == {'connect': 1.0, 'read': 3.0, 'write': 3.0, 'pool': 3.0}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"proxy": httpx.Proxy("http://127.0.0.1:3128")},
        {"mounts": {"http://": httpx.HTTPTransport()}},
        {"auth": httpx.BasicAuth("user", "secret")},
    ],
    ids=["proxy", "mounts", "auth"],
)
def test_any_httpx_object_that_cannot_cross_stacks_makes_an_httpx_client(kwargs: dict[str, Any]) -> None:
    client = unbroken.DefaultHttpxClient(**kwargs)
    assert type(client) is httpx.Client
    assert client.timeout == httpx.Timeout(600.0, connect=5.0)  # the library's default, converted


def test_a_subclass_of_the_default_client_stays_on_httpx2() -> None:
    class Mine(unbroken.DefaultHttpxClient):
        pass

    assert type(Mine()) is Mine
