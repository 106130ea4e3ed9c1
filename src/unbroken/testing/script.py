"""Scripted replies: what the emulated model says next, for the requests they target.

Two families:

* **message replies** (``text``, ``tool_use``, ``thinking``, ``message``) replace the echo rule's content for
  a request that creates a message (``POST /v1/messages``, Bedrock ``invoke``, Vertex ``rawPredict``). The
  request is still authenticated and validated, and the answer is rendered as the request asks: a JSON
  ``Message``, or the stream events (one ``text_delta`` per word, ``input_json_delta`` chunks of 8
  characters) in the platform's framing. It is said exactly as scripted: ``max_tokens`` and stop sequences
  do not cut it. ``usage`` overrides the counted tokens; ``stop_reason`` defaults to ``tool_use`` when a
  ``tool_use`` block is present, else ``end_turn``.
* **response replies** (``raw``, ``events``) are sent as given, for any path they target (by default the
  message-creating ones), after authentication but without validation: a raw status/headers/body, or an
  explicit list of SSE events (dicts are sent as ``event: <type>`` + ``data: <json>``; ``str``/``bytes``
  verbatim).

Every constructor takes ``times`` (``None``: every matching request), ``headers`` (added to the response; one
HTTP cannot carry is a ``ValueError`` when the reply is built) and the targeting keywords of
``unbroken.testing.matching``. A reply never used fails the test at the ``emulator``
fixture's teardown unless it is ``optional``. When no reply matches, the deterministic rules of
``unbroken.testing.replies`` answer (the echo). Body faults apply to scripted streams like to any other.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Union

from typing_extensions import Unpack

from ._asgi import Response, check_header_value, check_headers, json_response
from .completions import Completion
from .matching import Match, Plan, Target, check_times, describe_call, short, split_target
from .replies import Answer, Block, Ids, count_input_tokens, signature_for
from .sse import SSECodec, Streamed, sse_event, token_weights

if TYPE_CHECKING:
    from .request_log import RecordedRequest

__all__ = ["Reply", "ReplyPlan"]

ReplyKind = Literal["text", "tool_use", "thinking", "message", "raw", "events"]
MESSAGE_KINDS: frozenset[str] = frozenset({"text", "tool_use", "thinking", "message"})
# The constructors, by name: what the control API and the command line accept as a reply's "kind".
CONSTRUCTORS: tuple[str, ...] = ("text", "tool_use", "thinking", "message", "raw", "events")

Body = Union[None, str, bytes, Mapping[str, Any], Sequence[Any]]
Event = Union[Mapping[str, Any], str, bytes]


class MessageOptions(Target, total=False):
    """What every message reply takes besides its content: ``stop_reason``, ``stop_sequence``, ``usage``
    (overrides the counted tokens), ``headers`` (added to the response), ``times``, and the targeting
    keywords."""

    stop_reason: str | None
    stop_sequence: str | None
    usage: Mapping[str, Any] | None
    headers: Mapping[str, str] | None
    times: int | None


def _check_str(name: str, value: Any, *, optional: bool = False) -> None:
    """A ``TypeError`` when the reply is built, not a ``str()`` of it served later (``Reply.text(123)``)."""
    if not isinstance(value, str) and not (optional and value is None):
        expected = "a str or None" if optional else "a str"
        raise TypeError(f"{name} must be {expected}, got {short(value)}")


def _block(value: Any) -> Mapping[str, Any]:
    if isinstance(value, str):
        return {"type": "text", "text": value}
    if not isinstance(value, Mapping) or not isinstance(value.get("type"), str):
        raise TypeError(f"a content block is a str or a dict with a 'type', got {value!r}")
    kind = value["type"]
    if kind == "tool_use" and not isinstance(value.get("name"), str):
        raise TypeError(f"a tool_use block needs a 'name', got {value!r}")
    if kind == "tool_use":
        _check_str("a tool_use block's 'id'", value.get("id"), optional=True)
        if not isinstance(value.get("input", {}), Mapping):
            raise TypeError(f"a tool's input is a dict, got {short(value.get('input'))}")
    elif kind == "text":
        _check_str("a text block's 'text'", value.get("text"))
    elif kind == "thinking":
        _check_str("a thinking block's 'thinking'", value.get("thinking"))
        _check_str("a thinking block's 'signature'", value.get("signature"), optional=True)
    return dict(value)


@dataclass(frozen=True)
class Reply:
    """One scripted answer; build it with the constructors below rather than directly."""

    kind: ReplyKind
    times: int | None = 1
    match: Match = field(default_factory=Match)
    optional: bool = False
    content: tuple[Mapping[str, Any], ...] = ()
    stop_reason: str | None = None
    stop_sequence: str | None = None
    usage: Mapping[str, Any] | None = None
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Body = None
    content_type: str | None = None
    sse_events: tuple[Event, ...] = ()

    def __post_init__(self) -> None:
        check_times(self.times)
        if isinstance(self.status, bool) or not isinstance(self.status, int):
            raise TypeError(f"status must be an int, got {short(self.status)}")
        _check_str("stop_reason", self.stop_reason, optional=True)
        _check_str("stop_sequence", self.stop_sequence, optional=True)
        if not 100 <= self.status <= 599:
            raise ValueError(f"not an HTTP status: {self.status}")
        check_headers(self.headers)
        if self.content_type is not None:
            check_header_value("content-type", self.content_type)

    # -- message replies ------------------------------------------------------------------------

    @classmethod
    def _message(cls, kind: ReplyKind, content: Sequence[Any], options: MessageOptions) -> Reply:
        usage = options.pop("usage", None)
        headers = options.pop("headers", None)
        stop_reason = options.pop("stop_reason", None)
        stop_sequence = options.pop("stop_sequence", None)
        times = options.pop("times", 1)
        match, optional = split_target(options)
        return cls(
            kind,
            times,
            match,
            optional,
            content=tuple(_block(b) for b in content),
            stop_reason=stop_reason,
            stop_sequence=stop_sequence,
            usage=dict(usage) if usage is not None else None,
            headers=dict(headers or {}),
        )

    @classmethod
    def text(cls, text: str, **options: Unpack[MessageOptions]) -> Reply:
        """The model answers ``text``."""
        _check_str("text", text)
        return cls._message("text", [{"type": "text", "text": text}], options)

    @classmethod
    def tool_use(
        cls,
        name: str,
        input: Mapping[str, Any],
        *,
        id: str | None = None,
        text: str | None = None,
        **options: Unpack[MessageOptions],
    ) -> Reply:
        """The model calls tool ``name`` with ``input`` (after saying ``text``, if given); ``id`` defaults
        to ``toolu_emu_<n>``; ``stop_reason`` to ``tool_use``."""
        _check_str("name", name)
        _check_str("text", text, optional=True)
        if not isinstance(input, Mapping):
            raise TypeError(f"a tool's input is a dict, got {input!r}")
        blocks: list[Mapping[str, Any]] = [] if text is None else [{"type": "text", "text": text}]
        blocks.append({"type": "tool_use", "id": id, "name": name, "input": dict(input)})
        return cls._message("tool_use", blocks, options)

    @classmethod
    def thinking(
        cls, thinking: str, text: str, *, signature: str | None = None, **options: Unpack[MessageOptions]
    ) -> Reply:
        """A ``thinking`` block (signed deterministically unless ``signature`` is given), then ``text``."""
        _check_str("thinking", thinking)
        _check_str("text", text)
        blocks = [
            {"type": "thinking", "thinking": thinking, "signature": signature or signature_for(thinking)},
            {"type": "text", "text": text},
        ]
        return cls._message("thinking", blocks, options)

    @classmethod
    def message(cls, content: Sequence[Mapping[str, Any] | str], **options: Unpack[MessageOptions]) -> Reply:
        """Any content, as the API spells it (a ``str`` is a text block); ``text``, ``thinking`` and
        ``tool_use`` blocks stream as deltas, other blocks arrive whole in their ``content_block_start``."""
        if isinstance(content, (str, Mapping)):
            raise TypeError("content is a list of blocks")
        return cls._message("message", content, options)

    # -- response replies -----------------------------------------------------------------------

    @classmethod
    def raw(
        cls,
        status: int = 200,
        body: Body = None,
        *,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
        times: int | None = 1,
        **target: Unpack[Target],
    ) -> Reply:
        """Send exactly this: a ``dict``/``list`` body as JSON, a ``str``/``bytes`` one as it is
        (``text/html`` when it looks like markup, else ``text/plain``, unless ``content_type`` says
        otherwise)."""
        match, optional = split_target(target)
        return cls(
            "raw",
            times,
            match,
            optional,
            status=status,
            body=body,
            headers=dict(headers or {}),
            content_type=content_type,
        )

    @classmethod
    def events(
        cls,
        events: Sequence[Event],
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        times: int | None = 1,
        **target: Unpack[Target],
    ) -> Reply:
        """Stream these SSE events, one chunk each: a ``dict`` as ``event: <its type>`` + ``data: <json>``,
        a ``str``/``bytes`` verbatim (``": comment\\n\\n"``, a broken line...)."""
        if isinstance(events, (str, bytes, Mapping)):
            raise TypeError("events is a list of events")
        for event in events:
            if isinstance(event, Mapping) and not isinstance(event.get("type"), str):
                raise TypeError(f"an event dict needs a 'type', got {event!r}")
            if not isinstance(event, (Mapping, str, bytes)):
                raise TypeError(f"an event is a dict, str or bytes, got {event!r}")
        match, optional = split_target(target)
        headers = dict(headers or {})
        return cls("events", times, match, optional, status=status, headers=headers, sse_events=tuple(events))

    # -- serving --------------------------------------------------------------------------------

    @property
    def is_message(self) -> bool:
        return self.kind in MESSAGE_KINDS

    def answer(self, body: Mapping[str, Any], ids: Ids, model: str | None = None) -> Answer:
        """The message for validated params (``model``: the one a platform path names, else the body's)."""
        blocks = []
        for block in self.content:
            kind = block["type"]
            if kind == "text":
                blocks.append(Block("text", text=str(block.get("text", ""))))
            elif kind == "thinking":
                thought = str(block.get("thinking", ""))
                blocks.append(Block("thinking", text=thought, signature=block.get("signature") or ""))
            elif kind == "tool_use":
                tool_id = block.get("id") or ids.next("toolu")
                blocks.append(Block("tool_use", id=tool_id, name=block["name"], input=block.get("input", {})))
            else:
                blocks.append(Block(kind, raw=block))
        called = any(b.type == "tool_use" for b in blocks)
        return Answer(
            id=ids.next("msg"),
            model=model or str(body.get("model")),
            blocks=blocks,
            stop_reason=self.stop_reason or ("tool_use" if called else "end_turn"),
            stop_sequence=self.stop_sequence,
            input_tokens=count_input_tokens(body),
            usage_override=self.usage,
        )

    def completion(self, body: Mapping[str, Any], ids: Ids) -> Completion:
        """The legacy text completion for validated ``/v1/complete`` params: the text of the reply's text
        blocks; ``stop_reason`` its own, else ``stop_sequence`` (where a completion ends by itself)."""
        text = "".join(str(b.get("text", "")) for b in self.content if b["type"] == "text")
        return Completion(ids.next("compl"), str(body["model"]), text, self.stop_reason or "stop_sequence")

    def response(self) -> Response | Streamed:
        """What a response reply (``raw``, ``events``) sends."""
        headers = dict(self.headers)
        if self.kind == "events":
            units = [
                sse_event(e) if isinstance(e, Mapping) else e.encode() if isinstance(e, str) else e
                for e in self.sse_events
            ]
            weights = token_weights([dict(e) if isinstance(e, Mapping) else {} for e in self.sse_events])
            headers = {"cache-control": "no-cache", **headers}
            return Streamed(units, SSECodec(), headers, weights, status=self.status)
        body = self.body
        if body is None:
            response = Response(self.status, b"")
        elif isinstance(body, (Mapping, list, tuple)):
            response = json_response(body, self.status)
        else:
            raw = body.encode() if isinstance(body, str) else bytes(body)  # type: ignore[arg-type]
            markup = raw.lstrip().startswith(b"<")
            kind = "text/html" if markup else "text/plain"
            response = Response(self.status, raw, f"{kind}; charset=utf-8")
        if self.content_type is not None:
            response.content_type = self.content_type
        response.headers.update(headers)
        return response

    def describe(self) -> str:
        """How reports name this reply: ``Reply.text('It is sunny', model='claude-*')``."""
        last = self.content[-1] if self.content else {}
        args: list[str]
        if self.kind == "text":
            args = [short(last.get("text"))]
        elif self.kind == "tool_use":
            args = [repr(last.get("name")), short(last.get("input"))]
        elif self.kind == "thinking":
            args = [short(self.content[0].get("thinking")), short(last.get("text"))]
        elif self.kind == "message":
            args = [f"[{', '.join(repr(b['type']) for b in self.content)}]"]
        elif self.kind == "raw":
            args = [str(self.status), *([] if self.body is None else [f"body={short(self.body)}"])]
        else:
            args = [f"[{len(self.sse_events)} events]"]
        return describe_call(f"Reply.{self.kind}", args, self.match, self.times, self.optional)


class ReplyPlan(Plan[Reply]):
    """The emulator's queue of scripted replies (``emulator.replies``): push them, the server takes them.

    A model says the same thing when asked the same thing again, so a continuation (the same conversation
    with the reply so far as an assistant prefill, as `resume_streams` sends after a drop) that no queued
    reply answers carries on the scripted reply its conversation last got; the prefill rule of
    ``unbroken.testing.replies`` then makes it say the rest. One ``Reply.text(...)`` and one
    ``Fault.drop_after(k)`` are a drop and its continuation.

    Likewise, a message reply a fault stopped before any of its content reached the client (a stream cut
    before its first content event, a ``drop_response``) is given back (``Plan.give_back``): the client's
    retry of that request gets it. A client that leaves by itself has used its reply."""

    item_type = Reply
    item_hint = (
        "emulator.replies.push() takes Reply objects (Reply.text('Hi'), Reply.tool_use(name, input), ...;"
        " faults go to emulator.faults.push())"
    )
    _REMEMBERED = 256  # conversations whose scripted message reply is kept for their continuations

    def __init__(self) -> None:
        super().__init__()
        self._said: dict[str, Reply] = {}

    def clear(self) -> None:
        super().clear()
        with self._lock:
            self._said.clear()

    def take_for(self, req: RecordedRequest, *, creates_message: bool) -> Reply | None:
        """The next reply for ``req``; message replies only answer requests that create a message."""
        reply = self.take(req, lambda reply: creates_message or not reply.is_message)
        if not creates_message or (reply is not None and not reply.is_message):
            return reply
        key = _conversation(req)
        with self._lock:
            if reply is not None:
                self._said.pop(key, None)
                self._said[key] = reply
                while len(self._said) > self._REMEMBERED:
                    del self._said[next(iter(self._said))]
            elif req.prefill is not None:
                reply = self._said.get(key)
        return reply


def _conversation(req: RecordedRequest) -> str:
    """What makes two requests the same question: path, model, system and the turns before a final
    assistant turn (the prefill, which a continuation extends)."""
    body = req.json if isinstance(req.json, Mapping) else {}
    messages = list(req.messages)
    if messages and isinstance(messages[-1], Mapping) and messages[-1].get("role") == "assistant":
        messages.pop()
    asked = [req.path, body.get("model"), body.get("system"), messages]
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()
