"""Every ```python block of docs/testing-emulator.md, and of the README's emulator section, runs and passes.

Each block becomes a test module of one inner pytest session, run in a subprocess (as a user's project would
run it, with the ``emulator`` fixture from the installed plugin). A block that defines tests is kept as it is;
any other block is the body of one test.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "testing-emulator.md"
README = ROOT / "README.md"
_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_TEST = re.compile(r"^(?:async )?def test_", re.MULTILINE)


def python_blocks(text: str) -> list[str]:
    return [match.group(1) for match in _PYTHON_BLOCK.finditer(text)]


def readme_emulator_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Testing your code against the emulator")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def as_test_module(block: str) -> str:
    if _TEST.search(block):
        return block
    return "def test_block():\n" + textwrap.indent(block, "    ")


def test_the_docs_have_examples_to_run() -> None:
    assert len(python_blocks(PAGE.read_text(encoding="utf-8"))) >= 10
    assert len(python_blocks(readme_emulator_section())) >= 1


def test_every_python_example_runs(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)  # set for the other examples of this folder
    blocks = [*python_blocks(PAGE.read_text(encoding="utf-8")), *python_blocks(readme_emulator_section())]
    modules = {f"test_example_{n:02}": as_test_module(block) for n, block in enumerate(blocks, 1)}
    pytester.makepyfile(**modules)
    tests = sum(len(_TEST.findall(module)) for module in modules.values())

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest")

    result.assert_outcomes(passed=tests)
