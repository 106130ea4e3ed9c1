"""Vertex: configuration, the URL/body rewrite, tokens and the error mapping (httpx.MockTransport)."""

from __future__ import annotations

import sys
import threading
from typing import Any

import httpx
import pytest
from platform_helpers import VERTEX_MODEL, FakeCredentials, ask, async_vertex, vertex

import unbroken
from helpers import MESSAGE, Recorder
from unbroken._request import RequestSpec
from unbroken.platforms.vertex import AnthropicVertex, vertex_spec

MODELS = "/v1/projects/my-project/locations/us-east5/publishers/anthropic/models"


@pytest.fixture
def google_default(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace google.auth.default: returns fresh fake credentials for project "adc-project"."""
    import google.auth

    calls: list[dict[str, Any]] = []

    def default(**kwargs: Any) -> tuple[FakeCredentials, str]:
        calls.append(kwargs)
        return FakeCredentials(), "adc-project"

    monkeypatch.setattr(google.auth, "default", default)
    return calls


def test_region_is_required() -> None:
    with pytest.raises(
        ValueError, match=r"^No region was given. The client should be instantiated with the `region`"
    ):
        AnthropicVertex(project_id="p", access_token="t")


def test_region_comes_from_cloud_ml_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUD_ML_REGION", "europe-west1")

    client = AnthropicVertex(project_id="p", access_token="t")

    assert client.region == "europe-west1"
    assert str(client.base_url) == "https://europe-west1-aiplatform.googleapis.com/v1/"


def test_global_region_uses_the_global_endpoint() -> None:
    assert (
        str(AnthropicVertex(region="global", access_token="t").base_url)
        == "https://aiplatform.googleapis.com/v1/"
    )


def test_base_url_env_wins_over_the_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_VERTEX_BASE_URL", "https://proxy.example/v1")

    assert str(AnthropicVertex(region="us-east5", access_token="t").base_url) == "https://proxy.example/v1/"


def test_project_comes_from_the_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_VERTEX_PROJECT_ID", "env-project")

    assert AnthropicVertex(region="us-east5", access_token="t").project_id == "env-project"


def test_models_and_completions_are_absent() -> None:
    client = AnthropicVertex(region="us-east5", access_token="t")

    assert not hasattr(client, "models")
    assert not hasattr(client, "completions")


def test_beta_has_only_messages() -> None:
    client = AnthropicVertex(region="us-east5", access_token="t")

    assert not hasattr(client.beta, "files")
    assert not hasattr(client.beta, "models")


def test_create_posts_to_raw_predict_with_model_in_the_path() -> None:
    recorder = Recorder()

    vertex(recorder).messages.create(**ask(VERTEX_MODEL))

    request = recorder.requests[0]
    assert str(request.url) == f"https://us-east5-aiplatform.googleapis.com{MODELS}/{VERTEX_MODEL}:rawPredict"
    assert recorder.body() == {
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Hello"}],
        "anthropic_version": "vertex-2023-10-16",
    }


def test_streaming_create_posts_to_stream_raw_predict_keeping_stream_in_the_body() -> None:
    recorder = Recorder(httpx.Response(200, content=b"", headers={"content-type": "text/event-stream"}))

    vertex(recorder).messages.create(**ask(VERTEX_MODEL), stream=True).close()

    assert recorder.requests[0].url.path == f"{MODELS}/{VERTEX_MODEL}:streamRawPredict"
    assert recorder.body()["stream"] is True
    assert "model" not in recorder.body()


def test_count_tokens_posts_to_count_tokens_keeping_the_model() -> None:
    recorder = Recorder(httpx.Response(200, json={"input_tokens": 7}))

    count = vertex(recorder).messages.count_tokens(
        model=VERTEX_MODEL, messages=[{"role": "user", "content": "x"}]
    )

    assert count.input_tokens == 7
    assert recorder.requests[0].url.path == f"{MODELS}/count-tokens:rawPredict"
    assert recorder.body()["model"] == VERTEX_MODEL
    assert recorder.body()["anthropic_version"] == "vertex-2023-10-16"


@pytest.mark.parametrize(
    ("path", "params"),
    [("/v1/messages?beta=true", {}), ("/v1/messages", {"beta": "true"})],
    ids=["query-in-path", "query-in-params"],
)
def test_beta_messages_path_becomes_raw_predict_without_the_beta_query(
    path: str, params: dict[str, object]
) -> None:
    spec = RequestSpec("post", path, params=params, json_data=ask("m"))

    rewritten = vertex_spec(spec, project_id="p", region="r")

    assert rewritten.path == "/projects/p/locations/r/publishers/anthropic/models/m:rawPredict"
    assert dict(rewritten.params) == {}


def test_beta_count_tokens_path_becomes_count_tokens() -> None:
    spec = RequestSpec("post", "/v1/messages/count_tokens?beta=true", json_data=ask("m"))

    assert vertex_spec(spec, project_id="p", region="r").path.endswith("/models/count-tokens:rawPredict")


def test_batch_api_is_refused_before_sending() -> None:
    recorder = Recorder()

    with pytest.raises(
        unbroken.AnthropicError, match=r"^The Batch API is not supported in the Vertex client yet$"
    ):
        vertex(recorder).post("/v1/messages/batches", cast_to=object, body={"requests": []})

    assert recorder.requests == []


def test_missing_project_is_a_runtime_error_before_sending() -> None:
    recorder = Recorder()

    with pytest.raises(
        RuntimeError, match=r"^No project_id was given and it could not be resolved from credentials"
    ):
        vertex(recorder, project_id=unbroken.NOT_GIVEN).messages.create(**ask(VERTEX_MODEL))

    assert recorder.requests == []


def test_access_token_is_sent_as_bearer() -> None:
    recorder = Recorder()

    vertex(recorder).messages.create(**ask(VERTEX_MODEL))

    assert recorder.requests[0].headers["authorization"] == "Bearer ya29.token"
    assert "x-api-key" not in recorder.requests[0].headers


def test_anthropic_api_key_env_is_never_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-secret")
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", "anthropic-token")
    recorder = Recorder()

    vertex(recorder).messages.create(**ask(VERTEX_MODEL))

    assert "x-api-key" not in recorder.requests[0].headers
    assert recorder.requests[0].headers["authorization"] == "Bearer ya29.token"


def test_an_authorization_header_the_caller_set_is_kept() -> None:
    recorder = Recorder()

    vertex(recorder).messages.create(**ask(VERTEX_MODEL), extra_headers={"Authorization": "Bearer mine"})

    assert recorder.requests[0].headers["authorization"] == "Bearer mine"


def test_expired_credentials_are_refreshed_before_use() -> None:
    credentials = FakeCredentials("old", expired=True)
    recorder = Recorder()

    vertex(recorder, access_token=None, credentials=credentials).messages.create(**ask(VERTEX_MODEL))

    assert len(credentials.refreshes) == 1
    assert recorder.requests[0].headers["authorization"] == "Bearer refreshed-1"


def test_fresh_credentials_are_used_without_refresh() -> None:
    credentials = FakeCredentials("still-good")
    recorder = Recorder()

    vertex(recorder, access_token=None, credentials=credentials).messages.create(**ask(VERTEX_MODEL))

    assert credentials.refreshes == []
    assert recorder.requests[0].headers["authorization"] == "Bearer still-good"


def test_credentials_without_a_token_are_refreshed() -> None:
    credentials = FakeCredentials(None)

    vertex(Recorder(), access_token=None, credentials=credentials).messages.create(**ask(VERTEX_MODEL))

    assert len(credentials.refreshes) == 1


def test_a_token_that_expires_between_attempts_is_refreshed_for_the_retry() -> None:
    credentials = FakeCredentials("first")

    def expire_then_fail(request: httpx.Request) -> httpx.Response:
        credentials.expired = True
        return httpx.Response(
            529, json={"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
        )

    recorder = Recorder(expire_then_fail, httpx.Response(200, json=MESSAGE))

    vertex(recorder, access_token=None, credentials=credentials, max_retries=1).messages.create(
        **ask(VERTEX_MODEL)
    )

    assert [r.headers["authorization"] for r in recorder.requests] == ["Bearer first", "Bearer refreshed-1"]


def test_default_credentials_give_the_token_and_the_project(google_default: list[dict[str, Any]]) -> None:
    recorder = Recorder()

    client = vertex(recorder, access_token=None, project_id=unbroken.NOT_GIVEN)
    client.messages.create(**ask(VERTEX_MODEL))

    assert google_default == [{"scopes": ["https://www.googleapis.com/auth/cloud-platform"]}]
    assert recorder.requests[0].url.path.startswith("/v1/projects/adc-project/locations/us-east5/")
    assert recorder.requests[0].headers["authorization"] == "Bearer refreshed-1"
    assert client.project_id == "adc-project"


def test_default_credentials_are_loaded_once(google_default: list[dict[str, Any]]) -> None:
    client = vertex(Recorder(), access_token=None)

    client.messages.create(**ask(VERTEX_MODEL))
    client.messages.create(**ask(VERTEX_MODEL))

    assert len(google_default) == 1


def test_an_explicit_project_wins_over_the_default_credentials_one(
    google_default: list[dict[str, Any]],
) -> None:
    recorder = Recorder()

    vertex(recorder, access_token=None).messages.create(**ask(VERTEX_MODEL))

    assert recorder.requests[0].url.path.startswith("/v1/projects/my-project/")


def test_project_of_given_credentials_is_used() -> None:
    recorder = Recorder()
    credentials = FakeCredentials("tok", project_id="sa-project")

    vertex(
        recorder, access_token=None, project_id=unbroken.NOT_GIVEN, credentials=credentials
    ).messages.create(**ask(VERTEX_MODEL))

    assert recorder.requests[0].url.path.startswith("/v1/projects/sa-project/")


def test_missing_google_auth_is_a_runtime_error_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "google.auth", None)
    recorder = Recorder()

    with pytest.raises(RuntimeError, match=r"pip install 'unbroken\[vertex\]'"):
        vertex(recorder, access_token=None).messages.create(**ask(VERTEX_MODEL))

    assert recorder.requests == []


def test_503_and_504_are_mapped() -> None:
    recorder = Recorder(httpx.Response(503, json={}), httpx.Response(504, json={}))
    client = vertex(recorder, max_retries=0)

    with pytest.raises(unbroken.ServiceUnavailableError):
        client.messages.create(**ask(VERTEX_MODEL))
    with pytest.raises(unbroken.DeadlineExceededError):
        client.messages.create(**ask(VERTEX_MODEL))


def test_google_error_bodies_give_their_message() -> None:
    body = {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}
    recorder = Recorder(httpx.Response(429, json=body))

    with pytest.raises(unbroken.RateLimitError, match=r"^Quota exceeded$"):
        vertex(recorder, max_retries=0).messages.create(**ask(VERTEX_MODEL))


def test_copy_keeps_region_project_token_and_http_client() -> None:
    client = vertex(Recorder())

    copied = client.with_options(timeout=3.0)

    assert (copied.region, copied.project_id, copied.access_token) == ("us-east5", "my-project", "ya29.token")
    assert copied.timeout == 3.0
    assert copied._client is client._client


def test_copy_to_another_region_moves_the_derived_base_url() -> None:
    copied = AnthropicVertex(region="us-east5", access_token="t").copy(region="global")

    assert str(copied.base_url) == "https://aiplatform.googleapis.com/v1/"


def test_copy_shares_the_credentials() -> None:
    credentials = FakeCredentials("tok")

    copied = vertex(Recorder(), access_token=None, credentials=credentials).copy(max_retries=0)

    assert copied.credentials is credentials


@pytest.mark.anyio
async def test_async_refresh_runs_in_a_worker_thread() -> None:
    credentials = FakeCredentials("old", expired=True)
    recorder = Recorder()

    await async_vertex(recorder, access_token=None, credentials=credentials).messages.create(
        **ask(VERTEX_MODEL)
    )

    assert credentials.refresh_threads and credentials.refresh_threads[0] != threading.get_ident()
    assert recorder.requests[0].headers["authorization"] == "Bearer refreshed-1"


@pytest.mark.anyio
async def test_async_default_credentials_load_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import google.auth

    threads: list[int] = []

    def default(**kwargs: Any) -> tuple[FakeCredentials, str]:
        threads.append(threading.get_ident())
        return FakeCredentials("adc-token"), "adc-project"

    monkeypatch.setattr(google.auth, "default", default)
    recorder = Recorder()

    await async_vertex(recorder, access_token=None, project_id=unbroken.NOT_GIVEN).messages.create(
        **ask(VERTEX_MODEL)
    )

    assert threads and threads[0] != threading.get_ident()
    assert recorder.requests[0].url.path.startswith("/v1/projects/adc-project/")
    assert recorder.requests[0].headers["authorization"] == "Bearer adc-token"


@pytest.mark.anyio
async def test_async_fresh_token_needs_no_thread() -> None:
    credentials = FakeCredentials("good")
    recorder = Recorder()

    await async_vertex(recorder, access_token=None, credentials=credentials).messages.create(
        **ask(VERTEX_MODEL)
    )

    assert credentials.refreshes == []
    assert recorder.requests[0].headers["authorization"] == "Bearer good"


class FailingCredentials(FakeCredentials):
    def __init__(self, error: Exception) -> None:
        super().__init__(None)
        self.error = error

    def refresh(self, request: object) -> None:
        raise self.error


def test_a_network_failure_while_refreshing_is_a_connection_error() -> None:
    import google.auth.exceptions

    cause = google.auth.exceptions.TransportError("unreachable")
    credentials = FailingCredentials(cause)

    with pytest.raises(unbroken.APIConnectionError, match="unreachable") as info:
        vertex(Recorder(), access_token=None, credentials=credentials).messages.create(**ask(VERTEX_MODEL))

    assert info.value.__cause__ is cause


def test_a_rejected_refresh_is_a_runtime_error_with_its_cause() -> None:
    import google.auth.exceptions

    cause = google.auth.exceptions.RefreshError("invalid_grant")

    with pytest.raises(RuntimeError, match="invalid_grant") as info:
        vertex(Recorder(), access_token=None, credentials=FailingCredentials(cause)).messages.create(
            **ask(VERTEX_MODEL)
        )

    assert info.value.__cause__ is cause


def test_beta_messages_create_goes_to_raw_predict_keeping_the_beta_header() -> None:
    recorder = Recorder()

    vertex(recorder).beta.messages.create(**ask(VERTEX_MODEL), betas=["context-1m-2025-08-07"])

    request = recorder.requests[0]
    assert (request.url.path, request.url.query) == (f"{MODELS}/{VERTEX_MODEL}:rawPredict", b"")
    assert request.headers["anthropic-beta"] == "context-1m-2025-08-07"
