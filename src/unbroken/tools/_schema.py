"""A function's signature and docstring → the tool's description, input JSON schema and argument validator.

pydantic builds both the schema and the validator from one core schema of the function's *arguments*, so
what the model is told to send is exactly what is accepted. Validation is kept apart from the call: a
`ValidationError` raised inside the tool's own body is the tool's failure, never "invalid arguments".

Type hints are resolved here (not left to pydantic) with the namespace of the code that declared the tool,
so a model class defined inside a function can be used as a parameter type, also under
`from __future__ import annotations`.
"""

from __future__ import annotations

import inspect
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, cast

import docstring_parser
import pydantic
import pydantic_core
from pydantic_core import ArgsKwargs

__all__ = [
    "ArgumentsValidator",
    "caller_namespace",
    "description_from_docstring",
    "inject_param_descriptions",
    "require_pydantic_v2",
]


def require_pydantic_v2() -> None:
    if str(pydantic.VERSION).startswith("1."):
        raise RuntimeError("Tool functions are only supported with Pydantic v2")


def caller_namespace() -> dict[str, Any]:
    """The local namespace of the first frame outside `unbroken.tools` (where the tool was declared)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith(
        __package__ or "unbroken.tools"
    ):
        frame = frame.f_back  # type: ignore[assignment]
    return dict(frame.f_locals) if frame is not None else {}


def description_from_docstring(parsed: docstring_parser.Docstring) -> str:
    """Short description, then the long one after a blank line; "" without a docstring."""
    if not parsed.short_description:
        return ""
    if parsed.long_description:
        return f"{parsed.short_description}\n\n{parsed.long_description}"
    return parsed.short_description


def inject_param_descriptions(schema: dict[str, Any], parsed: docstring_parser.Docstring) -> None:
    """Docstring `Args:` entries become property descriptions, only where the schema has none."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for param in parsed.params:
        prop = properties.get(param.arg_name)
        if isinstance(prop, dict) and "description" not in prop and param.description:
            prop["description"] = param.description


def _globals_of(func: Callable[..., Any]) -> dict[str, Any]:
    target = inspect.unwrap(getattr(func, "__func__", func))
    namespace = getattr(target, "__globals__", None)
    if isinstance(namespace, dict):
        return namespace
    module = sys.modules.get(getattr(func, "__module__", None) or "")
    return dict(vars(module)) if module is not None else {}


def _keyword_signature(func: Callable[..., Any], localns: Mapping[str, Any] | None) -> inspect.Signature:
    """The signature with every annotation resolved; the model sends an object, so no positional-only."""
    signature = inspect.signature(func)
    for param in signature.parameters.values():
        if param.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.VAR_POSITIONAL):
            raise TypeError(
                f"Tool function {getattr(func, '__name__', func)!r} cannot have positional-only or *args "
                f"parameters ({param.name!r}): the model passes arguments by name"
            )
    holder = types.SimpleNamespace(
        __annotations__={
            name: param.annotation
            for name, param in signature.parameters.items()
            if param.annotation is not inspect.Parameter.empty
        }
    )
    try:
        hints = typing.get_type_hints(
            holder, globalns=_globals_of(func), localns=dict(localns or {}), include_extras=True
        )
    except NameError as exc:
        raise TypeError(f"Cannot resolve the type hints of tool function {func!r}: {exc}") from exc
    params = [
        param.replace(annotation=hints.get(name, param.annotation))
        for name, param in signature.parameters.items()
    ]
    return signature.replace(parameters=params, return_annotation=inspect.Signature.empty)


class ArgumentsValidator:
    """Validates a dict of arguments for one function and generates its JSON schema."""

    def __init__(self, func: Callable[..., Any], *, localns: Mapping[str, Any] | None = None) -> None:
        signature = _keyword_signature(func, localns)
        name = getattr(func, "__name__", type(func).__name__)

        # A stand-in with resolved annotations: pydantic reads `__signature__` and `__annotations__`, and
        # the stand-in itself is never called (the validator below stops at the arguments).
        def stand_in(*args: Any, **kwargs: Any) -> None:
            raise AssertionError("never called")

        stand_in.__signature__ = signature  # type: ignore[attr-defined]
        stand_in.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
        stand_in.__name__ = stand_in.__qualname__ = name
        stand_in.__module__ = getattr(func, "__module__", None) or __name__

        self._adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(cast(Any, stand_in))
        core = self._adapter.core_schema
        if core["type"] == "definitions" and core["schema"]["type"] == "call":
            arguments: Any = {**core, "schema": core["schema"]["arguments_schema"]}
        elif core["type"] == "call":
            arguments = core["arguments_schema"]
        else:  # pragma: no cover - pydantic always builds a call schema for a function
            raise TypeError(f"Cannot build an arguments schema for {func!r}")
        self._validator = pydantic_core.SchemaValidator(arguments, pydantic_core.CoreConfig(title=name))

    def json_schema(self) -> dict[str, Any]:
        """pydantic's schema of the arguments object: `title` per property, `additionalProperties: false`."""
        schema = self._adapter.json_schema()
        if schema.get("type") == "object" and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema

    def validate(self, arguments: Mapping[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """(args, kwargs) to call the function with; raises `pydantic.ValidationError`."""
        args, kwargs = self._validator.validate_python(ArgsKwargs((), dict(arguments)))
        return tuple(args), dict(kwargs or {})
