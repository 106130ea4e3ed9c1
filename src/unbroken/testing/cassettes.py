"""Cassettes: exchanges recorded with the real API, kept as redacted JSON files and matched for replay.

A cassette file (JSON only: loading one never runs code, unlike YAML or pickle)::

    {"unbroken_cassette": 1,
     "redact": ["user_id"], "redact_headers": [],
     "interactions": [
       {"request":  {"method": "POST", "path": "/v1/messages", "query": {}, "headers": {...}, "json": {...}},
        "response": {"status": 200, "headers": {...}, "elapsed": 0.41,
                     "chunks": [{"at": 0.38, "text": "event: message_start\\ndata: {...}\\n\\n"}, ...]}}]}

A body is ``"json"`` (parsed), ``"text"`` (UTF-8) or ``"base64"`` (anything else), absent when empty. A
streamed response keeps its bytes exactly as they arrived, chunk by chunk, each with its arrival time in
seconds after the request was sent (``"at"``); replay cuts them into SSE events at blank lines without
changing a byte. A complete response records its total time as ``"elapsed"``.

Redaction happens when an exchange is recorded: secret headers (``x-api-key``, ``authorization``,
``cookie``, ``set-cookie``, names ending in ``-key``/``-token``/``-secret``, and any the user names) become
``"<redacted>"``, the body fields the user names (by key, at any depth of a JSON body) too, and the values
of the redacted headers are also scrubbed from anywhere else in the interaction. The file keeps the rules
(``redact``, ``redact_headers``: names, never values) so that a replay redacts as the recording did without
being told again; rules given at replay add to them. Replay matches a request on method, path, query and
JSON body after the same redaction (the request's own secret header values scrubbed from it too), each
recorded interaction answering once, in recorded order. A file without the rules (written before they were
kept) is read as having none.
"""

from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .request_log import RecordedRequest

__all__ = ["Cassette", "Interaction", "Redaction", "split_events"]

FORMAT_VERSION = 1
REDACTED = "<redacted>"
MATCH_ON: tuple[str, ...] = ("method", "path", "query", "body")
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})
_SECRET_SUFFIXES = ("-key", "-token", "-secret")
_NOT_SECRET = frozenset({"idempotency-key"})
_MIN_SCRUB = 8  # shorter values (a test's "key") are too likely to occur by chance to be scrubbed
# Not kept: the connection's business, or no longer true once the body is stored decoded.
_DROP_REQUEST = frozenset({"host", "content-length", "connection", "accept-encoding", "transfer-encoding"})
_DROP_RESPONSE = frozenset(
    {"content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"}
)
_EVENT_END = re.compile(rb"(?:\r\n|\r(?!\n)|\n){2}")  # a blank line: two line ends, CRLF being one


def split_events(data: bytes) -> list[bytes]:
    """Cut an SSE body into events, each with its terminating blank line; ``b"".join`` gives ``data`` back."""
    units, start = [], 0
    for end in _EVENT_END.finditer(data):
        units.append(data[start : end.end()])
        start = end.end()
    if start < len(data):
        units.append(data[start:])
    return units


def encode_body(data: bytes, content_type: str) -> dict[str, Any]:
    if not data:
        return {}
    if "json" in content_type:
        try:
            return {"json": json.loads(data)}
        except ValueError:
            pass
    try:
        return {"text": data.decode()}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode()}


def decode_body(stored: Mapping[str, Any]) -> bytes:
    if "json" in stored:
        return json.dumps(stored["json"], ensure_ascii=False).encode()
    if "text" in stored:
        return str(stored["text"]).encode()
    if "base64" in stored:
        return base64.b64decode(stored["base64"])
    return b""


