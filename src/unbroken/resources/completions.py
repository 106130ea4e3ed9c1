"""`client.completions`: the legacy Text Completions API (`POST /v1/complete`), kept for old prompts.

`AsyncCompletions` is written in `_async_completions.py`; `Completions` is generated from it into
`_sync_completions.py` (`scripts/unasync.py`).
"""

from ._async_completions import (
    AsyncCompletions,
    AsyncCompletionsWithRawResponse,
    AsyncCompletionsWithStreamingResponse,
)
from ._sync_completions import (
    Completions,
    CompletionsWithRawResponse,
    CompletionsWithStreamingResponse,
)

__all__ = [
    "AsyncCompletions",
    "AsyncCompletionsWithRawResponse",
    "AsyncCompletionsWithStreamingResponse",
    "Completions",
    "CompletionsWithRawResponse",
    "CompletionsWithStreamingResponse",
]
