"""Bedrock's streamed body: AWS event-stream frames in, the API's server-sent events out, no I/O.

Bedrock wraps each Messages event in a binary frame (parsed here by botocore's own `EventStreamBuffer`, so
checksums and lengths are checked the AWS way) whose JSON payload is `{"bytes": "<base64 of the event
JSON>"}`. This decoder turns every frame into the `ServerSentEvent` the first-party API would have sent, so
the streams, their retry-before-first-event and their `partial_message` work unchanged:

* a `chunk` frame becomes an event named by the inner JSON's `type` (`message_start`, ..., `error`);
* an `exception` (or `error`) frame becomes an `event: error` whose `error.type` is the API error type of the
  same meaning, so the stream raises the class of the one status table (throttling -> `RateLimitError`);
* a frame botocore rejects, or a chunk whose payload cannot be unwrapped, becomes an event whose data is not
  JSON, which the stream reports as `APIResponseValidationError`;
* `has_pending` says whether the body ended inside a frame (a truncated response, not a finished one).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import TYPE_CHECKING, Any

from .._json import loads
from .._sse import ServerSentEvent

if TYPE_CHECKING:
    from botocore.eventstream import EventStreamMessage  # type: ignore[import-untyped]

__all__ = ["EXCEPTION_ERROR_TYPES", "AWSEventStreamDecoder"]

# Bedrock's exception names (as `:exception-type` spells them) -> the API error type of the same meaning.
# `serviceUnavailableException` is a 503, as Bedrock answers it outside a stream (ServiceUnavailableError).
EXCEPTION_ERROR_TYPES: dict[str, str] = {
    "validationException": "invalid_request_error",
    "accessDeniedException": "permission_error",
    "resourceNotFoundException": "not_found_error",
    "throttlingException": "rate_limit_error",
    "modelNotReadyException": "rate_limit_error",
    "serviceQuotaExceededException": "rate_limit_error",
    "modelTimeoutException": "timeout_error",
    "serviceUnavailableException": "service_unavailable_error",
    "internalServerException": "api_error",
    "modelStreamErrorException": "api_error",
}


def _error_event(exception_type: str, message: str) -> ServerSentEvent:
    error_type = EXCEPTION_ERROR_TYPES.get(exception_type[:1].lower() + exception_type[1:], "api_error")
    data = {
        "type": "error",
        "error": {"type": error_type, "message": message},
        "bedrock_exception": exception_type,
    }
    return ServerSentEvent(event="error", data=json.dumps(data))


def _exception_message(payload: bytes, fallback: str) -> str:
    text = payload.decode("utf-8", errors="replace")
    try:
        decoded = loads(text)
    except ValueError:
        return text or fallback
    message = (decoded.get("message") or decoded.get("Message")) if isinstance(decoded, dict) else None
    return message if isinstance(message, str) else text or fallback


def _unreadable(detail: str) -> ServerSentEvent:
    """An event whose data is not JSON: the stream raises `APIResponseValidationError` quoting `detail`."""
    return ServerSentEvent(event=None, data=f"<unreadable Bedrock event stream frame: {detail}>")


# Events put their `type` first; reading it here spares a second full parse (the stream validates the JSON).
_LEADING_TYPE = re.compile(r'\{\s*"type"\s*:\s*"([A-Za-z0-9_]+)"')


def _chunk_event(payload: bytes) -> ServerSentEvent:
    try:
        wrapper: Any = loads(payload)
        inner = base64.b64decode(wrapper["bytes"], validate=True).decode("utf-8")
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        return _unreadable(f"{type(exc).__name__}: {payload[:200]!r}")
    leading = _LEADING_TYPE.match(inner)
    if leading is not None:
        return ServerSentEvent(event=leading.group(1), data=inner)
    try:
        event = loads(inner)
    except ValueError:
        return ServerSentEvent(event=None, data=inner)  # not JSON: the stream says so, quoting it
    name = event.get("type") if isinstance(event, dict) else None
    return ServerSentEvent(event=name if isinstance(name, str) else None, data=inner)


def frame_event(frame: EventStreamMessage) -> ServerSentEvent | None:
    """The server-sent event one frame stands for, or None for frames with nothing for the caller."""
    headers: dict[str, Any] = frame.headers
    payload: bytes = frame.payload
    kind = headers.get(":message-type")
    if kind == "event":
        if headers.get(":event-type") != "chunk":
            return None  # a frame kind this client does not know yet: skipped, like unknown SSE events
        return _chunk_event(payload)
    if kind == "exception":
        name = str(headers.get(":exception-type") or "internalServerException")
        return _error_event(name, _exception_message(payload, name))
    if kind == "error":
        code = str(headers.get(":error-code") or "internalServerException")
        return _error_event(code, str(headers.get(":error-message") or code))
    return None


class AWSEventStreamDecoder:
    """Incremental: `feed()` each chunk of the body, `close()` at its end (the stream's `EventDecoder`)."""

    __slots__ = ("_broken", "_buffer", "_parser_error", "_pending")

    def __init__(self) -> None:
        from botocore.eventstream import EventStreamBuffer, ParserError

        self._buffer: Any = EventStreamBuffer()
        self._parser_error: type[Exception] = ParserError
        self._pending = 0  # bytes fed but not yet part of a complete frame
        self._broken = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if self._broken or not chunk:
            return []
        self._buffer.add_data(chunk)
        self._pending += len(chunk)
        events: list[ServerSentEvent] = []
        try:
            for frame in self._buffer:
                self._pending -= frame.prelude.total_length
                event = frame_event(frame)
                if event is not None:
                    events.append(event)
        except self._parser_error as exc:
            # Framing is lost for good (lengths can no longer be trusted): report once, read no further.
            self._broken = True
            self._pending = 0
            events.append(_unreadable(f"{type(exc).__name__}: {exc}"))
        return events

    def close(self) -> list[ServerSentEvent]:
        return []

    @property
    def has_pending(self) -> bool:
        """True when the body ended inside a frame."""
        return self._pending > 0
