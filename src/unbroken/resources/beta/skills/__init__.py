"""`client.beta.skills` and `client.beta.skills.versions`.

Every name loads on first use, so importing this package costs nothing until a resource is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ....types._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Versions": ".versions",
    "AsyncVersions": ".versions",
    "VersionsWithRawResponse": ".versions",
    "AsyncVersionsWithRawResponse": ".versions",
    "VersionsWithStreamingResponse": ".versions",
    "AsyncVersionsWithStreamingResponse": ".versions",
    "Skills": ".skills",
    "AsyncSkills": ".skills",
    "SkillsWithRawResponse": ".skills",
    "AsyncSkillsWithRawResponse": ".skills",
    "SkillsWithStreamingResponse": ".skills",
    "AsyncSkillsWithStreamingResponse": ".skills",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .skills import *  # noqa: F403
    from .versions import *  # noqa: F403
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
