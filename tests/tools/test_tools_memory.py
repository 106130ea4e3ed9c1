"""The abstract memory tool: definition, command parsing and dispatch."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

from unbroken.tools import BetaAbstractMemoryTool, BetaAsyncAbstractMemoryTool, BetaBuiltinFunctionTool


class Recording(BetaAbstractMemoryTool):
    """Answers each handler with its name and the command it got."""

    def view(self, command: Any) -> str:
        return f"view {command.path} {command.view_range}"

    def create(self, command: Any) -> str:
        return f"create {command.path} {command.file_text}"

    def str_replace(self, command: Any) -> str:
        return f"str_replace {command.old_str}->{command.new_str}"

    def insert(self, command: Any) -> str:
        return f"insert {command.insert_line} {command.insert_text}"

    def delete(self, command: Any) -> str:
        return f"delete {command.path}"

    def rename(self, command: Any) -> str:
        return f"rename {command.old_path}->{command.new_path}"


class AsyncRecording(BetaAsyncAbstractMemoryTool):
    async def view(self, command: Any) -> str:
        return f"view {command.path}"

    async def create(self, command: Any) -> str:
        return "create"

    async def str_replace(self, command: Any) -> str:
        return "str_replace"

    async def insert(self, command: Any) -> str:
        return "insert"

    async def delete(self, command: Any) -> str:
        return "delete"

    async def rename(self, command: Any) -> str:
        return "rename"


def test_definition_is_exact_without_cache_control() -> None:
    assert Recording().to_dict() == {"type": "memory_20250818", "name": "memory"}


def test_definition_carries_cache_control_only_when_given() -> None:
    tool = Recording(cache_control={"type": "ephemeral"})

    assert tool.to_dict() == {
        "type": "memory_20250818",
        "name": "memory",
        "cache_control": {"type": "ephemeral"},
    }


def test_name_comes_from_the_definition() -> None:
    assert Recording().name == "memory"
    assert isinstance(Recording(), BetaBuiltinFunctionTool)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ({"command": "view", "path": "/memories", "view_range": [1, 2]}, "view /memories [1, 2]"),
        ({"command": "create", "path": "/memories/a", "file_text": "hi"}, "create /memories/a hi"),
        (
            {"command": "str_replace", "path": "/memories/a", "old_str": "x", "new_str": "y"},
            "str_replace x->y",
        ),
        ({"command": "insert", "path": "/memories/a", "insert_line": 2, "insert_text": "z"}, "insert 2 z"),
        ({"command": "delete", "path": "/memories/a"}, "delete /memories/a"),
        (
            {"command": "rename", "old_path": "/memories/a", "new_path": "/memories/b"},
            "rename /memories/a->/memories/b",
        ),
    ],
)
def test_each_command_reaches_its_handler(command: dict[str, Any], expected: str) -> None:
    assert Recording().call(command) == expected


def test_unknown_command_is_not_implemented() -> None:
    with pytest.raises(NotImplementedError, match=r"^Unknown command: teleport$"):
        Recording().call({"command": "teleport", "path": "/memories"})


def test_known_command_with_missing_fields_names_them() -> None:
    with pytest.raises(ValueError, match="file_text") as info:
        Recording().call({"command": "create", "path": "/memories/a"})

    assert isinstance(info.value.__cause__, pydantic.ValidationError)


def test_non_dict_input_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^Input must be a dictionary, got str$"):
        Recording().call("view /memories")


def test_clear_all_memory_is_not_implemented_by_default() -> None:
    with pytest.raises(NotImplementedError, match=r"^clear_all_memory not implemented$"):
        Recording().clear_all_memory()


@pytest.mark.anyio
async def test_async_tool_dispatches_and_awaits() -> None:
    assert await AsyncRecording().call({"command": "view", "path": "/memories"}) == "view /memories"


@pytest.mark.anyio
async def test_async_unknown_command_is_not_implemented() -> None:
    with pytest.raises(NotImplementedError, match=r"^Unknown command: nope$"):
        await AsyncRecording().call({"command": "nope"})


@pytest.mark.anyio
async def test_async_clear_all_memory_is_not_implemented_by_default() -> None:
    with pytest.raises(NotImplementedError, match=r"^clear_all_memory not implemented$"):
        await AsyncRecording().clear_all_memory()


def test_async_definition_matches_the_sync_one() -> None:
    assert (
        AsyncRecording(cache_control={"type": "ephemeral"}).to_dict()
        == Recording(cache_control={"type": "ephemeral"}).to_dict()
    )
