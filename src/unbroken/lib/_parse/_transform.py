"""`transform_schema`: rewrite a JSON schema into the subset structured outputs accept.

The API accepts fewer keywords than JSON Schema has. Rather than reject a schema (or silently drop a
constraint), every keyword the API does not take is moved into the `description` as text, so the model can
still read it; the response is validated against the full type afterwards anyway (see `_response.py`).

The rules (reference §16), applied recursively:

* `$ref` keeps only itself (plus the `$defs` beside it, see below);
* `$defs` are transformed one by one;
* `anyOf` and `oneOf` become `anyOf`, `allOf` stays `allOf`; without one of them `type` is required;
* `description` and `title` are kept;
* objects: properties transformed, `additionalProperties` forced to false, `required` kept;
* strings: `format` kept only if the API supports it;
* arrays: `items` transformed, `minItems` kept only if 0 or 1;
* anything else is appended to the description as `"\\n\\n{key: value, key: value}"`.

One deliberate difference from the reference: `$defs` beside a root `$ref` (what pydantic emits for a
recursive model) are kept. Dropping them would send a schema whose reference points nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic

__all__ = ["SUPPORTED_STRING_FORMATS", "SUPPORTED_TYPES", "transform_schema"]

SUPPORTED_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")

SUPPORTED_STRING_FORMATS = frozenset(
    {"date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"}
)


def transform_schema(json_schema: type[pydantic.BaseModel] | Mapping[str, Any]) -> dict[str, Any]:
    """The schema (or the schema of a pydantic model class) rewritten for structured outputs.

    >>> transform_schema({"type": "integer", "minimum": 1, "description": "A count"})
    {'type': 'integer', 'description': 'A count\\n\\n{minimum: 1}'}
    """
    if isinstance(json_schema, type) and issubclass(json_schema, pydantic.BaseModel):
        json_schema = json_schema.model_json_schema()
    if not isinstance(json_schema, Mapping):
        raise TypeError(
            "transform_schema() expects a JSON schema dict or a pydantic BaseModel class, "
            f"got {type(json_schema).__name__}"
        )
    return _transform(json_schema)


def _transform(schema: Mapping[str, Any]) -> dict[str, Any]:
    rest = dict(schema)  # what is left over goes into the description; the caller's dict is not touched
    out: dict[str, Any] = {}

    defs = rest.pop("$defs", None)
    if defs is not None:
        out["$defs"] = {name: _transform(sub) for name, sub in defs.items()}

    ref = rest.pop("$ref", None)
    if ref is not None:
        out["$ref"] = ref
        return out

    type_ = rest.pop("type", None)
    any_of = rest.pop("anyOf", None)
    one_of = rest.pop("oneOf", None)
    all_of = rest.pop("allOf", None)
    if isinstance(any_of, list):
        out["anyOf"] = [_transform(sub) for sub in any_of]
    elif isinstance(one_of, list):
        out["anyOf"] = [_transform(sub) for sub in one_of]
    elif isinstance(all_of, list):
        out["allOf"] = [_transform(sub) for sub in all_of]
    elif type_ is None:
        raise ValueError("Schema must have a 'type', 'anyOf', 'oneOf', or 'allOf' field.")
    elif not isinstance(type_, str) or type_ not in SUPPORTED_TYPES:
        # The reference rejects these too (with an AssertionError); a list of types is valid JSON Schema
        # but not what structured outputs take.
        raise ValueError(
            f"Unsupported schema type {type_!r}: expected one of {', '.join(SUPPORTED_TYPES)} "
            "(for several types, use anyOf)"
        )
    else:
        out["type"] = type_

    for key in ("description", "title"):
        value = rest.pop(key, None)
        if value is not None:
            out[key] = value

    if type_ == "object":
        out["properties"] = {name: _transform(sub) for name, sub in rest.pop("properties", {}).items()}
        rest.pop("additionalProperties", None)
        out["additionalProperties"] = False
        required = rest.pop("required", None)
        if required is not None:
            out["required"] = required
    elif type_ == "string":
        fmt = rest.pop("format", None)
        if isinstance(fmt, str) and fmt in SUPPORTED_STRING_FORMATS:
            out["format"] = fmt
        elif fmt:
            rest["format"] = fmt  # unsupported: described, after the other leftovers (as the reference does)
    elif type_ == "array":
        items = rest.pop("items", None)
        if items is not None:
            out["items"] = _transform(items)
        min_items = rest.pop("minItems", None)
        if min_items in (0, 1):
            out["minItems"] = min_items
        elif min_items is not None:
            rest["minItems"] = min_items

    if rest:
        leftover = "{" + ", ".join(f"{key}: {value}" for key, value in rest.items()) + "}"
        description = out.get("description")
        out["description"] = leftover if description is None else f"{description}\n\n{leftover}"
    return out
