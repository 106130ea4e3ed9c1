from __future__ import annotations

import logging
import math
import warnings

import httpx
import httpx2
import pytest

import unbroken
from helpers import CREATE_ARGS, MESSAGE, Recorder, async_client, client, error_json
from unbroken import DEFAULT_TIMEOUT, omit
from unbroken.types.message import Message


def test_create_sends_the_documented_request() -> None:
    rec = Recorder()
    message = client(rec).messages.create(**CREATE_ARGS)
    request = rec.requests[0]
    assert request.method == "POST"
    assert str(request.url) == "http://api.test/v1/messages"
    assert request.headers["x-api-key"] == "sk-test-key"
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith(f"unbroken/{unbroken.__version__}")
    assert rec.body() == CREATE_ARGS
    assert isinstance(message, Message)
    assert message.content[0].text == "Hi!"


def test_omitted_params_are_not_sent_and_given_ones_are() -> None:
    rec = Recorder()
    client(rec).messages.create(**CREATE_ARGS, temperature=0.5, system="be brief", top_k=omit)
    body = rec.body()
    assert body["temperature"] == 0.5
    assert body["system"] == "be brief"
    assert "top_k" not in body
    assert "stream" not in body


def test_request_id_is_on_the_model() -> None:
    rec = Recorder(httpx.Response(200, json=MESSAGE, headers={"request-id": "req_abc"}))
    assert client(rec).messages.create(**CREATE_ARGS)._request_id == "req_abc"


def test_auth_token_is_sent_as_bearer() -> None:
    rec = Recorder()
    client(rec, api_key=None, auth_token="tok").messages.create(**CREATE_ARGS)
    assert rec.requests[0].headers["authorization"] == "Bearer tok"
    assert "x-api-key" not in rec.requests[0].headers


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "env-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://env.test/prefix")
    c = unbroken.Anthropic()
    assert c.api_key == "env-key"
    assert str(c.base_url) == "http://env.test/prefix/"


def test_missing_credentials_raise_type_error_before_sending() -> None:
    rec = Recorder()
    with pytest.raises(TypeError, match="Could not resolve authentication method"):
        client(rec, api_key=None).messages.create(**CREATE_ARGS)
    assert rec.requests == []


def test_omitting_the_auth_header_suppresses_the_check() -> None:
    rec = Recorder()
    client(rec, api_key=None, default_headers={"X-Api-Key": omit}).messages.create(**CREATE_ARGS)
    assert "x-api-key" not in rec.requests[0].headers


def test_default_headers_can_override_anthropic_version() -> None:
    rec = Recorder()
    client(rec, default_headers={"anthropic-version": "2099-01-01"}).messages.create(**CREATE_ARGS)
    assert rec.requests[0].headers["anthropic-version"] == "2099-01-01"


def test_extra_headers_query_and_body_are_merged() -> None:
    rec = Recorder()
    client(rec, default_query={"a": "1"}).messages.create(
        **CREATE_ARGS, extra_headers={"X-Custom": "v"}, extra_query={"b": "2"}, extra_body={"new_param": True}
    )
    request = rec.requests[0]
    assert request.headers["x-custom"] == "v"
    assert request.url.params["a"] == "1"
    assert request.url.params["b"] == "2"
    assert rec.body()["new_param"] is True


