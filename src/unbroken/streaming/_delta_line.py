"""The one shape nearly every streamed event has, read without building a model.

A long stream is tens of thousands of `content_block_delta` events, each a data line of exactly the form

    {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}

(or `input_json_delta` / `partial_json`, or `thinking_delta` / `thinking`). When nobody will see those events
(`until_done()`, `get_final_message()`), the accumulator needs only (index, kind, string), and building two
pydantic models per line only to drop them is most of the cost of such a stream. `read_delta_line` returns
those three parts for a line of exactly that form, and None for anything else, which then takes the full path
(pydantic-core validation, with its typed errors) — so a line it accepts is one that validation would have
accepted with the same values, and a malformed line is never accepted here.

Hand-written because no library offers "match one JSON shape exactly": the JSON string is decoded by the
standard library's own scanner, strict (raw control characters are refused, as pydantic-core refuses them).
The one string pydantic-core refuses and that scanner accepts, a `\\u` escape of a lone surrogate, is
accepted by the full path too: a line pydantic-core refuses is decoded again with the `json` module there.
"""

from __future__ import annotations

import json.decoder
from collections.abc import Callable

__all__ = ["read_delta_line"]

# The standard JSON string scanner (C): (document, index after the opening quote, strict) -> (string, index
# after the closing quote). Present in every CPython, absent from the type stubs.
scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

_HEAD = '{"type":"content_block_delta","index":'
_AFTER_INDEX = len(_HEAD)
# The accumulator's buffer kind for each delta type, and where that delta's string starts after the index.
_SHAPES = (
    ("text", ',"delta":{"type":"text_delta","text":"'),
    ("tool", ',"delta":{"type":"input_json_delta","partial_json":"'),
    ("thinking", ',"delta":{"type":"thinking_delta","thinking":"'),
)


def read_delta_line(data: str) -> tuple[int, str, str] | None:
    """(index, buffer kind, string) of a canonical text / input-JSON / thinking delta line, else None."""
    if not data.startswith(_HEAD):
        return None
    comma = data.find(",", _AFTER_INDEX)
    digits = data[_AFTER_INDEX:comma]
    if comma < 0 or not (digits.isdigit() and digits.isascii()) or (digits[0] == "0" and len(digits) > 1):
        return None
    for kind, middle in _SHAPES:
        if data.startswith(middle, comma):
            value = _string_to_end(data, comma + len(middle))
            return None if value is None else (int(digits), kind, value)
    return None


def _string_to_end(data: str, start: int) -> str | None:
    """The JSON string starting at `start` if the line ends right after it with `}}`, else None."""
    try:
        value, end = scanstring(data, start, True)
    except ValueError:
        return None
    if end != len(data) - 2 or data[end] != "}" or data[end + 1] != "}":
        return None
    return value
