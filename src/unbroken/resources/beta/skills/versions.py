"""`client.beta.skills.versions`: new versions of a custom skill (from files), list, retrieve, delete.

`AsyncVersions` is written in `_async_versions.py`; `Versions` is generated from it into
`_sync_versions.py` (`scripts/unasync.py`).
"""

from ._async_versions import (
    AsyncVersions,
    AsyncVersionsWithRawResponse,
    AsyncVersionsWithStreamingResponse,
)
from ._sync_versions import (
    Versions,
    VersionsWithRawResponse,
    VersionsWithStreamingResponse,
)

__all__ = [
    "AsyncVersions",
    "AsyncVersionsWithRawResponse",
    "AsyncVersionsWithStreamingResponse",
    "Versions",
    "VersionsWithRawResponse",
    "VersionsWithStreamingResponse",
]
