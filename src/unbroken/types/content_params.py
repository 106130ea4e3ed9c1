"""Request content blocks (TypedDicts): what a request may contain. Apart from the response models
(`content.py`), so that a program that only reads answers never defines them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Optional, TypeAlias, Union

from typing_extensions import Required, TypedDict

from .._types import Base64FileInput
from .content import ServerToolName

__all__ = [
    "Base64ImageSourceParam",
    "Base64PDFSourceParam",
    "CacheControlEphemeralParam",
    "CitationCharLocationParam",
    "CitationContentBlockLocationParam",
    "CitationPageLocationParam",
    "CitationSearchResultLocationParam",
    "CitationWebSearchResultLocationParam",
    "CitationsConfigParam",
    "ContentBlockParam",
    "ContentBlockSourceContentParam",
    "ContentBlockSourceParam",
    "DocumentBlockParam",
    "DocumentBlockParamSource",
    "ImageBlockParam",
    "ImageBlockParamSource",
    "PlainTextSourceParam",
    "RedactedThinkingBlockParam",
    "SearchResultBlockParam",
    "ServerToolUseBlockParam",
    "TextBlockParam",
    "TextCitationParam",
    "ThinkingBlockParam",
    "ToolResultBlockParam",
    "ToolResultBlockParamContent",
    "ToolUseBlockParam",
    "URLImageSourceParam",
    "URLPDFSourceParam",
    "WebSearchResultBlockParam",
    "WebSearchToolRequestErrorParam",
    "WebSearchToolResultBlockParam",
    "WebSearchToolResultBlockParamContentParam",
]


class CacheControlEphemeralParam(TypedDict, total=False):
    type: Required[Literal["ephemeral"]]
    ttl: Literal["5m", "1h"]


class CitationsConfigParam(TypedDict, total=False):
    enabled: bool


class CitationCharLocationParam(TypedDict, total=False):
    cited_text: Required[str]
    document_index: Required[int]
    document_title: Required[Optional[str]]
    end_char_index: Required[int]
    start_char_index: Required[int]
    type: Required[Literal["char_location"]]


class CitationPageLocationParam(TypedDict, total=False):
    cited_text: Required[str]
    document_index: Required[int]
    document_title: Required[Optional[str]]
    end_page_number: Required[int]
    start_page_number: Required[int]
    type: Required[Literal["page_location"]]


class CitationContentBlockLocationParam(TypedDict, total=False):
    cited_text: Required[str]
    document_index: Required[int]
    document_title: Required[Optional[str]]
    end_block_index: Required[int]
    start_block_index: Required[int]
    type: Required[Literal["content_block_location"]]


class CitationWebSearchResultLocationParam(TypedDict, total=False):
    cited_text: Required[str]
    encrypted_index: Required[str]
    title: Required[Optional[str]]
    type: Required[Literal["web_search_result_location"]]
    url: Required[str]


class CitationSearchResultLocationParam(TypedDict, total=False):
    cited_text: Required[str]
    end_block_index: Required[int]
    search_result_index: Required[int]
    source: Required[str]
    start_block_index: Required[int]
    title: Required[Optional[str]]
    type: Required[Literal["search_result_location"]]


TextCitationParam: TypeAlias = Union[
    CitationCharLocationParam,
    CitationPageLocationParam,
    CitationContentBlockLocationParam,
    CitationWebSearchResultLocationParam,
    CitationSearchResultLocationParam,
]


class TextBlockParam(TypedDict, total=False):
    text: Required[str]
    type: Required[Literal["text"]]
    cache_control: Optional[CacheControlEphemeralParam]
    citations: Optional[Iterable[TextCitationParam]]


class Base64ImageSourceParam(TypedDict, total=False):
    data: Required[Union[str, Base64FileInput]]
    """Base64-encoded, or a path or binary file: read and encoded when the request is sent."""

    media_type: Required[Literal["image/jpeg", "image/png", "image/gif", "image/webp"]]
    type: Required[Literal["base64"]]


class URLImageSourceParam(TypedDict, total=False):
    type: Required[Literal["url"]]
    url: Required[str]


ImageBlockParamSource: TypeAlias = Union[Base64ImageSourceParam, URLImageSourceParam]
"""The reference's `image_block_param.Source`."""


class ImageBlockParam(TypedDict, total=False):
    source: Required[ImageBlockParamSource]
    type: Required[Literal["image"]]
    cache_control: Optional[CacheControlEphemeralParam]


