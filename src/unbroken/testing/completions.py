"""The legacy Text Completions API (``POST /v1/complete``): what the emulated model completes, and its stream.

The rules (the emulator's contract with tests, like those of ``unbroken.testing.replies``):

* **Echo.** The completion is ``" Echo: <text>"``, where ``<text>`` is the last ``Human:`` turn of the
  prompt, stripped (``RecordedRequest.user_text`` shows it); the leading space is the one a completion after
  ``Assistant:`` starts with. A scripted message reply completes with the text of its text blocks, exactly.
* **Stop sequences.** If one of ``stop_sequences`` occurs in the echo, it is cut before the earliest one.
* **max_tokens_to_sample.** The echo is cut to that many words (a token is a whitespace-separated word);
  ``stop_reason`` is then ``max_tokens``. Otherwise it is ``stop_sequence``: the model stopped at the
  ``"\\n\\nHuman:"`` it always stops at (a scripted reply's own ``stop_reason`` is kept when given).
* **Streaming.** A ``ping``, then one ``completion`` event per word (``stop_reason`` null), then a last one
  with an empty ``completion`` and the ``stop_reason``, as the API streams it. Each carries ``id``
  (``compl_emu_<n>``) and ``model``.

The request is validated as the API does (``validation.validate_complete``): the Messages API's rate limits
(``ratelimits.py``) do not apply to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .replies import Ids, pieces
from .request_log import last_human_text

__all__ = ["Completion", "build_completion", "completion_events"]


@dataclass
class Completion:
    """A completion the emulated model answers with, before it is rendered as JSON or as stream events."""

    id: str
    model: str
    text: str
    stop_reason: str | None

    def to_json(self, text: str | None = None, stop_reason: str | None = None) -> dict[str, Any]:
        """The ``Completion`` body (or, with ``text``/``stop_reason``, one stream event's)."""
        return {
            "type": "completion",
            "id": self.id,
            "completion": self.text if text is None else text,
            "stop_reason": self.stop_reason if text is None else stop_reason,
            "model": self.model,
        }


def build_completion(body: Mapping[str, Any], ids: Ids) -> Completion:
    """The default completion for validated ``/v1/complete`` params (the echo rule)."""
    user_text = last_human_text(body["prompt"])
    text = f" Echo: {user_text}" if user_text else " Echo: (no text)"
    stop_reason = "stop_sequence"
    stops = [s for s in body.get("stop_sequences") or [] if s]
    hits = [text.find(s) for s in stops if s in text]
    if hits:
        text = text[: min(hits)]
    words = pieces(text)
    if len(words) > body["max_tokens_to_sample"]:
        text, stop_reason = "".join(words[: body["max_tokens_to_sample"]]), "max_tokens"
    return Completion(ids.next("compl"), str(body["model"]), text, stop_reason)


def completion_events(completion: Completion) -> list[dict[str, Any]]:
    """The stream events of a completion, in the API's order."""
    events: list[dict[str, Any]] = [{"type": "ping"}]
    events.extend(completion.to_json(piece) for piece in pieces(completion.text))
    events.append(completion.to_json("", completion.stop_reason))
    return events
