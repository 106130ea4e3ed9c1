"""Request validation with the API's status codes, error types and message style.

Messages follow the API's ``<field path>: <problem>`` form so that a client's error surface can be tested
against realistic text. Only what a client can get wrong is checked; content blocks are checked for shape,
not for every field of every block type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from ._asgi import RecordedRequest
from .request_log import ASSISTANT, HUMAN

__all__ = [
    "ApiError",
    "check_model",
    "parse_json",
    "validate_complete",
    "validate_count_tokens",
    "validate_create",
]

Platform = Literal["api", "bedrock", "vertex"]

_CREATE_KEYS = frozenset(
    {
        "model",
        "max_tokens",
        "messages",
        "metadata",
        "service_tier",
        "stop_sequences",
        "stream",
        "system",
        "temperature",
        "thinking",
        "tool_choice",
        "tools",
        "top_k",
        "top_p",
        # beta
        "container",
        "context_management",
        "mcp_servers",
        "output_format",
    }
)
_COUNT_KEYS = frozenset(
    {"model", "messages", "system", "thinking", "tool_choice", "tools"}
    | {"context_management", "mcp_servers", "output_format"}
)
_COMPLETE_KEYS = frozenset(
    {"model", "prompt", "max_tokens_to_sample", "metadata", "stop_sequences", "stream"}
    | {"temperature", "top_k", "top_p"}
)
_PLATFORM_KEYS: dict[Platform, frozenset[str]] = {
    "api": frozenset(),
    "bedrock": frozenset({"anthropic_version", "anthropic_beta"}),
    "vertex": frozenset({"anthropic_version"}),
}
_ROLES = ("user", "assistant")


class ApiError(Exception):
    """An error response the emulator sends: HTTP status, API error type, message."""

    def __init__(self, status: int, error_type: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.message = message


def invalid(message: str) -> ApiError:
    return ApiError(400, "invalid_request_error", message)


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found_error", message)


def parse_json(req: RecordedRequest) -> Any:
    """The request body as JSON, whatever its content-type claims (as the API does)."""
    try:
        return json.loads(req.body)
    except ValueError:
        raise invalid("There was an error parsing the body of your request: it is not valid JSON") from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_object(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise invalid("Input should be a valid dictionary or object to extract fields from")
    return body


def _check_extra(body: Mapping[str, Any], allowed: frozenset[str], platform: Platform) -> None:
    for key in body:
        if key in allowed or key in _PLATFORM_KEYS[platform]:
            continue
        if platform == "bedrock":
            raise invalid(f"Malformed input request: #: extraneous key [{key}] is not permitted")
        raise invalid(f"{key}: Extra inputs are not permitted")


def _check_block(block: Any, where: str) -> None:
    if not isinstance(block, Mapping):
        raise invalid(f"{where}: Input should be a valid dictionary or object to extract fields from")
    kind = block.get("type")
    if not isinstance(kind, str):
        raise invalid(f"{where}.type: Field required")
    required = {
        "text": ("text",),
        "image": ("source",),
        "document": ("source",),
        "tool_use": ("id", "name", "input"),
        "tool_result": ("tool_use_id",),
        "thinking": ("thinking", "signature"),
        "redacted_thinking": ("data",),
    }.get(kind, ())
    for name in required:
        if name not in block:
            raise invalid(f"{where}.{kind}.{name}: Field required")
    if kind == "text" and not isinstance(block["text"], str):
        raise invalid(f"{where}.text.text: Input should be a valid string")


def _check_messages(body: Mapping[str, Any]) -> None:
    if "messages" not in body:
        raise invalid("messages: Field required")
    messages = body["messages"]
    if not isinstance(messages, list):
        raise invalid("messages: Input should be a valid list")
    if not messages:
        raise invalid("messages: at least one message is required")
    for i, message in enumerate(messages):
        where = f"messages.{i}"
        if not isinstance(message, Mapping):
            raise invalid(f"{where}: Input should be a valid dictionary or object to extract fields from")
        if "role" not in message:
            raise invalid(f"{where}.role: Field required")
        if message["role"] not in _ROLES:
            raise invalid(f"{where}.role: Input should be 'user' or 'assistant'")
        if "content" not in message:
            raise invalid(f"{where}.content: Field required")
        content = message["content"]
        if isinstance(content, list):
            for j, block in enumerate(content):
                _check_block(block, f"{where}.content.{j}")
        elif not isinstance(content, str):
            raise invalid(f"{where}.content: Input should be a valid list")
        is_final_assistant = i == len(messages) - 1 and message["role"] == "assistant"
        if not content and not is_final_assistant:
            raise invalid(
                f"{where}: all messages must have non-empty content except for the optional final "
                "assistant message"
            )
    if messages[0]["role"] != "user":
        raise invalid('messages: first message must use the "user" role')
    if messages[-1]["role"] == "assistant" and _ends_in_whitespace(messages[-1]["content"]):
        raise invalid("messages: final assistant content cannot end with trailing whitespace")


def _ends_in_whitespace(content: Any) -> bool:
    """Whether an assistant prefill ends in whitespace, which the API refuses (its text, or its last text
    block's)."""
    if isinstance(content, list):
        last = content[-1] if content else None
        content = last.get("text") if isinstance(last, Mapping) and last.get("type") == "text" else None
    return isinstance(content, str) and content != content.rstrip()


def _check_model_field(body: Mapping[str, Any]) -> None:
    if "model" not in body:
        raise invalid("model: Field required")
    if not isinstance(body["model"], str):
        raise invalid("model: Input should be a valid string")


def _check_common(body: Mapping[str, Any]) -> None:
    system = body.get("system")
    if system is not None and not isinstance(system, str):
        if not isinstance(system, list):
            raise invalid("system: Input should be a valid list")
        for j, block in enumerate(system):
            _check_block(block, f"system.{j}")
    tools = body.get("tools")
    if tools is not None:
        if not isinstance(tools, list):
            raise invalid("tools: Input should be a valid list")
        for j, tool in enumerate(tools):
            if not isinstance(tool, Mapping) or not isinstance(tool.get("name"), str):
                raise invalid(f"tools.{j}.name: Field required")
    thinking = body.get("thinking")
    if thinking is not None:
        kind = thinking.get("type") if isinstance(thinking, Mapping) else None
        if kind not in ("enabled", "disabled"):
            raise invalid(
                "thinking: Input tag does not match any of the expected tags: 'enabled', 'disabled'"
            )
        if kind == "enabled":
            budget = thinking.get("budget_tokens")
            if not _is_int(budget):
                raise invalid("thinking.enabled.budget_tokens: Field required")
            if budget < 1024:
                raise invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")


def check_model(model: str, platform: Platform = "api") -> None:
    """Any ``claude*`` model exists (Bedrock ids such as ``us.anthropic.claude-...`` too); others are 404."""
    known = "claude" in model if platform == "bedrock" else model.startswith("claude")
    if known:
        return
    if platform == "bedrock":
        raise invalid("The provided model identifier is invalid.")
    raise not_found(f"model: {model}")


def validate_create(body: Any, platform: Platform = "api") -> Mapping[str, Any]:
    """Validate ``/v1/messages`` params (``model`` comes from the URL on Bedrock and Vertex)."""
    params = _check_object(body)
    allowed = _CREATE_KEYS if platform == "api" else _CREATE_KEYS - {"model"}
    if platform == "bedrock":
        allowed = allowed - {"stream"}
        if "anthropic_version" not in params:
            raise invalid("Malformed input request: #: required key [anthropic_version] not found")
    if platform == "vertex" and "anthropic_version" not in params:
        raise invalid("anthropic_version: Field required")
    _check_extra(params, allowed, platform)
    if platform == "api":
        _check_model_field(params)
    max_tokens = _required_token_limit(params, "max_tokens")
    _check_messages(params)
    _check_common(params)
    _check_stream_and_stops(params)
    _check_unit_interval(params, "temperature")
    thinking = params.get("thinking")
    if (
        isinstance(thinking, Mapping)
        and thinking.get("type") == "enabled"
        and max_tokens <= thinking["budget_tokens"]
    ):
        raise invalid("`max_tokens` must be greater than `thinking.budget_tokens`")
    if platform == "api":
        check_model(params["model"])
    return params


def _required_token_limit(params: Mapping[str, Any], name: str) -> int:
    """The output limit (``max_tokens``, ``max_tokens_to_sample``): required, an int, at least 1."""
    if name not in params:
        raise invalid(f"{name}: Field required")
    value = params[name]
    if not _is_int(value):
        raise invalid(f"{name}: Input should be a valid integer")
    if value < 1:
        raise invalid(f"{name}: Input should be greater than or equal to 1")
    return int(value)


def _check_unit_interval(params: Mapping[str, Any], name: str) -> None:
    """A number from 0 to 1 (``temperature``, ``top_p``), when given."""
    value = params.get(name)
    if value is None:
        return
    if not _is_number(value):
        raise invalid(f"{name}: Input should be a valid number")
    if value < 0:
        raise invalid(f"{name}: Input should be greater than or equal to 0")
    if value > 1:
        raise invalid(f"{name}: Input should be less than or equal to 1")


def _check_stream_and_stops(params: Mapping[str, Any]) -> None:
    stream = params.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise invalid("stream: Input should be a valid boolean")
    stops = params.get("stop_sequences")
    if stops is not None and (not isinstance(stops, list) or not all(isinstance(s, str) for s in stops)):
        raise invalid("stop_sequences: Input should be a valid list")


def _check_prompt(params: Mapping[str, Any]) -> None:
    """The API's prompt validation: a string whose first turn is ``Human:`` and last ``Assistant:``, after
    the light sanitizing it does (a leading ``Human:`` without its blank line, trailing whitespace)."""
    if "prompt" not in params:
        raise invalid("prompt: Field required")
    prompt = params["prompt"]
    if not isinstance(prompt, str):
        raise invalid("prompt: Input should be a valid string")
    if not prompt:
        raise invalid("prompt: String should have at least 1 character")
    prompt = prompt.rstrip()
    if prompt.startswith(HUMAN.lstrip()):
        prompt = "\n\n" + prompt
    if not prompt.startswith(HUMAN):
        raise invalid(f'prompt must start with "{HUMAN}" turn')
    if prompt.rfind(ASSISTANT) < prompt.rfind(HUMAN):
        raise invalid(f'prompt must end with "{ASSISTANT}" turn')


def validate_complete(body: Any) -> Mapping[str, Any]:
    """Validate legacy ``/v1/complete`` params (``CompletionRequest``: no extra keys)."""
    params = _check_object(body)
    _check_extra(params, _COMPLETE_KEYS, "api")
    _check_model_field(params)
    _check_prompt(params)
    _required_token_limit(params, "max_tokens_to_sample")
    _check_stream_and_stops(params)
    _check_unit_interval(params, "temperature")
    _check_unit_interval(params, "top_p")
    top_k = params.get("top_k")
    if top_k is not None and (not _is_int(top_k) or top_k < 0):
        raise invalid("top_k: Input should be a valid integer, greater than or equal to 0")
    metadata = params.get("metadata")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise invalid("metadata: Input should be a valid dictionary")
    check_model(params["model"])
    return params


def validate_count_tokens(body: Any, platform: Platform = "api") -> Mapping[str, Any]:
    """Validate ``/v1/messages/count_tokens`` params (no ``max_tokens``, no ``stream``)."""
    params = _check_object(body)
    _check_extra(params, _COUNT_KEYS, platform)
    _check_model_field(params)
    _check_messages(params)
    _check_common(params)
    check_model(params["model"])
    return params
