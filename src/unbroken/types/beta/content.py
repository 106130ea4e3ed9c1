"""Beta response content blocks: the non-beta set plus server tool results, MCP and container uploads.

The `content` of every server tool result is an open union too: a new result kind parses as `UnknownModel`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, TypeAlias, Union

from ..._models import OPEN_ENUM, BaseModel, OpenUnion

__all__ = [
    "BetaBase64PDFSource",
    "BetaBashCodeExecutionOutputBlock",
    "BetaBashCodeExecutionResultBlock",
    "BetaBashCodeExecutionToolResultBlock",
    "BetaBashCodeExecutionToolResultBlockContent",
    "BetaBashCodeExecutionToolResultError",
    "BetaBashCodeExecutionToolResultErrorCode",
    "BetaCitationCharLocation",
    "BetaCitationConfig",
    "BetaCitationContentBlockLocation",
    "BetaCitationPageLocation",
    "BetaCitationSearchResultLocation",
    "BetaCitationsWebSearchResultLocation",
    "BetaCodeExecutionOutputBlock",
    "BetaCodeExecutionResultBlock",
    "BetaCodeExecutionToolResultBlock",
    "BetaCodeExecutionToolResultBlockContent",
    "BetaCodeExecutionToolResultError",
    "BetaCodeExecutionToolResultErrorCode",
    "BetaContainerUploadBlock",
    "BetaContentBlock",
    "BetaDocumentBlock",
    "BetaDocumentBlockSource",
    "BetaMCPToolResultBlock",
    "BetaMCPToolUseBlock",
    "BetaPlainTextSource",
    "BetaRedactedThinkingBlock",
    "BetaServerToolUseBlock",
    "BetaTextBlock",
    "BetaTextCitation",
    "BetaTextEditorCodeExecutionCreateResultBlock",
    "BetaTextEditorCodeExecutionStrReplaceResultBlock",
    "BetaTextEditorCodeExecutionToolResultBlock",
    "BetaTextEditorCodeExecutionToolResultBlockContent",
    "BetaTextEditorCodeExecutionToolResultError",
    "BetaTextEditorCodeExecutionToolResultErrorCode",
    "BetaTextEditorCodeExecutionViewResultBlock",
    "BetaThinkingBlock",
    "BetaToolUseBlock",
    "BetaWebFetchBlock",
    "BetaWebFetchToolResultBlock",
    "BetaWebFetchToolResultBlockContent",
    "BetaWebFetchToolResultErrorBlock",
    "BetaWebFetchToolResultErrorCode",
    "BetaWebSearchResultBlock",
    "BetaWebSearchToolResultBlock",
    "BetaWebSearchToolResultBlockContent",
    "BetaWebSearchToolResultError",
    "BetaWebSearchToolResultErrorCode",
]

BetaServerToolName: TypeAlias = Literal[
    "web_search",
    "web_fetch",
    "code_execution",
    "bash_code_execution",
    "text_editor_code_execution",
]

# ---------------------------------------------------------------------------------------------- citations


class BetaCitationCharLocation(BaseModel):
    cited_text: str
    document_index: int
    document_title: Optional[str] = None
    end_char_index: int
    file_id: Optional[str] = None
    start_char_index: int
    type: Literal["char_location"]


class BetaCitationPageLocation(BaseModel):
    cited_text: str
    document_index: int
    document_title: Optional[str] = None
    end_page_number: int
    file_id: Optional[str] = None
    start_page_number: int
    type: Literal["page_location"]


class BetaCitationContentBlockLocation(BaseModel):
    cited_text: str
    document_index: int
    document_title: Optional[str] = None
    end_block_index: int
    file_id: Optional[str] = None
    start_block_index: int
    type: Literal["content_block_location"]


class BetaCitationsWebSearchResultLocation(BaseModel):
    cited_text: str
    encrypted_index: str
    title: Optional[str] = None
    type: Literal["web_search_result_location"]
    url: str


class BetaCitationSearchResultLocation(BaseModel):
    cited_text: str
    end_block_index: int
    search_result_index: int
    source: str
    start_block_index: int
    title: Optional[str] = None
    type: Literal["search_result_location"]


BetaTextCitation: TypeAlias = Annotated[
    Union[
        BetaCitationCharLocation,
        BetaCitationPageLocation,
        BetaCitationContentBlockLocation,
        BetaCitationsWebSearchResultLocation,
        BetaCitationSearchResultLocation,
    ],
    OpenUnion(),
]

# ------------------------------------------------------------------------------------------- basic blocks


class BetaTextBlock(BaseModel):
    citations: Optional[list[BetaTextCitation]] = None
    text: str
    type: Literal["text"]


class BetaThinkingBlock(BaseModel):
    signature: str
    thinking: str
    type: Literal["thinking"]


class BetaRedactedThinkingBlock(BaseModel):
    data: str
    type: Literal["redacted_thinking"]


class BetaToolUseBlock(BaseModel):
    id: str
    input: dict[str, object]
    name: str
    type: Literal["tool_use"]


class BetaServerToolUseBlock(BaseModel):
    id: str
    input: dict[str, object]
    name: Annotated[BetaServerToolName, OPEN_ENUM]
    type: Literal["server_tool_use"]


class BetaMCPToolUseBlock(BaseModel):
    id: str
    input: dict[str, object]
    name: str
    server_name: str
    """The MCP server (one of the request's `mcp_servers`) that owns the tool."""

    type: Literal["mcp_tool_use"]


class BetaMCPToolResultBlock(BaseModel):
    content: Union[str, list[BetaTextBlock]]
    is_error: bool
    tool_use_id: str
    type: Literal["mcp_tool_result"]


class BetaContainerUploadBlock(BaseModel):
    file_id: str
    type: Literal["container_upload"]


# ------------------------------------------------------------------------------------- web search results

BetaWebSearchToolResultErrorCode: TypeAlias = Annotated[
    Literal[
        "invalid_tool_input",
        "unavailable",
        "max_uses_exceeded",
        "too_many_requests",
        "query_too_long",
    ],
    OPEN_ENUM,
]


class BetaWebSearchToolResultError(BaseModel):
    error_code: BetaWebSearchToolResultErrorCode
    type: Literal["web_search_tool_result_error"]


class BetaWebSearchResultBlock(BaseModel):
    encrypted_content: str
    page_age: Optional[str] = None
    title: str
    type: Literal["web_search_result"]
    url: str


BetaWebSearchToolResultBlockContent: TypeAlias = Union[
    BetaWebSearchToolResultError, list[BetaWebSearchResultBlock]
]


class BetaWebSearchToolResultBlock(BaseModel):
    content: BetaWebSearchToolResultBlockContent
    tool_use_id: str
    type: Literal["web_search_tool_result"]


# -------------------------------------------------------------------------------------- web fetch results


class BetaCitationConfig(BaseModel):
    enabled: bool


class BetaBase64PDFSource(BaseModel):
    data: str
    media_type: Literal["application/pdf"]
    type: Literal["base64"]


class BetaPlainTextSource(BaseModel):
    data: str
    media_type: Literal["text/plain"]
    type: Literal["text"]


BetaDocumentBlockSource: TypeAlias = Annotated[Union[BetaBase64PDFSource, BetaPlainTextSource], OpenUnion()]
"""The reference's `beta_document_block.Source`."""


class BetaDocumentBlock(BaseModel):
    citations: Optional[BetaCitationConfig] = None
    source: BetaDocumentBlockSource
    title: Optional[str] = None
    type: Literal["document"]


class BetaWebFetchBlock(BaseModel):
    content: BetaDocumentBlock
    retrieved_at: Optional[str] = None
    """ISO 8601 time the page was fetched (kept a string, as the API types it)."""

    type: Literal["web_fetch_result"]
    url: str


BetaWebFetchToolResultErrorCode: TypeAlias = Annotated[
    Literal[
        "invalid_tool_input",
        "url_too_long",
        "url_not_allowed",
        "url_not_accessible",
        "unsupported_content_type",
        "too_many_requests",
        "max_uses_exceeded",
        "unavailable",
    ],
    OPEN_ENUM,
]


class BetaWebFetchToolResultErrorBlock(BaseModel):
    error_code: BetaWebFetchToolResultErrorCode
    type: Literal["web_fetch_tool_result_error"]


BetaWebFetchToolResultBlockContent: TypeAlias = Annotated[
    Union[BetaWebFetchToolResultErrorBlock, BetaWebFetchBlock], OpenUnion()
]


class BetaWebFetchToolResultBlock(BaseModel):
    content: BetaWebFetchToolResultBlockContent
    tool_use_id: str
    type: Literal["web_fetch_tool_result"]


# --------------------------------------------------------------------------------- code execution results

BetaCodeExecutionToolResultErrorCode: TypeAlias = Annotated[
    Literal["invalid_tool_input", "unavailable", "too_many_requests", "execution_time_exceeded"], OPEN_ENUM
]


class BetaCodeExecutionToolResultError(BaseModel):
    error_code: BetaCodeExecutionToolResultErrorCode
    type: Literal["code_execution_tool_result_error"]


class BetaCodeExecutionOutputBlock(BaseModel):
    file_id: str
    type: Literal["code_execution_output"]


class BetaCodeExecutionResultBlock(BaseModel):
    content: list[BetaCodeExecutionOutputBlock]
    return_code: int
    stderr: str
    stdout: str
    type: Literal["code_execution_result"]


BetaCodeExecutionToolResultBlockContent: TypeAlias = Annotated[
    Union[BetaCodeExecutionToolResultError, BetaCodeExecutionResultBlock], OpenUnion()
]


class BetaCodeExecutionToolResultBlock(BaseModel):
    content: BetaCodeExecutionToolResultBlockContent
    tool_use_id: str
    type: Literal["code_execution_tool_result"]


BetaBashCodeExecutionToolResultErrorCode: TypeAlias = Annotated[
    Literal[
        "invalid_tool_input",
        "unavailable",
        "too_many_requests",
        "execution_time_exceeded",
        "output_file_too_large",
    ],
    OPEN_ENUM,
]


class BetaBashCodeExecutionToolResultError(BaseModel):
    error_code: BetaBashCodeExecutionToolResultErrorCode
    type: Literal["bash_code_execution_tool_result_error"]


class BetaBashCodeExecutionOutputBlock(BaseModel):
    file_id: str
    type: Literal["bash_code_execution_output"]


class BetaBashCodeExecutionResultBlock(BaseModel):
    content: list[BetaBashCodeExecutionOutputBlock]
    return_code: int
    stderr: str
    stdout: str
    type: Literal["bash_code_execution_result"]


BetaBashCodeExecutionToolResultBlockContent: TypeAlias = Annotated[
    Union[BetaBashCodeExecutionToolResultError, BetaBashCodeExecutionResultBlock], OpenUnion()
]


class BetaBashCodeExecutionToolResultBlock(BaseModel):
    content: BetaBashCodeExecutionToolResultBlockContent
    tool_use_id: str
    type: Literal["bash_code_execution_tool_result"]


BetaTextEditorCodeExecutionToolResultErrorCode: TypeAlias = Annotated[
    Literal[
        "invalid_tool_input", "unavailable", "too_many_requests", "execution_time_exceeded", "file_not_found"
    ],
    OPEN_ENUM,
]


class BetaTextEditorCodeExecutionToolResultError(BaseModel):
    error_code: BetaTextEditorCodeExecutionToolResultErrorCode
    error_message: Optional[str] = None
    type: Literal["text_editor_code_execution_tool_result_error"]


class BetaTextEditorCodeExecutionViewResultBlock(BaseModel):
    content: str
    file_type: Annotated[Literal["text", "image", "pdf"], OPEN_ENUM]
    num_lines: Optional[int] = None
    start_line: Optional[int] = None
    total_lines: Optional[int] = None
    type: Literal["text_editor_code_execution_view_result"]


class BetaTextEditorCodeExecutionCreateResultBlock(BaseModel):
    is_file_update: bool
    type: Literal["text_editor_code_execution_create_result"]


class BetaTextEditorCodeExecutionStrReplaceResultBlock(BaseModel):
    lines: Optional[list[str]] = None
    new_lines: Optional[int] = None
    new_start: Optional[int] = None
    old_lines: Optional[int] = None
    old_start: Optional[int] = None
    type: Literal["text_editor_code_execution_str_replace_result"]


BetaTextEditorCodeExecutionToolResultBlockContent: TypeAlias = Annotated[
    Union[
        BetaTextEditorCodeExecutionToolResultError,
        BetaTextEditorCodeExecutionViewResultBlock,
        BetaTextEditorCodeExecutionCreateResultBlock,
        BetaTextEditorCodeExecutionStrReplaceResultBlock,
    ],
    OpenUnion(),
]


class BetaTextEditorCodeExecutionToolResultBlock(BaseModel):
    content: BetaTextEditorCodeExecutionToolResultBlockContent
    tool_use_id: str
    type: Literal["text_editor_code_execution_tool_result"]


BetaContentBlock: TypeAlias = Annotated[
    Union[
        BetaTextBlock,
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