class Base64PDFSourceParam(TypedDict, total=False):
    data: Required[Union[str, Base64FileInput]]
    """Base64-encoded, or a path or binary file: read and encoded when the request is sent."""

    media_type: Required[Literal["application/pdf"]]
    type: Required[Literal["base64"]]


class PlainTextSourceParam(TypedDict, total=False):
    data: Required[str]
    media_type: Required[Literal["text/plain"]]
    type: Required[Literal["text"]]


ContentBlockSourceContentParam: TypeAlias = Union[TextBlockParam, ImageBlockParam]


class ContentBlockSourceParam(TypedDict, total=False):
    content: Required[Union[str, Iterable[ContentBlockSourceContentParam]]]
    type: Required[Literal["content"]]


class URLPDFSourceParam(TypedDict, total=False):
    type: Required[Literal["url"]]
    url: Required[str]


DocumentBlockParamSource: TypeAlias = Union[
    Base64PDFSourceParam, PlainTextSourceParam, ContentBlockSourceParam, URLPDFSourceParam
]
"""The reference's `document_block_param.Source`."""


class DocumentBlockParam(TypedDict, total=False):
    source: Required[DocumentBlockParamSource]
    type: Required[Literal["document"]]
    cache_control: Optional[CacheControlEphemeralParam]
    citations: Optional[CitationsConfigParam]
    context: Optional[str]
    title: Optional[str]


class SearchResultBlockParam(TypedDict, total=False):
    content: Required[Iterable[TextBlockParam]]
    source: Required[str]
    title: Required[str]
    type: Required[Literal["search_result"]]
    cache_control: Optional[CacheControlEphemeralParam]
    citations: CitationsConfigParam


class ThinkingBlockParam(TypedDict, total=False):
    signature: Required[str]
    thinking: Required[str]
    type: Required[Literal["thinking"]]


class RedactedThinkingBlockParam(TypedDict, total=False):
    data: Required[str]
    type: Required[Literal["redacted_thinking"]]


class ToolUseBlockParam(TypedDict, total=False):
    id: Required[str]
    input: Required[dict[str, object]]
    name: Required[str]
    type: Required[Literal["tool_use"]]
    cache_control: Optional[CacheControlEphemeralParam]


ToolResultBlockParamContent: TypeAlias = Union[
    TextBlockParam, ImageBlockParam, SearchResultBlockParam, DocumentBlockParam
]


class ToolResultBlockParam(TypedDict, total=False):
    tool_use_id: Required[str]
    type: Required[Literal["tool_result"]]
    cache_control: Optional[CacheControlEphemeralParam]
    content: Union[str, Iterable[ToolResultBlockParamContent]]
    is_error: bool


class ServerToolUseBlockParam(TypedDict, total=False):
    id: Required[str]
    input: Required[dict[str, object]]
    name: Required[ServerToolName]
    type: Required[Literal["server_tool_use"]]
    cache_control: Optional[CacheControlEphemeralParam]


class WebSearchResultBlockParam(TypedDict, total=False):
    encrypted_content: Required[str]
    title: Required[str]
    type: Required[Literal["web_search_result"]]
    url: Required[str]
    page_age: Optional[str]


class WebSearchToolRequestErrorParam(TypedDict, total=False):
    error_code: Required[
        Literal[
            "invalid_tool_input",
            "unavailable",
            "max_uses_exceeded",
            "too_many_requests",
            "query_too_long",
        ]
    ]
    type: Required[Literal["web_search_tool_result_error"]]


WebSearchToolResultBlockParamContentParam: TypeAlias = Union[
    Iterable[WebSearchResultBlockParam], WebSearchToolRequestErrorParam
]


class WebSearchToolResultBlockParam(TypedDict, total=False):
    content: Required[WebSearchToolResultBlockParamContentParam]
    tool_use_id: Required[str]
    type: Required[Literal["web_search_tool_result"]]
    cache_control: Optional[CacheControlEphemeralParam]


ContentBlockParam: TypeAlias = Union[
    TextBlockParam,
    ImageBlockParam,
    DocumentBlockParam,
    SearchResultBlockParam,
    ThinkingBlockParam,
    RedactedThinkingBlockParam,
    ToolUseBlockParam,
    ToolResultBlockParam,
    ServerToolUseBlockParam,
    WebSearchToolResultBlockParam,
]
