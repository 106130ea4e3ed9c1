"""The base of every response model, and the one place responses are validated.

Forward compatibility is a rule here: the API grows monthly, so unknown fields are kept (`extra="allow"`),
unknown members of a `type`-tagged union parse as a generic model instead of failing (`OpenUnion`), and the
enums it keeps extending (stop reasons, error codes, service tiers) accept any string (`OPEN_ENUM`). Only a
known shape that is wrong raises, and it raises `APIResponseValidationError`, never pydantic's own error.
"""

from __future__ import annotations

import functools
import typing
from typing import TYPE_CHECKING, Any, Literal, Optional, TypeVar, cast

import pydantic
from pydantic import ConfigDict
from pydantic_core import core_schema

from ._json import loads

if TYPE_CHECKING:
    import httpx

    from ._request_options import FinalRequestOptions

__all__ = [
    "OPEN_ENUM",
    "BaseModel",
    "FinalRequestOptions",
    "GenericModel",
    "OpenEnum",
    "OpenUnion",
    "UnknownModel",
    "validate_response",
    "validate_value",
]

_T = TypeVar("_T")


def __getattr__(name: str) -> Any:
    # The reference's raw-request options live in its `_models`; ours load on first use (`_request_options`).
    if name == "FinalRequestOptions":
        from ._request_options import FinalRequestOptions

        return FinalRequestOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class BaseModel(pydantic.BaseModel):
    """Response model: keeps unknown fields, knows the request id it came with, dumps like the API."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        defer_build=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )

    if TYPE_CHECKING:
        _request_id: Optional[str] = None
        """The `request-id` header of the response this model came from."""

    def __str__(self) -> str:
        """Like `repr()`, `Usage(input_tokens=1, ...)`, as the reference prints (pydantic's `str()` drops the
        class name)."""
        return f"{self.__repr_name__()}({self.__repr_str__(', ')})"  # type: ignore[misc]

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """The model as a plain dict, by default exactly the fields the API sent."""
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """The model as a JSON string (indented by default, for humans)."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )


# A plain class attribute set after class creation, so pydantic does not make it a private attribute: private
# attributes cost a Python-level __init__ hook on every instance, i.e. on every streamed event.
type.__setattr__(BaseModel, "_request_id", None)

GenericModel = BaseModel


class UnknownModel(BaseModel):
    """A union member the client does not know yet (a new block or event type): all fields kept as sent."""

    type: str


class OpenUnion:
    """`Annotated[Union[A, B], OpenUnion()]`: dispatch on a literal field, unknown tags parse as a fallback.

    Type checkers see the plain union. At runtime a tagged union keyed on the field picks the member by its
    tag entirely inside pydantic-core (this runs for every streamed event, so no Python call on the hot
    path); only when that fails is `fallback` (default `UnknownModel`) tried, and it accepts only tags that
    are not known — a known member with a wrong shape still fails validation.
    """

    def __init__(self, key: str = "type", fallback: type[pydantic.BaseModel] | None = UnknownModel) -> None:
        self.key = key
        self.fallback = fallback

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        choices: dict[typing.Hashable, core_schema.CoreSchema] = {}
        for member in typing.get_args(source):
            schema = handler.generate_schema(member)
            for tag in _literal_tags(member, self.key):
                choices[tag] = schema
        tagged = core_schema.tagged_union_schema(choices, discriminator=self.key)
        if self.fallback is None:
            return tagged
        known = frozenset(choices)
        key = self.key

        def only_unknown_tags(value: Any) -> Any:
            tag = value.get(key) if isinstance(value, dict) else getattr(value, key, None)
            if tag in known:
                raise ValueError(f"invalid {tag!r} object")
            return value

        fallback = core_schema.no_info_before_validator_function(
            only_unknown_tags, handler.generate_schema(self.fallback)
        )
        return core_schema.union_schema([tagged, fallback], mode="left_to_right")


class OpenEnum:
    """`Annotated[Literal[...], OPEN_ENUM]`: type-checks as the literal but validates any string, so a new
    value from the server does not turn a whole response into a validation error. A non-string is still
    rejected."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.str_schema()

    def __repr__(self) -> str:
        return "OPEN_ENUM"


OPEN_ENUM = OpenEnum()


def _literal_tags(member: Any, key: str) -> tuple[Any, ...]:
    field = member.model_fields.get(key) if hasattr(member, "model_fields") else None
    if field is None:
        raise TypeError(f"{member!r} has no {key!r} field to dispatch on")
    args = typing.get_args(field.annotation)
    if typing.get_origin(field.annotation) is Literal:
        return args
    # Optional[Literal[...]]
    tags: list[Any] = []
    for arg in args:
        if typing.get_origin(arg) is Literal:
            tags.extend(typing.get_args(arg))
    if not tags:
        raise TypeError(f"{member!r}.{key} is not a Literal")
    return tuple(tags)


@functools.lru_cache(maxsize=512)
def type_adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    """One cached adapter per type: building one compiles a validator, far too slow to repeat."""
    return pydantic.TypeAdapter(tp)


def validate_value(tp: type[_T] | Any, value: object) -> _T:
    """Validate an already decoded value; raises pydantic.ValidationError (callers translate it)."""
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return cast(_T, tp.model_validate(value))
    return cast(_T, type_adapter(tp).validate_python(value))


def validate_response(tp: type[_T] | Any, data: bytes | str | object, response: httpx.Response) -> _T:
    """Decode (if bytes/str) and validate a response body, translating every failure to our hierarchy."""
    from ._exceptions import APIResponseValidationError

    body: object = data
    if isinstance(data, (bytes, str)):
        try:
            body = loads(data)
        except ValueError as exc:
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
            raise APIResponseValidationError(
                response, text, message=f"Response body is not valid JSON: {exc}"
            ) from exc
    try:
        result: _T = validate_value(tp, body)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            response, body, message=f"Response does not match the expected schema: {exc}"
        ) from exc
    if isinstance(result, BaseModel):
        result._request_id = response.headers.get("request-id")
    return result
