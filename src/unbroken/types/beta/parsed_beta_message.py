"""Structured-output results of `beta.messages.parse()`: text blocks carrying the validated `parsed_output`.

`parsed_output` is ours, not the API's: it is excluded from `to_dict()`/`to_json()`, so a parsed message
serialises exactly as the API sent it (and can be sent back as a message param).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Generic, Optional, TypeAlias, Union

from pydantic import Field
from typing_extensions import TypeVar

from ..._models import OpenUnion
from .content import (
    BetaBashCodeExecutionToolResultBlock,
    BetaCodeExecutionToolResultBlock,
    BetaContainerUploadBlock,
    BetaMCPToolResultBlock,
    BetaMCPToolUseBlock,
    BetaRedactedThinkingBlock,
    BetaServerToolUseBlock,
    BetaTextBlock,
    BetaTextEditorCodeExecutionToolResultBlock,
    BetaThinkingBlock,
    BetaToolUseBlock,
    BetaWebFetchToolResultBlock,
    BetaWebSearchToolResultBlock,
)
from .message import BetaMessage

__all__ = ["ParsedBetaContentBlock", "ParsedBetaMessage", "ParsedBetaTextBlock", "ResponseFormatT"]

ResponseFormatT = TypeVar("ResponseFormatT", default=None)


class ParsedBetaTextBlock(BetaTextBlock, Generic[ResponseFormatT]):
    parsed_output: Optional[ResponseFormatT] = Field(default=None, exclude=True)


ParsedBetaContentBlock: TypeAlias = Annotated[
    Union[
        ParsedBetaTextBlock[ResponseFormatT],
        BetaThinkingBlock,
        BetaRedactedThinkingBlock,
        BetaToolUseBlock,
        BetaServerToolUseBlock,
        BetaWebSearchToolResultBlock,
        BetaWebFetchToolResultBlock,
        BetaCodeExecutionToolResultBlock,
        BetaBashCodeExecutionToolResultBlock,
        BetaTextEditorCodeExecutionToolResultBlock,
        BetaMCPToolUseBlock,
        BetaMCPToolResultBlock,
        BetaContainerUploadBlock,
    ],
    OpenUnion(),
]


class ParsedBetaMessage(BetaMessage, Generic[ResponseFormatT]):
    if TYPE_CHECKING:
        content: list[ParsedBetaContentBlock[ResponseFormatT]]  # type: ignore[assignment]
    else:
        # The runtime alias is not subscriptable (typing ignores the parameters of a class), but pydantic
        # still substitutes ResponseFormatT inside it when the message is parametrised.
        content: list[ParsedBetaContentBlock]

    @property
    def parsed_output(self) -> Optional[ResponseFormatT]:
        """The first text block's truthy `parsed_output`, or None."""
        for block in self.content:
            if isinstance(block, ParsedBetaTextBlock) and block.parsed_output:
                return block.parsed_output
        return None
