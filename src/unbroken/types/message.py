"""The response of `messages.create` and its usage accounting (models); the request-side message params
are in `message_params.py`, `message_delta`'s usage in `stream_events.py` and `count_tokens`' answer in
`message_tokens_count.py`, each loaded only by a program that uses them.

No `from __future__ import annotations` here: pydantic would evaluate every string annotation again when each
model is defined.
"""

from typing import TYPE_CHECKING, Annotated, Literal, Optional, TypeAlias, Union

from .._models import OPEN_ENUM, BaseModel
from .content import ContentBlock

__all__ = [
    "CacheCreation",
    "Message",
    "Model",
    "ModelParam",
    "ServerToolUsage",
    "StopReason",
    "Usage",
]

_KnownModel: TypeAlias = Literal[
    "claude-3-7-sonnet-latest",
    "claude-3-7-sonnet-20250219",
    "claude-3-5-haiku-latest",
    "claude-3-5-haiku-20241022",
    "claude-haiku-4-5",
    "claude-haiku-4-5-20251001",
    "claude-sonnet-4-20250514",
    "claude-sonnet-4-0",
    "claude-4-sonnet-20250514",
    "claude-sonnet-4-5",
    "claude-sonnet-4-5-20250929",
    "claude-opus-4-0",
    "claude-opus-4-20250514",
    "claude-4-opus-20250514",
    "claude-opus-4-1-20250805",
    "claude-3-opus-latest",
    "claude-3-opus-20240229",
    "claude-3-haiku-20240307",
]

Model: TypeAlias = Union[_KnownModel, str]
"""A model id: one of the known literals (for completion in editors) or any other string."""

ModelParam: TypeAlias = Union[_KnownModel, str]

StopReason: TypeAlias = Annotated[
    Literal["end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal"], OPEN_ENUM
]

ServiceTier: TypeAlias = Annotated[Literal["standard", "priority", "batch"], OPEN_ENUM]


class CacheCreation(BaseModel):
    ephemeral_1h_input_tokens: int
    ephemeral_5m_input_tokens: int


class ServerToolUsage(BaseModel):
    web_search_requests: int


class Usage(BaseModel):
    cache_creation: Optional[CacheCreation] = None
    cache_creation_input_tokens: Optional[int] = None
    cache_read_input_tokens: Optional[int] = None
    input_tokens: int
    output_tokens: int
    server_tool_use: Optional[ServerToolUsage] = None
    service_tier: Optional[ServiceTier] = None


class Message(BaseModel):
    id: str
    content: list[ContentBlock]
    model: Model
    role: Literal["assistant"]
    stop_reason: Optional[StopReason] = None
    """None only in the `message_start` snapshot of a stream; always set on a finished message."""

    stop_sequence: Optional[str] = None
    type: Literal["message"]
    usage: Usage

    if TYPE_CHECKING:
        _continuations: int
        """How many times the stream that brought this message broke after content arrived and was continued
        (the client's `resume_streams`); 0 for a message that arrived in one piece."""


# A plain class attribute, as `_request_id` is (`_models.py`): a default no instance pays for.
type.__setattr__(Message, "_continuations", 0)
