"""`client.beta`: the namespace of beta resources (messages, models, files, skills).

`AsyncBeta` is written in `_async_beta.py`; `Beta` is generated from it into `_sync_beta.py`
(`scripts/unasync.py`).
"""

from ._async_beta import (
    AsyncBeta,
    AsyncBetaWithRawResponse,
    AsyncBetaWithStreamingResponse,
    AsyncPlatformBeta,
    AsyncPlatformBetaWithRawResponse,
    AsyncPlatformBetaWithStreamingResponse,
)
from ._sync_beta import (
    Beta,
    BetaWithRawResponse,
    BetaWithStreamingResponse,
    PlatformBeta,
    PlatformBetaWithRawResponse,
    PlatformBetaWithStreamingResponse,
)

__all__ = [
    "AsyncBeta",
    "AsyncBetaWithRawResponse",
    "AsyncBetaWithStreamingResponse",
    "AsyncPlatformBeta",
    "AsyncPlatformBetaWithRawResponse",
    "AsyncPlatformBetaWithStreamingResponse",
    "Beta",
    "BetaWithRawResponse",
    "BetaWithStreamingResponse",
    "PlatformBeta",
    "PlatformBetaWithRawResponse",
    "PlatformBetaWithStreamingResponse",
]
