"""What `client.beta.messages.*` sends (httpx.MockTransport, no sockets): URL, headers, body, checks."""

from __future__ import annotations

import warnings
from typing import Any

import httpx
import pydantic
import pytest

import unbroken
from helpers import CREATE_ARGS, MESSAGE, Recorder, async_client, client
from unbroken.types.beta import BetaMessage, BetaMessageTokensCount

COUNT_ARGS: dict[str, Any] = {"model": CREATE_ARGS["model"], "messages": CREATE_ARGS["messages"]}
STRUCTURED = "structured-outputs-2025-09-17"

# One value for every beta create parameter (besides the three required ones).
EVERY_PARAM: dict[str, Any] = {
    "container": {"id": "cnt_1", "skills": [{"skill_id": "pptx", "type": "anthropic", "version": "latest"}]},
    "context_management": {
        "edits": [{"type": "clear_tool_uses_20250919", "keep": {"type": "tool_uses", "value": 2}}]
    },
    "mcp_servers": [{"name": "docs", "type": "url", "url": "https://mcp.example/sse"}],
    "metadata": {"user_id": "u-1"},
    "output_format": {"type": "json_schema", "schema": {"type": "object", "properties": {}}},
    "service_tier": "standard_only",
    "stop_sequences": ["END"],
    "system": [{"type": "text", "text": "Be brief."}],
    "temperature": 0.5,
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "tool_choice": {"type": "auto", "disable_parallel_tool_use": True},
    "tools": [{"name": "t", "input_schema": {"type": "object"}, "strict": True}],
    "top_k": 5,
    "top_p": 0.9,
}


class Answer(pydantic.BaseModel):
    n: int


def test_create_goes_to_the_beta_url_and_returns_a_beta_message() -> None:
    rec = Recorder()
    message = client(rec).beta.messages.create(**CREATE_ARGS)
    request = rec.requests[0]
    assert request.method == "POST"
    assert request.url.path == "/v1/messages"
    assert request.url.params["beta"] == "true"
    assert isinstance(message, BetaMessage)
    assert message.content[0].text == "Hi!"  # type: ignore[union-attr]


def test_betas_become_one_comma_joined_header_and_stay_out_of_the_body() -> None:
    rec = Recorder()
    client(rec).beta.messages.create(**CREATE_ARGS, betas=["context-1m-2025-08-07", "my-beta"])
    assert rec.requests[0].headers["anthropic-beta"] == "context-1m-2025-08-07,my-beta"
    assert "betas" not in rec.body()


def test_no_betas_means_no_header() -> None:
    rec = Recorder()
    client(rec).beta.messages.create(**CREATE_ARGS)
    assert "anthropic-beta" not in rec.requests[0].headers


def test_extra_headers_override_the_betas_header() -> None:
    rec = Recorder()
    client(rec).beta.messages.create(**CREATE_ARGS, betas=["a"], extra_headers={"anthropic-beta": "b"})
    assert rec.requests[0].headers["anthropic-beta"] == "b"


def test_every_beta_param_reaches_the_body() -> None:
    rec = Recorder()
    client(rec).beta.messages.create(**CREATE_ARGS, **EVERY_PARAM, betas=["x"])
    assert rec.body() == {**CREATE_ARGS, **EVERY_PARAM}


def test_container_may_be_an_id_string() -> None:
    rec = Recorder()
    client(rec).beta.messages.create(**CREATE_ARGS, container="cnt_9")
    assert rec.body()["container"] == "cnt_9"


def test_extra_query_and_body_are_merged() -> None:
    rec = Recorder()
    client(rec).beta.messages.create(**CREATE_ARGS, extra_query={"q": "1"}, extra_body={"future": True})
    assert rec.requests[0].url.params["q"] == "1"
    assert rec.requests[0].url.params["beta"] == "true"
    assert rec.body()["future"] is True


def test_beta_query_survives_the_clients_default_query() -> None:
    rec = Recorder()
    client(rec, default_query={"tenant": "t1"}).beta.messages.create(**CREATE_ARGS)
    assert dict(rec.requests[0].url.params) == {"tenant": "t1", "beta": "true"}


def test_create_with_a_model_class_as_output_format_is_a_type_error_before_sending() -> None:
    rec = Recorder()
    with pytest.raises(TypeError) as info:
        client(rec).beta.messages.create(**CREATE_ARGS, output_format=Answer)  # type: ignore[arg-type]
    assert str(info.value) == (
        "You tried to pass a `BaseModel` class to `beta.messages.create()`; "
        "You must use `beta.messages.parse()` instead"
    )
    assert rec.requests == []


def test_create_with_another_type_as_output_format_is_a_type_error_too() -> None:
    rec = Recorder()
    with pytest.raises(TypeError, match=r"beta\.messages\.parse\(\)"):
        client(rec).beta.messages.create(**CREATE_ARGS, output_format=list[Answer])  # type: ignore[arg-type]
    assert rec.requests == []


