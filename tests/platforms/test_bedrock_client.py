"""Bedrock: configuration, the URL/body rewrite and the error mapping (httpx.MockTransport, no sockets)."""

from __future__ import annotations

import logging

import httpx
import pytest
from platform_helpers import BEDROCK_MODEL, KEYS, ask, async_bedrock, bedrock

import unbroken
from helpers import MESSAGE, Recorder
from unbroken._request import RequestSpec
from unbroken.platforms.bedrock import AnthropicBedrock, bedrock_spec


def test_constructor_arguments_are_positional_in_the_reference_order() -> None:
    client = AnthropicBedrock("secret", "access", "eu-west-1", "dev", "token")

    assert (client.aws_secret_key, client.aws_access_key, client.aws_region) == (
        "secret",
        "access",
        "eu-west-1",
    )
    assert (client.aws_profile, client.aws_session_token) == ("dev", "token")


def test_region_comes_from_aws_region_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "ap-south-1")

    assert AnthropicBedrock().aws_region == "ap-south-1"


def test_region_comes_from_botocore_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")  # read by botocore's session, not by us

    assert AnthropicBedrock().aws_region == "eu-central-1"


def test_region_of_a_named_profile_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    config = tmp_path / "config"  # type: ignore[operator]
    config.write_text("[profile dev]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))

    assert AnthropicBedrock(aws_profile="dev").aws_region == "sa-east-1"


def test_region_defaults_to_us_east_1_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="unbroken"):
        client = AnthropicBedrock()

    assert client.aws_region == "us-east-1"
    assert "No AWS region specified, defaulting to us-east-1" in caplog.text


def test_base_url_is_the_regional_runtime_endpoint() -> None:
    assert (
        str(AnthropicBedrock(aws_region="us-west-2").base_url)
        == "https://bedrock-runtime.us-west-2.amazonaws.com/"
    )


def test_base_url_env_wins_over_the_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_BEDROCK_BASE_URL", "https://proxy.example/bedrock")

    assert str(AnthropicBedrock(aws_region="us-west-2").base_url) == "https://proxy.example/bedrock/"


def test_base_url_argument_wins_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_BEDROCK_BASE_URL", "https://proxy.example/bedrock")

    client = AnthropicBedrock(aws_region="us-west-2", base_url="https://mine.example")

    assert str(client.base_url) == "https://mine.example/"


def test_models_is_absent() -> None:
    client = AnthropicBedrock(aws_region="us-east-1")

    assert not hasattr(client, "models")
    with pytest.raises(AttributeError, match="models"):
        _ = client.models


def test_create_posts_to_invoke_with_model_in_the_path() -> None:
    recorder = Recorder()

    bedrock(recorder).messages.create(**ask(BEDROCK_MODEL))

    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", f"/model/{BEDROCK_MODEL}/invoke")
    assert str(request.url).startswith("https://bedrock-runtime.us-east-1.amazonaws.com/")


def test_create_body_has_no_model_and_the_bedrock_version() -> None:
    recorder = Recorder()

    bedrock(recorder).messages.create(**ask(BEDROCK_MODEL))

    body = recorder.body()
    assert "model" not in body
    assert "stream" not in body
    assert body["anthropic_version"] == "bedrock-2023-05-31"
    assert body["max_tokens"] == 64


def test_an_explicit_anthropic_version_is_kept() -> None:
    recorder = Recorder()

    bedrock(recorder).messages.create(**ask(BEDROCK_MODEL), extra_body={"anthropic_version": "custom"})

    assert recorder.body()["anthropic_version"] == "custom"


def test_streaming_create_posts_to_invoke_with_response_stream() -> None:
    recorder = Recorder(httpx.Response(200, content=b""))

    stream = bedrock(recorder).messages.create(**ask(BEDROCK_MODEL), stream=True)
    stream.close()

    assert recorder.requests[0].url.path == f"/model/{BEDROCK_MODEL}/invoke-with-response-stream"
    assert "stream" not in recorder.body()


def test_model_is_quoted_keeping_colons() -> None:
    recorder = Recorder()
    arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude"

    bedrock(recorder).messages.create(**ask(arn))

    expected = b"/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile%2Fus.anthropic.claude/invoke"
    assert recorder.requests[0].url.raw_path == expected


def test_anthropic_beta_header_is_copied_into_the_body_as_a_list() -> None:
    recorder = Recorder()

    bedrock(recorder).messages.create(**ask(BEDROCK_MODEL), extra_headers={"anthropic-beta": "a-1, b-2"})

    assert recorder.body()["anthropic_beta"] == ["a-1", "b-2"]


def test_client_level_anthropic_beta_header_is_copied_too() -> None:
    recorder = Recorder()

    bedrock(recorder, default_headers={"anthropic-beta": "x-1"}).messages.create(**ask(BEDROCK_MODEL))

    assert recorder.body()["anthropic_beta"] == ["x-1"]


