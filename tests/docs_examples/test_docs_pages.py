"""Every ```python block of the documentation runs here, as written, against the emulator.

The pages are ``docs/**/*.md`` and ``README.md``. Each block is a whole program a reader can copy: it runs on
its own (a fresh namespace, ``__name__ == "__main__"``, a temporary working directory), and a failing block is
reported at its page and line. The harness only provides what a reader's machine would:

* the API: ``ANTHROPIC_BASE_URL`` points at the session emulator and ``ANTHROPIC_API_KEY`` is set, so
  ``anthropic.Anthropic()`` works as the pages write it; the platform clients' own variables point them at
  the same emulator (Bedrock with static AWS keys, Foundry with an API key);
* no sleeping: the ``emulator`` fixture makes the client's retries instant (their decisions are unchanged).

Blocks that start their own ``Emulator()`` (the testing pages) simply do so. A block that defines top-level
``test_*`` functions is a pytest file, as a reader would save it: it is run by pytest in a subprocess (the
package's plugin supplies the ``emulator`` fixture there, as it does for readers) and every test in it must
pass. A block that needs the real
API or a cloud account is marked, on the line just before its fence, with
``<!-- docs-test: network (why) -->``; it is compiled (so it stays valid Python) but not run. A tutorial
block that builds on the blocks before it (a file they wrote, a name they defined) is marked
``<!-- docs-test: continues -->``: it runs after them, in their namespace and working directory, as a
reader following the page would. No other marker exists: a block either runs here or says why it cannot.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from unbroken.testing import Emulator

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([*(ROOT / "docs").rglob("*.md"), ROOT / "README.md"])

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")
MARKER = re.compile(r"<!--\s*docs-test:(?P<rest>.*?)-->")
NETWORK = re.compile(r"^\s*network\s*\((?P<why>[^)]+)\)\s*$")
CONTINUES = re.compile(r"^\s*continues\s*$")
PYTEST_FILE = re.compile(r"^(async )?def test_", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # 1-based line of the first code line
    code: str
    network: str | None  # why it needs the real network, or None when it runs here
    continues: bool = False  # runs after the page's blocks before it, in their namespace

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def is_pytest_file(self) -> bool:
        return PYTEST_FILE.search(self.code) is not None


@dataclass(frozen=True)
class Marker:
    page: Path
    line: int
    text: str
    attached: bool  # directly followed by a python fence


def parse(page: Path) -> tuple[list[Block], list[Marker]]:
    """The page's python blocks and its docs-test markers (fences may be indented, e.g. in admonitions)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    markers: list[Marker] = []
    pending: tuple[int, str] | None = None  # a marker waiting for the next fence
    i = 0
    while i < len(lines):
        found = MARKER.search(lines[i])
        if found:
            if pending is not None:
                markers.append(Marker(page, pending[0], pending[1], attached=False))
            pending = (i + 1, found["rest"])
            i += 1
            continue
        opening = FENCE.match(lines[i])
        if not opening:
            if lines[i].strip() and pending is not None:
                markers.append(Marker(page, pending[0], pending[1], attached=False))
                pending = None
            i += 1
            continue
        indent, fence, lang = opening["indent"], opening["fence"], opening["lang"].lower()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        if j == len(lines):
            raise ValueError(f"{page}:{i + 1}: unterminated code fence")
        if lang in ("python", "py"):
            network = None
            continues = False
            if pending is not None:
                markers.append(Marker(page, pending[0], pending[1], attached=True))
                why = NETWORK.match(pending[1])
                network = why["why"] if why else None
                continues = CONTINUES.match(pending[1]) is not None
            blocks.append(Block(page, i + 2, "\n".join(body) + "\n", network, continues))
        elif pending is not None:
            markers.append(Marker(page, pending[0], pending[1], attached=False))
        pending = None
        i = j + 1
    if pending is not None:
        markers.append(Marker(page, pending[0], pending[1], attached=False))
    return blocks, markers


BLOCKS: list[Block] = []
MARKERS: list[Marker] = []
for _page in PAGES:
    _blocks, _markers = parse(_page)
    BLOCKS += _blocks
    MARKERS += _markers


