"""`anthropic.lib.vertex`'s import path; the clients live in `unbroken.platforms.vertex`."""

from ...platforms.vertex import AnthropicVertex, AsyncAnthropicVertex

__all__ = ["AnthropicVertex", "AsyncAnthropicVertex"]
