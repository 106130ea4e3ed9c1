"""What the platform clients share: reading a call's path and body for the rewrite, and attributes a
platform does not have."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from .._request import RequestSpec

__all__ = [
    "Unsupported",
    "beta_names",
    "json_body",
    "split_path",
]


def split_path(spec: RequestSpec) -> tuple[str, dict[str, object]]:
    """The path without its query string, and the params with that query merged in.

    A beta call may say `?beta=true` in its path or in its params; the rewrite treats both alike.
    """
    path, _, query = spec.path.partition("?")
    params: dict[str, object] = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    params.update(spec.params)
    return path, params


def json_body(spec: RequestSpec) -> dict[str, object] | None:
    """The JSON object body with `extra_body` merged in, as a fresh dict the rewrite may change; None when
    the body is not a JSON object (no body, a file upload)."""
    if spec.files is not None or spec.content is not None or not isinstance(spec.json_data, Mapping):
        return None
    return {**spec.json_data, **(spec.extra_json or {})}


def beta_names(*layers: Mapping[str, object]) -> list[str]:
    """The `anthropic-beta` header (last layer wins, any case) as a list, for platforms that take it in the
    body."""
    value: object = None
    for layer in layers:
        for key, item in layer.items():
            if key.lower() == "anthropic-beta":
                value = item
    if not isinstance(value, str):  # absent, or `omit`
        return []
    return [name.strip() for name in value.split(",") if name.strip()]


class Unsupported:
    """A client attribute the platform does not serve: reading it raises AttributeError, as the reference's
    platform clients simply lack it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, obj: object, objtype: type | None = None) -> NoReturn:
        owner = objtype.__name__ if objtype is not None else type(obj).__name__
        raise AttributeError(
            f"{owner!r} object has no attribute {self._name!r} (not available on this platform)"
        )
