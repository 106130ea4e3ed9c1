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
    from .skills import (
        AsyncSkills as AsyncSkills,
    )
    from .skills import (
        AsyncSkillsWithRawResponse as AsyncSkillsWithRawResponse,
    )
    from .skills import (
        AsyncSkillsWithStreamingResponse as AsyncSkillsWithStreamingResponse,
    )
    from .skills import (
        Skills as Skills,
    )
    from .skills import (
        SkillsWithRawResponse as SkillsWithRawResponse,
    )
    from .skills import (
        SkillsWithStreamingResponse as SkillsWithStreamingResponse,
    )
    from .versions import (
        AsyncVersions as AsyncVersions,
    )
    from .versions import (
        AsyncVersionsWithRawResponse as AsyncVersionsWithRawResponse,
    )
    from .versions import (
        AsyncVersionsWithStreamingResponse as AsyncVersionsWithStreamingResponse,
    )
    from .versions import (
        Versions as Versions,
    )
    from .versions import (
        VersionsWithRawResponse as VersionsWithRawResponse,
    )
    from .versions import (
        VersionsWithStreamingResponse as VersionsWithStreamingResponse,
    )
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
