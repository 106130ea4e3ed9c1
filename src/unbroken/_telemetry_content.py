"""The message content a span records, kept within `traces.max_content_bytes` (the official SDK 2.x's option;
the same default, 750,000 bytes of UTF-8).

Without a bound, a long conversation or a large document makes span attributes of any size, which exporters
refuse whole (OTLP over gRPC stops at 4 MiB by default) or backends cut anywhere. The conventions say what the
attributes hold, not how to bound them, so this is written here.

What gives way, in this order: whole parts from the start of the system instructions, then of the input
messages (oldest first), then of the output; a message left without parts goes, and so does an attribute
left empty. When one part is left and is still too big, a text or reasoning part keeps the start of its
content that fits, and any other part goes. A span that lost content says `anthropic.content.truncated`
(the official SDK's attribute).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DEFAULT_MAX_CONTENT_BYTES", "TRUNCATED", "fit_content"]

DEFAULT_MAX_CONTENT_BYTES = 750_000
TRUNCATED = "anthropic.content.truncated"
SYSTEM = "gen_ai.system_instructions"
# In the order in which they lose their parts.
ORDER = (SYSTEM, "gen_ai.input.messages", "gen_ai.output.messages")
_SEP = 2  # ", " between the items of a list, as json.dumps writes it
_CUTTABLE = ("text", "reasoning")


def dumps(value: object) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def utf8_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


@dataclass
class _Group:
    """The parts of one message (or the system instructions), the JSON of each made once."""

    attribute: str
    head: str | None  # the message's JSON up to its parts' "[", None for the system instructions' list
    parts: list[Any]
    texts: list[str]
    start: int = 0  # parts before it are gone
    sizes: list[int] = field(default_factory=list)

    def json(self) -> str:
        inner = "[" + ", ".join(self.texts[self.start :]) + "]"
        return inner if self.head is None else self.head + inner + "}"


def fit_content(attributes: Mapping[str, list[Any]], limit: int) -> tuple[dict[str, str], bool]:
    """Each content attribute as JSON, all of them within `limit` bytes of UTF-8 in total (see the module
    docstring), and whether any content was left out. `attributes` maps the attribute names of `ORDER` to
    the system instructions' parts, or to messages (``role``, ``parts``, maybe ``finish_reason``)."""
    whole = {name: dumps(value) for name, value in attributes.items()}
    if sum(map(utf8_size, whole.values())) <= limit:
        return whole, False
    groups = _groups(attributes)
    total = sum(map(utf8_size, whole.values()))
    alive = {name: sum(1 for g in groups if g.attribute == name) for name in attributes}
    flat = [(g, i) for g in groups for i in range(len(g.parts))]
    if not flat:  # empty lists and messages only: nothing worth keeping
        return {}, True
    # Whole parts go from the start while the rest is too big, one part at least kept.
    for group, index in flat[:-1]:
        if total <= limit:
            break
        group.start = index + 1
        left = len(group.parts) - group.start
        total -= group.sizes[index] + (_SEP if left else 0)
        if left == 0:
            total -= _gone(group, alive)
    if total > limit:
        group, index = flat[-1]
        room = limit - (total - group.sizes[index])
        kept = _cut(group.parts[index], room)
        if kept is None:
            group.start = index + 1
        else:
            group.texts[index] = kept
    values: dict[str, str] = {}
    for name in attributes:
        members = [g for g in groups if g.attribute == name and g.start < len(g.parts)]
        if not members:
            continue
        values[name] = (
            members[0].json() if name == SYSTEM else "[" + ", ".join(g.json() for g in members) + "]"
        )
    return values, True


def _groups(attributes: Mapping[str, list[Any]]) -> list[_Group]:
    groups: list[_Group] = []
    for name in ORDER:
        value = attributes.get(name)
        if value is None:
            continue
        if name == SYSTEM:
            groups.append(_Group(name, None, list(value), [dumps(part) for part in value]))
            continue
        for message in value:
            parts = list(message.get("parts") or ())
            rest = {key: item for key, item in message.items() if key != "parts"}
            head = dumps({**rest, "parts": []})[: -len("[]}")]  # the parts last, so that they can be cut off
            groups.append(_Group(name, head, parts, [dumps(part) for part in parts]))
    for group in groups:
        group.sizes = [utf8_size(text) for text in group.texts]
    return [group for group in groups if group.parts]


def _gone(group: _Group, alive: dict[str, int]) -> int:
    """The bytes that go besides its last part when `group` loses it: the message around it (and its
    separator), and the attribute's brackets when it was the attribute's last."""
    alive[group.attribute] -= 1
    left = alive[group.attribute]
    freed = 0 if group.head is None else utf8_size(group.head) + len("[]}") + (_SEP if left else 0)
    return freed + (len("[]") if left == 0 else 0)


def _cut(part: Any, room: int) -> str | None:
    """The JSON of `part` with the longest start of its content that fits in `room` bytes, or None."""
    if not isinstance(part, Mapping) or part.get("type") not in _CUTTABLE:
        return None
    content = part.get("content")
    if not isinstance(content, str):
        return None
    low, high = 0, len(content)  # the longest prefix length whose JSON fits, by bisection
    if utf8_size(dumps({**part, "content": ""})) > room:
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if utf8_size(dumps({**part, "content": content[:middle]})) <= room:
            low = middle
        else:
            high = middle - 1
    return dumps({**part, "content": content[:low]})
