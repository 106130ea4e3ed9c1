"""`anthropic.lib.bedrock`'s import path; the clients live in `unbroken.platforms.bedrock`."""

from ...platforms.bedrock import AnthropicBedrock, AsyncAnthropicBedrock

__all__ = ["AnthropicBedrock", "AsyncAnthropicBedrock"]
