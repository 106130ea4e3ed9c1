"""Reading and checking the input file: JSON Lines of ``{"custom_id": ..., "params": {...}}``.

Everything is checked before anything is sent: each line is JSON with exactly those two fields, the custom id
matches the API's pattern and is unique in the file, the params look like a Messages request (required fields
and their types, no unknown or streaming fields), and each line fits in a batch. Problems name their line.

The file is read line by line and never held: what the runner keeps of a line is where it is (byte offset and
length), so a batch create body is produced later from the original bytes, unchanged, as it is sent
(``create_body``): a batch of 100,000 requests costs no more memory than one of 10. The SHA-256 of the whole
file is computed on the way, so a resumed job can tell that its input is still the same file.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .._json import loads_stripped
from .._request import StreamedBody

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_REQUESTS",
    "MAX_REQUEST_BYTES",
    "Entry",
    "InputError",
    "Problem",
    "StateError",
    "body_length",
    "create_body",
    "fingerprint",
    "scan",
]

MAX_BATCH_REQUESTS = 100_000
"""The API's limit on requests per batch."""
MAX_BATCH_BYTES = 256_000_000
"""The API's 256 MB limit on one batch's body, counted in decimal megabytes to stay on the safe side."""
MAX_REQUEST_BYTES = 32_000_000
"""One request line may not exceed the Messages API's 32 MB request limit."""

CUSTOM_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_LINE_KEYS = frozenset({"custom_id", "params"})
_REQUIRED = {"model": str, "max_tokens": int, "messages": list}
CREATE_PARAMS = frozenset(
    {
        *_REQUIRED,
        "metadata",
        "service_tier",
        "stop_sequences",
        "stream",
        "system",
        "temperature",
        "thinking",
        "tool_choice",
        "tools",
        "top_k",
        "top_p",
    }
)
"""The parameters of ``messages.create``."""
KNOWN_PARAMS = CREATE_PARAMS | {"container", "context_management", "mcp_servers", "output_format"}
"""What a request's params may hold: those and the newer (beta) ones; anything else is most likely a typo."""
_MAX_REPORTED = 20
_ROLES = ("user", "assistant")
_CONTENT_TYPES = (str, list)
_BOM = b"\xef\xbb\xbf"
_BODY_OPEN, _BODY_CLOSE = b'{"requests":[', b"]}"
_PIECE = 1 << 16  # bytes of a create body produced at a time


class Entry(NamedTuple):
    """One good input line: its 1-based number, custom id, and where its bytes are."""

    line: int
    custom_id: str
    offset: int
    length: int


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return self.message if self.line == 0 else f"line {self.line}: {self.message}"  # 0: the whole file


class StateError(Exception):
    """The state file cannot be used for this job (another input, another mode, not a state file), or the
    input changed under a running job."""


class InputError(ValueError):
    """The input has problems, so nothing was sent; ``problems`` lists the first ones with their lines."""

    def __init__(self, path: str | Path, problems: list[Problem], total: int) -> None:
        self.path = str(path)
        self.problems = problems
        self.total = total
        shown = "\n".join(f"  {p}" for p in problems)
        more = f"\n  ... and {total - len(problems)} more" if total > len(problems) else ""
        noun = "problem" if total == 1 else "problems"
        super().__init__(f"{self.path}: {total} {noun}, nothing was sent:\n{shown}{more}")