def test_create_sends_a_json_schema_output_format_as_given_without_automatic_beta() -> None:
    rec = Recorder()
    client(rec).beta.messages.create(**CREATE_ARGS, output_format=EVERY_PARAM["output_format"])
    assert rec.body()["output_format"] == EVERY_PARAM["output_format"]
    assert "anthropic-beta" not in rec.requests[0].headers


def test_create_refuses_a_long_non_streaming_request_before_sending() -> None:
    rec = Recorder()
    with pytest.raises(ValueError, match="Streaming is required"):
        client(rec).beta.messages.create(**{**CREATE_ARGS, "max_tokens": 100_000})
    assert rec.requests == []


def test_create_long_request_guard_is_off_when_streaming() -> None:
    rec = Recorder(httpx.Response(200, text="", headers={"content-type": "text/event-stream"}))
    stream = client(rec).beta.messages.create(**{**CREATE_ARGS, "max_tokens": 100_000}, stream=True)
    stream.close()
    assert rec.body()["stream"] is True


def test_create_warns_for_a_deprecated_model() -> None:
    rec = Recorder()
    with pytest.warns(DeprecationWarning, match="claude-3-opus-20240229"):
        client(rec).beta.messages.create(**{**CREATE_ARGS, "model": "claude-3-opus-20240229"})


def test_create_checks_argument_types_before_sending() -> None:
    rec = Recorder()
    with pytest.raises(TypeError, match="max_tokens"):
        client(rec).beta.messages.create(**{**CREATE_ARGS, "max_tokens": "64"})
    assert rec.requests == []


def test_count_tokens_sends_its_beta_params_and_returns_the_beta_count() -> None:
    rec = Recorder(
        httpx.Response(200, json={"input_tokens": 7, "context_management": {"original_input_tokens": 9}})
    )
    params = {k: EVERY_PARAM[k] for k in ("context_management", "mcp_servers", "output_format", "system")}
    params.update(thinking=EVERY_PARAM["thinking"], tool_choice=EVERY_PARAM["tool_choice"])
    count = client(rec).beta.messages.count_tokens(
        **COUNT_ARGS, **params, tools=EVERY_PARAM["tools"], betas=["b"]
    )
    request = rec.requests[0]
    assert request.url.path == "/v1/messages/count_tokens"
    assert request.url.params["beta"] == "true"
    assert request.headers["anthropic-beta"] == "b,token-counting-2024-11-01"  # as the reference sends it
    assert rec.body() == {**COUNT_ARGS, **params, "tools": EVERY_PARAM["tools"]}
    assert isinstance(count, BetaMessageTokensCount)
    assert count.context_management is not None
    assert count.context_management.original_input_tokens == 9


def test_count_tokens_accepts_an_output_type_like_parse() -> None:
    rec = Recorder(httpx.Response(200, json={"input_tokens": 7}))
    client(rec).beta.messages.count_tokens(**COUNT_ARGS, output_format=Answer)  # type: ignore[arg-type]
    assert rec.body()["output_format"]["schema"]["properties"] == {"n": {"type": "integer", "title": "N"}}
    assert rec.requests[0].headers["anthropic-beta"] == f"{STRUCTURED},token-counting-2024-11-01"


def test_count_tokens_without_betas_sends_the_token_counting_beta() -> None:
    rec = Recorder(httpx.Response(200, json={"input_tokens": 7}))
    client(rec).beta.messages.count_tokens(**COUNT_ARGS)
    assert rec.requests[0].headers["anthropic-beta"] == "token-counting-2024-11-01"


def test_parse_adds_the_structured_outputs_beta_after_the_callers_and_the_helper_header() -> None:
    rec = Recorder(httpx.Response(200, json={**MESSAGE, "content": [{"type": "text", "text": '{"n": 1}'}]}))
    client(rec).beta.messages.parse(**CREATE_ARGS, output_format=Answer, betas=["mine"])
    headers = rec.requests[0].headers
    assert headers["anthropic-beta"] == f"mine,{STRUCTURED}"
    assert headers["x-stainless-helper"] == "beta.messages.parse"
    assert rec.requests[0].url.params["beta"] == "true"


def test_parse_does_not_repeat_a_beta_the_caller_already_gave() -> None:
    rec = Recorder(httpx.Response(200, json={**MESSAGE, "content": [{"type": "text", "text": '{"n": 1}'}]}))
    client(rec).beta.messages.parse(**CREATE_ARGS, output_format=Answer, betas=[STRUCTURED, "x"])
    assert rec.requests[0].headers["anthropic-beta"] == f"{STRUCTURED},x"


def test_parse_sends_every_param_and_the_transformed_schema() -> None:
    rec = Recorder(httpx.Response(200, json={**MESSAGE, "content": [{"type": "text", "text": '{"n": 1}'}]}))
    params = {k: v for k, v in EVERY_PARAM.items() if k != "output_format"}
    client(rec).beta.messages.parse(**CREATE_ARGS, **params, output_format=Answer)
    expected_format = {
        "type": "json_schema",
        "schema": {
            "type": "object",
            "title": "Answer",
            "properties": {"n": {"type": "integer", "title": "N"}},
            "additionalProperties": False,
            "required": ["n"],
        },
    }
    assert rec.body() == {**CREATE_ARGS, **params, "output_format": expected_format}


