"""The local-directory memory tool: each command's text, errors the model can read, confinement."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from unbroken.tools import BetaAsyncLocalFilesystemMemoryTool, BetaLocalFilesystemMemoryTool, ToolError


@pytest.fixture
def memory(tmp_path: Path) -> BetaLocalFilesystemMemoryTool:
    return BetaLocalFilesystemMemoryTool(tmp_path / "store")


def run(memory: BetaLocalFilesystemMemoryTool, **command: Any) -> Any:
    return memory.call(command)


def write(memory: BetaLocalFilesystemMemoryTool, name: str, text: str) -> Path:
    path = memory.memory_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- layout and definition ---------------------------------------------------------------------------


def test_memories_maps_to_a_directory_under_the_base_path(tmp_path: Path) -> None:
    tool = BetaLocalFilesystemMemoryTool(tmp_path / "base")

    assert tool.memory_root == tmp_path / "base" / "memories"
    assert tool.memory_root.is_dir()
    assert tool.to_dict() == {"type": "memory_20250818", "name": "memory"}


# -- create / view -----------------------------------------------------------------------------------


def test_create_writes_the_file_and_makes_parents(memory: BetaLocalFilesystemMemoryTool) -> None:
    result = run(memory, command="create", path="/memories/notes/today.md", file_text="one\ntwo\n")

    assert result == "File created successfully at /memories/notes/today.md."
    assert (memory.memory_root / "notes" / "today.md").read_text() == "one\ntwo\n"


def test_create_over_an_existing_file_says_it_overwrote(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "old")

    assert (
        run(memory, command="create", path="/memories/a.txt", file_text="new")
        == "File /memories/a.txt overwritten."
    )
    assert (memory.memory_root / "a.txt").read_text() == "new"


def test_create_leaves_no_temporary_file(memory: BetaLocalFilesystemMemoryTool) -> None:
    run(memory, command="create", path="/memories/a.txt", file_text="x")

    assert sorted(p.name for p in memory.memory_root.iterdir()) == ["a.txt"]


def test_a_failed_write_keeps_the_old_content(
    memory: BetaLocalFilesystemMemoryTool, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(memory, "a.txt", "precious")

    def broken_replace(src: object, dst: object, **dir_fds: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)

    with pytest.raises(ToolError, match="No space left on device"):
        run(memory, command="create", path="/memories/a.txt", file_text="new")
    assert (memory.memory_root / "a.txt").read_text() == "precious"
    assert sorted(p.name for p in memory.memory_root.iterdir()) == ["a.txt"]


def test_view_file_numbers_its_lines(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "alpha\nbeta\n")

    assert run(memory, command="view", path="/memories/a.txt") == (
        "Contents of /memories/a.txt with line numbers:\n     1\talpha\n     2\tbeta"
    )


def test_view_range_shows_only_those_lines(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "1\n2\n3\n4\n")

    assert run(memory, command="view", path="/memories/a.txt", view_range=[2, 3]) == (
        "Contents of /memories/a.txt with line numbers:\n     2\t2\n     3\t3"
    )


def test_view_range_end_minus_one_reads_to_the_end(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "1\n2\n3\n")

    assert run(memory, command="view", path="/memories/a.txt", view_range=[3, -1]).endswith("     3\t3")


def test_view_range_out_of_bounds_is_an_error(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "1\n2\n")

    with pytest.raises(ToolError, match=r"Invalid view_range \[1, 5\]: /memories/a.txt has 2 lines"):
        run(memory, command="view", path="/memories/a.txt", view_range=[1, 5])


def test_view_empty_file_says_so(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "empty.txt", "")

    assert run(memory, command="view", path="/memories/empty.txt") == "/memories/empty.txt is empty."


def test_view_directory_lists_two_levels_with_sizes(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "x" * 10)
    write(memory, "projects/plan.md", "y" * 2048)
    write(memory, "projects/deep/deeper/hidden-by-depth.txt", "z")
    write(memory, ".secret", "s")

    assert run(memory, command="view", path="/memories") == "\n".join(
        [
            "Files and directories in /memories (up to 2 levels deep, hidden items omitted):",
            "2.0K\t/memories/",
            "10B\t/memories/a.txt",
            "2.0K\t/memories/projects/",
            "1B\t/memories/projects/deep/",
            "2K\t/memories/projects/plan.md",
        ]
    )


def test_view_missing_path_is_an_error(memory: BetaLocalFilesystemMemoryTool) -> None:
    with pytest.raises(ToolError, match=r"^The path /memories/nope.txt does not exist\.$"):
        run(memory, command="view", path="/memories/nope.txt")


def test_view_binary_file_is_an_error(memory: BetaLocalFilesystemMemoryTool) -> None:
    (memory.memory_root / "blob").write_bytes(b"\xff\xfe\x00")

    with pytest.raises(ToolError, match="not a UTF-8 text file"):
        run(memory, command="view", path="/memories/blob")


# -- str_replace / insert ----------------------------------------------------------------------------


def test_str_replace_edits_the_single_occurrence(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "name: Ada\nlang: en\n")

    result = run(memory, command="str_replace", path="/memories/a.txt", old_str="Ada", new_str="Grace")

    assert (memory.memory_root / "a.txt").read_text() == "name: Grace\nlang: en\n"
    assert result == (
        "The file /memories/a.txt has been edited. Around the change:\n     1\tname: Grace\n     2\tlang: en"
    )


def test_str_replace_missing_old_str_is_an_error(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "hello")

    with pytest.raises(ToolError, match=r"old_str does not appear verbatim in /memories/a\.txt"):
        run(memory, command="str_replace", path="/memories/a.txt", old_str="bye", new_str="x")


def test_str_replace_non_unique_old_str_names_the_lines(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "x\ny\nx\n")

    with pytest.raises(ToolError, match=r"occurs 2 times in /memories/a.txt \(at lines 1, 3\)"):
        run(memory, command="str_replace", path="/memories/a.txt", old_str="x", new_str="z")
    assert (memory.memory_root / "a.txt").read_text() == "x\ny\nx\n"


def test_str_replace_on_a_missing_file_is_an_error(memory: BetaLocalFilesystemMemoryTool) -> None:
    with pytest.raises(ToolError, match="does not exist"):
        run(memory, command="str_replace", path="/memories/none", old_str="a", new_str="b")


def test_insert_after_a_line(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "one\nthree\n")

    result = run(memory, command="insert", path="/memories/a.txt", insert_line=1, insert_text="two")

    assert result == "Inserted 1 line(s) after line 1 of /memories/a.txt."
    assert (memory.memory_root / "a.txt").read_text() == "one\ntwo\nthree\n"


def test_insert_at_zero_goes_first(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "b\n")

    run(memory, command="insert", path="/memories/a.txt", insert_line=0, insert_text="a\n")

    assert (memory.memory_root / "a.txt").read_text() == "a\nb\n"


def test_insert_at_the_end_keeps_the_missing_final_newline(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "a\nb")

    run(memory, command="insert", path="/memories/a.txt", insert_line=2, insert_text="c")

    assert (memory.memory_root / "a.txt").read_text() == "a\nb\nc"


def test_insert_line_out_of_range_is_an_error(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "a\nb\n")

    with pytest.raises(ToolError, match=r"Invalid insert_line 5: /memories/a.txt has 2 lines.*between 0"):
        run(memory, command="insert", path="/memories/a.txt", insert_line=5, insert_text="x")


# -- delete / rename / clear -------------------------------------------------------------------------


def test_delete_file(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "x")

    assert run(memory, command="delete", path="/memories/a.txt") == "Deleted /memories/a.txt."
    assert not (memory.memory_root / "a.txt").exists()


def test_delete_directory_removes_its_contents(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "dir/a.txt", "x")

    run(memory, command="delete", path="/memories/dir")

    assert list(memory.memory_root.iterdir()) == []


def test_delete_the_root_is_refused(memory: BetaLocalFilesystemMemoryTool) -> None:
    with pytest.raises(ToolError, match="cannot be deleted"):
        run(memory, command="delete", path="/memories")
    assert memory.memory_root.is_dir()


def test_delete_missing_is_an_error(memory: BetaLocalFilesystemMemoryTool) -> None:
    with pytest.raises(ToolError, match="does not exist"):
        run(memory, command="delete", path="/memories/ghost")


def test_rename_moves_and_creates_parents(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "x")

    result = run(memory, command="rename", old_path="/memories/a.txt", new_path="/memories/archive/a.txt")

    assert result == "Renamed /memories/a.txt to /memories/archive/a.txt."
    assert (memory.memory_root / "archive" / "a.txt").read_text() == "x"


def test_rename_onto_an_existing_path_is_refused(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "a")
    write(memory, "b.txt", "b")

    with pytest.raises(ToolError, match="already exists"):
        run(memory, command="rename", old_path="/memories/a.txt", new_path="/memories/b.txt")
    assert (memory.memory_root / "b.txt").read_text() == "b"


def test_clear_all_memory_empties_the_root(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "a.txt", "x")
    write(memory, "d/b.txt", "y")

    memory.clear_all_memory()

    assert memory.memory_root.is_dir()
    assert list(memory.memory_root.iterdir()) == []


# -- confinement -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/memories/../escape.txt",
        "/memories/a/../../escape.txt",
        "/etc/passwd",
        "/memoriesX/a.txt",
        "memories/a.txt",
        "/memories/a\x00b",
        "/memories\\..\\escape.txt",
    ],
)
def test_paths_outside_memories_are_refused(memory: BetaLocalFilesystemMemoryTool, path: str) -> None:
    with pytest.raises(ToolError, match="Invalid path"):
        run(memory, command="create", path=path, file_text="x")
    assert not (memory.memory_root.parent / "escape.txt").exists()


def test_symlink_to_a_directory_outside_is_refused(
    memory: BetaLocalFilesystemMemoryTool, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (memory.memory_root / "link").symlink_to(outside, target_is_directory=True)

    with pytest.raises(ToolError, match="leads outside /memories"):
        run(memory, command="create", path="/memories/link/owned.txt", file_text="x")
    assert list(outside.iterdir()) == []


def test_symlink_to_a_file_outside_cannot_be_read(
    memory: BetaLocalFilesystemMemoryTool, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    (memory.memory_root / "innocent.txt").symlink_to(secret)

    with pytest.raises(ToolError, match="leads outside /memories"):
        run(memory, command="view", path="/memories/innocent.txt")


def test_rename_target_through_an_escaping_symlink_is_refused(
    memory: BetaLocalFilesystemMemoryTool, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (memory.memory_root / "link").symlink_to(outside, target_is_directory=True)
    write(memory, "a.txt", "x")

    with pytest.raises(ToolError, match="leads outside"):
        run(memory, command="rename", old_path="/memories/a.txt", new_path="/memories/link/a.txt")
    assert list(outside.iterdir()) == []


def test_symlink_inside_the_root_is_followed(memory: BetaLocalFilesystemMemoryTool) -> None:
    write(memory, "real/a.txt", "inside")
    (memory.memory_root / "alias").symlink_to(memory.memory_root / "real", target_is_directory=True)

    assert run(memory, command="view", path="/memories/alias/a.txt").endswith("1\tinside")


def test_deleting_an_inner_symlink_removes_only_the_link(memory: BetaLocalFilesystemMemoryTool) -> None:
    target = write(memory, "real.txt", "keep me")
    (memory.memory_root / "alias.txt").symlink_to(target)

    run(memory, command="delete", path="/memories/alias.txt")

    assert target.read_text() == "keep me"
    assert not (memory.memory_root / "alias.txt").is_symlink()


# -- async twin --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_tool_shares_the_same_behaviour(tmp_path: Path) -> None:
    tool = BetaAsyncLocalFilesystemMemoryTool(tmp_path)

    await tool.call({"command": "create", "path": "/memories/a.txt", "file_text": "hi\n"})

    assert await tool.call({"command": "view", "path": "/memories/a.txt"}) == (
        "Contents of /memories/a.txt with line numbers:\n     1\thi"
    )
    with pytest.raises(ToolError, match="Invalid path"):
        await tool.call({"command": "view", "path": "/memories/../x"})
