"""`client.beta.messages.parse()` over real sockets: the emulator answers `output_format` with a JSON instance
of the schema (strings are the user's text, integers their minimum or 0, arrays one item)."""

from __future__ import annotations

from typing import Any, Union

import pydantic
import pytest

import unbroken
from unbroken.testing import Emulator
from unbroken.types.beta.parsed_beta_message import ParsedBetaMessage, ParsedBetaTextBlock

TEXT = "Ada"
ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 256,
    "messages": [{"role": "user", "content": TEXT}],
}


class Address(pydantic.BaseModel):
    city: str
    tags: list[str]


class Person(pydantic.BaseModel):
    name: str
    age: int
    address: Address


class Cat(pydantic.BaseModel):
    meow: str


class Dog(pydantic.BaseModel):
    woof: int


class AtLeastFive(pydantic.BaseModel):
    n: int = pydantic.Field(ge=5)  # `minimum` is only described to the model: the emulator ignores it


def client(emulator: Emulator) -> unbroken.Anthropic:
    return unbroken.Anthropic(api_key="k", base_url=emulator.base_url)


def aclient(emulator: Emulator) -> unbroken.AsyncAnthropic:
    return unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url)


def test_nested_models_are_parsed_into_parsed_output(emulator: Emulator) -> None:
    message = client(emulator).beta.messages.parse(**ARGS, output_format=Person)
    expected = Person(name=TEXT, age=0, address=Address(city=TEXT, tags=[TEXT]))
    assert isinstance(message, ParsedBetaMessage)
    assert isinstance(message.content[0], ParsedBetaTextBlock)
    assert message.content[0].parsed_output == expected
    assert message.parsed_output == expected


def test_the_transformed_schema_of_nested_models_is_sent(emulator: Emulator) -> None:
    client(emulator).beta.messages.parse(**ARGS, output_format=Person)
    address = {
        "type": "object",
        "title": "Address",
        "properties": {
            "city": {"type": "string", "title": "City"},
            "tags": {"type": "array", "title": "Tags", "items": {"type": "string"}},
        },
        "additionalProperties": False,
        "required": ["city", "tags"],
    }
    assert emulator.requests[0].json["output_format"] == {
        "type": "json_schema",
        "schema": {
            "$defs": {"Address": address},
            "type": "object",
            "title": "Person",
            "properties": {
                "name": {"type": "string", "title": "Name"},
                "age": {"type": "integer", "title": "Age"},
                "address": {"$ref": "#/$defs/Address"},
            },
            "additionalProperties": False,
            "required": ["name", "age", "address"],
        },
    }
    assert emulator.requests[0].query == {"beta": "true"}


def test_parsed_output_is_not_part_of_the_serialised_message(emulator: Emulator) -> None:
    message = client(emulator).beta.messages.parse(**ARGS, output_format=Person)
    assert "parsed_output" not in message.to_dict()["content"][0]  # type: ignore[index]


def test_parsed_message_carries_the_request_id(emulator: Emulator) -> None:
    raw = client(emulator).beta.messages.with_raw_response.parse(**ARGS, output_format=Person)
    assert raw.parse()._request_id == raw.headers["request-id"]


def test_a_list_output_type_is_parsed_into_a_list(emulator: Emulator) -> None:
    message = client(emulator).beta.messages.parse(**ARGS, output_format=list[Address])
    assert message.parsed_output == [Address(city=TEXT, tags=[TEXT])]
    schema = emulator.requests[0].json["output_format"]["schema"]
    assert (schema["type"], schema["items"]) == ("array", {"$ref": "#/$defs/Address"})


def test_a_union_output_type_is_sent_as_any_of_and_parsed(emulator: Emulator) -> None:
    message = client(emulator).beta.messages.parse(**ARGS, output_format=Union[Cat, Dog])  # type: ignore[arg-type]
    schema = emulator.requests[0].json["output_format"]["schema"]
    assert schema["anyOf"] == [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}]
    assert message.parsed_output == Cat(meow=TEXT)


def test_without_output_format_parsed_output_is_none(emulator: Emulator) -> None:
    message = client(emulator).beta.messages.parse(**ARGS)
    assert message.parsed_output is None
    assert message.content[0].text == f"Echo: {TEXT}"  # type: ignore[union-attr]
    assert "output_format" not in emulator.requests[0].json
    assert emulator.requests[0].headers["anthropic-beta"] == "structured-outputs-2025-09-17"


def test_a_reply_that_does_not_match_is_a_validation_error_keeping_the_message(emulator: Emulator) -> None:
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        client(emulator).beta.messages.parse(**ARGS, output_format=AtLeastFive)
    err = info.value
    assert isinstance(err.__cause__, pydantic.ValidationError)
    assert "Content block 0" in str(err) and "AtLeastFive" in str(err)
    assert err.status_code == 200
    assert isinstance(err.partial_message, ParsedBetaMessage)
    assert err.partial_message.content[0].text == '{"n": 0}'
    assert err.partial_message.parsed_output is None


def test_with_raw_response_parse_fills_parsed_output(emulator: Emulator) -> None:
    raw = client(emulator).beta.messages.with_raw_response.parse(**ARGS, output_format=Person)
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.parse().parsed_output == Person(name=TEXT, age=0, address=Address(city=TEXT, tags=[TEXT]))


@pytest.mark.anyio
async def test_async_parse_nested_models(emulator: Emulator) -> None:
    message = await aclient(emulator).beta.messages.parse(**ARGS, output_format=Person)
    assert message.parsed_output == Person(name=TEXT, age=0, address=Address(city=TEXT, tags=[TEXT]))


@pytest.mark.anyio
async def test_async_parse_mismatch_is_a_validation_error(emulator: Emulator) -> None:
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        await aclient(emulator).beta.messages.parse(**ARGS, output_format=AtLeastFive)
    assert isinstance(info.value.__cause__, pydantic.ValidationError)
    assert info.value.partial_message is not None


def test_stream_true_is_a_type_error_before_sending(emulator: Emulator) -> None:
    with pytest.raises(TypeError, match=r"use beta.messages.stream\(output_format=...\)"):
        client(emulator).beta.messages.parse(**ARGS, output_format=Cat, stream=True)
    assert emulator.requests == []


@pytest.mark.anyio
async def test_async_stream_false_is_sent_and_the_message_parsed(emulator: Emulator) -> None:
    message = await aclient(emulator).beta.messages.parse(**ARGS, output_format=Cat, stream=False)

    assert message.parsed_output == Cat(meow=TEXT)
    assert emulator.requests[0].json["stream"] is False
