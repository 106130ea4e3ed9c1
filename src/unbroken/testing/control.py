"""The control API: drive a running emulator over HTTP, from tests in other processes or other languages.

Everything lives under ``/_emulator``; these requests are neither recorded nor faulted::

    GET  /_emulator            counts of queued faults, replies and recorded requests; the latency model, the
                               rate limits and the batch settings
    POST /_emulator/faults     queue faults: {"kind": "<a Fault constructor>", <its keywords>}, or a list
    DELETE /_emulator/faults   forget the queued faults (only those)
    POST /_emulator/replies    queue scripted replies the same way, with Reply constructors
    DELETE /_emulator/replies  forget the queued replies (only those)
    GET  /_emulator/requests   the request log (method, path, headers, body, status, answered_by, faults,
                               error)
    GET  /_emulator/pending    the faults and replies not used as expected (what the pytest fixture fails on)
    POST /_emulator/reset      forget faults, replies, requests and resources; restore the latency model;
                               rewind the cassette in use
    PUT  /_emulator/latency    {"first_token": 0.5, "tokens_per_second": 50, "jitter": 0.1}, or null
    PUT  /_emulator/rate_limits  {"requests": 3, "input_tokens": 1000, "window": 60}, or null
    PUT  /_emulator/batches    how batches progress: {"polls": 2, "outcomes": {"q-1": ["overloaded_error"]}},
                               or null for the defaults (``BatchSettings``; the keys left out take theirs)

An item is its constructor's name and keywords: ``{"kind": "status", "status_code": 529, "times": 2}``,
``{"kind": "tool_use", "name": "get_weather", "input": {"city": "Paris"}, "prompt": "weather"}``. A ``when``
predicate needs Python; over HTTP, target with ``path``, ``method``, ``model``, ``stream``, ``tool``,
``prompt`` and ``nth``. A bad item is a 400 whose message says what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._asgi import Response, json_response
from .batches import BatchSettings
from .faults import CONSTRUCTORS as FAULT_KINDS
from .faults import Fault
from .latency import Latency
from .ratelimits import RateLimits
from .script import CONSTRUCTORS as REPLY_KINDS
from .script import Reply
from .validation import ApiError, invalid, not_found, parse_json

if TYPE_CHECKING:
    from .app import EmulatorApp
    from .request_log import RecordedRequest

__all__ = ["PREFIX", "build_fault", "build_reply", "handle"]

PREFIX = "/_emulator"
Item = TypeVar("Item", Fault, Reply)


def _build(cls: type[Item], kinds: tuple[str, ...], spec: Any) -> Item:
    name = cls.__name__
    if not isinstance(spec, Mapping):
        raise ValueError(f"a {name.lower()} is a JSON object with a 'kind', got {spec!r}")
    args = dict(spec)
    kind = args.pop("kind", None)
    if kind not in kinds:
        raise ValueError(f"unknown {name} kind {kind!r}; one of: {', '.join(kinds)}")
    if "when" in args:
        raise ValueError("`when` needs Python; target with path, method, model, stream, tool, prompt, nth")
    try:
        item: Item = getattr(cls, kind)(**args)
    except TypeError as exc:
        raise ValueError(f"{name}.{kind}: {exc}") from None
    return item


def build_fault(spec: Any) -> Fault:
    """A ``Fault`` from its JSON form (``{"kind": "drop_after", "n_events": 3}``)."""
    return _build(Fault, FAULT_KINDS, spec)


def build_reply(spec: Any) -> Reply:
    """A ``Reply`` from its JSON form (``{"kind": "text", "text": "Hi"}``)."""
    return _build(Reply, REPLY_KINDS, spec)


def latency_from(spec: Any) -> Latency | None:
    return _settings_from(Latency, spec, "the latency model")


def rate_limits_from(spec: Any) -> RateLimits | None:
    return _settings_from(RateLimits, spec, "the rate limits")


_S = TypeVar("_S")


def _settings_from(cls: type[_S], spec: Any, what: str) -> _S | None:
    """A settings object (``Latency``, ``RateLimits``) from its JSON object, or None from ``null``."""
    if spec is None:
        return None
    if not isinstance(spec, Mapping):
        raise ValueError(f"{what} is a JSON object or null, got {spec!r}")
    try:
        return cls(**spec)
    except TypeError as exc:
        raise ValueError(f"{cls.__name__}: {exc}") from None


def _only_json_keys(spec: Any) -> Any:
    """The batch settings a JSON object may hold: not the clocks, which need Python."""
    if isinstance(spec, Mapping):
        unknown = sorted(set(spec) - set(BatchSettings().to_json()))
        if unknown:
            raise ValueError(f"BatchSettings has no setting {unknown[0]!r} over HTTP")
    return spec


def _items(spec: Any) -> list[Any]:
    return list(spec) if isinstance(spec, list) else [spec]


def _status(app: EmulatorApp) -> dict[str, Any]:
    latency = app.latency
    return {
        "faults": len(app.faults),
        "replies": len(app.replies),
        "requests": len(app.requests),
        "latency": None if latency is None else vars(latency),
        "rate_limits": None if app.rate_limits is None else vars(app.rate_limits),
        "batches": app.store.message_batches.settings.to_json(),
        "cassette": None if app.cassette is None else str(app.cassette.cassette.path),
    }


def handle(app: EmulatorApp, req: RecordedRequest) -> Response:
    """Answer one control request (``req.path`` starts with ``/_emulator``)."""
    route = (req.method, req.path.removeprefix(PREFIX).rstrip("/") or "/")
    try:
        if route == ("GET", "/"):
            return json_response(_status(app))
        if route == ("POST", "/faults"):
            faults = [build_fault(spec) for spec in _items(parse_json(req))]
            app.faults.push(*faults)
            return json_response({"queued": [f.describe() for f in faults]})
        if route == ("DELETE", "/faults"):
            app.faults.clear()
            return json_response(_status(app))
        if route == ("DELETE", "/replies"):
            app.replies.clear()
            return json_response(_status(app))
        if route == ("POST", "/replies"):
            replies = [build_reply(spec) for spec in _items(parse_json(req))]
            app.replies.push(*replies)
            return json_response({"queued": [r.describe() for r in replies]})
        if route == ("GET", "/requests"):
            return json_response({"requests": [r.to_json() for r in app.requests]})
        if route == ("GET", "/pending"):
            return json_response({"unused": app.unused()})
        if route == ("POST", "/reset"):
            app.reset()
            return json_response(_status(app))
        if route == ("PUT", "/latency"):
            app.latency = latency_from(parse_json(req))
            return json_response(_status(app))
        if route == ("PUT", "/rate_limits"):
            app.rate_limits = rate_limits_from(parse_json(req))
            return json_response(_status(app))
        if route == ("PUT", "/batches"):
            settings = _settings_from(BatchSettings, _only_json_keys(parse_json(req)), "the batch settings")
            app.store.message_batches.configure(**(settings or BatchSettings()).to_json())
            return json_response(_status(app))
    except ValueError as exc:
        return _error(invalid(str(exc)))
    except ApiError as exc:
        return _error(exc)
    return _error(not_found(f"no control endpoint {req.method} {req.path}; see GET {PREFIX}"))


def _error(exc: ApiError) -> Response:
    body = {"type": "error", "error": {"type": exc.error_type, "message": exc.message}}
    return json_response(body, exc.status)
