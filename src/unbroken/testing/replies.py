"""Deterministic replies: what the emulated model "says" when no scripted reply answers, and token costs.

The rules (they are the emulator's contract with tests, keep them stable):

* **Token counting.** A token is a whitespace-separated word. ``input_tokens`` counts the words of the
  ``system`` prompt, of every string in the messages (``str`` contents, ``text`` and ``thinking`` blocks,
  ``tool_result`` contents), of the JSON text (``json.dumps`` defaults) of every ``tool_use`` input and of
  every tool definition; never less than 1. ``output_tokens`` counts the words of the reply's thinking and
  text, plus the words of each ``tool_use`` block's JSON input text; never less than 1. ``count_tokens`` uses
  the same rule.
* **Echo.** The reply is ``"Echo: <text>"``, where ``<text>`` is the text of the last ``user`` turn (its
  string content, or its ``text`` blocks joined by a space).
* **Prefill.** When the last turn is the assistant's (a prefill), its text is that turn's string content or
  its ``text`` blocks joined with nothing between them (however the client split it, as
  ``RecordedRequest.prefill`` shows it). When the reply's leading blocks are text and their texts, joined
  the same way, start with the prefill's text, the model carries on its own turn: the leading blocks the
  prefill covers whole are not said again, the block in which it ends says only what follows, and the
  blocks after it follow unchanged. A prefill that ends exactly where a block ends covers that block whole
  (the answer goes on with the next block), unless no block follows: then that last block is said with no
  text, as a model with nothing to add still ends its block. So a stream continued after a drop, even in a
  later block of a multi-block reply, gets the rest of the same answer, each text once. Any other prefill
  (one that differs from the reply's text, or reaches past its leading text blocks) is ignored. This
  applies to scripted message replies too. (A prefill that ends in whitespace is a 400, as from the API.)
* **Tool results.** When the last user turn contains ``tool_result`` blocks, the reply is
  ``"Tool results: <c1>; <c2>"`` with each result's text content (prefixed ``error: `` when ``is_error``).
* **Tool use.** When the request offers ``tools`` and the last user text contains
  ``call <tool_name> <json-object>`` naming an offered tool, the reply is a text block
  ``"Calling <tool_name>."`` followed by a ``tool_use`` block (id ``toolu_emu_<n>``, that name, that object as
  input) and the stop reason is ``tool_use``. ``tool_choice`` is not consulted.
* **Structured output.** With ``output_format: {"type": "json_schema", "schema": ...}`` (and no tool call or
  tool results) the text is a JSON instance of the schema instead of the echo: objects get every property,
  strings are the user text (or the first ``enum``/``const``), numbers their ``minimum`` or 0, booleans
  ``true``, arrays ``max(1, minItems)`` items, unions their first non-null branch, ``$ref`` is followed.
* **Thinking.** With ``thinking: {"type": "enabled", ...}`` a ``thinking`` block
  ``"Thinking about: <text>"`` with a deterministic signature comes first.
* **Stop sequences.** If a stop sequence occurs in the reply text, the text is cut before its earliest
  occurrence, ``stop_reason`` is ``stop_sequence`` and ``stop_sequence`` names it.
* **max_tokens.** Output is cut to ``max_tokens`` words across blocks in order (a ``tool_use`` block that does
  not fit whole is dropped); then ``stop_reason`` is ``max_tokens``. Otherwise it is ``end_turn``.

Streaming splits text and thinking into one delta per word and tool input JSON into 8-character
``input_json_delta`` chunks (after the API's customary empty first chunk). Scripted replies
(``unbroken.testing.script``) build the same ``Answer`` and stream the same way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .request_log import last_user, text_of

__all__ = [
    "Answer",
    "Block",
    "Compose",
    "Ids",
    "build_reply",
    "continue_prefill",
    "count_input_tokens",
    "message_events",
    "signature_for",
]

JSON_CHUNK = 8
_WORD = re.compile(r"\s*\S+")
_CALL = re.compile(r"\bcall\s+([A-Za-z0-9_\-]+)\s+(?=\{)")


class Ids:
    """Per-emulator counters behind every generated id (``msg_emu_1``, ``req_emu_2``, ...)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        return f"{prefix}_emu_{self.tick(prefix)}"

    def tick(self, name: str) -> int:
        with self._lock:
            value = self._counts.get(name, 0) + 1
            self._counts[name] = value
            return value

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


