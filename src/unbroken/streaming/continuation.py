"""Continuing a message stream that broke after content arrived (the client's `resume_streams`), I/O-free.

When a stream fails after the caller has read part of the answer, the same request is sent again with that
part appended as an assistant prefill, and the new stream's events are rewritten so the caller's stream
simply goes on. Three pure pieces, which the stream (`_async_stream.py`) applies:

* `plan_continuation`: whether the stream can be continued, and with which request. Only when the block
  being written is text (a prefill cannot carry on a half-written `tool_use` input or server tool's block)
  and no block is a thinking block, when the request does not use extended thinking, after a failure worth
  continuing (`continues`) and within `max_continuations`. The prefill is a string when the answer is all
  text, else the blocks received (a server tool's call and result, then the text). The API rejects a
  prefill that ends in whitespace, so trailing whitespace is cut from it and remembered as `suffix`: the
  caller has already received it.
* `Stitcher`: rewrites the events of a body that carries on a stream. The new `message_start` is absorbed
  (its usage added, its `model` kept: after a fallback it is the model that answers); the first new text
  block is merged into the text block left open, with the `suffix` the caller already has taken off its
  start; the other blocks' indices follow the blocks received; each `message_delta` carries the usage of
  every attempt so far, summed (the counts it leaves out too), so the accumulated message and a raw reader
  agree.
* `add_usage`: one usage plus another, field by field.

The same `Stitcher` (with no prefill, as a `restart`) lets a stream whose `message_start` was read but which
broke before any content be retried (`resume_streams`), or moved to a fallback, without the caller seeing a
second `message_start`: the message then takes the new attempt's `id`, `model` and `usage`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pydantic

from .._exceptions import APIConnectionError, APIStatusError
from .._timeouts import is_deadline_breach
from .._values import replace

if TYPE_CHECKING:
    from .._request import RequestSpec

__all__ = ["Continuation", "Stitcher", "add_usage", "continues", "plan_continuation"]


def continues(error: BaseException) -> bool:
    """Whether a stream broken by `error` is worth continuing: a dropped or cut connection, a stream timeout,
    an in-stream `overloaded_error` or `api_error` (any 5xx); not a bad response, a client error or the
    call's own deadline."""
    if isinstance(error, APIConnectionError):
        return not is_deadline_breach(error)
    return isinstance(error, APIStatusError) and error.status_code >= 500


@dataclass(frozen=True)
class Continuation:
    """The request that continues a broken stream."""

    spec: RequestSpec
    """The call's request with the partial assistant turn as its prefill (a new idempotency key)."""
    prefill: str | None
    """The assistant text sent as the prefill (None: the answer so far was only whitespace)."""
    suffix: str
    """The trailing whitespace cut from the prefill, which the caller has already received."""


def plan_continuation(
    spec: RequestSpec, snapshot: Any, error: BaseException, *, done: int, limit: int
) -> Continuation | str:
    """The continuation of the stream of `spec` that broke with `error` once `snapshot` had arrived, after
    `done` continuations of at most `limit`; or, as a str, why there is none."""
    if done >= limit:
        return f"it was continued {done} time(s) already (max_continuations={limit})"
    if not continues(error):
        return f"{type(error).__name__} is not a failure a continuation repairs"
    body = _body(spec)
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "the request has no messages"
    thinking = body.get("thinking")
    if isinstance(thinking, Mapping) and thinking.get("type") not in (None, "disabled"):
        return "the request uses extended thinking, which a prefill cannot carry on"
    blocks = list(snapshot.content)
    for block in blocks:
        if block.type in _THINKING_BLOCKS:
            return f"the answer holds a {block.type} block, which a prefill cannot carry on"
    if not blocks or blocks[-1].type != "text":
        cut = blocks[-1].type if blocks else "no"
        return f"the answer broke off in a {cut} block, which a prefill cannot carry on"
    history = list(messages)
    own = None
    if _get(history[-1], "role") == "assistant":  # the caller's own prefill: the answer continues it
        own = _get(history.pop(), "content")
    content, prefill, suffix = _prefill(own, blocks)
    if content:
        history.append({"role": "assistant", "content": content})
    continued = replace(
        spec,
        json_data={**body, "messages": history},
        extra_json=None,
        idempotency_key=None,
        content=None,
    )
    return Continuation(continued, prefill or None, suffix)


_THINKING_BLOCKS = frozenset({"thinking", "redacted_thinking"})


def _prefill(own: Any, blocks: list[Any]) -> tuple[str | list[Any], str, str]:
    """The final assistant turn that continues the answer: the caller's own prefill (`own`, if any), then
    the answer's `blocks`, trailing whitespace cut. Returns that content (a str when all of it is text,
    else blocks), its text, and the whitespace cut."""
    own_text = "" if own is None else _text_of(own)
    if own_text is not None and all(block.type == "text" for block in blocks):
        answered = own_text + "".join(block.text for block in blocks)
        prefill = answered.rstrip()
        return prefill, prefill, answered[len(prefill) :]
    # complete blocks of other kinds (a server tool's call and result) before the text being written
    parts: list[Any] = [*_as_blocks(own), *(_param(block) for block in blocks)]
    suffix = ""
    while parts and isinstance(parts[-1], dict) and parts[-1].get("type") == "text":
        text = parts[-1]["text"]
        kept = text.rstrip()
        suffix = text[len(kept) :] + suffix
        if kept:
            parts[-1] = {**parts[-1], "text": kept}
            break
        parts.pop()
    prefill = "".join(_get(part, "text") for part in parts if _get(part, "type") == "text")
    return parts, prefill, suffix


def _as_blocks(content: Any) -> list[Any]:
    if content is None or content == "":
        return []
    return [{"type": "text", "text": content}] if isinstance(content, str) else list(content)


