"""Every ```python block of docs/batches.md, run in order (one namespace, like a reader following it) on the
emulator, from a fresh working directory. A block preceded by ``<!-- needs: network -->`` would be skipped;
this page has none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unbroken.testing import Emulator

DOC = Path(__file__).resolve().parents[2] / "docs" / "batches.md"
BLOCK = re.compile(r"(<!-- needs: network -->\s*)?```python\n(.*?)```", re.DOTALL)


def blocks() -> list[str]:
    return [code for marker, code in BLOCK.findall(DOC.read_text()) if not marker]


def test_the_page_has_examples() -> None:
    assert len(blocks()) >= 6


def test_every_python_block_runs_against_the_emulator(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test")
    namespace: dict[str, object] = {}
    for number, code in enumerate(blocks(), start=1):
        try:
            exec(compile(code, f"{DOC.name}[python block {number}]", "exec"), namespace)
        except Exception as exc:  # name the block that failed
            raise AssertionError(f"python block {number} of {DOC.name} failed: {exc!r}") from exc
    out = capsys.readouterr().out
    assert "2 problems, nothing was sent" in out
    assert "Echo: What is 2 + 2?" in out