def chain(block: Block) -> list[Block]:
    """The block and, when it continues, the page's blocks it builds on (back to the first that does not)."""
    page = [b for b in BLOCKS if b.page == block.page and b.line <= block.line]
    start = len(page) - 1
    while page[start].continues and start > 0:
        start -= 1
    return page[start:]


def compiled(block: Block) -> object:
    # Blank lines before the code make tracebacks and syntax errors point at the page's own line numbers.
    return compile("\n" * (block.line - 1) + block.code, str(block.page), "exec")


@pytest.fixture
def docs_environment(
    emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Emulator:
    """What a reader's shell would have: the API (here the emulator) and credentials for it."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", emulator.base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-docs-example")
    monkeypatch.setenv("ANTHROPIC_BEDROCK_BASE_URL", emulator.base_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_BASE_URL", emulator.base_url)
    monkeypatch.setenv("ANTHROPIC_FOUNDRY_API_KEY", "foundry-docs-example")
    # Nothing from this machine's cloud configuration, and no metadata endpoint.
    for name in (
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_BEARER_TOKEN_BEDROCK",
        "ANTHROPIC_FOUNDRY_RESOURCE",
    ):
        monkeypatch.delenv(name, raising=False)
    absent = tmp_path_factory.mktemp("aws") / "absent"
    monkeypatch.setenv("AWS_CONFIG_FILE", str(absent))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(absent))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.chdir(tmp_path)
    return emulator


RUNNABLE = [pytest.param(b, id=b.id) for b in BLOCKS if b.network is None]
NETWORK_ONLY = [pytest.param(b, id=b.id) for b in BLOCKS if b.network is not None]


@pytest.mark.parametrize("block", RUNNABLE)
def test_block_runs_against_the_emulator(block: Block, docs_environment: Emulator, tmp_path: Path) -> None:
    if not block.is_pytest_file:
        namespace = {"__name__": "__main__"}
        for step in chain(block):
            exec(compiled(step), namespace)
        return
    test_file = tmp_path / "test_docs_block.py"
    test_file.write_text("\n" * (block.line - 1) + block.code, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    defined = len(re.findall(PYTEST_FILE, block.code))
    assert run.returncode == 0 and f"{defined} passed" in run.stdout, run.stdout + run.stderr


@pytest.mark.parametrize("block", NETWORK_ONLY)
def test_network_block_is_valid_python(block: Block) -> None:
    compiled(block)


def test_every_marker_is_a_network_marker_on_a_python_block() -> None:
    wrong = [
        f"{m.page.relative_to(ROOT)}:{m.line}: {m.text.strip()!r}"
        for m in MARKERS
        if not (m.attached and (NETWORK.match(m.text) or CONTINUES.match(m.text)))
    ]
    assert wrong == [], (
        "a docs-test marker must read `network (why)` or `continues` and sit just before a ```python fence"
    )


def test_the_pages_are_collected() -> None:
    pages = {b.page.relative_to(ROOT).as_posix() for b in BLOCKS}
    assert {"README.md", "docs/index.md", "docs/testing.md", "docs/promises.md"} <= pages
    assert len(RUNNABLE) > len(NETWORK_ONLY)


def test_the_parser_sees_indented_fences_and_markers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text\n\n"
        '!!! note\n    ```python\n    print("indented")\n    ```\n\n'
        "<!-- docs-test: network (needs a real key) -->\n```python\nreal()\n```\n\n"
        "```sh\nmake demo\n```\n",
        encoding="utf-8",
    )
    blocks, markers = parse(page)
    assert [(b.line, b.code, b.network) for b in blocks] == [
        (5, 'print("indented")\n', None),
        (10, "real()\n", "needs a real key"),
    ]
    assert [(m.line, m.attached) for m in markers] == [(8, True)]


def test_a_continuing_block_runs_after_the_blocks_it_builds_on(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1\n```\n\n<!-- docs-test: continues -->\n```python\ny = x + 1\n```\n\n"
        "<!-- docs-test: continues -->\n```python\nassert y == 2\n```\n\n```python\nz = 3\n```\n",
        encoding="utf-8",
    )
    blocks, _ = parse(page)
    assert [b.continues for b in blocks] == [False, True, True, False]
    BLOCKS.extend(blocks)
    try:
        assert [b.line for b in chain(blocks[2])] == [2, 7, 12]
        assert [b.line for b in chain(blocks[3])] == [16]
    finally:
        del BLOCKS[-4:]
