"""Content blocks: what the model returns (models). What a request may contain (TypedDict params) is in
`content_params.py`, loaded only by a program that names them.

No `from __future__ import annotations` here: pydantic would evaluate every string annotation again when each
model is defined (~0.8 ms of a first answer's import).
"""

from typing import Annotated, Literal, Optional, TypeAlias, Union

from .._models import OPEN_ENUM, BaseModel, OpenUnion

__all__ = [
    "CitationCharLocation",
    "CitationContentBlockLocation",
    "CitationPageLocation",
    "CitationsSearchResultLocation",
    "CitationsWebSearchResultLocation",
    "ContentBlock",
    "RedactedThinkingBlock",
    "ServerToolUseBlock",
    "TextBlock",
    "TextCitation",
    "ThinkingBlock",
    "ToolUseBlock",
    "WebSearchResultBlock",
    "WebSearchToolResultBlock",
    "WebSearchToolResultBlockContent",
    "WebSearchToolResultError",
    "WebSearchToolResultErrorCode",
]

ServerToolName: TypeAlias = Literal["web_search"]

# ---------------------------------------------------------------------------------------------- citations


class CitationCharLocation(BaseModel):
    cited_text: str
    document_index: int
    document_title: Optional[str] = None
    end_char_index: int
    file_id: Optional[str] = None
    start_char_index: int
    type: Literal["char_location"]


class CitationPageLocation(BaseModel):
    cited_text: str
    document_index: int
    document_title: Optional[str] = None
    end_page_number: int
    file_id: Optional[str] = None
    start_page_number: int
    type: Literal["page_location"]


class CitationContentBlockLocation(BaseModel):
    cited_text: str
    document_index: int
    document_title: Optional[str] = None
    end_block_index: int
    file_id: Optional[str] = None
    start_block_index: int
    type: Literal["content_block_location"]


class CitationsWebSearchResultLocation(BaseModel):
    cited_text: str
    encrypted_index: str
    title: Optional[str] = None
    type: Literal["web_search_result_location"]
    url: str


class CitationsSearchResultLocation(BaseModel):
    cited_text: str
    end_block_index: int
    search_result_index: int
    source: str
    start_block_index: int
    title: Optional[str] = None
    type: Literal["search_result_location"]


TextCitation: TypeAlias = Annotated[
    Union[
        CitationCharLocation,
        CitationPageLocation,
        CitationContentBlockLocation,
        CitationsWebSearchResultLocation,
        CitationsSearchResultLocation,
    ],
    OpenUnion(),
]

# ------------------------------------------------------------------------------------------ response blocks


class TextBlock(BaseModel):
    citations: Optional[list[TextCitation]] = None
    """Where the text came from; only present when citations were enabled on a document."""

    text: str
    type: Literal["text"]


class ThinkingBlock(BaseModel):
    signature: str
    thinking: str
    type: Literal["thinking"]


class RedactedThinkingBlock(BaseModel):
    data: str
    type: Literal["redacted_thinking"]


class ToolUseBlock(BaseModel):
    id: str
    input: dict[str, object]
    name: str
    type: Literal["tool_use"]


class ServerToolUseBlock(BaseModel):
    id: str
    input: dict[str, object]
    name: Annotated[ServerToolName, OPEN_ENUM]
    type: Literal["server_tool_use"]


WebSearchToolResultErrorCode: TypeAlias = Annotated[
    Literal[
        "invalid_tool_input",
        "unavailable",
        "max_uses_exceeded",
        "too_many_requests",
        "query_too_long",
    ],
    OPEN_ENUM,
]


class WebSearchToolResultError(BaseModel):
    error_code: WebSearchToolResultErrorCode
    type: Literal["web_search_tool_result_error"]


class WebSearchResultBlock(BaseModel):
    encrypted_content: str
    page_age: Optional[str] = None
    title: str
    type: Literal["web_search_result"]
    url: str


WebSearchToolResultBlockContent: TypeAlias = Union[WebSearchToolResultError, list[WebSearchResultBlock]]


class WebSearchToolResultBlock(BaseModel):
    content: WebSearchToolResultBlockContent
    tool_use_id: str
    type: Literal["web_search_tool_result"]


ContentBlock: TypeAlias = Annotated[
    Union[
        TextBlock,
        ThinkingBlock,
        RedactedThinkingBlock,
        ToolUseBlock,
        ServerToolUseBlock,
        WebSearchToolResultBlock,
    ],
    OpenUnion(),
]