def test_no_anthropic_beta_in_the_body_without_the_header() -> None:
    recorder = Recorder()

    bedrock(recorder).messages.create(**ask(BEDROCK_MODEL))

    assert "anthropic_beta" not in recorder.body()


@pytest.mark.parametrize(
    ("path", "params"),
    [("/v1/messages?beta=true", {}), ("/v1/messages", {"beta": "true"})],
    ids=["query-in-path", "query-in-params"],
)
def test_beta_messages_path_becomes_invoke_without_the_beta_query(
    path: str, params: dict[str, object]
) -> None:
    spec = RequestSpec(
        "post", path, params=params, headers={"anthropic-beta": "files-api-2025-04-14"}, json_data=ask("m")
    )

    rewritten = bedrock_spec(spec, {})

    assert (rewritten.path, dict(rewritten.params)) == ("/model/m/invoke", {})
    assert rewritten.json_data == {
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Hello"}],
        "anthropic_version": "bedrock-2023-05-31",
        "anthropic_beta": ["files-api-2025-04-14"],
    }


def test_beta_streaming_path_becomes_invoke_with_response_stream() -> None:
    spec = RequestSpec("post", "/v1/messages?beta=true", json_data=ask("m", stream=True))

    assert bedrock_spec(spec, {}).path == "/model/m/invoke-with-response-stream"


def test_legacy_complete_path_becomes_invoke() -> None:
    body = {
        "model": "anthropic.claude-v2",
        "prompt": "\n\nHuman: hi\n\nAssistant:",
        "max_tokens_to_sample": 5,
    }
    rewritten = bedrock_spec(RequestSpec("post", "/v1/complete", json_data=body), {})

    assert rewritten.path == "/model/anthropic.claude-v2/invoke"
    assert rewritten.json_data == {
        "prompt": "\n\nHuman: hi\n\nAssistant:",
        "max_tokens_to_sample": 5,
        "anthropic_version": "bedrock-2023-05-31",
    }


def test_model_and_stream_given_in_extra_body_are_moved_too() -> None:
    spec = RequestSpec(
        "post", "/v1/messages", json_data={"max_tokens": 1}, extra_json={"model": "m", "stream": True}
    )

    rewritten = bedrock_spec(spec, {})

    assert rewritten.path == "/model/m/invoke-with-response-stream"
    assert rewritten.extra_json is None
    assert rewritten.json_data == {"max_tokens": 1, "anthropic_version": "bedrock-2023-05-31"}


def test_other_paths_are_left_alone() -> None:
    spec = RequestSpec("get", "/v1/something", params={"a": 1})

    assert bedrock_spec(spec, {}) is spec


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/v1/messages/batches"),
        ("get", "/v1/messages/batches/msgbatch_1"),
        ("get", "/v1/messages/batches?beta=true"),
    ],
)
def test_batch_api_is_refused_before_sending(method: str, path: str) -> None:
    recorder = Recorder()
    client = bedrock(recorder)

    with pytest.raises(unbroken.AnthropicError, match=r"^The Batch API is not supported in Bedrock yet$"):
        if method == "post":
            client.post(path, cast_to=object, body={"requests": []})
        else:
            client.get(path, cast_to=object)

    assert recorder.requests == []


def test_count_tokens_is_refused_before_sending() -> None:
    recorder = Recorder()

    with pytest.raises(unbroken.AnthropicError, match=r"^Token counting is not supported in Bedrock yet$"):
        bedrock(recorder).messages.count_tokens(
            model=BEDROCK_MODEL, messages=[{"role": "user", "content": "hi"}]
        )

    assert recorder.requests == []


def test_beta_count_tokens_is_refused_too() -> None:
    with pytest.raises(unbroken.AnthropicError, match="Token counting"):
        bedrock_spec(RequestSpec("post", "/v1/messages/count_tokens?beta=true", json_data={}), {})


def test_anthropic_api_key_env_is_never_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-secret")
    recorder = Recorder()

    client = bedrock(recorder)
    client.messages.create(**ask(BEDROCK_MODEL))

    assert "x-api-key" not in recorder.requests[0].headers
    assert recorder.requests[0].headers["authorization"].startswith("AWS4-HMAC-SHA256 ")
    assert client.api_key is None


def test_503_is_service_unavailable_with_the_bedrock_message() -> None:
    body = {"message": "Bedrock is unavailable"}
    recorder = Recorder(
        httpx.Response(503, json=body, headers={"x-amzn-errortype": "ServiceUnavailableException:"})
    )

    with pytest.raises(unbroken.ServiceUnavailableError) as info:
        bedrock(recorder, max_retries=0).messages.create(**ask(BEDROCK_MODEL))

    assert (info.value.status_code, info.value.message, info.value.body) == (
        503,
        "Bedrock is unavailable",
        body,
    )


