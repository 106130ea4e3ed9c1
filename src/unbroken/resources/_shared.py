"""Pure request building shared by the resources (and by their sync and async forms): the `timeout`
argument's type, the one rule for beta endpoints (the `?beta=true` query and the `anthropic-beta` header),
and the argument checks and bodies of messages, batches and completions, which the beta resources reuse so
the two APIs cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from .._constants import DEFAULT_TIMEOUT, RAW_RESPONSE_HEADER
from .._exceptions import AnthropicError
from .._request import (
    RequestSpec,
    check_deprecated_model,
    drop_unset,
    nonstreaming_timeout,
    path_param,
    request_spec,
)
from .._types import Headers, NotGiven, Omit, Query, TimeoutTypes

__all__ = [
    "BATCHES_PATH",
    "BETA_QUERY",
    "BetaList",
    "TimeoutArg",
    "batch_path",
    "beta_header",
    "check_create_args",
    "completion_body",
    "completion_timeout",
    "create_body",
    "create_timeout",
    "list_params",
    "message_body",
    "results_spec",
    "results_url",
    "stream_if_long",
]

TimeoutArg = Union[TimeoutTypes, NotGiven]
BETA_QUERY: dict[str, object] = {"beta": True}
"""Beta endpoints are the plain paths plus `?beta=true`, sent as a query parameter so that it survives the
cursor and `extra_query` parameters merged into the query."""

if TYPE_CHECKING:
    from .._models import BaseModel
    from ..types.anthropic_beta_param import AnthropicBetaParam

    BetaList = list[AnthropicBetaParam]
    """The type of every `betas` argument (an alias: inside a resource class `list` names the method)."""


def __getattr__(name: str) -> Any:
    # `BetaList` only annotates the beta resources: its ~80 literals load with them, not with `messages`.
    if name == "BetaList":
        from ..types.anthropic_beta_param import AnthropicBetaParam

        return list[AnthropicBetaParam]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MessageT = TypeVar("MessageT", bound="BaseModel")


def beta_header(betas: Iterable[str] | Omit | NotGiven | None, *required: str) -> dict[str, str]:
    """`anthropic-beta`: the caller's betas, comma-joined, then the ones the endpoint needs (no repeats).

    The one rule every beta method follows. Sent only when there is something to send; a caller's
    `extra_headers` still override it.
    """
    given = [] if betas is None or isinstance(betas, (Omit, NotGiven)) else [str(beta) for beta in betas]
    values = list(dict.fromkeys([*given, *required]))
    return {"anthropic-beta": ",".join(values)} if values else {}


def completion_timeout(client_timeout: object, timeout: TimeoutArg) -> TimeoutArg:
    """600 s for every phase, connecting included, when neither the caller nor the client chose a timeout
    (the reference's rule for this endpoint; the client default connects within 5 s)."""
    if isinstance(timeout, NotGiven) and client_timeout == DEFAULT_TIMEOUT:
        return 600.0
    return timeout


def completion_body(**params: object) -> dict[str, object]:
    """The JSON body of `completions.create`: the given parameters only (`betas` travels as a header)."""
    check_deprecated_model(params.get("model"))
    return drop_unset(params)


# -- messages -----------------------------------------------------------------------------------------


def check_create_args(max_tokens: object, messages: object, model: object) -> None:
    """Catch the mistakes a type checker would, before anything is sent."""
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
        raise TypeError(f"`max_tokens` must be an int, got {type(max_tokens).__name__}")
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(messages, Iterable):
        raise TypeError(f"`messages` must be a list of message dicts, got {type(messages).__name__}")
    if not isinstance(model, str):
        raise TypeError(f"`model` must be a str, got {type(model).__name__}")
    check_deprecated_model(model)


def message_body(**params: object) -> dict[str, object]:
    """The JSON body: given parameters only; `messages` materialised so retries can re-send it."""
    body = drop_unset(params)
    messages = body.get("messages")
    if messages is not None and not isinstance(messages, list):
        body["messages"] = list(messages)  # type: ignore[call-overload]
    return body


def create_timeout(
    client_timeout: object, timeout: TimeoutArg, stream: object, max_tokens: int, model: str
) -> TimeoutArg:
    """The long-request guard: only when neither the caller nor the client chose a timeout."""
    if stream is True or not isinstance(timeout, NotGiven) or client_timeout != DEFAULT_TIMEOUT:
        return timeout
    return nonstreaming_timeout(max_tokens, model)


def stream_if_long(client: Any, body: dict[str, object], extra_headers: Headers | None) -> bool:
    """Whether a non-streaming `create()` that could outlive the reference's 10-minute timeout (the
    ValueError of `nonstreaming_timeout`) is streamed under the hood instead: the client's
    `stream_long_requests`. If so, `body` now asks for a stream. A timeout the client or the call chose does
    not matter here (it makes the reference send such a call without streaming, to wait in silence until it
    passes). The raw views keep the refusal: their caller asked for the HTTP response of a non-streaming
    request."""
    if body.get("stream") is True or not client.controls.stream_long_requests:
        return False
    if any(key.lower() == RAW_RESPONSE_HEADER.lower() for key in extra_headers or {}):
        return False
    try:
        nonstreaming_timeout(cast(int, body["max_tokens"]), str(body["model"]))
    except ValueError:
        body["stream"] = True
        return True
    return False


def with_request_id(message: MessageT, raw: Any) -> MessageT:
    """A message read whole from a stream under the hood (`stream_long_requests`) carries the `_request_id`
    a non-streaming `create()` would: the stream response's."""
    message._request_id = raw.response.headers.get("request-id")
    return message


# -- message batches ----------------------------------------------------------------------------------

BATCHES_PATH = "/v1/messages/batches"


def batch_path(message_batch_id: str | None = None, action: str = "") -> str:
    """`/v1/messages/batches[/{id}[/action]]`; an empty id is a ValueError before any I/O."""
    path = BATCHES_PATH
    if message_batch_id is not None:
        path += "/" + path_param("message_batch_id", message_batch_id)
    if action:
        path += "/" + action
    return path


def create_body(requests: Iterable[Any]) -> dict[str, object]:
    """`{"requests": [...]}` with each request (and its `params`) sent exactly as given."""
    if isinstance(requests, (str, bytes, Mapping)) or not isinstance(requests, Iterable):
        raise TypeError(f"`requests` must be a list of request dicts, got {type(requests).__name__}")
    return {"requests": list(requests)}


def list_params(after_id: object, before_id: object, limit: object) -> dict[str, object]:
    return {"after_id": after_id, "before_id": before_id, "limit": limit}


def results_url(batch: Any) -> str:
    """Where a batch's results are, or the reference's AnthropicError when processing has not ended."""
    url: str | None = batch.results_url
    if not url:
        raise AnthropicError(
            f"No `results_url` for the given batch; Has it finished processing? {batch.processing_status}"
        )
    return url


def results_spec(
    url: str,
    headers: Headers,
    *,
    extra_headers: Headers | None,
    extra_query: Query | None,
    extra_body: Mapping[str, object] | None,
    timeout: TimeoutArg,
) -> RequestSpec:
    """GET the results file (JSON Lines; the API wants `Accept: application/binary`)."""
    return request_spec(
        "get",
        url,
        headers={"Accept": "application/binary", **headers},
        extra_headers=extra_headers,
        extra_query=extra_query,
        extra_body=extra_body,
        timeout=timeout,
    )
