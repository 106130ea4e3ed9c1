"""A type checker sees the reference's types through `with_raw_response` / `with_streaming_response`
(not `Any`): mypy is run on a snippet that uses them, as a user's project would."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

SNIPPET = """
import unbroken

client = unbroken.Anthropic()
aclient = unbroken.AsyncAnthropic()


def sync_views() -> None:
    raw = client.messages.with_raw_response.create(max_tokens=1, messages=[], model="m")
    reveal_type(raw)
    reveal_type(raw.parse())
    reveal_type(client.with_raw_response.models.retrieve("m").parse())
    with client.beta.files.with_streaming_response.download("f") as download:
        reveal_type(download)
    reveal_type(client.messages.batches.with_streaming_response.retrieve("b"))


async def async_views() -> None:
    raw = await aclient.messages.with_raw_response.create(max_tokens=1, messages=[], model="m")
    reveal_type(raw)
    async with aclient.messages.with_streaming_response.count_tokens(messages=[], model="m") as response:
        reveal_type(await response.parse())
"""


def test_views_are_typed_as_the_reference_types_them(tmp_path: Path) -> None:
    path = tmp_path / "snippet.py"
    path.write_text(textwrap.dedent(SNIPPET))
    stdout, stderr, _ = mypy_api.run(
        [
            str(path),
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(Path(__file__).resolve().parent.parent / ".mypy_cache"),
        ]
    )
    revealed = [
        line.split("Revealed type is ")[1].strip('"') for line in stdout.splitlines() if "Revealed" in line
    ]
    assert revealed == [
        "unbroken._legacy_response.LegacyAPIResponse[unbroken.types.message.Message]",
        "unbroken.types.message.Message",
        "unbroken.types.model_info.ModelInfo",
        "unbroken._sync_response.StreamedBinaryAPIResponse",
        "unbroken._sync_response.ResponseContextManager["
        "unbroken._sync_response.APIResponse[unbroken.types.messages.batches.MessageBatch]]",
        "unbroken._legacy_response.LegacyAPIResponse[unbroken.types.message.Message]",
        "unbroken.types.message_tokens_count.MessageTokensCount",
    ], stdout + stderr