def test_max_retries_none_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="max_retries cannot be None"):
        unbroken.Anthropic(api_key="k", max_retries=None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("max_retries", "error", "message"),
    [
        ("3", TypeError, r"max_retries must be an int \(or `math.inf`\), got '3'"),
        (True, TypeError, "max_retries must be an int"),
        (-1, ValueError, r"max_retries must be 0 or more \(0: no retries\), got -1"),
        (math.nan, ValueError, "max_retries must be 0 or more"),
    ],
)
def test_a_bad_max_retries_is_refused_when_the_client_is_made(
    max_retries: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        unbroken.Anthropic(api_key="k", max_retries=max_retries)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        unbroken.AsyncAnthropic(api_key="k").with_options(max_retries=max_retries)  # type: ignore[arg-type]


def test_any_count_of_retries_from_none_to_unlimited_is_accepted() -> None:
    for max_retries in (0, 5, math.inf):
        assert unbroken.Anthropic(api_key="k", max_retries=max_retries).max_retries == max_retries  # type: ignore[arg-type]


BAD_TIMEOUTS = [
    (-1, ValueError, r"timeout must be 0 or more seconds \(None: no limit\), got -1"),
    (math.nan, ValueError, "timeout must be 0 or more seconds"),
    ("30", TypeError, "timeout must be a number of seconds, an httpx2.Timeout"),
    (True, TypeError, "timeout must be a number of seconds or None, got True"),
    (httpx2.Timeout(10, read=-5), ValueError, "timeout.read must be 0 or more seconds"),
    (httpx.Timeout(10, pool=math.nan), ValueError, "timeout.pool must be 0 or more seconds"),
]


@pytest.mark.parametrize(("timeout", "error", "message"), BAD_TIMEOUTS)
def test_a_bad_timeout_is_refused_when_the_client_is_made(
    timeout: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        unbroken.Anthropic(api_key="k", timeout=timeout)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        unbroken.AsyncAnthropic(api_key="k").with_options(timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize(("timeout", "error", "message"), BAD_TIMEOUTS)
def test_a_bad_timeout_of_one_call_is_refused_before_it_is_sent(
    timeout: object, error: type[Exception], message: str
) -> None:
    rec = Recorder()
    with pytest.raises(error, match=message):
        client(rec).messages.create(**CREATE_ARGS, timeout=timeout)  # type: ignore[arg-type]
    assert rec.requests == []  # not sent, so not retried either


@pytest.mark.anyio
@pytest.mark.parametrize(("timeout", "error", "message"), BAD_TIMEOUTS)
async def test_async_a_bad_timeout_of_one_call_is_refused_before_it_is_sent(
    timeout: object, error: type[Exception], message: str
) -> None:
    rec = Recorder()
    with pytest.raises(error, match=message):
        await async_client(rec).messages.create(**CREATE_ARGS, timeout=timeout)  # type: ignore[arg-type]
    assert rec.requests == []


@pytest.mark.parametrize("timeout", [math.inf, httpx.Timeout(10, read=math.inf)])
def test_an_infinite_timeout_means_no_limit_as_none_does(timeout: object) -> None:
    # The reference's async client took math.inf; the sync sockets cannot wait that long: None for both.
    made = unbroken.Anthropic(api_key="k", timeout=timeout)  # type: ignore[arg-type]
    limit = made.timeout if timeout is math.inf else made.timeout.read  # type: ignore[union-attr]
    assert limit is None
    rec = Recorder()
    client(rec).messages.create(**CREATE_ARGS, timeout=timeout)  # type: ignore[arg-type]
    assert rec.requests[0].extensions["timeout"]["read"] is None


def test_every_usable_timeout_is_accepted() -> None:
    rec = Recorder()
    for timeout in (0, 0.5, 600, None, httpx2.Timeout(None), httpx.Timeout(30, connect=2), DEFAULT_TIMEOUT):
        client(rec, timeout=timeout).messages.create(**CREATE_ARGS, timeout=timeout)  # type: ignore[arg-type]
    assert len(rec.requests) == 7


def test_wrong_http_client_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="Invalid `http_client` argument"):
        unbroken.Anthropic(api_key="k", http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Invalid `http_client` argument"):
        unbroken.AsyncAnthropic(api_key="k", http_client=httpx.Client())  # type: ignore[arg-type]


def test_defaults() -> None:
    c = unbroken.Anthropic(api_key="k")
    assert c.timeout == DEFAULT_TIMEOUT == httpx2.Timeout(600, connect=5.0)  # the default stack's
    assert c.max_retries == unbroken.DEFAULT_MAX_RETRIES == 2
    assert str(c.base_url) == "https://api.anthropic.com/"
    assert unbroken.Client is unbroken.Anthropic
    assert unbroken.AsyncClient is unbroken.AsyncAnthropic
    assert c.HUMAN_PROMPT == unbroken.HUMAN_PROMPT == "\n\nHuman:"


def test_http_client_timeout_is_used_when_not_given() -> None:
    c = unbroken.Anthropic(api_key="k", http_client=httpx.Client(timeout=12.0))
    assert c.timeout == httpx.Timeout(12.0)


def test_copy_merges_headers_and_set_default_headers_replaces() -> None:
    c = unbroken.Anthropic(api_key="k", default_headers={"A": "1"})
    merged = c.copy(default_headers={"B": "2"})
    replaced = c.with_options(set_default_headers={"B": "2"})
    assert merged._custom_headers == {"A": "1", "B": "2"}
    assert replaced._custom_headers == {"B": "2"}
    assert merged._client is c._client
    assert merged.api_key == "k"


def test_copy_rejects_both_header_arguments() -> None:
    c = unbroken.Anthropic(api_key="k")
    with pytest.raises(ValueError, match="mutually exclusive"):
        c.copy(default_headers={"a": "b"}, set_default_headers={"a": "b"})
    with pytest.raises(ValueError, match="mutually exclusive"):
        c.copy(default_query={"a": "b"}, set_default_query={"a": "b"})


def test_with_options_changes_timeout_and_retries_only_for_the_copy() -> None:
    c = unbroken.Anthropic(api_key="k")
    copy = c.with_options(timeout=5.0, max_retries=5)
    assert (copy.timeout, copy.max_retries) == (5.0, 5)
    assert (c.timeout, c.max_retries) == (DEFAULT_TIMEOUT, 2)


def test_long_non_streaming_request_is_refused_before_sending() -> None:
    rec = Recorder()
    with pytest.raises(ValueError, match="Streaming is required"):
        client(rec).messages.create(**{**CREATE_ARGS, "max_tokens": 64_000})
    with pytest.raises(ValueError, match="Streaming is required"):
        client(rec).messages.create(**{**CREATE_ARGS, "max_tokens": 8193, "model": "claude-opus-4-20250514"})
    assert rec.requests == []


def test_long_request_guard_is_off_with_a_custom_timeout() -> None:
    rec = Recorder()
    client(rec).messages.create(**{**CREATE_ARGS, "max_tokens": 64_000}, timeout=3600)
    client(rec, timeout=3600).messages.create(**{**CREATE_ARGS, "max_tokens": 64_000})
    assert len(rec.requests) == 2


def test_deprecated_model_warns() -> None:
    rec = Recorder()
    with pytest.warns(DeprecationWarning, match="claude-2.1' is deprecated"):
        client(rec).messages.create(**{**CREATE_ARGS, "model": "claude-2.1"})


def test_current_model_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client(Recorder()).messages.create(**CREATE_ARGS)


def test_wrong_argument_types_raise_before_sending() -> None:
    rec = Recorder()
    c = client(rec)
    with pytest.raises(TypeError, match="max_tokens"):
        c.messages.create(**{**CREATE_ARGS, "max_tokens": "64"})
    with pytest.raises(TypeError, match="messages"):
        c.messages.create(**{**CREATE_ARGS, "messages": "Hello"})
    with pytest.raises(TypeError):
        c.messages.create(model="claude-sonnet-4-5", max_tokens=10)  # type: ignore[call-overload]
    assert rec.requests == []


def test_generator_of_messages_survives_a_retry() -> None:
    rec = Recorder(
        httpx.Response(529, json=error_json("overloaded_error", "busy")), httpx.Response(200, json=MESSAGE)
    )
    messages = ({"role": "user", "content": t} for t in ["a"])
    client(rec).messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=messages)
    assert rec.body(0)["messages"] == rec.body(1)["messages"] == [{"role": "user", "content": "a"}]


def test_idempotency_key_is_reused_across_attempts() -> None:
    rec = Recorder(httpx.Response(500, json=error_json("api_error", "x")), httpx.Response(200, json=MESSAGE))
    client(rec).messages.create(**CREATE_ARGS)
    keys = {r.headers["idempotency-key"] for r in rec.requests}
    assert len(rec.requests) == 2
    assert len(keys) == 1


def test_per_call_max_retries_via_options_escape_hatch() -> None:
    rec = Recorder(httpx.Response(529, json=error_json("overloaded_error", "busy")))
    with pytest.raises(unbroken.OverloadedError):
        client(rec).post("/v1/messages", cast_to=Message, body=CREATE_ARGS, options={"max_retries": 0})
    assert len(rec.requests) == 1


def test_escape_hatch_get_and_post() -> None:
    rec = Recorder(httpx.Response(200, json={"ok": True}))
    c = client(rec)
    assert c.get("/v1/custom", cast_to=dict, options={"params": {"q": "1"}}) == {"ok": True}
    assert c.post("/v1/custom", cast_to=httpx.Response, body={"x": 1}).status_code == 200
    assert rec.requests[0].url.params["q"] == "1"
    assert rec.body(1) == {"x": 1}


def test_invalid_json_on_success_is_a_validation_error() -> None:
    rec = Recorder(httpx.Response(200, content=b"{not json"))
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        client(rec).messages.create(**CREATE_ARGS)
    assert isinstance(info.value.__cause__, ValueError)


def test_wrong_shape_on_success_is_a_validation_error() -> None:
    rec = Recorder(httpx.Response(200, json={**MESSAGE, "content": "not a list"}))
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        client(rec).messages.create(**CREATE_ARGS)
    assert info.value.status_code == 200


def test_unknown_fields_and_block_types_parse() -> None:
    future = {
        **MESSAGE,
        "brand_new": 1,
        "content": [{"type": "hologram", "data": "x"}, {"type": "text", "text": "t"}],
    }
    message = client(Recorder(httpx.Response(200, json=future))).messages.create(**CREATE_ARGS)
    assert message.content[0].type == "hologram"
    assert message.model_extra == {"brand_new": 1}


def test_count_tokens() -> None:
    rec = Recorder(httpx.Response(200, json={"input_tokens": 12}))
    result = client(rec).messages.count_tokens(model="claude-sonnet-4-5", messages=CREATE_ARGS["messages"])
    assert result.input_tokens == 12
    assert rec.requests[0].url.path == "/v1/messages/count_tokens"


def test_with_raw_response_gives_headers_and_parse() -> None:
    rec = Recorder(httpx.Response(200, json=MESSAGE, headers={"request-id": "req_raw"}))
    raw = client(rec).messages.with_raw_response.create(**CREATE_ARGS)
    assert raw.headers["request-id"] == "req_raw"
    assert raw.request_id == "req_raw"
    assert raw.parse().id == "msg_1"
    assert unbroken._constants.RAW_RESPONSE_HEADER.lower() not in rec.requests[0].headers


def test_client_level_with_raw_response() -> None:
    raw = client(Recorder()).with_raw_response.messages.create(**CREATE_ARGS)
    assert raw.status_code == 200
    assert raw.parse().content[0].text == "Hi!"


def test_with_streaming_response_reads_lazily() -> None:
    with client(Recorder()).messages.with_streaming_response.create(**CREATE_ARGS) as response:
        assert response.status_code == 200
        assert response.json()["id"] == "msg_1"
        assert response.parse().id == "msg_1"
    assert response.is_closed


def test_to_dict_and_to_json() -> None:
    message = client(Recorder()).messages.create(**CREATE_ARGS)
    assert message.to_dict()["usage"] == {"input_tokens": 3, "output_tokens": 2}
    assert message.to_json().startswith("{\n  ")


def test_context_manager_closes_the_client() -> None:
    with client(Recorder()) as c:
        pass
    assert c.is_closed()


def test_api_key_never_in_repr_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-ant-SECRET-123"
    rec = Recorder(httpx.Response(401, json=error_json("authentication_error", "invalid x-api-key")))
    c = client(rec, api_key=secret, max_retries=1)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(unbroken.AuthenticationError) as info:
        c.messages.create(**CREATE_ARGS)
    assert secret not in repr(c)
    assert secret not in str(info.value)
    assert secret not in repr(info.value)
    assert any("Request: POST" in r.getMessage() for r in caplog.records)
    assert all(secret not in r.getMessage() for r in caplog.records)


@pytest.mark.anyio
async def test_async_create_and_raw_response() -> None:
    rec = Recorder()
    async with async_client(rec) as c:
        message = await c.messages.create(**CREATE_ARGS)
        raw = await c.messages.with_raw_response.create(**CREATE_ARGS)
        async with c.messages.with_streaming_response.create(**CREATE_ARGS) as streamed:
            parsed = await streamed.parse()
    assert message.content[0].text == "Hi!"
    assert raw.parse().id == "msg_1"
    assert parsed.id == "msg_1"
    assert c.is_closed()


def test_a_query_in_the_path_survives_other_params() -> None:
    rec = Recorder(httpx.Response(200, json={"ok": True}))
    client(rec, default_query={"a": "1"}).get(
        "/v1/things?beta=true", cast_to=dict, options={"params": {"b": 2}}
    )
    assert rec.requests[0].url.path == "/v1/things"
    assert dict(rec.requests[0].url.params) == {"beta": "true", "a": "1", "b": "2"}
