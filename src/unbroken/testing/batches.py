"""Emulated Message Batches: a lifecycle that behaves like the API's, deterministic and configurable.

The rules (the emulator's contract with tests):

* **Creation.** ``POST /v1/messages/batches`` checks the request list (non-empty, custom ids matching
  ``^[a-zA-Z0-9_-]{1,64}$`` and unique, ``params`` objects) and answers a batch ``in_progress`` with every
  request ``processing``. Idempotency keys are *not* honoured (the API does not document them for batches), so
  a client that re-sends a create makes a second batch, as it would for real.
* **Progress.** With ``BatchSettings.polls = n`` (default 0) the first ``n`` retrieves of a batch find it
  ``in_progress`` and the request counts move: retrieve ``i`` has processed ``floor(total * i / (n + 1))``
  requests in request order; retrieve ``n + 1`` finds it ``ended``. With ``seconds = s`` instead, the share
  processed is the time elapsed since creation over ``s`` (``clock`` is injectable) and the batch ends once
  ``s`` seconds have passed. Listing batches never advances them.
* **Outcomes.** A processed request ``succeeded`` with the emulated message for its params, or is ``errored``
  (``invalid_request_error``) when its params are invalid. ``outcomes[custom_id]`` scripts the outcome of that
  custom id, one entry consumed per processing (so a resubmitted request can fail first, then succeed):
  ``"succeeded"``, ``"expired"``, ``"canceled"``, or an API error type (``"overloaded_error"``, ...) for an
  ``errored`` result with that type.
* **Expiry.** With ``expire_at_poll = k`` the batch reaches its 24-hour expiry at retrieve ``k``: it ends
  there, and every request not yet processed is ``expired``.
* **Cancel.** A cancel makes an unfinished batch ``canceling``; its next retrieve finds it ``ended``, with
  the requests processed so far keeping their results and the rest ``canceled``. Cancelling an ended batch is
  a 409.
* **Time.** Timestamps (``created_at``, ``ended_at``, ...) are the wall clock in UTC (``now`` is
  injectable), since clients compare them with their own time, as they would the API's.
* **Results** exist once ended (400 before), one JSON line per request, in request order, or reversed with
  ``results_order="reversed"`` (the API promises no order; tests use it to catch clients relying on one).
  Each line is its own chunk (so a body fault lands between two lines), or ``results_lines_per_chunk``
  lines are sent together, as a large transfer over a real network arrives.
  Deleting is allowed only once ended (409 before).

``Emulator.app.store.message_batches.configure(polls=3, outcomes={...})`` changes the settings of a running
emulator (``reset()`` restores the defaults); over HTTP, ``PUT /_emulator/batches`` (``control.py``).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from ._asgi import RecordedRequest, Response, json_response
from .replies import Ids, build_reply
from .sse import JSONLCodec, Streamed
from .validation import ApiError, invalid, not_found, validate_create

__all__ = ["BatchSettings", "MessageBatches"]

_CUSTOM_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_FINAL_TYPES = ("succeeded", "expired", "canceled")


def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class BatchSettings:
    """How emulated batches progress; see the module docstring for the rules."""

    polls: int = 0
    seconds: float | None = None
    expire_at_poll: int | None = None
    results_order: Literal["request", "reversed"] = "request"
    results_lines_per_chunk: int = 1
    outcomes: Mapping[str, list[str]] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)

    def __post_init__(self) -> None:
        """Checked when made, so that a bad setting is refused at once, not by a later request."""
        for name, least in (("polls", 0), ("expire_at_poll", 0), ("results_lines_per_chunk", 1)):
            value = getattr(self, name)
            if value is None and name == "expire_at_poll":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ValueError(f"BatchSettings.{name} must be a whole number >= {least}, got {value!r}")
        if self.seconds is not None and (
            isinstance(self.seconds, bool)
            or not isinstance(self.seconds, (int, float))
            or not self.seconds >= 0
        ):
            raise ValueError(
                f"BatchSettings.seconds must be a number of seconds >= 0 or None, got {self.seconds!r}"
            )
        if self.results_order not in ("request", "reversed"):
            raise ValueError(
                f"BatchSettings.results_order must be 'request' or 'reversed', got {self.results_order!r}"
            )
        if not isinstance(self.outcomes, Mapping) or not all(
            isinstance(key, str) and isinstance(script, list) and all(isinstance(o, str) for o in script)
            for key, script in self.outcomes.items()
        ):
            raise ValueError(
                f"BatchSettings.outcomes must map custom ids to lists of outcomes, got {self.outcomes!r}"
            )

    def to_json(self) -> dict[str, Any]:
        """The settings a test can set over HTTP (``PUT /_emulator/batches``): all but the clocks."""
        return {
            "polls": self.polls,
            "seconds": self.seconds,
            "expire_at_poll": self.expire_at_poll,
            "results_order": self.results_order,
            "results_lines_per_chunk": self.results_lines_per_chunk,
            "outcomes": {key: list(script) for key, script in self.outcomes.items()},
        }


@dataclass
class _Batch:
    id: str
    created_at: datetime
    started: float
    requests: list[Mapping[str, Any]]
    status: str = "in_progress"
    retrieves: int = 0
    cancel_initiated_at: datetime | None = None
    ended_at: datetime | None = None
    results: list[dict[str, Any]] = field(default_factory=list)  # in request order, for the processed prefix


class MessageBatches:
    """Every batch of one emulator; handlers return responses and never touch sockets."""

    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.settings = BatchSettings()
            self._outcomes: dict[str, list[str]] = {}
            self._batches: dict[str, _Batch] = {}

    def configure(self, **changes: Any) -> BatchSettings:
        """Change some settings (see ``BatchSettings``); ``reset()`` restores the defaults."""
        with self._lock:
            self.settings = replace(self.settings, **changes)
            if "outcomes" in changes:
                self._outcomes = {k: list(v) for k, v in self.settings.outcomes.items()}
            return self.settings

    # -- processing ------------------------------------------------------------------------------

    def _outcome(self, item: Mapping[str, Any]) -> dict[str, Any]:
        script = self._outcomes.get(item["custom_id"])
        scripted = script.pop(0) if script else None
        if scripted in _FINAL_TYPES and scripted != "succeeded":
            return {"type": scripted}
        if scripted is not None and scripted != "succeeded":
            return _errored(scripted, f"Emulated {scripted}")
        try:
            params = validate_create(item["params"])
            if params.get("stream"):
                raise invalid("stream: Streaming is not supported in message batches")
            return {"type": "succeeded", "message": build_reply(params, self._ids).to_json()}
        except ApiError as exc:
            return _errored(exc.error_type, exc.message)

    def _process_until(self, batch: _Batch, count: int) -> None:
        for item in batch.requests[len(batch.results) : count]:
            batch.results.append({"custom_id": item["custom_id"], "result": self._outcome(item)})

    def _finish(self, batch: _Batch, rest: str | None) -> None:
        """End the batch; requests still unprocessed get ``rest`` (expired / canceled), or are processed."""
        if rest is None:
            self._process_until(batch, len(batch.requests))
        for item in batch.requests[len(batch.results) :]:
            batch.results.append({"custom_id": item["custom_id"], "result": {"type": rest}})
        batch.status, batch.ended_at = "ended", self.settings.now()

    def _advance(self, batch: _Batch) -> None:
        """What one retrieve finds: a little more processed, or the end (completion, cancel, expiry)."""
        if batch.status == "ended":
            return
        batch.retrieves += 1
        settings, total = self.settings, len(batch.requests)
        if batch.status == "canceling":
            self._finish(batch, "canceled")
            return
        if settings.expire_at_poll is not None and batch.retrieves >= settings.expire_at_poll:
            self._finish(batch, "expired")
            return
        if settings.seconds is not None:
            share = (settings.clock() - batch.started) / settings.seconds if settings.seconds > 0 else 1.0
        else:
            share = batch.retrieves / (settings.polls + 1)
        if share >= 1:
            self._finish(batch, None)
        else:
            self._process_until(batch, int(total * share))

    # -- JSON ------------------------------------------------------------------------------------

    def _json(self, batch: _Batch, base_url: str) -> dict[str, Any]:
        counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
        for result in batch.results:
            counts[result["result"]["type"]] += 1
        counts["processing"] = len(batch.requests) - len(batch.results)
        ended = batch.status == "ended"
        return {
            "id": batch.id,
            "type": "message_batch",
            "processing_status": batch.status,
            "request_counts": counts,
            "created_at": rfc3339(batch.created_at),
            "expires_at": rfc3339(batch.created_at + timedelta(hours=24)),
            "ended_at": rfc3339(batch.ended_at) if batch.ended_at else None,
            "cancel_initiated_at": rfc3339(batch.cancel_initiated_at) if batch.cancel_initiated_at else None,
            "archived_at": None,
            "results_url": f"{base_url}/v1/messages/batches/{batch.id}/results" if ended else None,
        }

    def _get(self, batch_id: str) -> _Batch:
        batch = self._batches.get(batch_id)
        if batch is None:
            raise not_found(f"message_batch_id: {batch_id} not found")
        return batch

    # -- handlers --------------------------------------------------------------------------------

    def create(self, req: RecordedRequest, base_url: str) -> Response:
        requests = _checked_requests(req.json)
        with self._lock:
            batch = _Batch(self._ids.next("msgbatch"), self.settings.now(), self.settings.clock(), requests)
            self._batches[batch.id] = batch
            return json_response(self._json(batch, base_url))

    def get(self, req: RecordedRequest, base_url: str, batch_id: str) -> Response:
        with self._lock:
            batch = self._get(batch_id)
            self._advance(batch)
            return json_response(self._json(batch, base_url))

    def list(self, req: RecordedRequest, base_url: str) -> list[dict[str, Any]]:
        """Every batch as JSON, newest first (the caller paginates)."""
        with self._lock:
            return [self._json(b, base_url) for b in reversed(self._batches.values())]

    def cancel(self, req: RecordedRequest, base_url: str, batch_id: str) -> Response:
        with self._lock:
            batch = self._get(batch_id)
            if batch.status == "ended":
                raise ApiError(409, "invalid_request_error", f"Message Batch {batch_id} has already ended")
            if batch.status == "in_progress":
                batch.status, batch.cancel_initiated_at = "canceling", self.settings.now()
            return json_response(self._json(batch, base_url))

    def delete(self, req: RecordedRequest, batch_id: str) -> Response:
        with self._lock:
            batch = self._get(batch_id)
            if batch.status != "ended":
                raise ApiError(
                    409,
                    "invalid_request_error",
                    f"Message Batch {batch_id} cannot be deleted until it has ended",
                )
            del self._batches[batch_id]
        return json_response({"id": batch_id, "type": "message_batch_deleted"})

    def results(self, req: RecordedRequest, batch_id: str) -> Streamed:
        with self._lock:
            batch = self._get(batch_id)
            if batch.status != "ended":
                raise invalid(f"Message Batch {batch_id} has not finished processing")
            results = batch.results if self.settings.results_order == "request" else batch.results[::-1]
            lines = [(json.dumps(r) + "\n").encode() for r in results]
        size = max(1, self.settings.results_lines_per_chunk)
        units = [b"".join(lines[i : i + size]) for i in range(0, len(lines), size)] if size > 1 else lines
        return Streamed(units, JSONLCodec())


def _errored(error_type: str, message: str) -> dict[str, Any]:
    error = {"type": error_type, "message": message}
    return {"type": "errored", "error": {"type": "error", "error": error, "request_id": None}}


def _checked_requests(body: Any) -> list[Mapping[str, Any]]:
    if not isinstance(body, Mapping):
        raise invalid("Input should be a valid dictionary or object to extract fields from")
    for key in body:
        if key != "requests":
            raise invalid(f"{key}: Extra inputs are not permitted")
    requests = body.get("requests")
    if requests is None:
        raise invalid("requests: Field required")
    if not isinstance(requests, list):
        raise invalid("requests: Input should be a valid list")
    if not requests:
        raise invalid("requests: List should have at least 1 item after validation, not 0")
    seen: set[str] = set()
    for i, item in enumerate(requests):
        if not isinstance(item, Mapping):
            raise invalid(f"requests.{i}: Input should be a valid dictionary")
        custom_id = item.get("custom_id")
        if not isinstance(custom_id, str) or not _CUSTOM_ID.match(custom_id):
            raise invalid(f"requests.{i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{{1,64}}$'")
        if custom_id in seen:
            raise invalid(f"requests: custom_id {custom_id!r} is not unique")
        seen.add(custom_id)
        if not isinstance(item.get("params"), Mapping):
            raise invalid(f"requests.{i}.params: Field required")
    return list(requests)
