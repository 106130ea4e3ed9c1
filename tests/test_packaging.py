"""What `pip install unbroken` gets: the sdist and the wheel are built (no isolated environment: hatchling is
a dev tool) and their files and metadata checked, so a packaging regression fails `make test`."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    yield out


def wheel_names(dist: Path) -> list[str]:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def sdist_names(dist: Path) -> list[str]:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tf:
        return [name.split("/", 1)[1] for name in tf.getnames() if "/" in name]


def wheel_metadata(dist: Path) -> Message:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return Parser().parsestr(zf.read(name).decode())


def test_the_wheel_carries_the_license_and_the_typed_marker(dist: Path) -> None:
    names = wheel_names(dist)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "unbroken/py.typed" in names
    assert not any(n.startswith(("tests/", "docs/")) for n in names)


def test_the_sdist_carries_the_license_the_docs_and_the_tests(dist: Path) -> None:
    names = set(sdist_names(dist))
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "mkdocs.yml"} <= names
    assert "src/unbroken/py.typed" in names
    assert "docs/index.md" in names
    assert "tests/conftest.py" in names
    assert not any(n.startswith(".ci/") for n in names)


def test_metadata_declares_the_license_python_versions_and_extras(dist: Path) -> None:
    meta = wheel_metadata(dist)
    assert meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier") or []
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers
    assert "Operating System :: OS Independent" in classifiers
    # Development tools are a dependency group, never a published extra; the CLI's extra differs from the
    # emulator's by rich (the batch progress bar).
    assert sorted(meta.get_all("Provides-Extra") or []) == [
        "aiohttp",
        "bedrock",
        "cli",
        "emulator",
        "otel",
        "vertex",
    ]
    requires = meta.get_all("Requires-Dist") or []
    assert any(r.startswith("httpx-aiohttp") and "extra == 'aiohttp'" in r for r in requires)
