"""Platform clients load lazily (no botocore / google-auth on `import unbroken`) and live at the reference's
import paths."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import unbroken


def run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_import_unbroken_loads_no_cloud_sdk() -> None:
    code = "import sys, unbroken; print(sorted(m for m in ('botocore', 'google.auth') if m in sys.modules))"

    assert run(code) == "[]"


def test_constructing_platform_clients_with_their_settings_loads_no_cloud_sdk() -> None:
    code = (
        "import sys, unbroken\n"
        "unbroken.AnthropicBedrock(aws_region='us-east-1', aws_access_key='a', aws_secret_key='s')\n"
        "unbroken.AnthropicVertex(region='us-east5', project_id='p', access_token='t')\n"
        "unbroken.AsyncAnthropicFoundry(api_key='k', resource='r')\n"
        "print(sorted(m for m in ('botocore', 'google.auth') if m in sys.modules))"
    )

    assert run(code) == "[]"


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("AnthropicBedrock", "unbroken.platforms.bedrock"),
        ("AsyncAnthropicBedrock", "unbroken.platforms.bedrock"),
        ("AnthropicVertex", "unbroken.platforms.vertex"),
        ("AsyncAnthropicVertex", "unbroken.platforms.vertex"),
        ("AnthropicFoundry", "unbroken.platforms.foundry"),
        ("AsyncAnthropicFoundry", "unbroken.platforms.foundry"),
    ],
)
def test_top_level_names_are_the_platform_classes(name: str, module: str) -> None:
    assert getattr(importlib.import_module(module), name) is getattr(unbroken, name)
    assert name in unbroken.__all__


def test_reference_import_paths_give_the_same_classes() -> None:
    from unbroken.lib.bedrock import AnthropicBedrock, AsyncAnthropicBedrock
    from unbroken.lib.foundry import AnthropicFoundry, AsyncAnthropicFoundry, MutuallyExclusiveAuthError
    from unbroken.lib.vertex import AnthropicVertex, AsyncAnthropicVertex

    assert (AnthropicBedrock, AsyncAnthropicBedrock) == (
        unbroken.AnthropicBedrock,
        unbroken.AsyncAnthropicBedrock,
    )
    assert (AnthropicVertex, AsyncAnthropicVertex) == (
        unbroken.AnthropicVertex,
        unbroken.AsyncAnthropicVertex,
    )
    assert (AnthropicFoundry, AsyncAnthropicFoundry) == (
        unbroken.AnthropicFoundry,
        unbroken.AsyncAnthropicFoundry,
    )
    assert issubclass(MutuallyExclusiveAuthError, unbroken.AnthropicError)


def test_without_botocore_the_error_gives_a_pip_command_that_runs_in_any_shell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Unquoted, `pip install unbroken[bedrock]` is a glob in zsh ("no matches found"): quoted, as elsewhere
    # (the Vertex client's hint: tests/platforms/test_vertex_client.py).
    monkeypatch.setitem(sys.modules, "botocore", None)  # `import botocore` now raises ImportError
    client = unbroken.AnthropicBedrock(
        aws_region="us-east-1", aws_access_key="a", aws_secret_key="s", base_url="http://127.0.0.1:9"
    )

    with pytest.raises(unbroken.CredentialsError) as caught:
        client.messages.create(model="m", max_tokens=1, messages=[{"role": "user", "content": "x"}])

    assert str(caught.value).endswith("pip install 'unbroken[bedrock]'")
    assert isinstance(caught.value.__cause__, ImportError)
