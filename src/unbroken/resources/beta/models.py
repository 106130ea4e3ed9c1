"""`client.beta.models`: `client.models` on the beta endpoints (`?beta=true`), returning `BetaModelInfo`.

`AsyncModels` is written in `_async_models.py`; `Models` is generated from it into `_sync_models.py`
(`scripts/unasync.py`).
"""

from ._async_models import (
    AsyncModels,
    AsyncModelsWithRawResponse,
    AsyncModelsWithStreamingResponse,
)
from ._sync_models import (
    Models,
    ModelsWithRawResponse,
    ModelsWithStreamingResponse,
)

__all__ = [
    "AsyncModels",
    "AsyncModelsWithRawResponse",
    "AsyncModelsWithStreamingResponse",
    "Models",
    "ModelsWithRawResponse",
    "ModelsWithStreamingResponse",
]
