"""`Anthropic` and `AsyncAnthropic`, the clients (`Client` and `AsyncClient` are their other names).

`AsyncAnthropic` is written in `_async_client.py`; `Anthropic` is generated from it into `_sync_client.py`
by `scripts/unasync.py`, so the retry loop is written once. What does not touch the network is in
`BaseClient` (`_base_client.py`).
"""

from ._async_client import AsyncAnthropic, AsyncAnthropicWithRawResponse, AsyncAnthropicWithStreamedResponse
from ._sync_client import Anthropic, AnthropicWithRawResponse, AnthropicWithStreamedResponse

__all__ = [
    "Anthropic",
    "AnthropicWithRawResponse",
    "AnthropicWithStreamedResponse",
    "AsyncAnthropic",
    "AsyncAnthropicWithRawResponse",
    "AsyncAnthropicWithStreamedResponse",
    "AsyncClient",
    "Client",
]

Client = Anthropic
AsyncClient = AsyncAnthropic
