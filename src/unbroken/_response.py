"""Response wrappers for `with_raw_response` / `with_streaming_response`, and body → result parsing.

The async wrappers are written in `_async_response.py`; their sync twins are generated from it into
`_sync_response.py` (`scripts/unasync.py`); what both share is in `_legacy_response.py`.
"""

from ._async_response import (
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    AsyncResponseContextManager,
    AsyncStreamedBinaryAPIResponse,
)
from ._legacy_response import BaseAPIResponse, LegacyAPIResponse, parse_body
from ._sync_response import APIResponse, BinaryAPIResponse, ResponseContextManager, StreamedBinaryAPIResponse

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryAPIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedBinaryAPIResponse",
    "BaseAPIResponse",
    "BinaryAPIResponse",
    "LegacyAPIResponse",
    "ResponseContextManager",
    "StreamedBinaryAPIResponse",
    "parse_body",
]
