"""`isinstance(message_stream, Stream)` is True, with a DeprecationWarning, as in the reference.

The reference's message streams once subclassed `Stream` / `AsyncStream`; it keeps such checks passing (and
warns) through a metaclass, so code written then still runs. Ours do the same for the same two pairs, and
otherwise answer as any class does (a subclass's instance is an instance).
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = ["LegacyStreamCheck"]


def _legacy_stream_class(cls: type) -> type | None:
    """The message stream class that `cls` must still claim: imported late, the two live in one module."""
    from . import stream

    legacy: dict[type, type] = {
        stream.Stream: stream.MessageStream,
        stream.AsyncStream: stream.AsyncMessageStream,
    }
    return legacy.get(cls)


class LegacyStreamCheck(type):
    """Metaclass of `Stream` and `AsyncStream` (see the module docstring)."""

    def __instancecheck__(cls, instance: Any) -> bool:
        if super().__instancecheck__(instance):
            return True
        legacy = _legacy_stream_class(cls)
        if legacy is None or not isinstance(instance, legacy):
            return False
        warnings.warn(
            f"Using `isinstance()` to check if a `{legacy.__name__}` object is an instance of "
            f"`{cls.__name__}` is deprecated & will be removed in the next major version",
            DeprecationWarning,
            stacklevel=2,
        )
        return True
