"""The legacy Text Completions API (`POST /v1/complete`)."""

from __future__ import annotations

from typing import Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from .._models import BaseModel
from .._types import SequenceNotStr
from .anthropic_beta_param import AnthropicBetaParam
from .message import Model, ModelParam
from .message_params import MetadataParam

__all__ = [
    "Completion",
    "CompletionCreateParams",
    "CompletionCreateParamsBase",
    "CompletionCreateParamsNonStreaming",
    "CompletionCreateParamsStreaming",
]


class Completion(BaseModel):
    id: str
    completion: str
    model: Model
    stop_reason: Optional[str] = None
    """"stop_sequence" or "max_tokens" (a plain string: the legacy API never typed it more tightly)."""

    type: Literal["completion"]


class CompletionCreateParamsBase(TypedDict, total=False):
    max_tokens_to_sample: Required[int]
    model: Required[ModelParam]
    prompt: Required[str]
    metadata: MetadataParam
    stop_sequences: SequenceNotStr[str]
    temperature: float
    top_k: int
    top_p: float
    betas: list[AnthropicBetaParam]


class CompletionCreateParamsNonStreaming(CompletionCreateParamsBase, total=False):
    stream: Literal[False]


class CompletionCreateParamsStreaming(CompletionCreateParamsBase):
    stream: Required[Literal[True]]


CompletionCreateParams: TypeAlias = Union[CompletionCreateParamsNonStreaming, CompletionCreateParamsStreaming]
