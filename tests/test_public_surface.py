"""The import paths and names a user of the reference SDK relies on exist under `unbroken`."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import unbroken

# Every public import path the reference documents, with `anthropic` replaced by `unbroken`.
IMPORT_PATHS = [
    "unbroken",
    "unbroken.types",
    "unbroken.types.beta",
    "unbroken.types.message_create_params",
    "unbroken.types.messages",
    "unbroken.types.messages.batch_create_params",
    "unbroken.types.beta.parsed_beta_message",
    "unbroken.pagination",
    "unbroken.lib.streaming",
    "unbroken.lib.tools",
    "unbroken.lib.bedrock",
    "unbroken.lib.vertex",
    "unbroken.lib.foundry",
    "unbroken.resources.beta",
    "unbroken.testing",
]

# The reference's top-level names (reference-api.md §1 and §4) plus ours.
TOP_LEVEL = """
Anthropic AsyncAnthropic Client AsyncClient Stream AsyncStream NotGiven NOT_GIVEN not_given Omit omit
Timeout RequestOptions NoneType Transport ProxiesTypes BaseModel DEFAULT_TIMEOUT DEFAULT_MAX_RETRIES
DEFAULT_CONNECTION_LIMITS DefaultHttpxClient DefaultAsyncHttpxClient DefaultAioHttpClient HUMAN_PROMPT
AI_PROMPT APIResponse AsyncAPIResponse file_from_path transform_schema beta_tool beta_async_tool
AnthropicBedrock AsyncAnthropicBedrock AnthropicVertex AsyncAnthropicVertex AnthropicFoundry
AsyncAnthropicFoundry MessageStream AsyncMessageStream MessageStreamManager AsyncMessageStreamManager
TextEvent InputJsonEvent MessageStopEvent MessageStreamEvent ContentBlockStopEvent BetaMessageStream
BetaAsyncMessageStream BetaMessageStreamManager BetaAsyncMessageStreamManager AnthropicError APIError
APIStatusError APIConnectionError APITimeoutError APIResponseValidationError BadRequestError
AuthenticationError PermissionDeniedError NotFoundError ConflictError RequestTooLargeError
UnprocessableEntityError RateLimitError ServiceUnavailableError DeadlineExceededError OverloadedError
InternalServerError IncompleteStreamError CredentialsError __version__ __title__
""".split()


@pytest.mark.parametrize("path", IMPORT_PATHS)
def test_documented_import_path_exists(path: str) -> None:
    assert importlib.import_module(path) is not None


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_top_level_name_resolves(name: str) -> None:
    assert getattr(unbroken, name) is not None
    assert name in unbroken.__all__


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert unbroken.__all__ == sorted(unbroken.__all__)
    for name in unbroken.__all__:
        assert getattr(unbroken, name) is not None, name


def test_tile_only_paths_from_the_reference_docs() -> None:
    from unbroken.types import NotGiven, RequestOptions, Timeout
    from unbroken.types.beta import ParsedBetaMessage

    assert NotGiven is unbroken.NotGiven
    assert RequestOptions is unbroken.RequestOptions
    assert Timeout is unbroken.Timeout
    assert ParsedBetaMessage is not None


def test_import_is_lazy() -> None:
    code = (
        "import sys, unbroken\n"
        "heavy = [m for m in ('httpx', 'pydantic', 'unbroken._client', 'unbroken.types.message', 'botocore')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
