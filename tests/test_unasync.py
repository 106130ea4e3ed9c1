"""The sync twins are generated from their async sources (`scripts/unasync.py`) and kept current."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "unasync.py"


@pytest.fixture(scope="module")
def unasync() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unasync_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_generated_module_is_current(unasync: ModuleType) -> None:
    assert unasync.main(["--check"]) == 0, "a sync twin is stale: run `make generate`"


def test_every_generated_module_says_so_and_names_its_source(unasync: ModuleType) -> None:
    for source, target in unasync.FILES:
        first_line = (unasync.PACKAGE / target).read_text().splitlines()[0]
        assert first_line == unasync.HEADER.format(source=Path(source).name).rstrip("\n")


def test_a_stale_generated_module_fails_the_check(
    unasync: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "_async_sample.py"
    source.write_text(
        unasync.SOURCE_HEADER.format(target="_sync_sample.py") + "async def f() -> None:\n    pass\n"
    )
    monkeypatch.setattr(unasync, "PACKAGE", tmp_path)
    monkeypatch.setattr(unasync, "FILES", [("_async_sample.py", "_sync_sample.py")])

    assert unasync.main(["--check"]) == 1
    assert "_sync_sample.py" in capsys.readouterr().out
    assert unasync.main([]) == 0
    assert unasync.main(["--check"]) == 0
    assert "def f() -> None:" in (tmp_path / "_sync_sample.py").read_text()


def test_a_generated_module_without_its_source_fails_the_check(
    unasync: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "_sync_left_over.py").write_text(
        unasync.HEADER.format(source="_async_left_over.py") + "x = 1\n"
    )
    monkeypatch.setattr(unasync, "PACKAGE", tmp_path)
    monkeypatch.setattr(unasync, "FILES", [])

    assert unasync.main(["--check"]) == 1
    assert "_sync_left_over.py (orphaned" in capsys.readouterr().out


def test_a_source_without_its_header_is_refused(
    unasync: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "_async_sample.py").write_text("async def f() -> None:\n    pass\n")
    monkeypatch.setattr(unasync, "PACKAGE", tmp_path)
    monkeypatch.setattr(unasync, "FILES", [("_async_sample.py", "_sync_sample.py")])

    with pytest.raises(SystemExit, match="must start with"):
        unasync.main(["--check"])


SAMPLE = '''\
"""The async sample: `AsyncThing` is the asynchronous twin."""

import anyio
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from ._async_sample import AsyncPage, BetaAsyncMessageStream, _AsyncBase


class AsyncThing(_AsyncBase):
    async def __aenter__(self) -> "AsyncThing":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.response.aclose()

    async def events(self) -> AsyncGenerator[dict[str, int], None]:
        async for event in self._inner():
            yield event
        async for chunk in self.response.aiter_bytes():
            yield chunk
            self.count += 1

    async def __anext__(self) -> int:
        try:
            return await self._iterator.__anext__()
        except StopAsyncIteration:
            await anyio.sleep(0)
            raise

    def later(self, call: Callable[[], Awaitable[AsyncPage[int]]]) -> None:
        async with self.lock:  # async-only
            pass  # async-only
        # sync-only: self.check_threads()
        self.stream = BetaAsyncMessageStream(call)
'''

EXPECTED = '''\
"""The sync sample: `Thing` is the synchronous twin."""

import time
from collections.abc import Generator, Iterator, Awaitable, Callable

from ._sync_sample import SyncPage, BetaMessageStream, _SyncBase


class Thing(_SyncBase):
    def __enter__(self) -> "Thing":
        return self

    def __exit__(self, *exc: object) -> None:
        self.response.close()

    def events(self) -> Generator[dict[str, int], None, None]:
        yield from self._inner()
        for chunk in self.response.iter_bytes():
            yield chunk
            self.count += 1

    def __next__(self) -> int:
        try:
            return self._iterator.__next__()
        except StopIteration:
            time.sleep(0)
            raise

    def later(self, call: Callable[[], SyncPage[int]]) -> None:
        self.check_threads()
        self.stream = BetaMessageStream(call)
'''


def test_the_rules_turn_an_async_sample_into_its_sync_twin(
    unasync: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unasync, "FILES", [("_async_sample.py", "_sync_sample.py")])

    assert unasync.unasync(SAMPLE) == EXPECTED


def test_a_loop_with_more_than_a_yield_is_not_turned_into_yield_from(unasync: ModuleType) -> None:
    loop = textwrap.dedent(
        """\
        async for item in items:
            yield item
            count += 1
        """
    )
    assert unasync.unasync(loop) == "for item in items:\n    yield item\n    count += 1\n"


def test_nested_brackets_in_rewritten_types(unasync: ModuleType) -> None:
    assert (
        unasync.rewrite_generic_types("x: AsyncPaginator[dict[str, int], AsyncPage[dict[str, int]]]")
        == "x: AsyncPage[dict[str, int]]"
    )
    assert unasync.rewrite_generic_types("Awaitable[Awaitable[list[int]]]") == "list[int]"
