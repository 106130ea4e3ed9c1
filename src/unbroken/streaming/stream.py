"""Streams that never leak a transport error and never lose what arrived: `Stream` / `AsyncStream` (raw
events), `MessageStream` / `AsyncMessageStream` (with the accumulated message) and their managers.

The async streams are written in `_async_stream.py`; the sync ones are generated from it into
`_sync_stream.py` by `scripts/unasync.py`. What both share (reading one event, the accumulator) is in
`_shared.py`.
"""

from ._async_stream import AsyncMessageStream, AsyncMessageStreamManager, AsyncStream
from ._sync_stream import MessageStream, MessageStreamManager, Stream

__all__ = [
    "AsyncMessageStream",
    "AsyncMessageStreamManager",
    "AsyncStream",
    "MessageStream",
    "MessageStreamManager",
    "Stream",
]