def test_parse_with_a_type_pydantic_cannot_describe_is_a_type_error_before_sending() -> None:
    class Opaque:
        pass

    rec = Recorder()
    with pytest.raises(TypeError, match="Could not generate a JSON schema"):
        client(rec).beta.messages.parse(**CREATE_ARGS, output_format=Opaque)
    assert rec.requests == []


def test_parse_refuses_a_long_non_streaming_request() -> None:
    rec = Recorder()
    with pytest.raises(ValueError, match="Streaming is required"):
        client(rec).beta.messages.parse(**{**CREATE_ARGS, "max_tokens": 100_000}, output_format=Answer)
    assert rec.requests == []


def test_parse_warns_for_a_deprecated_model_at_the_callers_line() -> None:
    rec = Recorder(httpx.Response(200, json={**MESSAGE, "content": [{"type": "text", "text": '{"n": 1}'}]}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client(rec).beta.messages.parse(**{**CREATE_ARGS, "model": "claude-2.1"}, output_format=Answer)
    assert [w.filename for w in caught if w.category is DeprecationWarning] == [__file__]


def test_stream_with_an_output_type_sends_the_schema_and_the_automatic_beta() -> None:
    rec = Recorder(httpx.Response(200, text="", headers={"content-type": "text/event-stream"}))
    manager = client(rec).beta.messages.stream(**CREATE_ARGS, output_format=Answer, betas=["mine"])
    assert rec.requests == []  # lazy: nothing is sent before `with`
    with pytest.raises(unbroken.IncompleteStreamError), manager as stream:
        stream.until_done()
    headers = rec.requests[0].headers
    assert headers["anthropic-beta"] == f"mine,{STRUCTURED}"
    assert headers["x-stainless-stream-helper"] == "beta.messages"
    assert rec.requests[0].url.params["beta"] == "true"
    body = rec.body()
    assert body["stream"] is True
    assert body["output_format"]["schema"]["required"] == ["n"]


def test_stream_sends_every_param() -> None:
    rec = Recorder(httpx.Response(200, text="", headers={"content-type": "text/event-stream"}))
    with pytest.raises(unbroken.IncompleteStreamError):
        with client(rec).beta.messages.stream(**CREATE_ARGS, **EVERY_PARAM) as stream:
            stream.until_done()
    assert rec.body() == {**CREATE_ARGS, **EVERY_PARAM, "stream": True}
    assert "anthropic-beta" not in rec.requests[0].headers  # a JSON-schema dict adds no beta


def test_beta_namespace_and_messages_are_cached() -> None:
    c = client(Recorder())
    assert c.beta is c.beta
    assert c.beta.messages is c.beta.messages


def test_resource_classes_are_importable_under_the_reference_paths() -> None:
    from unbroken.resources.beta import AsyncMessages, Messages
    from unbroken.resources.beta.messages import messages

    assert Messages is messages.Messages
    assert AsyncMessages is messages.AsyncMessages


@pytest.mark.anyio
async def test_async_create_parse_and_count_tokens_send_the_same_requests() -> None:
    parsed_body = {**MESSAGE, "content": [{"type": "text", "text": '{"n": 2}'}]}
    rec = Recorder(
        httpx.Response(200, json=MESSAGE),
        httpx.Response(200, json=parsed_body),
        httpx.Response(200, json={"input_tokens": 3}),
    )
    c = async_client(rec)
    message = await c.beta.messages.create(**CREATE_ARGS, betas=["a"])
    parsed = await c.beta.messages.parse(**CREATE_ARGS, output_format=Answer)
    count = await c.beta.messages.count_tokens(**COUNT_ARGS)
    assert isinstance(message, BetaMessage)
    assert parsed.parsed_output == Answer(n=2)
    assert count.input_tokens == 3
    assert [r.url.params["beta"] for r in rec.requests] == ["true"] * 3
    assert rec.requests[0].headers["anthropic-beta"] == "a"
    assert rec.requests[1].headers["anthropic-beta"] == STRUCTURED


@pytest.mark.anyio
async def test_async_create_rejects_a_model_class() -> None:
    rec = Recorder()
    with pytest.raises(TypeError, match="BaseModel"):
        await async_client(rec).beta.messages.create(**CREATE_ARGS, output_format=Answer)  # type: ignore[arg-type]
    assert rec.requests == []


class Node(pydantic.BaseModel):
    name: str
    children: list[Node] = []


def test_parse_of_a_recursive_model_sends_its_defs_beside_the_root_ref() -> None:
    rec = Recorder(
        httpx.Response(200, json={**MESSAGE, "content": [{"type": "text", "text": '{"name": "a"}'}]})
    )
    message = client(rec).beta.messages.parse(**CREATE_ARGS, output_format=Node)
    schema = rec.body()["output_format"]["schema"]
    assert schema["$ref"] == "#/$defs/Node"
    assert schema["$defs"]["Node"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert message.parsed_output == Node(name="a")
