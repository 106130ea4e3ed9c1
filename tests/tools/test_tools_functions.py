"""Function tool objects: the decorator forms, direct calls, `call()` and its errors."""

from __future__ import annotations

import pydantic
import pytest

from unbroken import beta_async_tool, beta_tool
from unbroken.tools import BetaAsyncFunctionTool, BetaFunctionTool
from unbroken.types.beta.content_params import BetaTextBlockParam


def add(left: int, right: int) -> str:
    return str(left + right)


async def add_async(left: int, right: int) -> str:
    return str(left + right)


def test_bare_decorator_builds_a_function_tool() -> None:
    tool = beta_tool(add)

    assert isinstance(tool, BetaFunctionTool)
    assert tool.name == "add"
    assert tool.func is add


def test_decorator_called_without_arguments_builds_a_function_tool() -> None:
    tool = beta_tool()(add)

    assert isinstance(tool, BetaFunctionTool)
    assert tool.name == "add"


def test_decorator_with_arguments_builds_a_function_tool() -> None:
    tool = beta_tool(name="plus", description="Adds.")(add)

    assert (tool.name, tool.description) == ("plus", "Adds.")


def test_async_decorator_forms_build_async_tools() -> None:
    forms = [beta_async_tool(add_async), beta_async_tool()(add_async), beta_async_tool(name="x")(add_async)]

    assert all(isinstance(tool, BetaAsyncFunctionTool) for tool in forms)


def test_the_tool_stays_callable_as_the_function() -> None:
    tool = beta_tool(add)

    assert tool(2, 3) == "5"
    assert tool.__call__ is add


def test_call_validates_and_coerces_the_input() -> None:
    assert beta_tool(add).call({"left": "2", "right": 3}) == "5"


def test_call_with_a_non_dict_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^Input must be a dictionary, got list$"):
        beta_tool(add).call([1, 2])


def test_call_with_invalid_arguments_is_a_value_error_chained_from_validation() -> None:
    with pytest.raises(ValueError, match=r"^Invalid arguments for function add$") as info:
        beta_tool(add).call({"left": "two", "right": 3})

    assert isinstance(info.value.__cause__, pydantic.ValidationError)


def test_call_with_a_missing_argument_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Invalid arguments"):
        beta_tool(add).call({"left": 1})


def test_validation_error_raised_by_the_tool_body_is_not_reported_as_invalid_arguments() -> None:
    class Strict(pydantic.BaseModel):
        n: int

    @beta_tool
    def parse(text: str) -> str:
        return str(Strict.model_validate({"n": text}).n)

    with pytest.raises(pydantic.ValidationError):
        parse.call({"text": "not a number"})


def test_sync_tool_over_a_coroutine_function_refuses_to_call() -> None:
    tool = BetaFunctionTool(add_async)  # type: ignore[type-var]

    with pytest.raises(
        RuntimeError, match=r"Cannot call a coroutine function synchronously\. Use `@async_tool`"
    ):
        tool.call({"left": 1, "right": 2})


@pytest.mark.anyio
async def test_async_tool_over_a_sync_function_refuses_to_call() -> None:
    tool = BetaAsyncFunctionTool(add)  # type: ignore[type-var]

    with pytest.raises(
        RuntimeError, match=r"Cannot call a synchronous function asynchronously\. Use `@tool`"
    ):
        await tool.call({"left": 1, "right": 2})


@pytest.mark.anyio
async def test_async_call_validates_and_awaits() -> None:
    assert await beta_async_tool(add_async).call({"left": 1, "right": "4"}) == "5"


@pytest.mark.anyio
async def test_async_call_with_invalid_arguments_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^Invalid arguments for function add_async$"):
        await beta_async_tool(add_async).call({"left": []})


def test_a_tool_may_return_content_blocks() -> None:
    @beta_tool
    def picture() -> list[BetaTextBlockParam]:
        return [{"type": "text", "text": "a cat"}]

    assert picture.call({}) == [{"type": "text", "text": "a cat"}]


def test_pydantic_v1_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pydantic, "VERSION", "1.10.0")

    with pytest.raises(RuntimeError, match=r"^Tool functions are only supported with Pydantic v2$"):
        beta_tool(add)


def test_invalid_input_schema_argument_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="input_schema"):
        BetaFunctionTool(add, input_schema=42)  # type: ignore[arg-type]


def test_top_level_exports_are_the_decorators() -> None:
    import unbroken
    from unbroken.tools import beta_async_tool as async_home
    from unbroken.tools import beta_tool as home

    assert unbroken.beta_tool is home
    assert unbroken.beta_async_tool is async_home