@dataclass(frozen=True)
class Redaction:
    """What recording hides: secret headers (plus ``headers``) and the JSON body ``fields`` named."""

    fields: frozenset[str] = frozenset()
    headers: frozenset[str] = frozenset()

    def is_secret(self, header: str) -> bool:
        name = header.lower()
        if name in self.headers:
            return True
        return name not in _NOT_SECRET and (name in _SECRET_HEADERS or name.endswith(_SECRET_SUFFIXES))

    def redact_headers(
        self, headers: Mapping[str, str], drop: frozenset[str]
    ) -> tuple[dict[str, str], list[str]]:
        """The headers to keep, secrets replaced; and the secret values (to scrub from elsewhere)."""
        kept: dict[str, str] = {}
        secrets: list[str] = []
        for name, value in headers.items():
            if name.lower() in drop:
                continue
            if self.is_secret(name):
                kept[name.lower()] = REDACTED
                secrets.extend(v for v in (value, value.removeprefix("Bearer ")) if len(v) >= _MIN_SCRUB)
            else:
                kept[name.lower()] = value
        return kept, secrets

    def merged(self, fields: Iterable[str], headers: Iterable[str]) -> Redaction:
        """These rules and those named (a cassette's stored rules joining the ones given at replay)."""
        return Redaction(self.fields | set(fields), self.headers | {h.lower() for h in headers})

    def redact_json(self, value: Any) -> Any:
        if not self.fields:
            return value
        if isinstance(value, Mapping):
            return {k: REDACTED if k in self.fields else self.redact_json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.redact_json(v) for v in value]
        return value


