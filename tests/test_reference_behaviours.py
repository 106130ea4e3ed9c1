"""Issue 10's "behave like the reference" items: error message wording, per-module loggers,
`transform_schema`, typed and retried credential failures, the memory tool's
no-follow opens, and `unbroken._decoders.jsonl` with `raw_iterator=`."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

import unbroken
from helpers import MESSAGE, Recorder
from helpers import client as mock_client
from unbroken.testing import Emulator, Fault

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "hello"}],
}


# -- error messages ------------------------------------------------------------------------------


def test_a_non_anthropic_json_error_body_is_worded_as_the_reference_does(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(404, body={"detail": "Not Found"}))
    client = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    with pytest.raises(unbroken.NotFoundError) as info:
        client.messages.create(**ARGS)
    assert str(info.value) == "Error code: 404 - {'detail': 'Not Found'}"
    assert info.value.body == {"detail": "Not Found"}


def test_a_long_text_error_body_is_shortened_in_the_message() -> None:
    text = "x" * 700
    with pytest.raises(unbroken.InternalServerError) as info:
        mock_client(Recorder(httpx.Response(502, text=text)), max_retries=0).messages.create(**ARGS)
    assert str(info.value) == f"Error code: 502 - {'x' * 500}…"
    assert info.value.body == text


def test_an_error_body_that_is_not_utf8_keeps_its_class_and_readable_text() -> None:
    body = b"bad \xff\xfe gateway"
    response = httpx.Response(400, content=body, headers={"content-type": "text/plain; charset=utf-8"})
    with pytest.raises(unbroken.BadRequestError) as info:
        mock_client(Recorder(response)).messages.create(**ARGS)
    assert info.value.body == "bad \ufffd\ufffd gateway"


# -- loggers ---------------------------------------------------------------------------------


def test_each_module_logs_to_its_own_logger(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(httpx.Response(529, json={}), httpx.Response(200, json=MESSAGE))
    with caplog.at_level(logging.DEBUG, logger="unbroken"):
        mock_client(recorder).messages.create(**ARGS)
    names = {record.name for record in caplog.records}
    assert "unbroken._base_client" in names
    assert all(name.startswith("unbroken.") for name in names)


def test_one_part_can_be_silenced_alone(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(httpx.Response(529, json={}), httpx.Response(200, json=MESSAGE))
    logging.getLogger("unbroken._base_client").setLevel(logging.WARNING)
    try:
        with caplog.at_level(logging.DEBUG, logger="unbroken"):
            mock_client(recorder).messages.create(**ARGS)
    finally:
        logging.getLogger("unbroken._base_client").setLevel(logging.NOTSET)
    assert not [r for r in caplog.records if r.name == "unbroken._base_client"]


# -- transform_schema ----------------------------------------------------------------------------


@pytest.mark.parametrize("type_", ["foo", ["string", "null"], 3])
def test_transform_schema_rejects_an_unsupported_type(type_: object) -> None:
    from unbroken.lib._parse._transform import transform_schema

    with pytest.raises(ValueError, match="Unsupported schema type"):
        transform_schema({"type": "object", "properties": {"a": {"type": type_}}})


@pytest.mark.parametrize("type_", ["integer", "number", "boolean", "null"])
def test_transform_schema_keeps_the_plain_types(type_: str) -> None:
    from unbroken.lib._parse._transform import transform_schema

    assert transform_schema({"type": type_}) == {"type": type_}


# -- credential failures -------------------------------------------------------------------------


def bedrock_with(recorder: Recorder, frozen: Any, **kwargs: Any) -> Any:
    from unbroken.platforms.bedrock import AnthropicBedrock

    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = AnthropicBedrock(
        aws_access_key="a", aws_secret_key="b", aws_region="us-east-1", http_client=http, **kwargs
    )
    client._signer.frozen_credentials = frozen  # type: ignore[method-assign]
    return client


def test_a_transient_credential_failure_is_retried_like_a_connection_error() -> None:
    from botocore.credentials import ReadOnlyCredentials
    from botocore.exceptions import EndpointConnectionError

    calls: list[int] = []

    def frozen() -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise EndpointConnectionError(endpoint_url="http://169.254.169.254")
        return ReadOnlyCredentials("a", "b", None)

    recorder = Recorder()
    bedrock_with(recorder, frozen).messages.create(**ARGS)
    assert (len(calls), len(recorder.requests)) == (2, 1)

    def unreachable() -> Any:
        calls.append(1)
        raise EndpointConnectionError(endpoint_url="http://169.254.169.254")

    calls.clear()
    with pytest.raises(unbroken.APIConnectionError) as info:
        bedrock_with(Recorder(), unreachable, max_retries=1).messages.create(**ARGS)
    assert isinstance(info.value.__cause__, EndpointConnectionError)
    assert len(calls) == 2


def test_a_lasting_credential_failure_is_a_credentials_error_and_not_retried() -> None:
    from botocore.exceptions import NoCredentialsError

    calls: list[int] = []

    def frozen() -> Any:
        calls.append(1)
        raise NoCredentialsError()

    recorder = Recorder()
    with pytest.raises(unbroken.CredentialsError) as info:
        bedrock_with(recorder, frozen).messages.create(**ARGS)
    assert isinstance(info.value, RuntimeError)
    assert isinstance(info.value.__cause__, NoCredentialsError)
    assert (len(calls), recorder.requests) == (1, [])


def test_a_foundry_token_provider_that_cannot_connect_is_retried() -> None:
    from unbroken.platforms.foundry import AnthropicFoundry

    tokens = iter([ConnectionResetError("reset"), "tok"])

    def provider() -> str:
        token = next(tokens)
        if isinstance(token, Exception):
            raise token
        return token

    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    AnthropicFoundry(azure_ad_token_provider=provider, resource="r", http_client=http).messages.create(**ARGS)
    assert recorder.requests[0].headers["authorization"] == "Bearer tok"


@pytest.mark.anyio
async def test_async_foundry_token_provider_failures_are_typed() -> None:
    from unbroken.platforms.foundry import AsyncAnthropicFoundry

    class ServiceRequestError(Exception):  # azure-core's name for "could not reach the token endpoint"
        pass

    class ClientAuthenticationError(Exception):
        pass

    errors: list[Exception] = [ServiceRequestError("unreachable"), ClientAuthenticationError("denied")]

    async def provider() -> str:
        raise errors.pop(0)

    recorder = Recorder()
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    client = AsyncAnthropicFoundry(azure_ad_token_provider=provider, resource="r", http_client=http)
    with pytest.raises(unbroken.CredentialsError, match="denied") as info:
        await client.messages.create(**ARGS)  # the unreachable endpoint was retried, the denial is final
    assert isinstance(info.value.__cause__, ClientAuthenticationError)
    assert (errors, recorder.requests) == ([], [])


# -- the memory tool does not follow symlinks swapped in after the check -----------------------


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_memory_reads_and_writes_never_follow_a_symlink_swapped_in_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unbroken.lib.tools import BetaLocalFilesystemMemoryTool, ToolError
    from unbroken.tools._local_memory import LocalMemoryStore

    tool = BetaLocalFilesystemMemoryTool(tmp_path / "base")
    folder = tool.memory_root / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("mine")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text("secret")
    locate = LocalMemoryStore.locate

    def swap_after_check(self: LocalMemoryStore, path: str) -> Any:
        found = locate(self, path)
        if folder.is_dir() and not folder.is_symlink():
            os.rename(folder, tool.memory_root / "moved")
            folder.symlink_to(outside, target_is_directory=True)
        return found

    monkeypatch.setattr(LocalMemoryStore, "locate", swap_after_check)
    with pytest.raises(ToolError):
        tool.call({"command": "view", "path": "/memories/notes/a.txt"})
    with pytest.raises(ToolError):
        tool.call({"command": "create", "path": "/memories/notes/a.txt", "file_text": "overwrite"})
    assert (outside / "a.txt").read_text() == "secret"
    assert sorted(p.name for p in outside.iterdir()) == ["a.txt"]


# -- unbroken._decoders.jsonl with raw_iterator= -------------------------------------------------


def test_jsonl_decoder_at_the_reference_path_takes_a_raw_iterator() -> None:
    from unbroken._decoders.jsonl import JSONLDecoder

    response = httpx.Response(200, request=httpx.Request("GET", "http://api.test/results"))
    decoder = JSONLDecoder(
        raw_iterator=iter([b'{"a": 1}\n{"a"', b": 2}"]), line_type=dict, http_response=response
    )
    assert list(decoder) == [{"a": 1}, {"a": 2}]


def test_jsonl_decoder_raw_iterator_failures_are_typed() -> None:
    from unbroken._decoders.jsonl import JSONLDecoder

    def chunks() -> Any:
        yield b'{"a": 1}\n'
        raise httpx.ReadError("reset")

    response = httpx.Response(200, request=httpx.Request("GET", "http://api.test/results"))
    decoder = JSONLDecoder(raw_iterator=chunks(), line_type=dict, http_response=response)
    received = []
    with pytest.raises(unbroken.APIConnectionError):
        for value in decoder:
            received.append(value)
    assert received == [{"a": 1}]


@pytest.mark.anyio
async def test_async_jsonl_decoder_takes_a_raw_iterator() -> None:
    from unbroken._decoders.jsonl import AsyncJSONLDecoder

    async def chunks() -> Any:
        yield b'{"a": 1}\n'
        yield b"not json\n"

    response = httpx.Response(200, request=httpx.Request("GET", "http://api.test/results"))
    decoder = AsyncJSONLDecoder(raw_iterator=chunks(), line_type=dict, http_response=response)
    received = []
    with pytest.raises(unbroken.APIResponseValidationError):
        async for value in decoder:
            received.append(value)
    assert received == [{"a": 1}]


# -- on the wire ---------------------------------------------------------------------------------


def test_skills_create_without_arguments_sends_an_empty_multipart_form(emulator: Emulator) -> None:
    client = unbroken.Anthropic(api_key="k", base_url=emulator.base_url)
    with pytest.raises(unbroken.BadRequestError):  # the emulator, like the API, wants a SKILL.md
        client.beta.skills.create()
    request = emulator.requests[0]
    boundary = request.headers["content-type"].split("boundary=")[1]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert request.body == f"--{boundary}--\r\n".encode()


def test_completions_use_600_seconds_for_every_phase_under_the_default_timeout() -> None:
    answer = {"id": "c", "type": "completion", "completion": "x", "model": "m", "stop_reason": None}
    recorder = Recorder(httpx.Response(200, json=answer))
    client = mock_client(recorder, timeout=unbroken.DEFAULT_TIMEOUT)
    client.completions.create(model="m", max_tokens_to_sample=5, prompt="\n\nHuman: hi\n\nAssistant:")
    client.with_options(timeout=30).completions.create(model="m", max_tokens_to_sample=5, prompt="x")
    first, second = (r.extensions["timeout"] for r in recorder.requests)
    assert first == {"connect": 600.0, "read": 600.0, "write": 600.0, "pool": 600.0}
    assert second["connect"] == 30


def test_vertex_sends_no_anthropic_version_header() -> None:
    from unbroken.platforms.vertex import AnthropicVertex

    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = AnthropicVertex(region="us-east5", project_id="p", access_token="t", http_client=http)
    client.messages.create(**ARGS)
    assert "anthropic-version" not in recorder.requests[0].headers
    assert recorder.body()["anthropic_version"] == "vertex-2023-10-16"
