"""The controls unbroken adds to the reference's client constructor, declared once.

Every client (`Anthropic`, `AsyncAnthropic`, the Bedrock, Vertex and Foundry clients) takes them, and
`copy()` / `with_options()` changes them. Declaring each control once, as a key of `ClientOptions`, keeps
each constructor the reference's signature plus `**options`, which type checkers check key by key (PEP 692),
instead of one more parameter threaded through eight constructors and their `copy()`s per control.

`Controls` is the resolved, immutable value a client holds (`client.controls`). Its fields are checked when
it is built, so a bad value is a TypeError/ValueError from the constructor, before anything is sent. A
control that is an object with state (a rate limiter, a usage meter) is shared, not copied, by `copy()`: the
copies of a client act as one.

To add a control: a key in `ClientOptions` (with its docstring), a field in `Controls` (its default keeps
today's behaviour), and its check in `Controls.__post_init__`; the module that implements it reads
`client.controls.<name>`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from typing_extensions import TypedDict

from ._constants import DEFAULT_MAX_EVENT_BYTES

__all__ = ["ClientOptions", "Controls"]


class ClientOptions(TypedDict, total=False):
    """Keyword arguments every client constructor and `copy()` / `with_options()` accept beyond the
    reference's. Given to `copy()`, a key replaces the client's value; a key left out keeps it."""

    max_event_bytes: int
    """The largest single stream event (an SSE event, a Bedrock frame) or JSON Lines line accepted, in bytes
    (default 64 MiB); a bigger one fails the stream with `APIResponseValidationError`, connection closed,
    `partial_message` kept, instead of being buffered without end."""

    accumulate_raw_streams: bool
    """Whether raw `create(stream=True)` streams keep the message as it arrives (default True: about 1x the
    streamed text, so that a failure carries `partial_message`). False passes events through and keeps
    nothing: errors are still typed, `partial_message` is None. `messages.stream()` always accumulates."""


@dataclasses.dataclass(frozen=True)
class Controls:
    """The resolved `ClientOptions` of one client (defaults filled in, values checked)."""

    max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES
    accumulate_raw_streams: bool = True

    def __post_init__(self) -> None:
        _check_event_limit(self.max_event_bytes)
        _check_flag("accumulate_raw_streams", self.accumulate_raw_streams)

    @classmethod
    def build(cls, owner: str, options: Mapping[str, Any], base: Controls | None = None) -> Controls:
        """`base` (or the defaults) with `options` applied; an unknown key is the TypeError Python gives."""
        unknown = sorted(set(options) - _FIELDS)
        if unknown:
            raise TypeError(f"{owner}() got an unexpected keyword argument {unknown[0]!r}")
        return dataclasses.replace(base if base is not None else cls(), **options)

    @staticmethod
    def pick(args: Mapping[str, Any]) -> dict[str, Any]:
        """The control keywords among `args` (e.g. among what `BaseClient._copy_args` returned)."""
        return {name: args[name] for name in _FIELDS if name in args}

    def as_options(self) -> dict[str, Any]:
        """The values as constructor keywords (shallow: objects with state stay shared)."""
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = frozenset(field.name for field in dataclasses.fields(Controls))


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")


def _check_event_limit(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_event_bytes must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"max_event_bytes must be at least 1, got {value}")
