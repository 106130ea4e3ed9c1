from .messages import AsyncMessages, Messages

__all__ = ["AsyncMessages", "Messages"]
