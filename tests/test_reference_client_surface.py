"""The reference's client and resource surface: typed response views, client members, the raw helpers
and `request(cast_to, options)`, the resources' exports, the stream managers' constructors."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

import unbroken
from helpers import CREATE_ARGS, Recorder, async_client, client
from unbroken._models import FinalRequestOptions
from unbroken.pagination import AsyncPage, SyncPage
from unbroken.testing import Emulator
from unbroken.types import Message, ModelInfo, RawMessageStreamEvent

RESOURCE_VIEWS = {
    # path from the client: the methods its views have
    "messages": {"create", "count_tokens", "batches"},
    "messages.batches": {"create", "retrieve", "list", "delete", "cancel", "results"},
    "models": {"retrieve", "list"},
    "completions": {"create"},
    "beta": {"messages", "models", "files", "skills"},
    "beta.messages": {"create", "parse", "count_tokens", "batches"},
    "beta.messages.batches": {"create", "retrieve", "list", "delete", "cancel", "results"},
    "beta.models": {"retrieve", "list"},
    "beta.files": {"upload", "list", "retrieve_metadata", "download", "delete"},
    "beta.skills": {"create", "retrieve", "list", "delete", "versions"},
    "beta.skills.versions": {"create", "retrieve", "list", "delete"},
}


def resource_at(root: object, path: str) -> Any:
    for name in path.split("."):
        root = getattr(root, name)
    return root


# -- resource views ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(RESOURCE_VIEWS))
@pytest.mark.parametrize("client_cls", [unbroken.Anthropic, unbroken.AsyncAnthropic])
def test_every_resource_has_views_named_and_listing_its_methods(client_cls: type, path: str) -> None:
    resource = resource_at(client_cls(api_key="k"), path)
    for view, suffix in (
        (resource.with_raw_response, "WithRawResponse"),
        (resource.with_streaming_response, "WithStreamingResponse"),
    ):
        assert type(view).__name__ == type(resource).__name__ + suffix
        assert RESOURCE_VIEWS[path] <= set(dir(view))


def test_the_client_views_lead_to_the_resource_views() -> None:
    c = unbroken.Anthropic(api_key="k")
    assert type(c.with_raw_response).__name__ == "AnthropicWithRawResponse"
    assert type(c.with_streaming_response).__name__ == "AnthropicWithStreamedResponse"
    assert c.with_raw_response.messages is c.messages.with_raw_response
    assert c.with_streaming_response.beta.files is c.beta.files.with_streaming_response
    a = unbroken.AsyncAnthropic(api_key="k")
    assert type(a.with_raw_response).__name__ == "AsyncAnthropicWithRawResponse"
    assert a.with_raw_response.beta.messages.batches is a.beta.messages.batches.with_raw_response


def test_platform_clients_have_the_views_of_their_resources() -> None:
    bedrock = unbroken.AnthropicBedrock(aws_region="us-east-1", aws_access_key="a", aws_secret_key="b")
    assert {"messages"} <= set(dir(bedrock.beta.with_raw_response))
    foundry = unbroken.AsyncAnthropicFoundry(api_key="k", resource="r")
    assert {"create", "count_tokens"} <= set(dir(foundry.messages.with_streaming_response))


def test_raw_view_of_a_list_gives_a_response_whose_page_walks_on() -> None:
    pages = [
        {
            "data": [
                {"type": "model", "id": "m1", "display_name": "M1", "created_at": "2025-01-01T00:00:00Z"}
            ],
            "has_more": True,
            "first_id": "m1",
            "last_id": "m1",
        },
        {
            "data": [
                {"type": "model", "id": "m2", "display_name": "M2", "created_at": "2025-01-01T00:00:00Z"}
            ],
            "has_more": False,
            "first_id": "m2",
            "last_id": "m2",
        },
    ]
    rec = Recorder(*(httpx.Response(200, json=page) for page in pages))
    raw = client(rec).models.with_raw_response.list(limit=1)
    assert isinstance(raw, unbroken._legacy_response.LegacyAPIResponse)
    assert [m.id for m in raw.parse()] == ["m1", "m2"]


def test_raw_download_is_the_binary_response_that_writes_to_a_file(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200, content=b"file bytes"))
    response = client(rec).beta.files.with_raw_response.download("file_1")
    assert isinstance(response, unbroken._response.BinaryAPIResponse)
    response.write_to_file(tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == b"file bytes"


@pytest.mark.anyio
async def test_async_streamed_download_streams_to_a_file(tmp_path: Path) -> None:
    rec = Recorder(httpx.Response(200, content=b"chunk" * 100))
    async with async_client(rec).beta.files.with_streaming_response.download("file_1") as response:
        assert isinstance(response, unbroken._response.AsyncStreamedBinaryAPIResponse)
        await response.stream_to_file(tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == b"chunk" * 100
    assert response.is_closed


# -- client members -----------------------------------------------------------------------------------------


def test_user_agent_is_what_is_sent() -> None:
    rec = Recorder()
    c = client(rec)
    c.messages.create(**CREATE_ARGS)
    assert rec.requests[0].headers["user-agent"] == c.user_agent
    assert c.user_agent.startswith(f"unbroken/{unbroken.__version__} (Anthropic;")


def test_platform_headers_describe_the_platform_and_are_not_sent() -> None:
    rec = Recorder()
    c = client(rec)
    headers = c.platform_headers()
    assert headers["X-Stainless-Lang"] == "python"
    assert headers["X-Stainless-Package-Version"] == unbroken.__version__
    c.messages.create(**CREATE_ARGS)
    assert not any(name.lower().startswith("x-stainless") for name in rec.requests[0].headers)


def test_qs_encodes_lists_booleans_mappings_and_skips_none() -> None:
    qs = unbroken.Anthropic(api_key="k").qs
    params = {"ids": ["a", "b"], "flag": True, "off": False, "nested": {"x": 1}, "gone": None}
    assert qs.stringify_items(params) == [
        ("ids", "a,b"),
        ("flag", "true"),
        ("off", "false"),
        ("nested[x]", "1"),
    ]
    assert qs.stringify({"ids": [1, 2]}, array_format="repeat") == "ids=1&ids=2"
    assert qs.parse("a=1&a=2") == {"a": ["1", "2"]}


def test_query_params_are_encoded_by_the_clients_qs() -> None:
    rec = Recorder(httpx.Response(200, json={"ok": True}))
    client(rec).get("/v1/custom", cast_to=dict, options={"params": {"ids": ["a", "b"], "flag": False}})
    assert rec.requests[0].url.query == b"ids=a%2Cb&flag=false"


class BasicAuthAnthropic(unbroken.Anthropic):
    @property
    def custom_auth(self) -> httpx.Auth | None:
        return httpx.BasicAuth("user", "secret")


class BasicAuthAsyncAnthropic(unbroken.AsyncAnthropic):
    @property
    def custom_auth(self) -> httpx.Auth | None:
        return httpx.BasicAuth("user", "secret")


def test_custom_auth_is_none_by_default_and_applied_when_a_subclass_gives_one() -> None:
    assert unbroken.Anthropic(api_key="k").custom_auth is None
    rec = Recorder()
    c = BasicAuthAnthropic(
        api_key="k", base_url="http://api.test", http_client=httpx.Client(transport=httpx.MockTransport(rec))
    )
    c.messages.create(**CREATE_ARGS)
    assert rec.requests[0].headers["authorization"] == httpx.BasicAuth("user", "secret")._auth_header


@pytest.mark.anyio
async def test_async_custom_auth_is_applied() -> None:
    rec = Recorder()
    transport = httpx.MockTransport(rec)
    c = BasicAuthAsyncAnthropic(
        api_key="k", base_url="http://api.test", http_client=httpx.AsyncClient(transport=transport)
    )
    await c.messages.create(**CREATE_ARGS)
    assert rec.requests[0].headers["authorization"].startswith("Basic ")


# -- the raw helpers and request(cast_to, options) -----------------------------------------------------------


@pytest.mark.parametrize("client_cls", [unbroken.Anthropic, unbroken.AsyncAnthropic])
def test_raw_helpers_take_the_reference_parameters(client_cls: type) -> None:
    def names(method: str) -> list[str]:
        return list(inspect.signature(getattr(client_cls, method)).parameters)

    assert names("get") == ["self", "path", "cast_to", "options", "stream", "stream_cls"]
    assert set(names("post")) == {
        "self",
        "path",
        "cast_to",
        "body",
        "options",
        "files",
        "stream",
        "stream_cls",
    }
    assert names("patch") == ["self", "path", "cast_to", "body", "options"]
    assert names("put") == ["self", "path", "cast_to", "body", "files", "options"]
    assert names("delete") == ["self", "path", "cast_to", "body", "options"]
    assert names("request") == ["self", "cast_to", "options", "stream", "stream_cls"]
    assert inspect.signature(client_cls.get).parameters["options"].default == {}
    assert inspect.signature(client_cls.copy).parameters["_extra_kwargs"].default == {}


def test_request_takes_final_request_options() -> None:
    rec = Recorder()
    options = FinalRequestOptions.construct(
        method="post", url="/v1/messages", json_data=CREATE_ARGS, headers={"X-Trace": "t1"}, max_retries=0
    )
    message = client(rec).request(Message, options)
    assert message.id == "msg_1"
    assert rec.requests[0].headers["x-trace"] == "t1"
    assert rec.body() == CREATE_ARGS


def test_post_with_files_is_multipart() -> None:
    rec = Recorder(httpx.Response(200, json={"ok": True}))
    client(rec).post("/v1/upload", cast_to=dict, body={"purpose": "x"}, files={"file": ("a.txt", b"abc")})
    request = rec.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b'filename="a.txt"' in request.content and b"abc" in request.content


def test_post_streams_with_a_parametrized_stream_class(emulator: Emulator) -> None:
    c = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    stream = c.post(
        "/v1/messages",
        cast_to=Message,
        body={**CREATE_ARGS, "stream": True},
        stream=True,
        stream_cls=unbroken.Stream[RawMessageStreamEvent],
    )
    types = [event.type for event in stream]
    assert types[0] == "message_start" and types[-1] == "message_stop"


@pytest.mark.anyio
async def test_async_post_streams_with_a_parametrized_stream_class(emulator: Emulator) -> None:
    c = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    stream = await c.post(
        "/v1/messages",
        cast_to=Message,
        body={**CREATE_ARGS, "stream": True},
        stream=True,
        stream_cls=unbroken.AsyncStream[RawMessageStreamEvent],
    )
    types = [event.type async for event in stream]
    assert types[0] == "message_start" and types[-1] == "message_stop"


def test_get_api_list_walks_the_pages(emulator: Emulator) -> None:
    c = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    page = c.get_api_list(
        "/v1/models", model=ModelInfo, page=SyncPage[ModelInfo], options={"params": {"limit": 1}}
    )
    assert isinstance(page, SyncPage)
    assert [m.id for m in page] == [m.id for m in c.models.list()]


@pytest.mark.anyio
async def test_async_get_api_list_is_a_paginator(emulator: Emulator) -> None:
    c = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    paginator = c.get_api_list("/v1/models", model=ModelInfo, page=AsyncPage[ModelInfo])
    first = await paginator
    assert isinstance(first, AsyncPage)
    assert [m.id async for m in c.get_api_list("/v1/models", model=ModelInfo, page=AsyncPage[ModelInfo])]


# -- resources exports ---------------------------------------------------------------------------------------


def test_resources_exports_what_the_reference_does() -> None:
    import unbroken.resources as resources

    for name in ("Completions", "Messages", "Models", "Beta"):
        for form in (name, f"Async{name}"):
            for suffix in ("", "WithRawResponse", "WithStreamingResponse"):
                assert getattr(resources, form + suffix).__name__ == form + suffix
                assert form + suffix in resources.__all__
    from unbroken.resources.beta.beta import AsyncBeta, Beta
    from unbroken.resources.messages import DEPRECATED_MODELS, BatchesWithRawResponse

    assert (Beta, AsyncBeta) == (resources.Beta, resources.AsyncBeta)
    assert BatchesWithRawResponse.__name__ == "BatchesWithRawResponse"
    assert "claude-3-opus-20240229" in DEPRECATED_MODELS


def test_validate_output_format_refuses_a_model_class() -> None:
    from unbroken.resources.beta.messages.messages import validate_output_format

    class Answer(pydantic.BaseModel):
        text: str

    validate_output_format({"type": "json_schema", "schema": {}})
    with pytest.raises(TypeError, match=r"beta\.messages\.parse\(\)"):
        validate_output_format(Answer)


# -- stream managers -----------------------------------------------------------------------------------------


def test_stream_managers_take_the_reference_parameters() -> None:
    from unbroken.lib.streaming import (
        AsyncMessageStreamManager,
        BetaAsyncMessageStreamManager,
        BetaMessageStream,
        BetaMessageStreamManager,
        MessageStreamManager,
    )

    for manager in (MessageStreamManager, AsyncMessageStreamManager):
        assert list(inspect.signature(manager).parameters) == ["api_request"]
    sync_params = inspect.signature(BetaMessageStreamManager).parameters
    assert sync_params["output_format"].default is inspect.Parameter.empty  # required, as in the reference
    assert inspect.signature(BetaAsyncMessageStreamManager).parameters["output_format"].default is not None
    assert inspect.signature(BetaMessageStream).parameters["output_format"].default is inspect.Parameter.empty


def test_a_manager_sends_its_request_on_enter_only(emulator: Emulator) -> None:
    c = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    manager = unbroken.MessageStreamManager(lambda: c.messages.create(**CREATE_ARGS, stream=True))
    assert emulator.requests == []
    with manager as stream:
        assert stream.get_final_message().type == "message"
    assert len(emulator.requests) == 1


@pytest.mark.anyio
async def test_an_async_manager_takes_the_unsent_request(emulator: Emulator) -> None:
    c = unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)
    async with unbroken.AsyncMessageStreamManager(c.messages.create(**CREATE_ARGS, stream=True)) as stream:
        assert (await stream.get_final_message()).type == "message"


def test_copy_leaves_its_default_extra_kwargs_empty() -> None:
    c = unbroken.Anthropic(api_key="k")
    assert c.copy(max_retries=5).max_retries == 5
    assert inspect.signature(unbroken.Anthropic.copy).parameters["_extra_kwargs"].default == {}
