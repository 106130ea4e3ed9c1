"""The answer of `messages.count_tokens` (at the reference's path): its own module, so that a program that
never counts tokens never defines it."""

from .._models import BaseModel

__all__ = ["MessageTokensCount"]


class MessageTokensCount(BaseModel):
    input_tokens: int
