"""Structured outputs: `transform_schema` and the helpers behind `beta.messages.parse()` / `.stream()`."""

from ._transform import transform_schema

__all__ = ["transform_schema"]
