"""The `data` of a base64 image or PDF source may be a path or a binary file: it is read and encoded."""

from __future__ import annotations

import base64
import io
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest

import unbroken
from unbroken._files import encode_base64_sources
from unbroken.testing import Emulator

PNG = b"\x89PNG\r\n\x1a\n not really an image"
ENCODED = base64.b64encode(PNG).decode()


@pytest.fixture
def png(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "pixel.png"
    path.write_bytes(PNG)
    return path


def image(data: object) -> dict[str, Any]:
    return {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": data}}


def user(*blocks: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"role": "user", "content": list(blocks)}]


def sent_source(emulator: Emulator) -> Any:
    return emulator.requests[-1].json["messages"][0]["content"][0]["source"]


def test_a_path_is_read_and_sent_base64_encoded(
    client: unbroken.Anthropic, emulator: Emulator, png: pathlib.Path
) -> None:
    client.messages.create(model="claude-sonnet-4-5", max_tokens=8, messages=user(image(png)))  # type: ignore[arg-type]

    assert sent_source(emulator) == {"type": "base64", "media_type": "image/png", "data": ENCODED}


def test_a_binary_file_is_read_and_sent_base64_encoded(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    client.messages.create(model="claude-sonnet-4-5", max_tokens=8, messages=user(image(io.BytesIO(PNG))))

    assert sent_source(emulator)["data"] == ENCODED


@pytest.mark.anyio
async def test_async_client_encodes_a_path(
    aclient: unbroken.AsyncAnthropic, emulator: Emulator, png: pathlib.Path
) -> None:
    await aclient.messages.create(model="claude-sonnet-4-5", max_tokens=8, messages=user(image(png)))  # type: ignore[arg-type]

    assert sent_source(emulator)["data"] == ENCODED


def test_beta_pdf_source_from_a_path_in_a_stream(
    client: unbroken.Anthropic, emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    document = {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": pdf},
    }
    with client.beta.messages.stream(
        model="claude-sonnet-4-5", max_tokens=8, messages=user(document)
    ) as stream:  # type: ignore[arg-type]
        stream.get_final_message()

    assert sent_source(emulator)["data"] == base64.b64encode(b"%PDF-1.4").decode()


def test_a_value_that_is_not_a_string_path_or_file_is_a_type_error_before_sending(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    with pytest.raises(
        TypeError, match="base64 source must be a base64-encoded str, a path or a binary file"
    ):
        client.messages.create(model="claude-sonnet-4-5", max_tokens=8, messages=user(image(12345)))

    assert emulator.requests == []


def test_a_path_anywhere_else_in_the_body_is_a_clear_type_error_before_sending(
    client: unbroken.Anthropic, emulator: Emulator, png: pathlib.Path
) -> None:
    with pytest.raises(TypeError, match=r"Path is not JSON serializable .*base64 source"):
        client.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=8,
            messages=[{"role": "user", "content": [{"type": "text", "text": png}]}],  # type: ignore[typeddict-item]
        )

    assert emulator.requests == []


def test_sources_nested_in_tool_results_documents_and_batches_are_encoded(png: pathlib.Path) -> None:
    nested_document = {
        "type": "document",
        "source": {"type": "content", "content": [{"type": "text", "text": "t"}, image(png)]},
    }
    tool_result = {"type": "tool_result", "tool_use_id": "t", "content": [image(io.BytesIO(PNG))]}
    fetched = {
        "type": "web_fetch_tool_result",
        "tool_use_id": "w",
        "content": {"type": "web_fetch_result", "url": "u", "content": image(png) | {"type": "document"}},
    }
    body = {
        "requests": [{"custom_id": "a", "params": {"messages": user(nested_document, tool_result, fetched)}}]
    }

    blocks = encode_base64_sources(body)["requests"][0]["params"]["messages"][0]["content"]

    assert blocks[0]["source"]["content"][1]["source"]["data"] == ENCODED
    assert blocks[1]["content"][0]["source"]["data"] == ENCODED
    assert blocks[2]["content"]["content"]["source"]["data"] == ENCODED


def test_messages_from_a_generator_are_encoded_too(png: pathlib.Path) -> None:
    def messages() -> Iterator[dict[str, Any]]:
        yield from user(image(png))

    encoded = encode_base64_sources({"messages": messages()})

    assert encoded["messages"][0]["content"][0]["source"]["data"] == ENCODED


def test_a_body_without_files_is_returned_as_is() -> None:
    body = {"messages": [{"role": "user", "content": "hi"}, {"role": "user", "content": [image(ENCODED)]}]}

    assert encode_base64_sources(body) is body


def test_the_callers_body_is_never_changed(png: pathlib.Path) -> None:
    messages = user(image(png))

    encode_base64_sources({"messages": messages})

    assert messages[0]["content"][0]["source"]["data"] == png
