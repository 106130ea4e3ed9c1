"""A package-neutral description of a public object, so the reference's and ours compare as plain data.

Only what a caller can rely on is described: a class's name, its constructor and its public members; a
model's fields and whether each is required; a TypedDict's keys; an exception's MRO; a function's parameters
(name, kind, default, and so which are required); an alias's canonical spelling. Module names never appear,
so `anthropic.types.content.X` and `unbroken.types.content.X` read the same, with one exception: a class of
an HTTP stack is spelt with its stack (`httpx.Timeout`, `httpx2.Timeout`), as a caller mixing them meets it.
"""

from __future__ import annotations

import enum
import functools
import inspect
import typing
from typing import Any

import pydantic
import typing_extensions

from unbroken import _stacks

_PRIMITIVES = (str, int, float, bool, bytes, type(None))
_DATA = "data"  # a property, a cached property or a plain attribute: read the same way by a caller


# Names that spell the same type to a caller: the reference's runtime `SequenceNotStr` is `Sequence` (its
# protocol exists for type checkers only); `os.PathLike` is written with or without its parameter.
_SAME_TYPE = {"SequenceNotStr": "Sequence", "PathLike[str]": "PathLike"}


def _class_name(cls: type) -> str:
    """`Timeout`, or `httpx.Timeout` / `httpx2.Timeout` for a class of an HTTP stack (found by identity: the
    reference relabels the httpx classes it re-exports as its own)."""
    stack = _stacks.of_class(cls)
    return f"{stack.__name__}.{cls.__name__}" if stack is not None else cls.__name__


def _forward_text(text: str) -> str:
    """An unevaluated annotation (`"str | Awaitable[str]"`) in the canonical spelling of a union."""
    parts = sorted(part.strip() for part in text.split("|"))
    return "Union[" + " | ".join(parts) + "]" if len(parts) > 1 else text


def type_text(tp: Any) -> str:
    """A canonical spelling of an annotation: unions flattened and sorted, `Annotated` unwrapped."""
    text = _type_text(tp)
    return _SAME_TYPE.get(text, text)


def _type_text(tp: Any) -> str:
    if isinstance(tp, str):
        return _forward_text(tp)
    if isinstance(tp, typing.ForwardRef):
        return _forward_text(tp.__forward_arg__)
    if tp is None or tp is type(None):
        return "None"
    origin = typing_extensions.get_origin(tp)
    args = typing_extensions.get_args(tp)
    if origin is typing_extensions.Annotated:
        return type_text(args[0])
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        leaves: set[str] = set()
        for arg in args:
            text = type_text(arg)
            leaves.update(text[len("Union[") : -1].split(" | ") if text.startswith("Union[") else [text])
        return "Union[" + " | ".join(sorted(leaves)) + "]"
    if origin in (typing.Literal, typing_extensions.Literal):
        return "Literal[" + ", ".join(sorted(repr(arg) for arg in args)) + "]"
    if origin is not None:
        name = _SAME_TYPE.get(getattr(origin, "__name__", None) or repr(origin))
        name = name or getattr(origin, "__name__", None) or repr(origin)
        return f"{name}[{', '.join(type_text(arg) for arg in args)}]"
    if isinstance(tp, typing.TypeVar):
        return f"~{tp.__name__}"
    if isinstance(tp, type):
        return _class_name(tp)
    return getattr(tp, "__name__", None) or repr(tp)


def default_text(value: Any) -> str:
    if value is inspect.Parameter.empty:
        return "required"
    if isinstance(value, _PRIMITIVES):
        return repr(value)
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, type):
        return value.__name__
    return f"<{type(value).__name__}>"


