"""`client.models`: look a model up (an alias resolves to the model it points at); list models, newest first.

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
