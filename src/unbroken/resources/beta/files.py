"""`client.beta.files`: upload, list, inspect, download and delete files (the Files API beta).

`AsyncFiles` is written in `_async_files.py`; `Files` is generated from it into `_sync_files.py`
(`scripts/unasync.py`).
"""

from ._async_files import (
    AsyncFiles,
    AsyncFilesWithRawResponse,
    AsyncFilesWithStreamingResponse,
)
from ._sync_files import (
    Files,
    FilesWithRawResponse,
    FilesWithStreamingResponse,
)

__all__ = [
    "AsyncFiles",
    "AsyncFilesWithRawResponse",
    "AsyncFilesWithStreamingResponse",
    "Files",
    "FilesWithRawResponse",
    "FilesWithStreamingResponse",
]
