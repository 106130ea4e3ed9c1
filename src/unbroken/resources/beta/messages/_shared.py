"""Pure request building of `client.beta.messages` (shared by its sync and async forms).

Every call goes to `/v1/messages?beta=true` with the caller's `betas` (plus the automatic ones) in the
`anthropic-beta` header. The argument checks, long-request guard and deprecation warnings are the non-beta
ones (`resources/_shared.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Union, cast

from ...._request import RequestSpec, request_spec
from ...._types import Headers, NotGiven, Omit, Query, not_given
from ....types.beta.content_params import BetaTextBlockParam
from ....types.beta.message import BetaMessage
from ....types.beta.request_options import BetaContainerParams
from ..._shared import TimeoutArg, beta_header, create_timeout

__all__ = [
    "Container",
    "Options",
    "System",
    "count_tokens_spec",
    "create_spec",
    "parse_spec",
    "stream_output_format",
    "stream_spec",
    "validate_output_format",
]

# `?beta=true` goes in the params, not the path: a query written in the path is dropped by httpx as soon as
# the request has any params (extra_query, the client's default_query).
_BETA_QUERY = {"beta": "true"}
_MESSAGES = "/v1/messages"
_COUNT_TOKENS = "/v1/messages/count_tokens"
TOKEN_COUNTING_BETA = "token-counting-2024-11-01"  # sent by the reference on every beta count_tokens


def is_output_type(output_format: object) -> bool:
    """A Python type to build a schema from (not a JSON-schema dict, None, or left out)."""
    return output_format is not None and not isinstance(output_format, (Mapping, NotGiven, Omit))


def validate_output_format(output_format: object) -> None:
    """`create()` sends `output_format` as given, so a type there is a mistake: say where it belongs."""
    if not is_output_type(output_format):
        return
    from ....lib._parse._response import is_model_class

    what = "a `BaseModel` class" if is_model_class(output_format) else f"a type ({output_format!r})"
    raise TypeError(
        f"You tried to pass {what} to `beta.messages.create()`; You must use `beta.messages.parse()` instead"
    )


def put_output_format(body: dict[str, object], output_format: object) -> tuple[str, ...]:
    """Put the JSON schema of an `output_format` type in the body; return the betas that requires."""
    if not is_output_type(output_format):
        return ()
    from ....lib._parse._response import STRUCTURED_OUTPUTS_BETA, output_format_param

    body["output_format"] = output_format_param(output_format)
    return (STRUCTURED_OUTPUTS_BETA,)


@dataclass(frozen=True)
class Options:
    """The per-call arguments every method takes besides its body."""

    betas: Iterable[str] | Omit
    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Mapping[str, object] | None
    timeout: TimeoutArg


def beta_spec(
    path: str, body: dict[str, object], headers: dict[str, str], options: Options, timeout: TimeoutArg
) -> RequestSpec:
    return request_spec(
        "post", path, body=body, params=_BETA_QUERY, headers=headers, extra_headers=options.extra_headers,
        extra_query=options.extra_query, extra_body=options.extra_body, timeout=timeout,
    )  # fmt: skip


def create_spec(client_timeout: object, body: dict[str, object], options: Options) -> RequestSpec:
    max_tokens, model = cast(int, body["max_tokens"]), str(body["model"])
    timeout = create_timeout(client_timeout, options.timeout, body.get("stream"), max_tokens, model)
    return beta_spec(_MESSAGES, body, beta_header(options.betas), options, timeout)


def parse_spec(
    client_timeout: object, body: dict[str, object], output_format: object, options: Options, stream: object
) -> tuple[RequestSpec, Any]:
    """The request of `parse()` and what its body is validated as (`ParsedBetaMessage[T]`, text parsed).

    A body that `stream_if_long` already turned into a stream (`stream_long_requests`) keeps asking for one
    and is spared the long-request refusal."""
    from ....lib._parse._response import STRUCTURED_OUTPUTS_BETA, parsed_message_type

    if stream is True:  # the reference takes the parameter, then fails reading the stream as one message
        raise TypeError("parse() returns the whole message; use beta.messages.stream(output_format=...)")
    streamed = body.get("stream") is True
    if stream is False and not streamed:
        body["stream"] = False
    if is_output_type(output_format):
        put_output_format(body, output_format)
    elif not isinstance(output_format, (NotGiven, Omit)):
        body["output_format"] = output_format  # None, or a JSON-schema dict: sent as given, nothing to parse
    headers = {
        "X-Stainless-Helper": "beta.messages.parse",
        **beta_header(options.betas, STRUCTURED_OUTPUTS_BETA),
    }
    max_tokens, model = cast(int, body["max_tokens"]), str(body["model"])
    timeout = create_timeout(client_timeout, options.timeout, streamed, max_tokens, model)
    spec = beta_spec(_MESSAGES, body, headers, options, timeout)
    return spec, parsed_message_type(output_format if is_output_type(output_format) else None)


def stream_spec(body: dict[str, object], output_format: object, options: Options) -> RequestSpec:
    automatic = put_output_format(body, output_format)
    headers = {"X-Stainless-Stream-Helper": "beta.messages", **beta_header(options.betas, *automatic)}
    return beta_spec(_MESSAGES, body, headers, options, options.timeout)


def count_tokens_spec(body: dict[str, object], output_format: object, options: Options) -> RequestSpec:
    # A type is accepted too (the reference would fail to encode it): counts what `parse()` would send.
    automatic = put_output_format(body, output_format)
    headers = beta_header(options.betas, *automatic, TOKEN_COUNTING_BETA)
    return beta_spec(_COUNT_TOKENS, body, headers, options, options.timeout)


def stream_output_format(output_format: object) -> Any:
    return output_format if is_output_type(output_format) else not_given


Container = Union[BetaContainerParams, str, None]
System = Union[str, Iterable[BetaTextBlockParam]]


def plain_message(message: BetaMessage) -> BetaMessage:
    """A `create()` answered by a stream under the hood (`stream_long_requests`) returns what a non-streaming
    `create()` returns, a `BetaMessage` of plain blocks, not the stream helper's `ParsedBetaMessage`."""
    if type(message) is BetaMessage:
        return message
    plain = BetaMessage.model_validate(message.model_dump(by_alias=True))
    plain._request_id = message._request_id
    if message._continuations:
        plain._continuations = message._continuations
    return plain