def signature_for(thought: str) -> str:
    """The deterministic signature of a thinking block."""
    return base64.b64encode(hashlib.sha256(thought.encode()).digest()).decode()


def words(text: str) -> int:
    return len(text.split())


def pieces(text: str) -> list[str]:
    """Split text into word-sized pieces that concatenate back to it (leading spaces kept)."""
    parts = _WORD.findall(text)
    if not parts:
        return [text] if text else []
    tail = text[sum(len(p) for p in parts) :]
    parts[-1] += tail
    return parts


def json_text(value: Any) -> str:
    """The JSON text that tool inputs and definitions are counted (and streamed) as."""
    return json.dumps(value, ensure_ascii=False)


def _strings_in_content(content: Any) -> Iterable[str]:
    if isinstance(content, str):
        yield content
        return
    if not isinstance(content, list):
        return
    for block in content:
        if not isinstance(block, Mapping):
            continue
        kind = block.get("type")
        if kind == "text" and isinstance(block.get("text"), str):
            yield block["text"]
        elif kind == "thinking" and isinstance(block.get("thinking"), str):
            yield block["thinking"]
        elif kind == "tool_use":
            yield json_text(block.get("input", {}))
        elif kind == "tool_result":
            yield from _strings_in_content(block.get("content", ""))


def count_input_tokens(body: Mapping[str, Any]) -> int:
    """The documented input rule: words of system, message strings, tool inputs and tool definitions."""
    total = sum(words(s) for s in _strings_in_content(body.get("system", "")))
    for message in body.get("messages") or []:
        if isinstance(message, Mapping):
            total += sum(words(s) for s in _strings_in_content(message.get("content")))
    for tool in body.get("tools") or []:
        total += words(json_text(tool))
    return max(1, total)


@dataclass
class Block:
    """One reply content block, with the pieces its stream deltas will carry.

    ``text``, ``thinking`` and ``tool_use`` blocks stream as deltas; any other block (``raw``, as the API
    spells it) arrives whole in its ``content_block_start``.
    """

    type: str
    text: str = ""
    signature: str = ""
    id: str = ""
    name: str = ""
    input: Any = None
    raw: Mapping[str, Any] | None = None

    @property
    def tokens(self) -> int:
        if self.raw is not None:
            return words(json_text(self.raw))
        return max(1, words(json_text(self.input))) if self.type == "tool_use" else words(self.text)

    def to_json(self) -> dict[str, Any]:
        if self.raw is not None:
            return dict(self.raw)
        if self.type == "text":  # the OpenAPI description requires `citations` (null when there are none)
            return {"type": "text", "text": self.text, "citations": None}
        if self.type == "thinking":
            return {"type": "thinking", "thinking": self.text, "signature": self.signature}
        return {"type": "tool_use", "id": self.id, "name": self.name, "input": self.input}


@dataclass
class Answer:
    """The message the emulated model answers with, before it is rendered as JSON or as stream events."""

    id: str
    model: str
    blocks: list[Block]
    stop_reason: str
    stop_sequence: str | None
    input_tokens: int
    usage_override: Mapping[str, Any] | None = None

    @property
    def output_tokens(self) -> int:
        override = (self.usage_override or {}).get("output_tokens")
        return override if isinstance(override, int) else max(1, sum(b.tokens for b in self.blocks))

    def usage(self) -> dict[str, Any]:
        return {
            "input_tokens": self.input_tokens,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": self.output_tokens,
            "service_tier": "standard",
            **(self.usage_override or {}),
        }

    def to_json(self) -> dict[str, Any]:
        """The non-streaming ``Message`` body."""
        return {
            "id": self.id,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [b.to_json() for b in self.blocks],
            "stop_reason": self.stop_reason,
            "stop_sequence": self.stop_sequence,
            "usage": self.usage(),
        }


