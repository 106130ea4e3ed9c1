"""Sentinels and aliases shared by every part of the public surface.

`NotGiven` and `Omit` exist because `None` is a meaningful value for many API parameters:
`not_given` means "the caller said nothing", `omit` means "leave this out even if a default would send it".
The aliases that only annotate files, proxies, string sequences and the escape hatch's options are
`_annotation_types`', served from here when named (module `__getattr__`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Union

import httpx2

if TYPE_CHECKING:
    import httpx

    from ._annotation_types import (
        Base64FileInput,
        FileContent,
        FileTypes,
        ProxiesTypes,
        RequestOptions,
        SequenceNotStr,
    )

__all__ = [
    "NOT_GIVEN",
    "Base64FileInput",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NoneType",
    "NotGiven",
    "Omit",
    "ProxiesTypes",
    "Query",
    "RequestOptions",
    "SequenceNotStr",
    "Timeout",
    "TimeoutTypes",
    "Transport",
    "not_given",
    "omit",
]


class NotGiven:
    """The default of parameters the caller did not pass; falsy, and distinct from `None`."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


not_given = NotGiven()
NOT_GIVEN = not_given


class Omit:
    """Passed for a value (e.g. a default header) to leave it out of the request entirely."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"


omit = Omit()

NoneType: type[None] = type(None)
# The default stack's classes (see `_stacks`); a timeout of either stack is accepted wherever one is taken.
Timeout = httpx2.Timeout
Transport = httpx2.BaseTransport
# What a `timeout=` accepts: seconds, or a Timeout of either stack (converted to the client's when sent).
if TYPE_CHECKING:
    TimeoutTypes = Union[float, httpx2.Timeout, httpx.Timeout, None]
else:  # what `typing.get_type_hints()` resolves at run time, where httpx need not be imported
    TimeoutTypes = Union[float, httpx2.Timeout, None]

Headers = Mapping[str, Union[str, Omit]]
Query = Mapping[str, object]
Body = object


def __getattr__(name: str) -> Any:
    # Names of `__all__` not defined here only annotate (`_annotation_types`): defined when first named.
    if name in __all__:
        from . import _annotation_types

        return getattr(_annotation_types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