def scrub(value: Any, secrets: Iterable[str]) -> Any:
    """``value`` with every occurrence of a secret, in any string at any depth, replaced by ``<redacted>``."""
    secrets = sorted(set(secrets), key=len, reverse=True)
    if not secrets:
        return value

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            for secret in secrets:
                item = item.replace(secret, REDACTED)
            return item
        if isinstance(item, Mapping):
            return {walk(k): walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    return walk(value)


@dataclass
class Interaction:
    """One recorded request and its response (both as stored in the file)."""

    request: dict[str, Any]
    response: dict[str, Any]
    played: bool = False

    @property
    def streamed(self) -> bool:
        return "chunks" in self.response

    def body(self) -> bytes:
        """The response body, byte for byte (a streamed one joined from its chunks)."""
        if self.streamed:
            return b"".join(decode_body(chunk) for chunk in self.response["chunks"])
        return decode_body(self.response)

    def timed_units(self) -> list[tuple[float, bytes]]:
        """A streamed body as units (SSE events, else the recorded chunks), each with the time it was
        complete: the arrival time of the chunk holding its last byte."""
        chunks = [(float(c.get("at", 0.0)), decode_body(c)) for c in self.response["chunks"]]
        content_type = self.response.get("headers", {}).get("content-type", "")
        if "event-stream" not in content_type:
            return chunks
        ends, offset = [], 0
        for at, data in chunks:
            offset += len(data)
            ends.append((offset, at))
        timed, position, index = [], 0, 0
        for unit in split_events(b"".join(data for _, data in chunks)):
            position += len(unit)
            while index < len(ends) - 1 and ends[index][0] < position:
                index += 1
            timed.append((ends[index][1] if ends else 0.0, unit))
        return timed


@dataclass
class Cassette:
    """A cassette file's interactions, with the redaction and matching rules they are recorded under."""

    path: Path
    interactions: list[Interaction] = field(default_factory=list)
    redaction: Redaction = Redaction()
    match_on: tuple[str, ...] = MATCH_ON
    existed: bool = False
    dirty: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.match_on) - set(MATCH_ON)
        if unknown:
            raise ValueError(f"match_on takes {', '.join(MATCH_ON)}; not {', '.join(sorted(unknown))}")

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        redact: Iterable[str] = (),
        redact_headers: Iterable[str] = (),
        match_on: Iterable[str] = MATCH_ON,
    ) -> Cassette:
        """The cassette at ``path`` (empty, ``existed=False``, when there is no file yet)."""
        where = Path(path)
        redaction = Redaction(frozenset(redact), frozenset(h.lower() for h in redact_headers))
        cassette = cls(where, redaction=redaction, match_on=tuple(match_on))
        if not where.exists():
            return cassette
        try:
            data = json.loads(where.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ValueError(f"{where} is not an unbroken cassette: not JSON ({exc})") from exc
        if not isinstance(data, dict) or data.get("unbroken_cassette") != FORMAT_VERSION:
            raise ValueError(f"{where} is not an unbroken cassette (version {FORMAT_VERSION})")
        stored_rules = [data.get("redact") or [], data.get("redact_headers") or []]
        if not all(isinstance(r, list) and all(isinstance(n, str) for n in r) for r in stored_rules):
            raise ValueError(f"{where}: redact and redact_headers are lists of names")
        cassette.redaction = redaction.merged(*stored_rules)
        for number, item in enumerate(data.get("interactions") or []):
            request = item.get("request") if isinstance(item, dict) else None
            response = item.get("response") if isinstance(item, dict) else None
            if not (isinstance(request, dict) and isinstance(response, dict) and "method" in request):
                raise ValueError(f"{where}: interaction {number} needs a request and a response")
            if not isinstance(response.get("status"), int) or not isinstance(request.get("path"), str):
                raise ValueError(f"{where}: interaction {number} needs request.path and response.status")
            cassette.interactions.append(Interaction(request, response))
        cassette.existed = True
        return cassette

    def save(self) -> None:
        """Write the file (atomically: a reader never sees half of it)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "unbroken_cassette": FORMAT_VERSION,
            "redact": sorted(self.redaction.fields),
            "redact_headers": sorted(self.redaction.headers),
            "interactions": [{"request": i.request, "response": i.response} for i in self.interactions],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.dirty = False

    # -- matching ----------------------------------------------------------------------------------

    def _request_view(self, req: RecordedRequest) -> tuple[dict[str, Any], dict[str, str], list[str]]:
        """The request as stored: redacted body, kept headers (redacted), and the secrets scrubbed from it."""
        body = encode_body(req.body, req.header("content-type") or "application/json")
        if "json" in body:
            body["json"] = self.redaction.redact_json(body["json"])
        headers, secrets = self.redaction.redact_headers(req.headers, _DROP_REQUEST)
        return {"method": req.method, "path": req.path, "query": dict(req.query), **body}, headers, secrets

    def _fits(self, stored: Mapping[str, Any], view: Mapping[str, Any]) -> bool:
        for part in self.match_on:
            if part == "body":
                # A field named only at replay is hidden on the recorded side too.
                if self.redaction.redact_json(stored.get("json")) != view.get("json"):
                    return False
                if any(stored.get(k) != view.get(k) for k in ("text", "base64")):
                    return False
            elif stored.get(part, {} if part == "query" else None) != view.get(part):
                return False
        return True

    def find(self, req: RecordedRequest) -> Interaction | None:
        """The first interaction not yet played that matches ``req`` (marked played)."""
        view, _, secrets = self._request_view(req)
        view = scrub(view, secrets)  # as recording scrubbed it
        for interaction in self.interactions:
            if not interaction.played and self._fits(interaction.request, view):
                interaction.played = True
                return interaction
        return None

    def rewind(self) -> None:
        for interaction in self.interactions:
            interaction.played = False

    # -- recording ---------------------------------------------------------------------------------

    def record(
        self,
        req: RecordedRequest,
        status: int,
        headers: Mapping[str, str],
        *,
        chunks: list[tuple[float, bytes]] | None = None,
        body: bytes = b"",
        elapsed: float = 0.0,
    ) -> Interaction:
        """Add a redacted interaction: ``chunks`` (arrival time, bytes) for a streamed body, else ``body``."""
        view, request_headers, secrets = self._request_view(req)
        response_headers, more = self.redaction.redact_headers(headers, _DROP_RESPONSE)
        request = {**view, "headers": request_headers}
        response: dict[str, Any] = {
            "status": status,
            "headers": response_headers,
            "elapsed": round(elapsed, 4),
        }
        content_type = response_headers.get("content-type", "")
        if chunks is not None:
            response["chunks"] = [
                {"at": round(at, 4), **(encode_body(data, "") or {"text": ""})} for at, data in chunks
            ]
        else:
            stored = encode_body(body, content_type)
            if "json" in stored:
                stored["json"] = self.redaction.redact_json(stored["json"])
            response.update(stored)
        interaction = Interaction(scrub(request, secrets + more), scrub(response, secrets + more))
        self.interactions.append(interaction)
        self.dirty = True
        return interaction
