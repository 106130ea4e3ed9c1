"""The transport boundary (`_transport`), as a caller sees it: which request a translated error names, and
chunked reads that keep the size asked for. Branches mutation testing found unchecked (issue 10)."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import httpx2
import pytest

import unbroken
from helpers import Recorder
from helpers import client as mock_client
from unbroken import _transport
from unbroken.testing import Emulator, Fault

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Hello"}],
}


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released): connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the request an error names ------------------------------------------------------------------------


def redirect_then_refuse() -> Recorder:
    """A 307 to another path, whose request then fails with that request attached (as httpx does)."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    location = {"location": "http://api.test/v1/moved"}
    return Recorder(httpx.Response(307, headers=location), refuse)


def test_a_failure_after_a_redirect_names_the_request_that_failed() -> None:
    recorder = redirect_then_refuse()
    http = httpx.Client(transport=httpx.MockTransport(recorder), follow_redirects=True)
    client = unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError) as info:
        client.messages.create(**ARGS)
    assert info.value.request.url.path == "/v1/moved"
    assert info.value.request is recorder.requests[1]


@pytest.mark.anyio
async def test_async_failure_after_a_redirect_names_the_request_that_failed() -> None:
    recorder = redirect_then_refuse()
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder), follow_redirects=True)
    client = unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError) as info:
        await client.messages.create(**ARGS)
    assert info.value.request.url.path == "/v1/moved"
    assert info.value.request is recorder.requests[1]


def test_a_refused_redirect_target_is_a_connection_error_naming_it(emulator: Emulator) -> None:
    port = closed_port()
    emulator.faults.push(Fault.status(307, headers={"location": f"http://127.0.0.1:{port}/v1/elsewhere"}))
    client = unbroken.Anthropic(api_key="k", base_url=emulator.base_url, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError) as info:
        client.messages.create(**ARGS)
    assert type(info.value) is unbroken.APIConnectionError
    assert (info.value.request.url.port, info.value.request.url.path) == (port, "/v1/elsewhere")


@pytest.mark.anyio
async def test_async_refused_redirect_target_is_a_connection_error_naming_it(emulator: Emulator) -> None:
    port = closed_port()
    emulator.faults.push(Fault.status(307, headers={"location": f"http://127.0.0.1:{port}/v1/elsewhere"}))
    client = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError) as info:
        await client.messages.create(**ARGS)
    assert type(info.value) is unbroken.APIConnectionError
    assert (info.value.request.url.port, info.value.request.url.path) == (port, "/v1/elsewhere")


def test_an_httpx_error_from_an_event_hook_names_the_request_sent() -> None:
    """httpx attaches the request only to errors of its transport; one raised by an event hook has none."""

    def hook(request: httpx.Request) -> None:
        raise httpx.ConnectError("refused by hook")

    http = httpx.Client(transport=httpx.MockTransport(Recorder()), event_hooks={"request": [hook]})
    client = unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError, match=r"^Connection error: refused by hook$") as info:
        client.messages.create(**ARGS)
    assert info.value.request.url.path == "/v1/messages"


@pytest.mark.anyio
async def test_async_httpx_error_from_an_event_hook_names_the_request_sent() -> None:
    async def hook(request: httpx.Request) -> None:
        raise httpx.ConnectError("refused by hook")

    http = httpx.AsyncClient(transport=httpx.MockTransport(Recorder()), event_hooks={"request": [hook]})
    client = unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http, max_retries=0)
    with pytest.raises(unbroken.APIConnectionError, match=r"^Connection error: refused by hook$") as info:
        await client.messages.create(**ARGS)
    assert info.value.request.url.path == "/v1/messages"


@pytest.mark.parametrize("raised", [RuntimeError("oops"), OSError("disk")])
def test_a_foreign_exception_with_a_request_attribute_names_the_request_sent(raised: Exception) -> None:
    """Only httpx's own errors are trusted to carry the request that failed; another library's `request`
    attribute may be anything."""

    def fail(request: httpx.Request) -> httpx.Response:
        raised.request = "not a request"  # type: ignore[attr-defined]
        raise raised

    recorder = Recorder(fail)
    with pytest.raises(unbroken.APIConnectionError) as info:
        mock_client(recorder, max_retries=0).messages.create(**ARGS)
    assert info.value.request is recorder.requests[0]
    assert info.value.__cause__ is raised


# -- chunked reads -------------------------------------------------------------------------------------


def test_a_streamed_body_comes_in_chunks_of_the_size_asked(emulator: Emulator) -> None:
    client = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    content = bytes(range(256)) * 8
    uploaded = client.beta.files.upload(file=("blob.bin", content, "application/octet-stream"))
    with client.beta.files.with_streaming_response.download(uploaded.id) as response:
        chunks = list(response.iter_bytes(chunk_size=300))
    assert b"".join(chunks) == content
    assert [len(c) for c in chunks] == [300] * 6 + [248]


@pytest.mark.anyio
async def test_async_streamed_body_comes_in_chunks_of_the_size_asked(emulator: Emulator) -> None:
    client = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    content = bytes(range(256)) * 8
    uploaded = await client.beta.files.upload(file=("blob.bin", content, "application/octet-stream"))
    async with client.beta.files.with_streaming_response.download(uploaded.id) as response:
        chunks = [chunk async for chunk in response.iter_bytes(chunk_size=300)]
    assert b"".join(chunks) == content
    assert [len(c) for c in chunks] == [300] * 6 + [248]


