"""`client.completions`: the legacy Text Completions API (`POST /v1/complete`), kept for old prompts.

`AsyncCompletions` is written in `_async_completions.py`; `Completions` is generated from it into
`_sync_completions.py` (`scripts/unasync.py`).
"""

from ._async_completions import AsyncCompletions
from ._sync_completions import Completions

__all__ = ["AsyncCompletions", "Completions"]
