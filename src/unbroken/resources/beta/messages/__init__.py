"""`client.beta.messages` (and its `.batches`)."""

from .messages import AsyncMessages, Messages

__all__ = ["AsyncMessages", "Messages"]