# -- the socket under a streamed response (what the stream watchdog shuts down) ---------------------------


def test_the_socket_under_a_streamed_response_is_found(emulator: Emulator) -> None:
    with httpx2.Client() as http, http.stream("GET", f"{emulator.base_url}/v1/models") as response:
        sock = _transport.socket_of(response)
        assert isinstance(sock, socket.socket)
        assert sock.getpeername()[1] == httpx2.URL(emulator.base_url).port


@pytest.mark.anyio
async def test_async_the_socket_under_a_streamed_response_is_found(emulator: Emulator) -> None:
    async with httpx2.AsyncClient() as http, http.stream("GET", f"{emulator.base_url}/v1/models") as response:
        sock = _transport.socket_of(response)  # asyncio's TransportSocket, a view of the socket
        assert sock is not None and callable(sock.shutdown)
        assert sock.getpeername()[1] == httpx2.URL(emulator.base_url).port


class _Stream:
    def __init__(self, extra: Any) -> None:
        self.extra = extra

    def get_extra_info(self, name: str) -> Any:
        if isinstance(self.extra, Exception):
            raise self.extra
        return self.extra if name == "socket" else None


@pytest.mark.parametrize(
    "extensions",
    [
        {},  # a mock or ASGI transport
        {"network_stream": object()},  # a stream that cannot say
        {"network_stream": _Stream(OSError("closed"))},  # one that fails to
        {"network_stream": _Stream(object())},  # one whose "socket" cannot be shut down
    ],
)
def test_no_socket_is_claimed_where_the_transport_has_none(extensions: dict[str, Any]) -> None:
    response = httpx2.Response(200, extensions=extensions)
    assert _transport.socket_of(response) is None  # type: ignore[arg-type]  # either stack's response


@pytest.mark.parametrize("version", [b"HTTP/2", "HTTP/2", b"HTTP/3"])
def test_no_socket_is_claimed_under_a_connection_that_multiplexes_streams(version: object) -> None:
    with socket.socket() as sock:
        extensions = {"http_version": version, "network_stream": _Stream(sock)}
        assert _transport.socket_of(httpx2.Response(200, extensions=extensions)) is None  # type: ignore[arg-type]
        extensions["http_version"] = b"HTTP/1.1"
        assert _transport.socket_of(httpx2.Response(200, extensions=extensions)) is sock  # type: ignore[arg-type]


# -- what the http client keeps --------------------------------------------------------------------------


def test_a_timeout_that_names_no_phase_is_a_read_timeout() -> None:
    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.TimeoutException("slow", request=request)  # a custom transport's own timeout

    with pytest.raises(unbroken.APITimeoutError) as info:
        mock_client(Recorder(stall), max_retries=0).messages.create(**ARGS)
    assert info.value.timeout_kind == "read"
    assert str(info.value) == "Request timed out (read timeout)."


@pytest.mark.anyio
async def test_async_timeout_that_names_no_phase_is_a_read_timeout() -> None:
    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.TimeoutException("slow", request=request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(stall))
    client = unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http, max_retries=0)
    with pytest.raises(unbroken.APITimeoutError) as info:
        await client.messages.create(**ARGS)
    assert info.value.timeout_kind == "read"


def test_the_http_clients_own_auth_stays_in_force() -> None:
    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder), auth=httpx.BasicAuth("proxy-user", "secret"))
    client = unbroken.Anthropic(api_key="k", base_url="http://api.test", http_client=http)
    client.messages.create(**ARGS)
    assert recorder.requests[0].headers["authorization"].startswith("Basic ")
    assert recorder.requests[0].headers["x-api-key"] == "k"


@pytest.mark.anyio
async def test_async_the_http_clients_own_auth_stays_in_force() -> None:
    recorder = Recorder()
    auth = httpx.BasicAuth("proxy-user", "secret")
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder), auth=auth)
    client = unbroken.AsyncAnthropic(api_key="k", base_url="http://api.test", http_client=http)
    await client.messages.create(**ARGS)
    assert recorder.requests[0].headers["authorization"].startswith("Basic ")


class _SignedAuth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["x-signed"] = "yes"
        yield request


class _SignedClient(unbroken.Anthropic):
    @property
    def custom_auth(self) -> httpx.Auth:  # the reference's hook for a subclass that signs its requests
        return _SignedAuth()


class _AsyncSignedClient(unbroken.AsyncAnthropic):
    @property
    def custom_auth(self) -> httpx.Auth:
        return _SignedAuth()


def test_a_subclass_custom_auth_signs_every_request() -> None:
    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    _SignedClient(api_key="k", base_url="http://api.test", http_client=http).messages.create(**ARGS)
    assert recorder.requests[0].headers["x-signed"] == "yes"


@pytest.mark.anyio
async def test_async_subclass_custom_auth_signs_every_request() -> None:
    recorder = Recorder()
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    client = _AsyncSignedClient(api_key="k", base_url="http://api.test", http_client=http)
    await client.messages.create(**ARGS)
    assert recorder.requests[0].headers["x-signed"] == "yes"
