"""`client.beta.files`: upload, list, inspect, download and delete files (the Files API beta).

`AsyncFiles` is written in `_async_files.py`; `Files` is generated from it into `_sync_files.py`
(`scripts/unasync.py`).
"""

from ._async_files import AsyncFiles
from ._sync_files import Files

__all__ = ["AsyncFiles", "Files"]
