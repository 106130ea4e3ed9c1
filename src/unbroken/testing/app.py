"""The emulator's ASGI application: the pipeline that puts the layers together.

For each request: control requests (``/_emulator/...``, see ``control.py``) are answered at once. Any other
is recorded and given a ``request-id`` (``req_emu_<n>``), then answered by the first of:

1. a request fault that targets it (``faults.py``): a status, a closed connection, or a stall before going on
   (``drop_response`` lets the request be answered below, then closes the connection instead of answering);
1b. the rate limits, when set (``ratelimits.py``): a request that creates a message and does not fit in the
   buckets is answered 429; one that fits is answered below, with the rate-limit headers added;
2. a scripted reply that targets it (``script.py``): a response reply is sent as it is (after
   authentication), a message reply becomes the content of the message the request creates;
3. the cassette in use, if any (``recording.py``): a replayed answer, or the upstream's, recorded;
4. the route table (``routing.py``): authentication (first-party paths, when an ``api_key`` is configured),
   validation, and the deterministic rules (``replies.py``) or the stored resources (``resources.py``).

A streamed answer then takes the body fault that targets it, and is paced by the latency model
(``latency.py``) or a cassette's recorded timing. Should the app itself fail while answering, the request log
says so (``outcome.error``) with the status the client really got: a 500 ``api_error`` sent in its place, or
none when the response had begun and the connection is closed.

The app is plain ASGI with no dependency beyond the standard library, so it can also be mounted in any ASGI
server or ``httpx.ASGITransport``; only real connection closes need the emulator's own server (``server.py``).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any, Union

from . import control
from ._asgi import ConnectionAborted, Exchange, Message, Receive, Response, Scope, Send, json_response
from .completions import Completion, build_completion
from .faults import Fault, FaultPlan
from .latency import Latency, output_tokens_of
from .platforms import bedrock_error
from .ratelimits import RateLimitBuckets, RateLimits
from .recording import CassettePlayer
from .replies import Compose, Ids, build_reply, continue_prefill
from .request_log import RecordedRequest, RequestLog
from .resources import Store
from .routing import Call, Router, asks_model, creates_message, platform_of
from .script import Reply, ReplyPlan
from .sse import Streamed, write_stream
from .validation import ApiError, Platform, invalid

__all__ = ["DEFAULT_ERROR_TYPES", "EmulatorApp", "anthropic_error"]

Result = Union[Response, Streamed]
_log = logging.getLogger("unbroken.testing")

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


def anthropic_error(
    error_type: str, message: str, request_id: str | None, details: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"type": error_type, "message": message}
    if details is not None:
        error["details"] = dict(details)
    return {"type": "error", "error": error, "request_id": request_id}


def default_error(status: int) -> tuple[str, str]:
    if status in DEFAULT_ERROR_TYPES:
        return DEFAULT_ERROR_TYPES[status]
    return ("api_error", "Internal server error") if status >= 500 else ("invalid_request_error", "Error")


class EmulatorApp:
    """The ASGI app; one instance holds one emulator's state (faults, replies, requests, resources)."""

    def __init__(self, api_key: str | None = None, *, latency: Latency | None = None) -> None:
        self.api_key = api_key
        self.faults = FaultPlan()
        self.replies = ReplyPlan()
        self.ids = Ids()
        self.store = Store(self.ids)
        self.router = Router(self.store)
        self.cassette: CassettePlayer | None = None
        # Called with each request once it has been answered (the standalone emulator's log).
        self.listeners: list[Callable[[RecordedRequest], None]] = []
        self._default_latency = latency
        self.latency = latency
        self._buckets: RateLimitBuckets | None = None
        self._lock = threading.Condition()
        self._requests: list[RecordedRequest] = []
        self._gate: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None

    # -- state seen by tests ----------------------------------------------------------------------

    @property
    def latency(self) -> Latency | None:
        return self._latency

    @latency.setter
    def latency(self, value: Latency | None) -> None:
        """Set the latency model (``None``: answer at once); its jitter starts over from its seed."""
        self._latency = value
        self._rng = (value or Latency()).rng()

    @property
    def rate_limits(self) -> RateLimits | None:
        return None if self._buckets is None else self._buckets.limits

    @rate_limits.setter
    def rate_limits(self, value: RateLimits | None) -> None:
        """Put rate limits in front of the Messages API (``None``: none); the buckets start full."""
        self._buckets = None if value is None else RateLimitBuckets(value)

    @property
    def requests(self) -> RequestLog:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return RequestLog(self._requests)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Block until ``count`` requests have arrived (for tests whose client runs elsewhere)."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self._requests) >= count, timeout)

    def unused(self) -> list[str]:
        """The faults and scripted replies not used as expected, and the predicates that raised."""
        return self.faults.unused() + self.replies.unused()

    def reset(self) -> None:
        """Forget faults, replies, requests, resources and id counters; restore the latency model; release
        any stalled request. A cassette in use stays in use, rewound: each recorded exchange answers again."""
        if self.cassette is not None:
            self.cassette.rewind()
        self.faults.clear()
        self.replies.clear()
        with self._lock:
            self._requests.clear()
        self.ids.reset()
        self.store.reset()
        self.latency = self._default_latency
        self.rate_limits = None
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
        if req.path == control.PREFIX or req.path.startswith(control.PREFIX + "/"):
            await exchange.respond(control.handle(self, req), {})
            return
        with self._lock:
            self._requests.append(req)
            self._lock.notify_all()
        request_id = self.ids.next("req")
        base_headers = {"request-id": request_id}
        platform = platform_of(req.path)
        try:
            fault = self.faults.take_request_fault(req)
            if fault is not None:
                req.outcome.faults.append(fault.describe())
            try:
                result = await self._answer(req, exchange, fault, request_id, platform)
            except ApiError as exc:
                result = self._error(exc, request_id, platform)
            if result is None:
                return
            if fault is not None and fault.kind == "drop_response":
                if result.undelivered is not None:  # before the client sees the close and asks again
                    result.undelivered()
                await exchange.close_connection()  # processed, but the answer is lost
                return
            await self._send(exchange, req, result, base_headers)
        except ConnectionAborted:
            raise  # a close asked for under a server that cannot close: it ends the response its own way
        except Exception as exc:
            await self._failed(exchange, req, exc, platform=platform, headers=base_headers)
        finally:
            for listener in self.listeners:
                listener(req)

    async def _failed(
        self,
        exchange: Exchange,
        req: RecordedRequest,
        exc: Exception,
        *,
        platform: Platform,
        headers: dict[str, str],
    ) -> None:
        """The emulator itself failed while answering ``req``: say so in the request log, with the status the
        client really gets. Before any response a 500 ``api_error`` naming the failure is sent; after it
        began, the connection is closed (the client sees the body cut, or no response at all)."""
        req.outcome.error = f"{type(exc).__name__}: {exc}"
        _log.error("unbroken emulator: failed answering %s %s", req.method, req.path, exc_info=exc)
        if exchange.response_begun:
            req.outcome.status = exchange.status_sent
            try:
                await exchange.close_connection()
            except ConnectionAborted:
                raise exc from None  # the server closes a response it has begun when the app raises
            return
        req.outcome.status = 500
        error = ApiError(500, "api_error", f"unbroken emulator failed: {req.outcome.error}")
        await exchange.respond(self._error(error, headers["request-id"], platform), headers)

    async def _answer(
        self,
        req: RecordedRequest,
        exchange: Exchange,
        fault: Fault | None,
        request_id: str,
        platform: Platform,
    ) -> Result | None:
        """The answer to ``req`` (``None``: already sent, or the connection closed)."""
        if fault is not None:
            if fault.kind == "close_before_response":
                await exchange.close_connection()
                return None
            if fault.kind == "status":
                req.outcome.answered_by = "fault"
                return self._status_fault(fault, request_id, platform)
            if fault.kind == "stall_before_headers":
                await exchange.pause(fault.seconds, self._current_gate())
                if exchange.client_gone:  # it gave up: nothing more is taken (replies, body faults) for it
                    return None
        limit_headers: dict[str, str] = {}
        if self._buckets is not None and creates_message(req):
            refused, limit_headers = self._buckets.take(req.json)
            if refused is not None:
                req.outcome.answered_by = "rate limits"
                refused.headers.update(limit_headers)
                return refused
        buckets = self._buckets if limit_headers else None  # the buckets this request took from
        try:
            result = await self._reply(req, exchange, platform)
        except BaseException:  # an error answer (a 401, a 400) is made from what this raises
            if buckets is not None:
                buckets.undo(req.json)
            raise
        if result is not None:
            result.headers.update(limit_headers)
            if buckets is not None and result.status >= 400:
                buckets.undo(req.json)
            elif buckets is not None and result.status < 300:
                buckets.settle(req.json, result)
        return result

    async def _reply(self, req: RecordedRequest, exchange: Exchange, platform: Platform) -> Result | None:
        """The answer past the faults and limits: a scripted reply, the cassette, or the route table."""
        reply = self.replies.take_for(req, creates_message=asks_model(req))
        if reply is not None:
            req.outcome.answered_by = reply.describe()
            if not reply.is_message:
                if platform == "api":
                    self._authenticate(req)
                return reply.response()
        elif self.cassette is not None:
            return await self.cassette.respond(req, exchange)
        handler, params = self.router.route(req)
        if platform == "api":
            self._authenticate(req)
        if reply is None:
            req.outcome.answered_by = "echo" if asks_model(req) else "emulator"
        call = Call(exchange.base_url, params, self._composer(reply), self._completer(reply))
        result = handler(req, call)
        if reply is not None:
            result.headers.update(reply.headers)
            # An answer the client gets none of (a fault cut it first) is not the reply's use: the retry asks
            # the same question, and a model says the same thing again.
            result.undelivered = lambda: self.replies.give_back(reply)
        return result

    def _composer(self, reply: Reply | None) -> Compose:
        ids = self.ids
        if reply is None:
            return lambda body, model: continue_prefill(build_reply(body, ids, model=model), body)
        return lambda body, model: continue_prefill(reply.answer(body, ids, model), body)

    def _completer(self, reply: Reply | None) -> Callable[[Mapping[str, Any]], Completion]:
        ids = self.ids
        if reply is None:
            return lambda body: build_completion(body, ids)
        return lambda body: reply.completion(body, ids)

    async def _send(
        self, exchange: Exchange, req: RecordedRequest, result: Result, base_headers: dict[str, str]
    ) -> None:
        latency = self.latency if result.status < 300 else None
        req.outcome.status = result.status
        if isinstance(result, Streamed):
            fault = self.faults.take_body_fault(req, events=result.codec.events)
            if fault is not None:
                req.outcome.faults.append(fault.describe())
            delays = result.delays
            if delays is None and latency is not None:
                delays = latency.stream_delays(result.weights or [0] * len(result.units), self._rng)
            await write_stream(exchange, result, fault, base_headers, self._current_gate(), delays=delays)
            return
        delay = result.delay
        if not delay and latency is not None:
            delay = latency.response_delay(output_tokens_of(result.body), self._rng)
        if delay > 0:
            await exchange.pause(delay, self._current_gate())
            if exchange.client_gone:
                return
        await exchange.respond(result, base_headers)

    # -- authentication and errors ----------------------------------------------------------------

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

    def _error(
        self, exc: ApiError, request_id: str, platform: Platform, details: Mapping[str, Any] | None = None
    ) -> Response:
        if platform == "bedrock":
            return bedrock_error(exc.status, exc.message)
        return json_response(anthropic_error(exc.error_type, exc.message, request_id, details), exc.status)

    def _status_fault(self, fault: Fault, request_id: str, platform: Platform) -> Response:
        body = fault.body
        if body is None:
            error_type, message = default_error(fault.status_code)
            error = ApiError(fault.status_code, fault.error_type or error_type, fault.message or message)
            response = self._error(error, request_id, platform, fault.details)
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


async def _lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge lifespan events so that servers run with ``lifespan="on"`` are content."""
    while True:
        message: Message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