def test_429_is_a_rate_limit_error_and_is_retried() -> None:
    recorder = Recorder(
        httpx.Response(429, json={"message": "Too many requests"}), httpx.Response(200, json=MESSAGE)
    )

    message = bedrock(recorder, max_retries=1).messages.create(**ask(BEDROCK_MODEL))

    assert message.content[0].type == "text"
    assert len(recorder.requests) == 2


def test_errors_in_the_anthropic_shape_keep_their_message() -> None:
    body = {"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}}
    recorder = Recorder(httpx.Response(400, json=body))

    with pytest.raises(unbroken.BadRequestError, match=r"^bad$"):
        bedrock(recorder).messages.create(**ask(BEDROCK_MODEL))


def test_copy_keeps_credentials_region_and_http_client() -> None:
    client = AnthropicBedrock(**KEYS, aws_region="eu-west-1", aws_session_token="tok", aws_profile="dev")

    copied = client.with_options(max_retries=7)

    assert (copied.aws_access_key, copied.aws_secret_key, copied.aws_session_token) == (
        KEYS["aws_access_key"], KEYS["aws_secret_key"], "tok",
    )  # fmt: skip
    assert (copied.aws_region, copied.aws_profile, copied.max_retries) == ("eu-west-1", "dev", 7)
    assert copied._client is client._client
    assert isinstance(copied, AnthropicBedrock)


def test_copy_to_another_region_moves_the_derived_base_url() -> None:
    copied = AnthropicBedrock(aws_region="eu-west-1").copy(aws_region="us-west-2")

    assert str(copied.base_url) == "https://bedrock-runtime.us-west-2.amazonaws.com/"


def test_copy_keeps_a_base_url_the_caller_chose() -> None:
    copied = AnthropicBedrock(aws_region="eu-west-1", base_url="https://proxy.example").copy(
        aws_region="us-west-2"
    )

    assert str(copied.base_url) == "https://proxy.example/"


def test_copy_rejects_both_header_arguments() -> None:
    with pytest.raises(ValueError, match="mutually exclusive"):
        AnthropicBedrock(aws_region="us-east-1").copy(
            default_headers={"a": "1"}, set_default_headers={"b": "2"}
        )


def test_copy_merges_default_headers() -> None:
    copied = AnthropicBedrock(aws_region="us-east-1", default_headers={"a": "1"}).copy(
        default_headers={"b": "2"}
    )

    assert copied._custom_headers == {"a": "1", "b": "2"}


@pytest.mark.anyio
async def test_async_create_posts_to_invoke() -> None:
    recorder = Recorder()

    message = await async_bedrock(recorder).messages.create(**ask(BEDROCK_MODEL))

    assert message.id == "msg_1"
    assert recorder.requests[0].url.path == f"/model/{BEDROCK_MODEL}/invoke"
    assert "model" not in recorder.body()


@pytest.mark.anyio
async def test_async_count_tokens_is_refused_before_sending() -> None:
    recorder = Recorder()

    with pytest.raises(unbroken.AnthropicError, match="Token counting"):
        await async_bedrock(recorder).messages.count_tokens(model=BEDROCK_MODEL, messages=[])

    assert recorder.requests == []


def test_beta_messages_create_goes_to_invoke_with_betas_in_the_body() -> None:
    recorder = Recorder()

    bedrock(recorder).beta.messages.create(**ask(BEDROCK_MODEL), betas=["context-1m-2025-08-07"])

    request = recorder.requests[0]
    assert (request.url.path, request.url.query) == (f"/model/{BEDROCK_MODEL}/invoke", b"")
    assert recorder.body()["anthropic_beta"] == ["context-1m-2025-08-07"]


def test_beta_has_only_messages() -> None:
    client = AnthropicBedrock(aws_region="us-east-1")

    assert not hasattr(client.beta, "files")
    assert not hasattr(client.beta, "models")


def test_beta_batches_are_refused_before_sending() -> None:
    recorder = Recorder()

    with pytest.raises(unbroken.AnthropicError, match="Batch API"):
        bedrock(recorder).beta.messages.batches.list()

    assert recorder.requests == []


def test_completions_create_goes_to_invoke() -> None:
    completion = {
        "type": "completion",
        "id": "c1",
        "completion": " Hi",
        "model": "m",
        "stop_reason": "stop_sequence",
    }
    recorder = Recorder(httpx.Response(200, json=completion))

    result = bedrock(recorder).completions.create(
        model="anthropic.claude-v2", prompt="\n\nHuman: hi\n\nAssistant:", max_tokens_to_sample=5
    )

    assert result.completion == " Hi"
    assert recorder.requests[0].url.path == "/model/anthropic.claude-v2/invoke"
    assert "model" not in recorder.body()
