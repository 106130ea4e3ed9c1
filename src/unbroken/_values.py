"""`Value`: the base of the small immutable classes every process meets before its first answer.

`@dataclass(frozen=True)` writes a class's methods as source text and compiles them when the class is
defined: about 0.7 ms a class on Python 3.11, paid at import by every process (issue 17's cold start) for
the few value classes on the way to the first request (`RequestSpec`, `Controls`, `RetryPolicy`, …). A
`Value` subclass names its fields in `__slots__` and takes them in an ordinary `__init__` (compiled once,
into the `.pyc`) that stores them with `_set`; this base gives what the frozen dataclass gave: `==` and
`hash()` over the fields (but those named in `_uncompared`), a `repr()` naming them, assignment and
deletion refused with `dataclasses.FrozenInstanceError`, copies and pickles, and `replace()`.

Written by hand: attrs generates code as dataclasses do, and msgspec would be a dependency for ~50 lines.
Value classes that load only when used (`RateLimitInfo`, `Fallback`, the hook events, …) stay dataclasses.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar, TypeVar

__all__ = ["Value", "replace"]

_V = TypeVar("_V", bound="Value")


class Value:
    """An immutable value whose fields are its class's `__slots__`, each an argument of its `__init__`."""

    __slots__ = ()

    _uncompared: ClassVar[frozenset[str]] = frozenset()
    """Fields that are state rather than configuration: left out of `==` and `hash()` (dataclasses'
    `compare=False`)."""

    def _set(self, **fields: Any) -> None:
        """Store the fields (for `__init__`: the instance is frozen from the start)."""
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def _names(self) -> tuple[str, ...]:
        return self.__slots__

    def _fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._names()}

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names() if name not in self._uncompared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._fields().items())
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # copy, deepcopy and pickle restore the fields as they are, without `__init__` (as for a dataclass)
        return (_restore, (type(self), self._fields()))


def _restore(cls: type[_V], fields: dict[str, Any]) -> _V:
    value = cls.__new__(cls)
    value._set(**fields)
    return value


def replace(value: _V, /, **changes: Any) -> _V:
    """A new value with `changes` and the other fields of `value`, made by its `__init__` (so checked and
    normalised again); an unknown field is a TypeError, as with `dataclasses.replace`."""
    return type(value)(**{**value._fields(), **changes})
