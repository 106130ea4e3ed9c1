"""Foundry: endpoint and credential rules, `api-key` / Azure AD token per request, missing endpoints."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Awaitable
from typing import Any

import httpx
import pytest

import unbroken
from helpers import CREATE_ARGS, MESSAGE, Recorder
from unbroken.platforms.foundry import AnthropicFoundry, AsyncAnthropicFoundry, MutuallyExclusiveAuthError
from unbroken.resources.messages import Messages


def foundry(recorder: Recorder, **kwargs: Any) -> AnthropicFoundry:
    kwargs.setdefault("resource", "my-resource")
    return AnthropicFoundry(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)


def async_foundry(recorder: Recorder, **kwargs: Any) -> AsyncAnthropicFoundry:
    kwargs.setdefault("resource", "my-resource")
    return AsyncAnthropicFoundry(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)), **kwargs
    )


class CountingProvider:
    def __init__(self, token: object = "aad-token") -> None:
        self.token = token
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.token


def test_is_a_first_party_client() -> None:
    assert isinstance(AnthropicFoundry(api_key="k", resource="r"), unbroken.Anthropic)
    assert isinstance(AsyncAnthropicFoundry(api_key="k", resource="r"), unbroken.AsyncAnthropic)


def test_resource_gives_the_azure_base_url() -> None:
    client = AnthropicFoundry(api_key="k", resource="example-resource")

    assert str(client.base_url) == "https://example-resource.services.ai.azure.com/anthropic/"


def test_base_url_and_resource_are_mutually_exclusive() -> None:
    with pytest.raises(ValueError, match=r"^base_url and resource are mutually exclusive$"):
        AnthropicFoundry(api_key="k", resource="r", base_url="https://x.example")  # type: ignore[call-overload]


def test_an_endpoint_is_required() -> None:
    message = (
        "Must provide one of the `base_url` or `resource` arguments, or the `ANTHROPIC_FOUNDRY_RESOURCE` "
        "environment variable"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        AnthropicFoundry(api_key="k")


def test_credentials_are_required() -> None:
    message = (
        "Missing credentials. Please pass one of `api_key`, `azure_ad_token_provider`, or the "
        "`ANTHROPIC_FOUNDRY_API_KEY` environment variable."
    )
    with pytest.raises(unbroken.AnthropicError) as info:
        AnthropicFoundry(resource="r")

    assert str(info.value) == message


def test_environment_gives_key_and_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_API_KEY", "env-key")
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_RESOURCE", "env-resource")

    client = AnthropicFoundry()

    assert client.api_key == "env-key"
    assert str(client.base_url) == "https://env-resource.services.ai.azure.com/anthropic/"


def test_environment_gives_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_BASE_URL", "https://env.example/anthropic")

    assert str(AnthropicFoundry(api_key="k").base_url) == "https://env.example/anthropic/"


def test_both_endpoint_variables_in_the_environment_conflict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_BASE_URL", "https://env.example/anthropic")
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_RESOURCE", "env-resource")

    with pytest.raises(ValueError, match="mutually exclusive"):
        AnthropicFoundry(api_key="k")


def test_an_explicit_base_url_is_not_in_conflict_with_the_resource_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_RESOURCE", "env-resource")

    assert (
        str(AnthropicFoundry(api_key="k", base_url="https://mine.example").base_url)
        == "https://mine.example/"
    )


def test_api_key_is_sent_as_api_key_and_x_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-first-party")
    recorder = Recorder()

    foundry(recorder, api_key="foundry-key").messages.create(**CREATE_ARGS)

    headers = recorder.requests[0].headers
    assert headers["api-key"] == "foundry-key"
    assert headers["x-api-key"] == "foundry-key"  # as the reference sends it; never ANTHROPIC_API_KEY
    assert "authorization" not in headers
    assert str(recorder.requests[0].url) == "https://my-resource.services.ai.azure.com/anthropic/v1/messages"


def test_token_provider_is_called_for_every_request() -> None:
    provider = CountingProvider()
    recorder = Recorder()
    client = foundry(recorder, azure_ad_token_provider=provider)

    client.messages.create(**CREATE_ARGS)
    client.messages.create(**CREATE_ARGS)

    assert provider.calls == 2
    assert recorder.requests[1].headers["authorization"] == "Bearer aad-token"
    assert "api-key" not in recorder.requests[1].headers


def test_token_provider_is_called_for_every_retry() -> None:
    provider = CountingProvider()
    recorder = Recorder(httpx.Response(529, json={}), httpx.Response(200, json=MESSAGE))

    foundry(recorder, azure_ad_token_provider=provider, max_retries=1).messages.create(**CREATE_ARGS)

    assert provider.calls == 2


def test_token_provider_wins_over_the_api_key() -> None:
    recorder = Recorder()

    foundry(recorder, api_key="k", azure_ad_token_provider=CountingProvider()).messages.create(**CREATE_ARGS)

    assert recorder.requests[0].headers["authorization"] == "Bearer aad-token"
    assert "api-key" not in recorder.requests[0].headers


@pytest.mark.parametrize("token", ["", None, 42])
def test_token_provider_must_return_a_non_empty_string(token: object) -> None:
    recorder = Recorder()

    with pytest.raises(ValueError, match=r"^Expected `azure_ad_token_provider` argument to return a string"):
        foundry(recorder, azure_ad_token_provider=CountingProvider(token)).messages.create(**CREATE_ARGS)

    assert recorder.requests == []


def test_an_api_key_header_the_caller_set_is_kept() -> None:
    recorder = Recorder()

    foundry(recorder, api_key="k").messages.create(**CREATE_ARGS, extra_headers={"api-key": "override"})

    assert recorder.requests[0].headers["api-key"] == "override"


def test_models_is_none() -> None:
    assert AnthropicFoundry(api_key="k", resource="r").models is None


def test_messages_batches_is_none_and_messages_still_work() -> None:
    recorder = Recorder()
    client = foundry(recorder, api_key="k")

    assert client.messages.batches is None
    assert isinstance(client.messages, Messages)
    assert client.messages.create(**CREATE_ARGS).id == "msg_1"


def test_first_party_messages_keep_their_batches() -> None:
    assert unbroken.Anthropic(api_key="k").messages.batches is not None


needs_beta_messages = pytest.mark.skipif(
    importlib.util.find_spec("unbroken.resources.beta.messages") is None, reason="beta messages not built yet"
)


@needs_beta_messages
def test_beta_messages_batches_is_none() -> None:
    client = AnthropicFoundry(api_key="k", resource="r")

    assert client.beta.messages.batches is None
    assert client.beta.messages is client.beta.messages


@needs_beta_messages
def test_async_beta_messages_batches_is_none() -> None:
    assert AsyncAnthropicFoundry(api_key="k", resource="r").beta.messages.batches is None


def test_copy_keeps_the_token_provider_and_the_http_client() -> None:
    provider = CountingProvider()
    recorder = Recorder()
    client = foundry(recorder, azure_ad_token_provider=provider)

    copied = client.with_options(max_retries=0)
    copied.messages.create(**CREATE_ARGS)

    assert isinstance(copied, AnthropicFoundry)
    assert copied._client is client._client
    assert provider.calls == 1


def test_copy_can_replace_the_token_provider() -> None:
    recorder = Recorder()
    client = foundry(recorder, azure_ad_token_provider=CountingProvider("one"))

    client.copy(azure_ad_token_provider=CountingProvider("two")).messages.create(**CREATE_ARGS)

    assert recorder.requests[0].headers["authorization"] == "Bearer two"


def test_copy_keeps_the_endpoint_even_with_a_resource_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    client = AnthropicFoundry(api_key="k", resource="r")
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_RESOURCE", "other")

    assert client.copy().base_url == client.base_url


def test_mutually_exclusive_auth_error_is_an_anthropic_error() -> None:
    error = MutuallyExclusiveAuthError()

    assert isinstance(error, unbroken.AnthropicError)
    assert "mutually exclusive" in str(error)


@pytest.mark.anyio
async def test_async_provider_may_return_an_awaitable() -> None:
    async def token() -> str:
        return "async-token"

    def provider() -> Awaitable[str]:
        return token()

    recorder = Recorder()

    await async_foundry(recorder, azure_ad_token_provider=provider).messages.create(**CREATE_ARGS)

    assert recorder.requests[0].headers["authorization"] == "Bearer async-token"


@pytest.mark.anyio
async def test_async_provider_may_return_a_string() -> None:
    recorder = Recorder()

    await async_foundry(recorder, azure_ad_token_provider=CountingProvider("plain")).messages.create(
        **CREATE_ARGS
    )

    assert recorder.requests[0].headers["authorization"] == "Bearer plain"


@pytest.mark.anyio
async def test_async_provider_returning_an_empty_awaited_token_is_refused() -> None:
    async def provider() -> str:
        return ""

    with pytest.raises(ValueError, match="azure_ad_token_provider"):
        await async_foundry(Recorder(), azure_ad_token_provider=provider).messages.create(**CREATE_ARGS)


@pytest.mark.anyio
async def test_async_api_key_is_sent_as_api_key() -> None:
    recorder = Recorder()

    await async_foundry(recorder, api_key="k").messages.create(**CREATE_ARGS)

    assert recorder.requests[0].headers["api-key"] == "k"
    assert recorder.requests[0].headers["x-api-key"] == "k"


def test_async_messages_batches_is_none() -> None:
    assert AsyncAnthropicFoundry(api_key="k", resource="r").messages.batches is None
    assert AsyncAnthropicFoundry(api_key="k", resource="r").models is None
