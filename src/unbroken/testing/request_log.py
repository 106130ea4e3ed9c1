"""What the emulator received: each request as recorded (``RecordedRequest``) and the log of them.

A recorded request knows what tests and predicates ask about most (``model``, ``stream``, ``tool_names``,
``user_text``, ``prefill``) whichever API it came through: first-party JSON, Bedrock's or Vertex's paths. Each
also carries its ``outcome`` (status, what answered it, which faults struck), filled in as it is served; the
standalone emulator prints it and its control API returns it.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .matching import Match

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .matching import RequestMatch

__all__ = [
    "ASSISTANT",
    "HUMAN",
    "Outcome",
    "RecordedRequest",
    "RequestLog",
    "last_human_text",
    "last_user",
    "text_of",
]

# Bedrock: /model/{model}/invoke[-with-response-stream]; Vertex: .../models/{model}:(stream)RawPredict
_PATH_MODEL = re.compile(r"^/model/(?P<bedrock>[^/]+)/invoke|/models/(?P<vertex>[^/:]+):")
# The turns of a legacy Text Completions prompt.
HUMAN, ASSISTANT = "\n\nHuman:", "\n\nAssistant:"


def last_user(messages: Any) -> Mapping[str, Any]:
    """The last ``user`` turn of a messages list ({} when there is none)."""
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return message
    return {}


def text_of(content: Any, sep: str = " ") -> str:
    """A turn's text: its string content, or its ``text`` blocks joined by ``sep``."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return sep.join(
            b["text"]
            for b in content
            if isinstance(b, Mapping) and b.get("type") == "text" and isinstance(b.get("text"), str)
        )
    return ""


def last_human_text(prompt: str) -> str:
    """The text of a Text Completions prompt's last ``Human:`` turn, stripped (what its echo repeats); a
    leading ``Human:`` without its blank line counts, as the API accepts it."""
    if prompt.startswith(HUMAN.lstrip()):
        prompt = "\n\n" + prompt
    start = prompt.rfind(HUMAN)
    if start < 0:
        return ""
    turn = prompt[start + len(HUMAN) :]
    end = turn.find(ASSISTANT)
    return (turn if end < 0 else turn[:end]).strip()


@dataclass
class Outcome:
    """How a request was answered: the status sent (``None``: the connection was closed instead), what
    produced the answer (``echo``, a scripted reply, ``cassette``, ``upstream``...), the faults applied, and
    ``error``: the emulator's own failure while answering (then ``status`` is the 500 it sent instead, or
    ``None`` when it had to close the connection), ``None`` when it answered as planned."""

    status: int | None = None
    answered_by: str = ""
    faults: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the emulator received it; ``headers`` keys are lower-case, ``json`` the parsed body."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    outcome: Outcome = field(default_factory=Outcome, compare=False)

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    @property
    def _body(self) -> Mapping[str, Any]:
        return self.json if isinstance(self.json, Mapping) else {}

    @property
    def model(self) -> str | None:
        """The model asked for: the body's ``model``, else the one in a Bedrock or Vertex path."""
        model = self._body.get("model")
        if isinstance(model, str):
            return model
        found = _PATH_MODEL.search(self.path)
        return None if found is None else found.group("bedrock") or found.group("vertex")

    @property
    def stream(self) -> bool:
        """Whether a streamed answer was asked for (``"stream": true`` or a platform's streaming path)."""
        return (
            self._body.get("stream") is True
            or self.path.endswith("-with-response-stream")
            or self.path.endswith(":streamRawPredict")
        )

    @property
    def messages(self) -> list[Any]:
        messages = self._body.get("messages")
        return messages if isinstance(messages, list) else []

    @property
    def tool_names(self) -> list[str]:
        """The names of the tools the request offers."""
        tools = self._body.get("tools")
        return [t["name"] for t in tools or [] if isinstance(t, Mapping) and isinstance(t.get("name"), str)]

    @property
    def user_text(self) -> str:
        """The text of the last user turn (its ``text`` blocks joined by a space); for a Text Completion,
        that of its prompt's last ``Human:`` turn."""
        prompt = self._body.get("prompt")
        if isinstance(prompt, str) and "messages" not in self._body:
            return last_human_text(prompt)
        return text_of(last_user(self.messages).get("content"))

    @property
    def prefill(self) -> str | None:
        """The assistant prefill: the text of a final ``assistant`` turn, or ``None`` when the last turn is
        the user's (what a continuation after a dropped stream sends)."""
        messages = self.messages
        if not messages or not isinstance(messages[-1], Mapping) or messages[-1].get("role") != "assistant":
            return None
        return text_of(messages[-1].get("content"), sep="")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view (the control API's request log): the body as JSON, text or base64."""
        view: dict[str, Any] = {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "status": self.outcome.status,
            "answered_by": self.outcome.answered_by,
            "faults": self.outcome.faults,
            "error": self.outcome.error,
        }
        if self.json is not None:
            view["json"] = self.json
        elif self.body:
            try:
                view["text"] = self.body.decode()
            except UnicodeDecodeError:
                view["base64"] = base64.b64encode(self.body).decode()
        return view


class RequestLog(list[RecordedRequest]):
    """The requests an emulator received, in arrival order (a ``list``), with helpers for assertions."""

    def __init__(self, requests: Iterable[RecordedRequest] = ()) -> None:
        super().__init__(requests)

    @property
    def last(self) -> RecordedRequest:
        if not self:
            raise AssertionError("the emulator has received no request")
        return self[-1]

    def filter(self, **match: Unpack[RequestMatch]) -> RequestLog:
        """The requests that fit: ``path`` (a glob), ``method``, ``model`` (a glob), ``stream``, ``tool``
        (offered), ``prompt`` (in the last user text), ``when`` (a predicate)."""
        selector = Match.of(match)
        return RequestLog(r for r in self if selector.matches(r))

    @property
    def bodies(self) -> list[Any]:
        """The parsed JSON body of each request (``None`` where there is none)."""
        return [r.json for r in self]