def _param(block: Any) -> Any:
    """A received block as a request's content block (a text block without its citations)."""
    if block.type == "text":
        return {"type": "text", "text": block.text}
    return block.to_dict(exclude_none=True)


def _body(spec: RequestSpec) -> dict[str, Any]:
    """The JSON body as it is sent (`extra_body` merged over the parameters)."""
    body: dict[str, Any] = dict(spec.json_data) if isinstance(spec.json_data, Mapping) else {}
    if spec.extra_json:
        body.update(spec.extra_json)
    return body


def _get(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)


def _text_of(content: Any) -> str | None:
    """The text of a message's content (a str, or text blocks); None when it holds anything else."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return None
    parts = []
    for block in content:
        if _get(block, "type") != "text" or not isinstance(_get(block, "text"), str):
            return None
        parts.append(_get(block, "text"))
    return "".join(parts)


def add_usage(base: Any, more: Any, *, present_only: bool = False) -> Any:
    """`more` (a usage model) with the counts of `base` added, field by field (nested counts too); other
    values are `more`'s. A field `more` lacks takes `base`'s, unless `present_only` (a `message_delta`'s
    usage, whose missing fields mean "unchanged")."""
    updates: dict[str, Any] = {}
    names = [*type(more).model_fields, *(more.model_extra or {})]
    for name in names:
        value = getattr(more, name, None)
        prior = getattr(base, name, None)
        if value is None:
            if not present_only and prior is not None:
                updates[name] = prior
        elif _is_count(value) and _is_count(prior):
            updates[name] = prior + value
        elif isinstance(value, pydantic.BaseModel) and isinstance(prior, pydantic.BaseModel):
            updates[name] = add_usage(prior, value)
    return more.model_copy(update=updates)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Stitcher:
    """Rewrites the events of a body that carries on a stream the caller has been reading (see the module
    docstring). Called with each event before it is accumulated; returns what the caller's stream yields in
    its place (none, it, or a `content_block_stop` for the block left open and then it). A `restart` (the
    stream broke before any content: retried or moved to a fallback) replaces the message's `id`, `model`
    and `usage` with the new attempt's instead of adding to them: nothing of the earlier attempt is kept."""

    def __init__(
        self,
        snapshot: Any,
        *,
        open_block: int | None,
        suffix: str = "",
        make_event: Callable[[dict[str, Any]], Any],
        restart: bool = False,
    ) -> None:
        self._snapshot = snapshot
        # every earlier attempt's usage; none after a restart (no earlier attempt's content is kept)
        self._base = None if restart else snapshot.usage.model_copy(deep=True)
        content = snapshot.content
        self._offset = len(content)
        self._open = open_block
        self._pending = suffix
        self._make_event = make_event
        self._shift: int | None = None  # what the new indices gain; set by the first new block
        self._first_text = False  # whether the first new block is text (its start is trimmed)

    def __call__(self, event: Any) -> list[Any]:
        kind = event.type
        if kind == "content_block_delta":
            return self._delta(event)
        if kind == "message_start":
            self._absorb(event.message)
            return []
        if kind == "content_block_start":
            return self._block_start(event)
        if kind == "content_block_stop":
            event.index += self._shift_for(event.index)
        elif kind == "message_delta":
            event.usage = self._summed(event.usage)
        return [event]

    def _summed(self, usage: Any) -> Any:
        """A `message_delta`'s usage as the sum over every attempt: its counts added to the earlier
        attempts', and the counts it leaves out (the input tokens, usually) those of the message so far, so a
        raw reader that accumulates by itself gets the same totals."""
        summed = usage if self._base is None else add_usage(self._base, usage, present_only=True)
        so_far = self._snapshot.usage
        missing = {
            name: getattr(so_far, name)
            for name in type(summed).model_fields
            if getattr(summed, name) is None and getattr(so_far, name, None) is not None
        }
        return summed.model_copy(update=missing) if missing else summed

    def _absorb(self, message: Any) -> None:
        snapshot = self._snapshot
        snapshot.model = message.model  # the model that answers from now on
        if self._base is None:  # a restart: the message is the new attempt's
            snapshot.id = message.id
            snapshot.usage = message.usage.model_copy(deep=True)
        else:
            snapshot.usage = add_usage(self._base, message.usage)

    def _block_start(self, event: Any) -> list[Any]:
        if self._shift is None and event.index == 0:
            self._first_text = event.content_block.type == "text"
            if self._open is not None and self._first_text:
                self._shift = self._open  # the first new block continues the one left open
                initial = event.content_block.text
                if not initial:
                    return []
                delta = {"type": "text_delta", "text": initial}
                return self._delta(
                    self._make_event({"type": "content_block_delta", "index": 0, "delta": delta})
                )
            self._shift = self._offset
            if self._open is not None:  # the new answer starts otherwise: the open block is over
                closed = self._make_event({"type": "content_block_stop", "index": self._open})
                event.index += self._shift
                return [closed, event]
        event.index += self._shift_for(event.index)
        return [event]

    def _shift_for(self, index: int) -> int:
        if self._shift is None:
            self._shift = self._offset
        return self._shift

    def _delta(self, event: Any) -> list[Any]:
        index = event.index
        event.index = index + self._shift_for(index)
        if index == 0 and self._pending and self._first_text and event.delta.type == "text_delta":
            text = event.delta.text
            pending = self._pending
            same = 0
            while same < min(len(text), len(pending)) and text[same] == pending[same]:
                same += 1
            if same == len(text):  # all of it was received already (and more may follow)
                self._pending = pending[same:]
                return []
            self._pending = ""
            event.delta.text = text[same:]
        return [event]