def signature_text(obj: Any) -> str:
    """`(a, b=1, *, c=<NotGiven>, d=required)`: keyword-only parameters sorted (their order is free)."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "<no signature>"
    positional: list[str] = []
    keyword: list[str] = []
    for param in sig.parameters.values():
        kind = param.kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            positional.append(f"*{param.name}")
        elif kind is inspect.Parameter.VAR_KEYWORD:
            keyword.append(f"**{param.name}")
        elif kind is inspect.Parameter.KEYWORD_ONLY:
            keyword.append(f"{param.name}={default_text(param.default)}")
        else:
            marker = "/" if kind is inspect.Parameter.POSITIONAL_ONLY else ""
            positional.append(f"{marker}{param.name}={default_text(param.default)}")
    parts = positional + (["*"] if keyword and not any(p.startswith("*") for p in positional) else [])
    return "(" + ", ".join(parts + sorted(keyword)) + ")"


def _raw_member(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


def member_text(owner: Any, name: str) -> str:
    """What `owner.name` is to a caller: data, or a callable with its signature."""
    cls = owner if isinstance(owner, type) else type(owner)
    raw = _raw_member(cls, name)
    if raw is None:  # set on the instance only
        value = getattr(owner, name, None)
        return f"method{signature_text(value)}" if inspect.ismethod(value) else _DATA
    if isinstance(raw, (property, functools.cached_property)):
        return _DATA
    if isinstance(raw, classmethod):
        return f"classmethod{signature_text(getattr(cls, name))}"
    if isinstance(raw, staticmethod):
        return f"staticmethod{signature_text(getattr(cls, name))}"
    if inspect.isfunction(raw):
        return f"method{signature_text(raw)}"
    if isinstance(raw, type):
        return f"class {raw.__name__}"
    return _DATA


def public_members(owner: Any, *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    return {
        name: member_text(owner, name)
        for name in sorted(dir(owner))
        if not name.startswith("_") and name not in skip
    }


_PYDANTIC_MEMBERS = frozenset(dir(pydantic.BaseModel))


def _declared_total(cls: Any, key: str) -> bool:
    """The `total=` of the TypedDict that declares `key` (a base may differ from the class itself)."""
    if key in vars(cls).get("__annotations__", {}):
        return bool(cls.__total__)
    for orig_base in getattr(cls, "__orig_bases__", ()):
        base = typing_extensions.get_origin(orig_base) or orig_base
        if typing_extensions.is_typeddict(base) and key in typing.get_type_hints(base):
            return _declared_total(base, key)
    return bool(cls.__total__)


def typeddict_keys(cls: Any) -> dict[str, str]:
    """Each key, required or not, and its type, as a type checker reads them.

    Not `__required_keys__`: under `from __future__ import annotations` the runtime cannot see `Required[...]`
    in a string annotation, so both packages report most keys optional there. `typing.get_type_hints()` must
    work (a user's code may call it).
    """
    try:
        hints = typing.get_type_hints(cls, include_extras=True)
    except Exception as exc:  # what a user calling get_type_hints() would hit
        return {"<get_type_hints>": f"fails: {type(exc).__name__}: {exc}"}
    keys: dict[str, str] = {}
    for key in sorted(hints):
        hint = hints[key]
        origin = typing_extensions.get_origin(hint)
        if origin in (typing_extensions.Required, typing_extensions.NotRequired):
            required = origin is typing_extensions.Required
            hint = typing_extensions.get_args(hint)[0]
        else:
            required = _declared_total(cls, key)
        keys[key] = f"{'required' if required else 'optional'} {type_text(hint)}"
    return keys


def describe(obj: Any, *, instance: Any = None) -> dict[str, Any]:
    """The description of one public object; `instance` (of class `obj`) adds instance-only members."""
    if inspect.ismodule(obj):
        return {"kind": "module"}
    if isinstance(obj, type):
        if issubclass(obj, BaseException):
            return {
                "kind": "exception",
                "name": obj.__name__,
                "mro": [klass.__name__ for klass in obj.__mro__ if klass is not object],
                "init": signature_text(obj),
            }
        if issubclass(obj, pydantic.BaseModel):
            fields = {
                name: f"{'required' if field.is_required() else 'optional'} {type_text(field.annotation)}"
                for name, field in obj.model_fields.items()
            }
            skip = _PYDANTIC_MEMBERS | frozenset(fields)
            return {
                "kind": "model",
                "name": obj.__name__,
                "fields": fields,
                "members": public_members(obj, skip=skip),
            }
        if typing_extensions.is_typeddict(obj):
            return {"kind": "typeddict", "name": obj.__name__, "fields": typeddict_keys(obj)}
        return {
            "kind": "class",
            "name": _class_name(obj),
            "init": signature_text(obj),
            "members": public_members(instance if instance is not None else obj),
        }
    if isinstance(obj, typing.TypeVar):
        return {"kind": "typevar", "name": obj.__name__}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj) or inspect.ismethod(obj):
        return {"kind": "function", "signature": signature_text(obj)}
    if typing_extensions.get_origin(obj) is not None or isinstance(obj, typing.ForwardRef):
        return {"kind": "alias", "type": type_text(obj)}
    if isinstance(obj, _PRIMITIVES):
        return {"kind": "value", "value": repr(obj)}
    text = repr(obj)
    return {"kind": "value", "type": _class_name(type(obj)), "repr": None if " at 0x" in text else text}


def differences(reference: dict[str, Any], ours: dict[str, Any]) -> list[tuple[str, str]]:
    """`(member, text)` per difference, `member` empty when the difference is the object's own."""
    if reference["kind"] != ours["kind"]:
        return [("", f"kind: reference {reference['kind']}, ours {ours['kind']}")]
    found: list[tuple[str, str]] = []
    for key in sorted(set(reference) | set(ours)):
        theirs, mine = reference.get(key), ours.get(key)
        if key == "fields":
            for name in sorted(set(theirs) | set(mine)):
                if name not in mine:
                    found.append((name, "field missing"))
                elif name not in theirs:
                    found.append((name, "field not in the reference"))
                elif theirs[name] != mine[name]:
                    found.append((name, f"field: reference {theirs[name]}\n      ours      {mine[name]}"))
        elif key == "members":
            for name in sorted(theirs):
                if name not in mine:
                    found.append((name, "missing"))
                elif theirs[name] != mine[name]:
                    found.append((name, f"reference {theirs[name]}\n      ours      {mine[name]}"))
        elif key == "repr" and theirs is None:
            continue  # the reference's value has no meaningful repr (`<object at 0x...>`)
        elif theirs != mine:
            found.append(("", f"{key}: reference {theirs}\n      ours      {mine}"))
    return found
