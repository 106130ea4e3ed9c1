"""Schema generation from signatures and docstrings, against hand-written expected schemas."""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Optional, Union

import pydantic
import pytest

from unbroken import beta_tool
from unbroken.tools import BetaFunctionTool


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Point(pydantic.BaseModel):
    x: int
    y: int = 0


def test_reference_sum_example_schema_is_exact() -> None:
    @beta_tool
    def sum(left: int, right: int) -> str:
        """Adds two integers together.

        Args:
            left: The first integer to add.
            right: The second integer to add.
        """
        return str(left + right)

    assert sum.to_dict() == {
        "name": "sum",
        "description": "Adds two integers together.",
        "input_schema": {
            "additionalProperties": False,
            "properties": {
                "left": {"description": "The first integer to add.", "title": "Left", "type": "integer"},
                "right": {"description": "The second integer to add.", "title": "Right", "type": "integer"},
            },
            "required": ["left", "right"],
            "type": "object",
        },
    }


def test_optional_with_default_is_a_nullable_not_required_property() -> None:
    @beta_tool
    def f(name: Optional[str] = None) -> str:
        return ""

    assert f.input_schema == {
        "additionalProperties": False,
        "properties": {
            "name": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None, "title": "Name"}
        },
        "type": "object",
    }


def test_union_becomes_any_of() -> None:
    @beta_tool
    def f(value: Union[int, str]) -> str:
        return ""

    assert f.input_schema["properties"]["value"] == {
        "anyOf": [{"type": "integer"}, {"type": "string"}],
        "title": "Value",
    }


def test_list_and_dict_types() -> None:
    @beta_tool
    def f(tags: list[str], weights: dict[str, float]) -> str:
        return ""

    assert f.input_schema["properties"] == {
        "tags": {"items": {"type": "string"}, "title": "Tags", "type": "array"},
        "weights": {"additionalProperties": {"type": "number"}, "title": "Weights", "type": "object"},
    }
    assert f.input_schema["required"] == ["tags", "weights"]


def test_literal_becomes_an_enum_with_its_default() -> None:
    @beta_tool
    def f(unit: Literal["celsius", "fahrenheit"] = "celsius") -> str:
        return ""

    assert f.input_schema["properties"]["unit"] == {
        "default": "celsius",
        "enum": ["celsius", "fahrenheit"],
        "title": "Unit",
        "type": "string",
    }


def test_enum_is_a_definition_referenced_by_the_property() -> None:
    @beta_tool
    def f(color: Color) -> str:
        return ""

    assert f.input_schema == {
        "$defs": {"Color": {"enum": ["red", "blue"], "title": "Color", "type": "string"}},
        "additionalProperties": False,
        "properties": {"color": {"$ref": "#/$defs/Color"}},
        "required": ["color"],
        "type": "object",
    }


def test_nested_model_is_a_definition() -> None:
    @beta_tool
    def f(point: Point) -> str:
        return ""

    assert f.input_schema == {
        "$defs": {
            "Point": {
                "properties": {
                    "x": {"title": "X", "type": "integer"},
                    "y": {"default": 0, "title": "Y", "type": "integer"},
                },
                "required": ["x"],
                "title": "Point",
                "type": "object",
            }
        },
        "additionalProperties": False,
        "properties": {"point": {"$ref": "#/$defs/Point"}},
        "required": ["point"],
        "type": "object",
    }


def test_model_defined_inside_a_function_resolves_under_postponed_annotations() -> None:
    class Local(pydantic.BaseModel):
        flag: bool

    @beta_tool
    def f(item: Local) -> str:
        return str(item.flag)

    assert f.input_schema["properties"]["item"] == {"$ref": "#/$defs/Local"}
    assert f.call({"item": {"flag": True}}) == "True"


def test_defaults_are_in_the_schema_and_not_required() -> None:
    @beta_tool
    def f(a: int, b: int = 2, c: str = "x") -> str:
        return ""

    assert f.input_schema["required"] == ["a"]
    assert f.input_schema["properties"]["b"] == {"default": 2, "title": "B", "type": "integer"}
    assert f.input_schema["properties"]["c"] == {"default": "x", "title": "C", "type": "string"}


def test_function_without_parameters_has_an_empty_object_schema() -> None:
    @beta_tool
    def now() -> str:
        return "noon"

    assert now.input_schema == {"additionalProperties": False, "properties": {}, "type": "object"}


def test_numpy_docstring_parameters_become_descriptions() -> None:
    @beta_tool
    def f(city: str, days: int) -> str:
        """Forecast the weather.

        Parameters
        ----------
        city : str
            The city name.
        days : int
            How many days ahead.
        """
        return ""

    assert f.description == "Forecast the weather."
    assert f.input_schema["properties"] == {
        "city": {"description": "The city name.", "title": "City", "type": "string"},
        "days": {"description": "How many days ahead.", "title": "Days", "type": "integer"},
    }


def test_rest_docstring_parameters_become_descriptions() -> None:
    @beta_tool
    def f(city: str) -> str:
        """Forecast the weather.

        Uses the regional model.

        :param city: The city name.
        :returns: a forecast
        """
        return ""

    assert f.description == "Forecast the weather.\n\nUses the regional model."
    assert f.input_schema["properties"]["city"] == {
        "description": "The city name.",
        "title": "City",
        "type": "string",
    }


def test_description_joins_short_and_long_with_a_blank_line() -> None:
    @beta_tool
    def f() -> str:
        """Short line.

        A longer explanation
        over two lines.

        Args:
            none: nothing
        """
        return ""

    assert f.description == "Short line.\n\nA longer explanation\nover two lines."


def test_no_docstring_gives_an_empty_description() -> None:
    @beta_tool
    def f() -> str:
        return ""

    assert f.description == ""


def test_docstring_does_not_override_an_existing_field_description() -> None:
    @beta_tool
    def f(city: Annotated[str, pydantic.Field(description="From the annotation.")]) -> str:
        """Weather.

        Args:
            city: From the docstring.
        """
        return ""

    assert f.input_schema["properties"]["city"]["description"] == "From the annotation."


def test_given_dict_schema_is_used_as_is() -> None:
    schema = {"type": "object", "properties": {"q": {"type": "string"}}}

    @beta_tool(input_schema=schema)
    def f(q: str) -> str:
        return q

    assert f.input_schema is schema


def test_model_class_schema_is_its_model_json_schema() -> None:
    @beta_tool(input_schema=Point)
    def f(x: int, y: int = 0) -> str:
        return ""

    assert f.input_schema == Point.model_json_schema()


def test_name_and_description_arguments_override_the_function() -> None:
    @beta_tool(name="weather", description="Get the weather.")
    def f() -> str:
        """Ignored."""
        return ""

    assert f.to_dict() == {
        "name": "weather",
        "description": "Get the weather.",
        "input_schema": {"additionalProperties": False, "properties": {}, "type": "object"},
    }


def test_positional_only_parameters_are_refused() -> None:
    def f(a: int, /) -> str:
        return ""

    with pytest.raises(TypeError, match="positional-only"):
        BetaFunctionTool(f)
