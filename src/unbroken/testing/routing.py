"""Routing: which handler answers a method and path, and the Messages and Text Completions handlers.

The table covers the first-party API (messages, token counting, legacy text completions, models, message
batches, files, skills) and the platforms' message paths (Bedrock ``invoke``, Vertex ``rawPredict``). A path
that no route knows is a 404; a known path with another method is a 405. Handlers get the request and its
``Call`` context, whose ``compose`` builds the message a request creates (``complete``: the completion):
the scripted reply taken for it, or the echo rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Union

from ._asgi import Response, json_response
from .completions import Completion, completion_events
from .platforms import bedrock_invoke, vertex_predict
from .replies import Compose, count_input_tokens, message_events
from .request_log import RecordedRequest
from .resources import Store
from .sse import Streamed, sse_stream
from .validation import (
    ApiError,
    Platform,
    not_found,
    parse_json,
    validate_complete,
    validate_count_tokens,
    validate_create,
)

__all__ = ["Call", "Router", "asks_model", "creates_message", "platform_of"]

Result = Union[Response, Streamed]

_BEDROCK_INVOKE = "/model/(?P<model>.+)/invoke(?P<stream>-with-response-stream)?"
_VERTEX_PREDICT = (
    "/v1/projects/[^/]+/locations/[^/]+/publishers/anthropic/models/"
    "(?P<model>[^/:]+):(?P<method>rawPredict|streamRawPredict)"
)
_MESSAGE_PATHS = [re.compile(f"^{p}$") for p in ("/v1/messages", _BEDROCK_INVOKE, _VERTEX_PREDICT)]


@dataclass
class Call:
    """What a handler gets besides the request."""

    base_url: str
    params: dict[str, str]
    compose: Compose
    complete: Callable[[Mapping[str, Any]], Completion]


Handler = Callable[[RecordedRequest, Call], Result]


def platform_of(path: str) -> Platform:
    """Which API a path belongs to: it decides auth (first-party only) and the error shape (Bedrock's own)."""
    if path.startswith("/model/"):
        return "bedrock"
    return "vertex" if path.startswith("/v1/projects/") else "api"


def creates_message(req: RecordedRequest) -> bool:
    """Whether the request asks the model for a message (what a scripted message reply can answer)."""
    if req.method != "POST":
        return False
    for pattern in _MESSAGE_PATHS:
        found = pattern.match(req.path)
        if found is not None:
            return found.groupdict().get("model") != "count-tokens"
    return False


def asks_model(req: RecordedRequest) -> bool:
    """Whether the request asks the model for an answer: a message, or a legacy text completion (what a
    scripted message reply can answer)."""
    return creates_message(req) or (req.method == "POST" and req.path == "/v1/complete")


def create_message(req: RecordedRequest, call: Call) -> Result:
    body = validate_create(parse_json(req))
    reply = call.compose(body, None)
    if body.get("stream"):
        return sse_stream(message_events(reply))
    return json_response(reply.to_json())


def create_completion(req: RecordedRequest, call: Call) -> Result:
    body = validate_complete(parse_json(req))
    completion = call.complete(body)
    if body.get("stream"):
        return sse_stream(completion_events(completion))
    return json_response(completion.to_json())


def count_tokens(req: RecordedRequest, call: Call) -> Result:
    body = validate_count_tokens(parse_json(req))
    return json_response({"input_tokens": count_input_tokens(body)})


class Router:
    """The route table of one emulator (its resources live in ``store``)."""

    def __init__(self, store: Store) -> None:
        seg = "(?P<{}>[^/]+)".format
        batch = f"/v1/messages/batches/{seg('batch_id')}"
        file = f"/v1/files/{seg('file_id')}"
        skill = f"/v1/skills/{seg('skill_id')}"
        version = f"{skill}/versions/{seg('version')}"
        routes: list[tuple[str, str, Handler]] = [
            ("POST", "/v1/messages", create_message),
            ("POST", "/v1/messages/count_tokens", count_tokens),
            ("POST", "/v1/complete", create_completion),
            ("GET", "/v1/models", lambda r, c: store.list_models(r)),
            ("GET", f"/v1/models/{seg('model_id')}", lambda r, c: store.get_model(r, c.params["model_id"])),
            ("POST", "/v1/messages/batches", lambda r, c: store.create_batch(r, c.base_url)),
            ("GET", "/v1/messages/batches", lambda r, c: store.list_batches(r, c.base_url)),
            ("GET", batch, lambda r, c: store.get_batch(r, c.base_url, c.params["batch_id"])),
            ("DELETE", batch, lambda r, c: store.delete_batch(r, c.params["batch_id"])),
            ("POST", f"{batch}/cancel", lambda r, c: store.cancel_batch(r, c.base_url, c.params["batch_id"])),
            ("GET", f"{batch}/results", lambda r, c: store.batch_results(r, c.params["batch_id"])),
            ("POST", "/v1/files", lambda r, c: store.upload_file(r)),
            ("GET", "/v1/files", lambda r, c: store.list_files(r)),
            ("GET", file, lambda r, c: store.get_file(r, c.params["file_id"])),
            ("DELETE", file, lambda r, c: store.delete_file(r, c.params["file_id"])),
            ("GET", f"{file}/content", lambda r, c: store.file_content(r, c.params["file_id"])),
            ("POST", "/v1/skills", lambda r, c: store.create_skill(r)),
            ("GET", "/v1/skills", lambda r, c: store.list_skills(r)),
            ("GET", skill, lambda r, c: store.get_skill(r, c.params["skill_id"])),
            ("DELETE", skill, lambda r, c: store.delete_skill(r, c.params["skill_id"])),
            ("POST", f"{skill}/versions", lambda r, c: store.create_version(r, c.params["skill_id"])),
            ("GET", f"{skill}/versions", lambda r, c: store.list_versions(r, c.params["skill_id"])),
            ("GET", version, lambda r, c: store.get_version(r, c.params["skill_id"], c.params["version"])),
            (
                "DELETE",
                version,
                lambda r, c: store.delete_version(r, c.params["skill_id"], c.params["version"]),
            ),
            (
                "POST",
                _BEDROCK_INVOKE,
                lambda r, c: bedrock_invoke(r, c.params["model"], "stream" in c.params, c.compose),
            ),
            (
                "POST",
                _VERTEX_PREDICT,
                lambda r, c: vertex_predict(
                    r, c.params["model"], c.params["method"] == "streamRawPredict", c.compose
                ),
            ),
        ]
        self._routes = [(method, re.compile(f"^{pattern}$"), handler) for method, pattern, handler in routes]

    def route(self, req: RecordedRequest) -> tuple[Handler, dict[str, str]]:
        """The handler and path parameters for ``req``; an ``ApiError`` 404 or 405 when there is none."""
        allowed = False
        for method, pattern, handler in self._routes:
            match = pattern.match(req.path)
            if match is None:
                continue
            if method == req.method:
                params = {k: v for k, v in match.groupdict().items() if v is not None}
                return handler, params
            allowed = True
        if allowed:
            raise ApiError(405, "invalid_request_error", f"Method {req.method} not allowed for {req.path}")
        raise not_found("Not Found")
