"""Base classes of the resource namespaces (`client.messages`, `client.beta.files`, …).

Each resource names its two views (`with_raw_response`, `with_streaming_response`: classes written next to
it, one attribute per method, so a type checker sees `LegacyAPIResponse[Message]` and `dir()` lists the
methods) in `_views`; the properties that build them are here, once.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from typing import Generic as _TypedViews

    from ._async_client import AsyncAnthropic
    from ._sync_client import Anthropic
else:

    class _TypedViews:
        """Generic for type checkers only. At run time the resource classes are plain classes, as the
        reference's are, and subscripting one (`SyncAPIResource["MessagesWithRawResponse", …]`) is the class
        itself: `typing.Generic` costs ~0.3 M instructions per class and per subscription, which every
        process loading a resource would pay (issue 17's cold start)."""

        def __class_getitem__(cls, params: object) -> type:
            return cls


__all__ = ["AsyncAPIResource", "SyncAPIResource"]

_RawT = TypeVar("_RawT")
_StreamingT = TypeVar("_StreamingT")


class _Views(_TypedViews[_RawT, _StreamingT]):
    _views: ClassVar[tuple[Any, Any]]
    """(the `with_raw_response` class, the `with_streaming_response` class), each built from the resource."""

    @cached_property
    def with_raw_response(self) -> _RawT:
        """Each method returns the HTTP response (body read); `.parse()` gives what the method would."""
        raw: _RawT = self._views[0](self)
        return raw

    @cached_property
    def with_streaming_response(self) -> _StreamingT:
        """Each method returns a context manager over the HTTP response, its body read only when asked."""
        streaming: _StreamingT = self._views[1](self)
        return streaming


class SyncAPIResource(_Views[_RawT, _StreamingT]):
    _client: Anthropic

    def __init__(self, client: Anthropic) -> None:
        self._client = client


class AsyncAPIResource(_Views[_RawT, _StreamingT]):
    _client: AsyncAnthropic

    def __init__(self, client: AsyncAnthropic) -> None:
        self._client = client
