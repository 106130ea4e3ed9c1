"""`transform_schema`, rule by rule (reference §16), against hand-written expected schemas."""

from __future__ import annotations

import copy
from typing import Any, Optional

import pydantic
import pytest

import unbroken
from unbroken import transform_schema


def test_is_exported_at_top_level_and_from_lib() -> None:
    from unbroken.lib._parse import transform_schema as from_lib

    assert unbroken.transform_schema is from_lib


def test_ref_keeps_only_the_ref() -> None:
    schema = {"$ref": "#/$defs/A", "description": "dropped", "title": "dropped", "default": 1}
    assert transform_schema(schema) == {"$ref": "#/$defs/A"}


def test_defs_are_transformed_one_by_one() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"$ref": "#/$defs/A"}},
        "$defs": {"A": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}}},
    }
    assert transform_schema(schema) == {
        "type": "object",
        "properties": {"a": {"$ref": "#/$defs/A"}},
        "additionalProperties": False,
        "$defs": {
            "A": {
                "type": "object",
                "properties": {"n": {"type": "integer", "description": "{minimum: 0}"}},
                "additionalProperties": False,
            }
        },
    }


def test_defs_beside_a_root_ref_are_kept() -> None:
    # What pydantic emits for a recursive model; dropping $defs would leave the ref dangling.
    schema = {"$ref": "#/$defs/Node", "$defs": {"Node": {"type": "string"}}}
    assert transform_schema(schema) == {"$ref": "#/$defs/Node", "$defs": {"Node": {"type": "string"}}}


def test_any_of_is_recursed() -> None:
    schema = {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]}
    assert transform_schema(schema) == {
        "anyOf": [{"type": "string", "description": "{maxLength: 3}"}, {"type": "null"}]
    }


def test_one_of_becomes_any_of() -> None:
    schema = {"oneOf": [{"type": "integer"}, {"type": "boolean"}]}
    assert transform_schema(schema) == {"anyOf": [{"type": "integer"}, {"type": "boolean"}]}


def test_all_of_is_kept() -> None:
    schema = {"allOf": [{"$ref": "#/$defs/A"}]}
    assert transform_schema(schema) == {"allOf": [{"$ref": "#/$defs/A"}]}


def test_a_schema_without_type_or_combinator_is_a_value_error() -> None:
    with pytest.raises(ValueError) as info:
        transform_schema({"description": "anything"})
    assert str(info.value) == "Schema must have a 'type', 'anyOf', 'oneOf', or 'allOf' field."


def test_description_and_title_are_kept() -> None:
    schema = {"type": "boolean", "description": "Is it?", "title": "Flag"}
    assert transform_schema(schema) == {"type": "boolean", "description": "Is it?", "title": "Flag"}


def test_object_properties_are_recursed_and_additional_properties_forced_false() -> None:
    schema = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "string", "format": "email"}}},
        "additionalProperties": {"type": "string"},
        "required": ["tags"],
    }
    assert transform_schema(schema) == {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "string", "format": "email"}}},
        "additionalProperties": False,
        "required": ["tags"],
    }


def test_object_without_properties_gets_empty_properties_and_no_required() -> None:
    assert transform_schema({"type": "object"}) == {
        "type": "object",
        "properties": {},
        "additionalProperties": False,
    }


@pytest.mark.parametrize(
    "fmt", ["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"]
)
def test_supported_string_formats_are_kept(fmt: str) -> None:
    assert transform_schema({"type": "string", "format": fmt}) == {"type": "string", "format": fmt}


def test_unsupported_string_format_goes_to_the_description_after_other_leftovers() -> None:
    schema = {"type": "string", "format": "regex", "maxLength": 5}
    assert transform_schema(schema) == {"type": "string", "description": "{maxLength: 5, format: regex}"}


def test_format_on_a_non_string_is_a_leftover() -> None:
    assert transform_schema({"type": "integer", "format": "int32"}) == {
        "type": "integer",
        "description": "{format: int32}",
    }


@pytest.mark.parametrize("min_items", [0, 1])
def test_array_min_items_zero_or_one_is_kept(min_items: int) -> None:
    schema = {"type": "array", "items": {"type": "integer"}, "minItems": min_items}
    assert transform_schema(schema) == {"type": "array", "items": {"type": "integer"}, "minItems": min_items}


def test_array_min_items_above_one_goes_to_the_description() -> None:
    schema = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 4}
    assert transform_schema(schema) == {
        "type": "array",
        "items": {"type": "integer"},
        "description": "{maxItems: 4, minItems: 2}",
    }


def test_leftovers_are_appended_to_an_existing_description() -> None:
    schema = {"type": "integer", "minimum": 1, "maximum": 10, "description": "A number"}
    assert transform_schema(schema) == {
        "type": "integer",
        "description": "A number\n\n{minimum: 1, maximum: 10}",
    }


def test_leftover_values_are_written_as_python_text() -> None:
    schema = {"type": "string", "enum": ["a", "b"], "default": None}
    assert transform_schema(schema) == {"type": "string", "description": "{enum: ['a', 'b'], default: None}"}


def test_the_input_is_not_modified() -> None:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"s": {"type": "string", "format": "regex"}},
        "$defs": {"A": {"type": "array", "minItems": 3}},
    }
    before = copy.deepcopy(schema)
    transform_schema(schema)
    assert schema == before


class Address(pydantic.BaseModel):
    """Where someone lives."""

    city: str
    zip_code: Optional[str] = None


class Person(pydantic.BaseModel):
    name: str = pydantic.Field(description="Full name", max_length=40)
    addresses: list[Address] = pydantic.Field(min_length=1)


PERSON_SCHEMA: dict[str, Any] = {
    "$defs": {
        "Address": {
            "type": "object",
            "title": "Address",
            "description": "Where someone lives.",
            "properties": {
                "city": {"type": "string", "title": "City"},
                "zip_code": {
                    "anyOf": [{"type": "string"}, {"type": "null"}],
                    "title": "Zip Code",
                    "description": "{default: None}",
                },
            },
            "additionalProperties": False,
            "required": ["city"],
        }
    },
    "type": "object",
    "title": "Person",
    "properties": {
        "name": {"type": "string", "title": "Name", "description": "Full name\n\n{maxLength: 40}"},
        "addresses": {
            "type": "array",
            "title": "Addresses",
            "items": {"$ref": "#/$defs/Address"},
            "minItems": 1,
        },
    },
    "additionalProperties": False,
    "required": ["name", "addresses"],
}


def test_a_model_class_is_accepted_and_its_nested_models_transformed() -> None:
    assert transform_schema(Person) == PERSON_SCHEMA


def test_anything_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        transform_schema(["not", "a", "schema"])  # type: ignore[arg-type]
