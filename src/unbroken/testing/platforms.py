"""Cloud platform paths: Amazon Bedrock (``/model/{model}/invoke[-with-response-stream]``) and Google
Vertex AI (``...:rawPredict`` / ``...:streamRawPredict`` / ``count-tokens:rawPredict``).

Bedrock streams use the AWS event-stream binary framing, written here by hand::

    frame   = prelude | prelude_crc | headers | payload | message_crc
    prelude = total_length (u32 BE) | headers_length (u32 BE)        crc = CRC32 (zlib), u32 BE
    header  = name_length (u8) | name | 7 (string) | value_length (u16 BE) | value

Each Messages event travels as a ``chunk`` frame whose JSON payload is
``{"bytes": "<base64 of event JSON>"}``. An in-stream error is an ``exception`` frame, as Bedrock sends them.
Bedrock errors are ``{"message": ...}`` with an ``x-amzn-errortype`` header; Vertex errors are the API's own
shape.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from collections.abc import Mapping
from typing import Any

from ._asgi import RecordedRequest, Response, json_response
from .replies import Compose, count_input_tokens, message_events
from .sse import NOT_JSON, UNKNOWN_EVENT_TYPE, Streamed, sse_stream, token_weights
from .validation import check_model, not_found, parse_json, validate_count_tokens, validate_create

__all__ = ["EventStreamCodec", "bedrock_error", "bedrock_invoke", "encode_frame", "vertex_predict"]

_BEDROCK_EXCEPTIONS = {
    400: "ValidationException",
    403: "AccessDeniedException",
    404: "ResourceNotFoundException",
    408: "ModelTimeoutException",
    424: "ModelErrorException",
    429: "ThrottlingException",
    500: "InternalServerException",
    503: "ServiceUnavailableException",
}
_STREAM_EXCEPTIONS = {
    "overloaded_error": "serviceUnavailableException",
    "rate_limit_error": "throttlingException",
    "api_error": "internalServerException",
    "invalid_request_error": "validationException",
    "timeout_error": "modelTimeoutException",
}


def encode_frame(headers: Mapping[str, str], payload: bytes) -> bytes:
    """One AWS event-stream message (string headers only, which is all Bedrock uses)."""
    raw_headers = b""
    for name, value in headers.items():
        name_bytes, value_bytes = name.encode(), value.encode()
        raw_headers += struct.pack(">B", len(name_bytes)) + name_bytes
        raw_headers += struct.pack(">BH", 7, len(value_bytes)) + value_bytes
    total = 12 + len(raw_headers) + len(payload) + 4
    prelude = struct.pack(">II", total, len(raw_headers))
    message = prelude + struct.pack(">I", zlib.crc32(prelude)) + raw_headers + payload
    return message + struct.pack(">I", zlib.crc32(message))


def chunk_frame(event_json: bytes) -> bytes:
    payload = json.dumps({"bytes": base64.b64encode(event_json).decode()}).encode()
    headers = {":event-type": "chunk", ":content-type": "application/json", ":message-type": "event"}
    return encode_frame(headers, payload)


class EventStreamCodec:
    content_type = "application/vnd.amazon.eventstream"
    events = True

    def error(self, error_type: str, message: str, details: Mapping[str, Any] | None = None) -> bytes:
        headers = {
            ":exception-type": _STREAM_EXCEPTIONS.get(error_type, "modelStreamErrorException"),
            ":content-type": "application/json",
            ":message-type": "exception",
        }
        return encode_frame(headers, json.dumps({"message": message}).encode())

    def ping(self) -> bytes:
        return chunk_frame(json.dumps({"type": "ping"}).encode())

    def unknown(self) -> bytes:
        return chunk_frame(json.dumps({"type": UNKNOWN_EVENT_TYPE, "detail": "unheard of"}).encode())

    def malformed(self) -> bytes:
        return chunk_frame(NOT_JSON.encode())

    def partial(self, unit: bytes) -> bytes:
        return unit[: len(unit) // 2]


def bedrock_error(status: int, message: str) -> Response:
    name = _BEDROCK_EXCEPTIONS.get(
        status, "InternalServerException" if status >= 500 else "ValidationException"
    )
    response = json_response({"message": message}, status)
    response.headers["x-amzn-errortype"] = f"{name}:http://internal.amazon.com/coral/com.amazon.bedrock/"
    return response


def bedrock_invoke(req: RecordedRequest, model: str, stream: bool, compose: Compose) -> Response | Streamed:
    body = validate_create(parse_json(req), "bedrock")
    check_model(model, "bedrock")
    reply = compose(body, model)
    if not stream:
        return json_response(reply.to_json())
    events: list[dict[str, Any]] = message_events(reply, ping=False)
    events[-1]["amazon-bedrock-invocationMetrics"] = {
        "inputTokenCount": reply.input_tokens,
        "outputTokenCount": reply.output_tokens,
        "invocationLatency": 0,
        "firstByteLatency": 0,
    }
    frames = [chunk_frame(json.dumps(event).encode()) for event in events]
    headers = {"x-amzn-bedrock-content-type": "application/json"}
    return Streamed(frames, EventStreamCodec(), headers, token_weights(events))


def vertex_predict(req: RecordedRequest, model: str, stream: bool, compose: Compose) -> Response | Streamed:
    """``rawPredict``/``streamRawPredict``; the model ``count-tokens`` is the token-counting endpoint."""
    if model == "count-tokens":
        if stream:
            raise not_found("Not Found")
        body = validate_count_tokens(parse_json(req), "vertex")
        return json_response({"input_tokens": count_input_tokens(body)})
    body = validate_create(parse_json(req), "vertex")
    check_model(model, "vertex")
    reply = compose(body, model)
    if not body.get("stream"):
        return json_response(reply.to_json())
    return sse_stream(message_events(reply))
