"""Google Vertex AI: `AnthropicVertex` / `AsyncAnthropicVertex` (extra `vertex`: google-auth).

`AsyncAnthropicVertex` is written in `_async_vertex.py`; `AnthropicVertex` is generated from it into
`_sync_vertex.py` (`scripts/unasync.py`). What both share (the request rewrite, the token logic) is in
`_vertex_base.py`.
"""

from ._async_vertex import AsyncAnthropicVertex
from ._sync_vertex import AnthropicVertex
from ._vertex_base import vertex_spec

__all__ = ["AnthropicVertex", "AsyncAnthropicVertex", "vertex_spec"]
