"""Response enums that the API keeps extending (stop reasons, error codes, service tiers...).

`Annotated[Literal[...], OPEN_ENUM]` type-checks as the literal but validates any string: a new value from
the server must not turn a whole response into a validation error. A non-string is still rejected.
"""

from __future__ import annotations

from typing import Any

import pydantic
from pydantic_core import core_schema

__all__ = ["OPEN_ENUM", "OpenEnum"]


class OpenEnum:
    """Marker for `Annotated`: validate as `str`, keep the `Literal` for type checkers."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.str_schema()

    def __repr__(self) -> str:
        return "OPEN_ENUM"


OPEN_ENUM = OpenEnum()