def _tool_results(content: Any) -> list[str]:
    if not isinstance(content, list):
        return []
    results = []
    for block in content:
        if isinstance(block, Mapping) and block.get("type") == "tool_result":
            text = " ".join(_strings_in_content(block.get("content", "")))
            results.append(f"error: {text}" if block.get("is_error") else text)
    return results


def _tool_call(text: str, tools: Any) -> tuple[str, Any] | None:
    """Find ``call <name> {json}`` naming an offered tool; the first one that parses wins."""
    offered = {t.get("name") for t in tools or [] if isinstance(t, Mapping)}
    for match in _CALL.finditer(text):
        name = match.group(1)
        if name not in offered:
            continue
        try:
            value, _ = json.JSONDecoder().raw_decode(text, match.end())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return name, value
    return None


def sample_instance(schema: Any, text: str, defs: Mapping[str, Any] | None = None, depth: int = 0) -> Any:
    """A deterministic instance of a JSON schema (the structured-output rule in the module docstring)."""
    if not isinstance(schema, Mapping) or depth > 8:
        return None
    defs = {**(defs or {}), **schema.get("$defs", {}), **schema.get("definitions", {})}
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return sample_instance(defs.get(ref.rsplit("/", 1)[-1]), text, defs, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for union in ("anyOf", "oneOf", "allOf"):
        branches = [
            b for b in schema.get(union) or [] if not (isinstance(b, Mapping) and b.get("type") == "null")
        ]
        if branches:
            return sample_instance(branches[0], text, defs, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and "properties" in schema):
        properties = schema.get("properties") or {}
        return {name: sample_instance(sub, text, defs, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        count = max(1, int(schema.get("minItems", 0)))
        return [sample_instance(schema.get("items", {}), text, defs, depth + 1) for _ in range(count)]
    if kind == "string":
        return text
    if kind in ("integer", "number"):
        minimum = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        return int(minimum) if kind == "integer" else minimum
    if kind == "boolean":
        return True
    return None


def _json_schema(body: Mapping[str, Any]) -> Any:
    output_format = body.get("output_format")
    if isinstance(output_format, Mapping) and output_format.get("type") == "json_schema":
        return output_format.get("schema")
    return None


# Builds the answer for validated params, given the model a platform path names (``None``: the body's).
Compose = Callable[[Mapping[str, Any], "str | None"], Answer]


def continue_prefill(answer: Answer, body: Mapping[str, Any]) -> Answer:
    """The prefill rule (module docstring): the leading text blocks the assistant prefill covers whole are
    dropped, the one it ends in says only what follows it; a prefill that is not the reply's start is
    ignored."""
    messages = body.get("messages") or []
    last = messages[-1] if messages else None
    if not isinstance(last, Mapping) or last.get("role") != "assistant":
        return answer
    rest = text_of(last.get("content"), sep="")
    blocks = answer.blocks
    for index, block in enumerate(blocks):
        if not rest:
            del blocks[:index]  # it ended where this block starts
            break
        text = block.text
        if (
            block.type != "text"
            or block.raw is not None
            or not (text.startswith(rest) or rest.startswith(text))
        ):
            break  # not the start of this reply's text
        if len(rest) < len(text) or index == len(blocks) - 1:
            if len(rest) <= len(text):  # it ends in this block (the last one may be left with nothing to say)
                block.text = text[len(rest) :]
                del blocks[:index]
            break
        rest = rest[len(text) :]
    return answer


def build_reply(body: Mapping[str, Any], ids: Ids, *, model: str | None = None) -> Answer:
    """Build the reply for validated ``/v1/messages`` params, following the module's rules."""
    messages = list(body.get("messages") or [])
    last = last_user(messages)
    user_text = text_of(last.get("content"))
    blocks: list[Block] = []

    thinking = body.get("thinking")
    if isinstance(thinking, Mapping) and thinking.get("type") == "enabled":
        thought = f"Thinking about: {user_text}".rstrip()
        blocks.append(Block("thinking", text=thought, signature=signature_for(thought)))

    results = _tool_results(last.get("content"))
    call = None if results else _tool_call(user_text, body.get("tools"))
    schema = _json_schema(body)
    if results:
        blocks.append(Block("text", text="Tool results: " + "; ".join(results)))
    elif call is not None:
        blocks.append(Block("text", text=f"Calling {call[0]}."))
        blocks.append(Block("tool_use", id=ids.next("toolu"), name=call[0], input=call[1]))
    elif schema is not None:
        blocks.append(Block("text", text=json.dumps(sample_instance(schema, user_text))))
    else:
        blocks.append(Block("text", text=f"Echo: {user_text}" if user_text else "Echo: (no text)"))

    stop_reason, stop_sequence = ("tool_use" if call is not None else "end_turn"), None
    stops = [s for s in body.get("stop_sequences") or [] if isinstance(s, str) and s]
    for block in blocks:
        if block.type != "text":
            continue
        hits = [(block.text.find(s), s) for s in stops if s in block.text]
        if hits:
            position, stop_sequence = min(hits)
            block.text = block.text[:position]
            stop_reason = "stop_sequence"
            blocks = blocks[: blocks.index(block) + 1]
            break

    budget = int(body.get("max_tokens") or 0) or 1 << 30
    kept: list[Block] = []
    for block in blocks:
        if block.tokens <= budget:
            kept.append(block)
            budget -= block.tokens
            continue
        if block.type != "tool_use" and budget > 0:
            block.text = "".join(pieces(block.text)[:budget])
            kept.append(block)
        stop_reason, stop_sequence = "max_tokens", None
        break

    return Answer(
        id=ids.next("msg"),
        model=model if model is not None else str(body.get("model")),
        blocks=kept,
        stop_reason=stop_reason,
        stop_sequence=stop_sequence,
        input_tokens=count_input_tokens(body),
    )


def _block_deltas(block: Block) -> list[dict[str, Any]]:
    if block.raw is not None:
        return []
    if block.type == "text":
        return [{"type": "text_delta", "text": p} for p in pieces(block.text)]
    if block.type == "thinking":
        deltas = [{"type": "thinking_delta", "thinking": p} for p in pieces(block.text)]
        return [*deltas, {"type": "signature_delta", "signature": block.signature}]
    raw = json_text(block.input)
    chunks = [raw[i : i + JSON_CHUNK] for i in range(0, len(raw), JSON_CHUNK)]
    return [{"type": "input_json_delta", "partial_json": c} for c in ["", *chunks]]


def _block_start(block: Block) -> dict[str, Any]:
    if block.raw is not None:
        return dict(block.raw)
    if block.type == "text":
        return {"type": "text", "text": "", "citations": None}
    if block.type == "thinking":
        return {"type": "thinking", "thinking": "", "signature": ""}
    return {"type": "tool_use", "id": block.id, "name": block.name, "input": {}}


def message_events(reply: Answer, *, ping: bool = True) -> list[dict[str, Any]]:
    """The stream events for a reply, in the API's order (``ping`` right after ``message_start``)."""
    start = reply.to_json()
    start.update(content=[], stop_reason=None, stop_sequence=None)
    start["usage"] = {**reply.usage(), "output_tokens": 1}
    events: list[dict[str, Any]] = [{"type": "message_start", "message": start}]
    if ping:
        events.append({"type": "ping"})
    for index, block in enumerate(reply.blocks):
        events.append({"type": "content_block_start", "index": index, "content_block": _block_start(block)})
        events.extend(
            {"type": "content_block_delta", "index": index, "delta": d} for d in _block_deltas(block)
        )
        events.append({"type": "content_block_stop", "index": index})
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": reply.stop_reason, "stop_sequence": reply.stop_sequence},
            "usage": {"output_tokens": reply.output_tokens},
        }
    )
    events.append({"type": "message_stop"})
    return events
