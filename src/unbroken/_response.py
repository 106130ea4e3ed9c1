"""Response wrappers for `with_raw_response` / `with_streaming_response`, and body → result parsing.

The async wrappers are written in `_async_response.py`; their sync twins are generated from it into
`_sync_response.py` (`scripts/unasync.py`); what both share is in `_legacy_response.py`.
"""

from ._async_response import (
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    AsyncResponseContextManager,
    AsyncStreamedBinaryAPIResponse,
    async_to_custom_raw_response_wrapper,
    async_to_custom_streamed_response_wrapper,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
)
from ._legacy_response import BaseAPIResponse, LegacyAPIResponse, parse_body
from ._sync_response import (
    APIResponse,
    BinaryAPIResponse,
    ResponseContextManager,
    StreamedBinaryAPIResponse,
    to_custom_raw_response_wrapper,
    to_custom_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)

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
    "async_to_custom_raw_response_wrapper",
    "async_to_custom_streamed_response_wrapper",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "parse_body",
    "to_custom_raw_response_wrapper",
    "to_custom_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]
