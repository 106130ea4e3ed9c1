"""The emulator's ASGI application: routing, auth, request recording and fault application.

Request order: record the request, give it a ``request-id`` (``req_emu_<n>``), apply the next matching request
fault, route, authenticate (first-party paths only, when an ``api_key`` is configured), validate, answer. A
streamed answer (SSE, JSONL, Bedrock event stream) then takes the next matching body fault.

The app is plain ASGI with no dependency beyond the standard library, so it can also be mounted in any ASGI
server or ``httpx.ASGITransport``; only real connection closes need the emulator's own server (``server.py``).
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from typing import Any, Union

from ._asgi import Exchange, Message, Receive, RecordedRequest, Response, Scope, Send, json_response
from .faults import Fault, FaultPlan
from .platforms import bedrock_error, bedrock_invoke, vertex_predict
from .replies import Ids, build_reply, count_input_tokens, message_events
from .resources import Store
from .sse import Streamed, sse_stream, write_stream
from .validation import (
    ApiError,
    Platform,
    invalid,
    not_found,
    parse_json,
    validate_count_tokens,
    validate_create,
)

__all__ = ["DEFAULT_ERROR_TYPES", "EmulatorApp", "anthropic_error"]

Result = Union[Response, Streamed]
Handler = Callable[[RecordedRequest, str, dict[str, str]], Result]

DEFAULT_ERROR_TYPES: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "Invalid request"),
    401: ("authentication_error", "invalid x-api-key"),
    402: ("billing_error", "Your credit balance is too low"),
    403: ("permission_error", "Your API key does not have permission to use the specified resource."),
    404: ("not_found_error", "Not found"),
    409: ("invalid_request_error", "Conflict"),
    413: ("request_too_large", "Request exceeds the maximum allowed number of bytes."),
    429: ("rate_limit_error", "Number of requests has exceeded your rate limit"),
    500: ("api_error", "Internal server error"),
    504: ("timeout_error", "Request timed out"),
    529: ("overloaded_error", "Overloaded"),
}


def anthropic_error(error_type: str, message: str, request_id: str | None) -> dict[str, Any]:
    return {"type": "error", "error": {"type": error_type, "message": message}, "request_id": request_id}


def default_error(status: int) -> tuple[str, str]:
    if status in DEFAULT_ERROR_TYPES:
        return DEFAULT_ERROR_TYPES[status]
    return ("api_error", "Internal server error") if status >= 500 else ("invalid_request_error", "Error")


class EmulatorApp:
    """The ASGI app; one instance holds one emulator's state (faults, recorded requests, resources)."""

    def __init__(self, api_key: str | None = None) -> None:
        self.api_key = api_key
        self.faults = FaultPlan()
        self.ids = Ids()
        self.store = Store(self.ids)
        self._lock = threading.Condition()
        self._requests: list[RecordedRequest] = []
        self._gate: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._build_routes()

    # -- state seen by tests ----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Block until ``count`` requests have arrived (for tests whose client runs elsewhere)."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self._requests) >= count, timeout)

    def reset(self) -> None:
        """Forget faults, recorded requests, resources and id counters; release any stalled request."""
        self.faults.clear()
        with self._lock:
            self._requests.clear()
        self.ids.reset()
        self.store.reset()
        self.release_stalls()

    def release_stalls(self) -> None:
        """End every pause in progress now (thread-safe); later pauses wait again."""
        gate = self._gate
        if gate is not None:
            loop, event = gate
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)
            self._gate = None

    def _current_gate(self) -> asyncio.Event:
        loop = asyncio.get_running_loop()
        gate = self._gate
        if gate is None or gate[0] is not loop or gate[1].is_set():
            gate = (loop, asyncio.Event())
            self._gate = gate
        return gate[1]

    # -- routing ----------------------------------------------------------------------------------

    def _build_routes(self) -> None:
        store = self.store
        seg = "(?P<{}>[^/]+)".format
        batch = f"/v1/messages/batches/{seg('batch_id')}"
        file = f"/v1/files/{seg('file_id')}"
        skill = f"/v1/skills/{seg('skill_id')}"
        version = f"{skill}/versions/{seg('version')}"
        vertex = (
            "/v1/projects/[^/]+/locations/[^/]+/publishers/anthropic/models/"
            "(?P<model>[^/:]+):(?P<method>rawPredict|streamRawPredict)"
        )
        routes: list[tuple[str, str, Handler]] = [
            ("POST", "/v1/messages", lambda r, b, p: self._create_message(r)),
            ("POST", "/v1/messages/count_tokens", lambda r, b, p: self._count_tokens(r)),
            ("GET", "/v1/models", lambda r, b, p: store.list_models(r)),
            ("GET", f"/v1/models/{seg('model_id')}", lambda r, b, p: store.get_model(r, p["model_id"])),
            ("POST", "/v1/messages/batches", lambda r, b, p: store.create_batch(r, b)),
            ("GET", "/v1/messages/batches", lambda r, b, p: store.list_batches(r, b)),
            ("GET", batch, lambda r, b, p: store.get_batch(r, b, p["batch_id"])),
            ("DELETE", batch, lambda r, b, p: store.delete_batch(r, p["batch_id"])),
            ("POST", f"{batch}/cancel", lambda r, b, p: store.cancel_batch(r, b, p["batch_id"])),
            ("GET", f"{batch}/results", lambda r, b, p: store.batch_results(r, p["batch_id"])),
            ("POST", "/v1/files", lambda r, b, p: store.upload_file(r)),
            ("GET", "/v1/files", lambda r, b, p: store.list_files(r)),
            ("GET", file, lambda r, b, p: store.get_file(r, p["file_id"])),
            ("DELETE", file, lambda r, b, p: store.delete_file(r, p["file_id"])),
            ("GET", f"{file}/content", lambda r, b, p: store.file_content(r, p["file_id"])),
            ("POST", "/v1/skills", lambda r, b, p: store.create_skill(r)),
            ("GET", "/v1/skills", lambda r, b, p: store.list_skills(r)),
            ("GET", skill, lambda r, b, p: store.get_skill(r, p["skill_id"])),
            ("DELETE", skill, lambda r, b, p: store.delete_skill(r, p["skill_id"])),
            ("POST", f"{skill}/versions", lambda r, b, p: store.create_version(r, p["skill_id"])),
            ("GET", f"{skill}/versions", lambda r, b, p: store.list_versions(r, p["skill_id"])),
            ("GET", version, lambda r, b, p: store.get_version(r, p["skill_id"], p["version"])),
            ("DELETE", version, lambda r, b, p: store.delete_version(r, p["skill_id"], p["version"])),
            (
                "POST",
                "/model/(?P<model>.+)/invoke(?P<stream>-with-response-stream)?",
                lambda r, b, p: bedrock_invoke(r, p["model"], "stream" in p, self.ids),
            ),
            (
                "POST",
                vertex,
                lambda r, b, p: vertex_predict(r, p["model"], p["method"] == "streamRawPredict", self.ids),
            ),
        ]
        self._routes = [(method, re.compile(f"^{pattern}$"), handler) for method, pattern, handler in routes]

    def _match(self, req: RecordedRequest) -> tuple[Handler, dict[str, str]]:
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

    # -- messages ---------------------------------------------------------------------------------

    def _create_message(self, req: RecordedRequest) -> Result:
        body = validate_create(parse_json(req))
        reply = build_reply(body, self.ids)
        if body.get("stream"):
            return sse_stream(message_events(reply))
        return json_response(reply.to_json())

    def _count_tokens(self, req: RecordedRequest) -> Result:
        body = validate_count_tokens(parse_json(req))
        return json_response({"input_tokens": count_input_tokens(body)})

    def _authenticate(self, req: RecordedRequest) -> None:
        """The API's header checks: the key when one is configured, then ``anthropic-version``."""
        self._check_key(req)
        if req.header("anthropic-version") is None:
            raise invalid("anthropic-version: header is required")

    def _check_key(self, req: RecordedRequest) -> None:
        if self.api_key is None:
            return
        key = req.header("x-api-key")
        bearer = req.header("authorization")
        if key is None and bearer is None:
            raise ApiError(401, "authentication_error", "x-api-key header is required")
        if key != self.api_key and bearer != f"Bearer {self.api_key}":
            raise ApiError(401, "authentication_error", "invalid x-api-key")

    # -- ASGI -------------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        exchange = Exchange(scope, receive, send)
        try:
            await self._handle(exchange)
        finally:
            await exchange.finish()

    async def _handle(self, exchange: Exchange) -> None:
        req = await exchange.read()
        with self._lock:
            self._requests.append(req)
            self._lock.notify_all()
        request_id = self.ids.next("req")
        base_headers = {"request-id": request_id}
        platform = _platform(req.path)
        try:
            fault = self.faults.take_request_fault(req.path)
            if fault is not None:
                if fault.kind == "close_before_response":
                    await exchange.close_connection()
                    return
                if fault.kind == "status":
                    await exchange.respond(self._status_fault(fault, request_id, platform), base_headers)
                    return
                await exchange.pause(fault.seconds, self._current_gate())
                if exchange.client_gone:
                    # Answering would take the next body fault, meant for the client's next request.
                    return
            handler, params = self._match(req)
            if platform == "api":
                self._authenticate(req)
            result = handler(req, exchange.base_url, params)
        except ApiError as exc:
            await exchange.respond(self._error(exc, request_id, platform), base_headers)
            return
        if isinstance(result, Streamed):
            body_fault = self.faults.take_body_fault(req.path, events=result.codec.events)
            await write_stream(exchange, result, body_fault, base_headers, self._current_gate())
        else:
            await exchange.respond(result, base_headers)

    def _error(self, exc: ApiError, request_id: str, platform: Platform) -> Response:
        if platform == "bedrock":
            return bedrock_error(exc.status, exc.message)
        return json_response(anthropic_error(exc.error_type, exc.message, request_id), exc.status)

    def _status_fault(self, fault: Fault, request_id: str, platform: Platform) -> Response:
        body = fault.body
        if body is None:
            error_type, message = default_error(fault.status_code)
            response = self._error(ApiError(fault.status_code, error_type, message), request_id, platform)
        elif isinstance(body, (str, bytes)):
            raw = body.encode() if isinstance(body, str) else body
            markup = raw.lstrip().startswith(b"<")
            content_type = "text/html; charset=utf-8" if markup else "text/plain; charset=utf-8"
            response = Response(fault.status_code, raw, content_type)
        else:
            response = json_response(dict(body), fault.status_code)
        for name, value in fault.headers.items():
            if name.lower() == "content-type":
                response.content_type = value
            else:
                response.headers[name.lower()] = value
        return response


def _platform(path: str) -> Platform:
    """Which API a path belongs to: it decides auth (first-party only) and the error shape (Bedrock's own)."""
    if path.startswith("/model/"):
        return "bedrock"
    return "vertex" if path.startswith("/v1/projects/") else "api"


async def _lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge lifespan events so that servers run with ``lifespan="on"`` are content."""
    while True:
        message: Message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
