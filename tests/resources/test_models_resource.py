"""`client.models` and `client.beta.models`: request shapes, parsing, empty ids."""

from __future__ import annotations

import httpx
import pytest
from resource_helpers import model_json

import unbroken
from helpers import Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken.types import ModelInfo
from unbroken.types.beta import BetaModelInfo


def recorder_for(json: object) -> Recorder:
    return Recorder(httpx.Response(200, json=json, headers={"request-id": "req_1"}))


def test_retrieve_gets_the_model_path() -> None:
    recorder = recorder_for(model_json("claude-x"))
    model = mock_client(recorder).models.retrieve("claude-x")
    request = recorder.requests[0]
    assert (request.method, request.url.path, request.url.query) == ("GET", "/v1/models/claude-x", b"")
    assert "anthropic-beta" not in request.headers
    assert isinstance(model, ModelInfo) and model.id == "claude-x"
    assert model._request_id == "req_1"


def test_retrieve_percent_encodes_the_id() -> None:
    recorder = recorder_for(model_json("a/b"))
    mock_client(recorder).models.retrieve("a/b")
    assert recorder.requests[0].url.raw_path == b"/v1/models/a%2Fb"


def test_betas_become_one_comma_joined_header() -> None:
    recorder = recorder_for(model_json("m"))
    mock_client(recorder).models.retrieve("m", betas=["one", "two"])
    assert recorder.requests[0].headers["anthropic-beta"] == "one,two"


def test_extra_headers_override_the_beta_header() -> None:
    recorder = recorder_for(model_json("m"))
    mock_client(recorder).models.retrieve("m", betas=["one"], extra_headers={"anthropic-beta": "mine"})
    assert recorder.requests[0].headers["anthropic-beta"] == "mine"


def test_list_sends_only_the_given_cursor_params() -> None:
    recorder = recorder_for({"data": [], "has_more": False})
    mock_client(recorder).models.list(after_id="a", limit=5)
    assert dict(recorder.requests[0].url.params) == {"after_id": "a", "limit": "5"}


def test_empty_model_id_is_a_value_error_before_any_request() -> None:
    recorder = recorder_for(model_json("m"))
    with pytest.raises(ValueError, match="Expected a non-empty value for `model_id` but received ''"):
        mock_client(recorder).models.retrieve("")
    assert recorder.requests == []


def test_alias_resolves_through_the_emulator(client: unbroken.Anthropic) -> None:
    assert client.models.retrieve("claude-sonnet-4-5").id == "claude-sonnet-4-5-20250929"


def test_unknown_model_is_not_found(client: unbroken.Anthropic) -> None:
    with pytest.raises(unbroken.NotFoundError):
        client.models.retrieve("claude-nope")


def test_beta_retrieve_uses_the_beta_query() -> None:
    recorder = recorder_for(model_json("m"))
    model = mock_client(recorder).beta.models.retrieve("m", betas=["x"])
    request = recorder.requests[0]
    assert (request.url.path, dict(request.url.params)) == ("/v1/models/m", {"beta": "true"})
    assert request.headers["anthropic-beta"] == "x"
    assert isinstance(model, BetaModelInfo)


def test_beta_list_keeps_beta_true_across_pages() -> None:
    recorder = Recorder(
        httpx.Response(200, json={"data": [model_json("a")], "has_more": True, "last_id": "a"}),
        httpx.Response(200, json={"data": [model_json("b")], "has_more": False, "last_id": "b"}),
    )
    assert [m.id for m in mock_client(recorder).beta.models.list(limit=1)] == ["a", "b"]
    assert dict(recorder.requests[1].url.params) == {"beta": "true", "limit": "1", "after_id": "a"}


def test_beta_empty_model_id_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="`model_id`"):
        mock_client(recorder_for({})).beta.models.retrieve("")


@pytest.mark.anyio
async def test_async_retrieve_and_beta_list() -> None:
    recorder = Recorder(
        httpx.Response(200, json=model_json("m")),
        httpx.Response(200, json={"data": [model_json("m")], "has_more": False}),
    )
    client = mock_async_client(recorder)
    assert (await client.models.retrieve("m")).id == "m"
    assert [m.id async for m in client.beta.models.list()] == ["m"]
    assert recorder.requests[1].url.params["beta"] == "true"


@pytest.mark.anyio
async def test_async_empty_model_id_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="`model_id`"):
        await mock_async_client(recorder_for({})).models.retrieve("")
