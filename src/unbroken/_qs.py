"""Query strings: how request params become `key=value` pairs (the client's `qs`, as in the reference).

The API wants booleans as `true` / `false`, lists comma-joined (`array_format="comma"`, what every client
uses) and nested mappings as `key[sub]`. `None` values (and empty strings) are left out. Written here rather
than taken from a library because the reference's exact rules (comma arrays, bracketed nesting, skipped
`None`) are part of its public surface and no query-string package spells them this way.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Literal

__all__ = ["ArrayFormat", "NestedFormat", "Querystring"]

ArrayFormat = Literal["comma", "repeat", "indices", "brackets"]
NestedFormat = Literal["dots", "brackets"]


class Querystring:
    """Encodes request params as query items; `array_format` / `nested_format` choose the list and
    mapping styles (the client's own uses comma-joined lists)."""

    array_format: ArrayFormat
    nested_format: NestedFormat

    def __init__(
        self, *, array_format: ArrayFormat = "repeat", nested_format: NestedFormat = "brackets"
    ) -> None:
        self.array_format = array_format
        self.nested_format = nested_format

    def parse(self, query: str) -> Mapping[str, object]:
        """`a=1&a=2&b=3` → `{"a": ["1", "2"], "b": ["3"]}` (values are always lists, as `parse_qs` gives)."""
        return urllib.parse.parse_qs(query)

    def stringify(
        self,
        params: Mapping[str, object],
        *,
        array_format: ArrayFormat | None = None,
        nested_format: NestedFormat | None = None,
    ) -> str:
        items = self.stringify_items(params, array_format=array_format, nested_format=nested_format)
        return urllib.parse.urlencode(items)

    def stringify_items(
        self,
        params: Mapping[str, object],
        *,
        array_format: ArrayFormat | None = None,
        nested_format: NestedFormat | None = None,
    ) -> list[tuple[str, str]]:
        """The `(key, value)` pairs of `params`, in order, every value a string."""
        arrays = array_format or self.array_format
        nesting = nested_format or self.nested_format
        items: list[tuple[str, str]] = []
        for key, value in params.items():
            items.extend(_items(key, value, arrays, nesting))
        return items


def _items(key: str, value: object, arrays: ArrayFormat, nesting: NestedFormat) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        pairs: list[tuple[str, str]] = []
        for sub, sub_value in value.items():
            sub_key = f"{key}.{sub}" if nesting == "dots" else f"{key}[{sub}]"
            pairs.extend(_items(sub_key, sub_value, arrays, nesting))
        return pairs
    if isinstance(value, (list, tuple)):
        if arrays == "comma":
            return [(key, ",".join(_text(item) for item in value if item is not None))]
        if arrays == "indices":
            raise NotImplementedError("The array indices format is not supported yet")
        item_key = f"{key}[]" if arrays == "brackets" else key
        return [pair for item in value for pair in _items(item_key, item, arrays, nesting)]
    text = _text(value)
    return [(key, text)] if text else []


def _text(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)
