"""Structured outputs, both directions: a Python type becomes the request's `output_format`, and the reply's
text blocks become values of that type (`parsed_output`).

A reply that does not match the type is a response that does not match what was asked for, so it is an
`APIResponseValidationError` (pydantic's own error on `__cause__`), never a bare `pydantic.ValidationError`;
the message as received rides along as `partial_message`, so nothing is lost.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import pydantic
from pydantic_core import PydanticCustomError, core_schema

from ..._exceptions import APIResponseValidationError
from ...types.beta.parsed_beta_message import ParsedBetaMessage, ParsedBetaTextBlock
from ._transform import transform_schema

if TYPE_CHECKING:
    import httpx

    from ...types.beta.request_options import BetaJSONOutputFormatParam

__all__ = [
    "STRUCTURED_OUTPUTS_BETA",
    "is_model_class",
    "output_format_param",
    "parsed_message_type",
    "raise_output_mismatch",
    "text_parser",
]

STRUCTURED_OUTPUTS_BETA = "structured-outputs-2025-09-17"

_MISMATCH = "output_format_mismatch"


def is_model_class(value: object) -> bool:
    """True for a pydantic model class (not an instance; `list[Model]` and other aliases are not classes)."""
    try:
        return isinstance(value, type) and issubclass(value, pydantic.BaseModel)
    except TypeError:  # a generic alias passes isinstance(..., type) on some Pythons but not issubclass
        return False


def _adapter(output_format: Any) -> pydantic.TypeAdapter[Any]:
    try:
        return _cached_adapter(output_format)
    except TypeError:  # an unhashable type expression: build it each time
        return pydantic.TypeAdapter(output_format)


@functools.lru_cache(maxsize=256)
def _cached_adapter(output_format: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(output_format)


def _type_name(output_format: Any) -> str:
    if isinstance(output_format, type) and not getattr(output_format, "__args__", None):
        return output_format.__qualname__
    return repr(output_format)


def output_format_param(output_format: Any) -> BetaJSONOutputFormatParam:
    """`{"type": "json_schema", "schema": ...}` for a type; TypeError if pydantic cannot describe it."""
    try:
        schema = _adapter(output_format).json_schema()
    except pydantic.PydanticUserError as exc:  # schema generation errors and types invalid for JSON schema
        raise TypeError(
            f"Could not generate a JSON schema for `output_format` {_type_name(output_format)}: {exc}"
        ) from exc
    return {"type": "json_schema", "schema": transform_schema(schema)}


def _mismatch_message(output_format: Any, exc: pydantic.ValidationError, index: int | None) -> str:
    where = "A text block" if index is None else f"Content block {index}"
    return f"{where} of the reply does not match `output_format` ({_type_name(output_format)}): {exc}"


def text_parser(output_format: Any, response: Callable[[], httpx.Response]) -> Callable[[str], object]:
    """For streams: the text of a finished block → the value, or APIResponseValidationError."""
    adapter = _adapter(output_format)

    def parse(text: str) -> object:
        try:
            return adapter.validate_json(text)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                response(), text, message=_mismatch_message(output_format, exc, None)
            ) from exc

    return parse


class _ParseTextBlocks:
    """Annotated metadata: after the message validates, parse each text block into `output_format`.

    Doing it inside validation means every path that turns the body into the result (the plain call and
    `with_raw_response.parse()`) fills `parsed_output` the same way.
    """

    def __init__(self, output_format: Any) -> None:
        self.output_format = output_format
        self.adapter = _adapter(output_format)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._fill, handler(source))

    def _fill(self, message: ParsedBetaMessage[Any]) -> ParsedBetaMessage[Any]:
        for index, block in enumerate(message.content):
            if not isinstance(block, ParsedBetaTextBlock):
                continue
            try:
                block.parsed_output = self.adapter.validate_json(block.text)
            except pydantic.ValidationError as exc:
                # A ValueError here would be flattened into a new ValidationError; the context carries the
                # original error and the message so `raise_output_mismatch` can report them as they are.
                raise PydanticCustomError(
                    _MISMATCH,
                    "{text}",
                    {
                        "text": _mismatch_message(self.output_format, exc, index),
                        "cause": exc,
                        "message": message,
                    },
                ) from None
        return message


@functools.lru_cache(maxsize=256)
def _parsed_type(output_format: Any) -> Any:
    return Annotated[ParsedBetaMessage[output_format], _ParseTextBlocks(output_format)]


def parsed_message_type(output_format: Any) -> Any:
    """What `beta.messages.parse()` validates the body as: `ParsedBetaMessage[T]`, text blocks parsed."""
    if output_format is None:
        return ParsedBetaMessage
    try:
        return _parsed_type(output_format)
    except TypeError:  # unhashable
        return _parsed_type.__wrapped__(output_format)


def raise_output_mismatch(err: APIResponseValidationError) -> None:
    """If `err` is a reply that did not match `output_format`, raise the clearer error that says so.

    Its `__cause__` is pydantic's error for the text, `partial_message` the message as received (text
    blocks before the failing one parsed). Otherwise return, and the caller re-raises `err`.
    """
    cause = err.__cause__
    if not isinstance(cause, pydantic.ValidationError):
        return
    for detail in cause.errors(include_url=False):
        if detail["type"] != _MISMATCH:
            continue
        context: dict[str, Any] = detail.get("ctx", {})
        clearer = APIResponseValidationError(err.response, err.body, message=context["text"])
        message = context["message"]
        message._request_id = err.response.headers.get("request-id")
        clearer.partial_message = message
        raise clearer from context["cause"]
