"""Skill version types (beta), loaded lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_exports

__all__ = [
    "VersionCreateParams",
    "VersionCreateResponse",
    "VersionDeleteResponse",
    "VersionListParams",
    "VersionListResponse",
    "VersionRetrieveResponse",
]

_EXPORTS: dict[str, str] = {
    "VersionCreateParams": ".versions",
    "VersionCreateResponse": ".versions",
    "VersionDeleteResponse": ".versions",
    "VersionListParams": ".versions",
    "VersionListResponse": ".versions",
    "VersionRetrieveResponse": ".versions",
}

if TYPE_CHECKING:
    from .versions import (
        VersionCreateParams,
        VersionCreateResponse,
        VersionDeleteResponse,
        VersionListParams,
        VersionListResponse,
        VersionRetrieveResponse,
    )
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