def params_problem(params: Any) -> str | None:
    """What is wrong with a request's params, or None: the checks a client can make without the server."""
    if _plainly_good(params):
        return None
    if not isinstance(params, Mapping):
        return "params must be a JSON object"
    for name, kind in _REQUIRED.items():
        if name not in params:
            return f"params.{name} is required"
        value = params[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            return f"params.{name} must be a {'string' if kind is str else kind.__name__}"
    if not params["model"]:
        return "params.model must not be empty"
    if params["max_tokens"] < 1:
        return "params.max_tokens must be at least 1"
    if not params["messages"]:
        return "params.messages must not be empty"
    for i, message in enumerate(params["messages"]):
        if not isinstance(message, Mapping) or message.get("role") not in ("user", "assistant"):
            return f"params.messages[{i}] must be an object with role 'user' or 'assistant'"
        if not isinstance(message.get("content"), (str, list)):
            return f"params.messages[{i}].content must be a string or a list of content blocks"
    if params.get("stream"):
        return "params.stream must not be true (batch and direct requests are not streamed)"
    unknown = params.keys() - KNOWN_PARAMS
    if unknown:
        return f"params has unknown field {min(unknown)!r}"
    return None


def _plainly_good(params: Any) -> bool:
    """The same checks for the common case, a good request as JSON decodes it, in fewer steps (they run
    for every line of an input of up to millions)."""
    if type(params) is not dict:
        return False
    model, max_tokens, messages = params.get("model"), params.get("max_tokens"), params.get("messages")
    if not (
        type(model) is str
        and model
        and type(max_tokens) is int
        and max_tokens >= 1
        and type(messages) is list
        and messages
        and not params.get("stream")
        and params.keys() <= KNOWN_PARAMS
    ):
        return False
    for message in messages:
        if type(message) is not dict or message.get("role") not in _ROLES:
            return False
        if type(message.get("content")) not in _CONTENT_TYPES:
            return False
    return True


def _line_problem(raw: bytes, max_request_bytes: int) -> tuple[str | None, str | None]:
    """(custom_id, problem) for one non-blank line."""
    if len(raw) > max_request_bytes:
        return None, f"the request is {len(raw)} bytes, more than the limit of {max_request_bytes}"
    try:
        item = loads_stripped(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError included
        return None, f"not valid JSON ({exc})"
    if not isinstance(item, dict):
        return None, 'expected a JSON object {"custom_id": ..., "params": {...}}'
    extra = item.keys() - _LINE_KEYS
    if extra:
        return None, f"unexpected field {min(extra)!r} (a line has only custom_id and params)"
    custom_id = item.get("custom_id")
    if not isinstance(custom_id, str) or not CUSTOM_ID.match(custom_id):
        return None, f"custom_id must be 1-64 characters of a-z, A-Z, 0-9, _ and -; got {custom_id!r}"
    if "params" not in item:
        return custom_id, "params is required"
    return custom_id, params_problem(item["params"])


def scan(path: Path, max_request_bytes: int = MAX_REQUEST_BYTES) -> Iterator[Entry | Problem]:
    """Each non-blank line of the file as an Entry, or a Problem (uniqueness is the caller's: it needs
    storage, and the caller has it)."""
    offset = 0
    with path.open("rb") as file:
        if file.read(len(_BOM)) == _BOM:  # an editor's byte order mark is not part of the first line
            offset = len(_BOM)
        else:
            file.seek(0)
        for number, raw in enumerate(file, start=1):
            stripped = raw.strip()
            if stripped:
                custom_id, problem = _line_problem(stripped, max_request_bytes)
                if problem is not None or custom_id is None:
                    yield Problem(number, problem or "custom_id is required")
                else:
                    start = offset + (len(raw) - len(raw.lstrip()))
                    yield Entry(number, custom_id, start, len(stripped))
            offset += len(raw)


def fingerprint(path: Path) -> tuple[int, str]:
    """(size, sha256) of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


class ProblemList:
    """Collects problems, keeping the first few for the report and counting the rest."""

    def __init__(self) -> None:
        self.shown: list[Problem] = []
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.shown) < _MAX_REPORTED:
            self.shown.append(problem)

    def raise_if_any(self, path: Path) -> None:
        if self.total:
            raise InputError(path, self.shown, self.total)


def body_length(line_bytes: int, count: int) -> int:
    """The size of a batch create body of ``count`` input lines totalling ``line_bytes``."""
    return len(_BODY_OPEN) + line_bytes + max(count - 1, 0) + len(_BODY_CLOSE)


def create_body(path: Path, offsets: array[int], lengths: array[int]) -> StreamedBody:
    """The body of a batch create, ``{"requests":[line,line,...]}``, produced from the input's own bytes in
    small pieces each time it is sent (from whichever thread sends it: it opens its own file)."""

    def produce() -> Iterator[bytes]:
        piece = bytearray(_BODY_OPEN)
        with path.open("rb") as file:
            for i, (offset, length) in enumerate(zip(offsets, lengths, strict=True)):
                if i:
                    piece += b","
                file.seek(offset)
                line = file.read(length)
                if len(line) != length:
                    raise StateError(f"{path} changed while the job was running (at byte {offset})")
                piece += line
                if len(piece) >= _PIECE:
                    yield bytes(piece)
                    piece.clear()
        piece += _BODY_CLOSE
        yield bytes(piece)

    return StreamedBody(body_length(sum(lengths), len(lengths)), produce)
