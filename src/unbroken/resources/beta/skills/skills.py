"""`client.beta.skills`: create custom skills from files, list, retrieve and delete them (+ `.versions`).

`AsyncSkills` is written in `_async_skills.py`; `Skills` is generated from it into `_sync_skills.py`
(`scripts/unasync.py`).
"""

from ._async_skills import (
    AsyncSkills,
    AsyncSkillsWithRawResponse,
    AsyncSkillsWithStreamingResponse,
)
from ._sync_skills import (
    Skills,
    SkillsWithRawResponse,
    SkillsWithStreamingResponse,
)

__all__ = [
    "AsyncSkills",
    "AsyncSkillsWithRawResponse",
    "AsyncSkillsWithStreamingResponse",
    "Skills",
    "SkillsWithRawResponse",
    "SkillsWithStreamingResponse",
]
