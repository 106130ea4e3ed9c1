"""Helpers for the batch runner tests: input files, the emulator's batch settings, what was submitted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from unbroken.testing import Emulator, RecordedRequest

MODEL = "claude-sonnet-4-5"


def params(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": MODEL, "max_tokens": 32, "messages": [{"role": "user", "content": text}], **extra}


def write_input(path: Path, count: int, prefix: str = "req") -> list[str]:
    ids = [f"{prefix}-{i}" for i in range(count)]
    with path.open("w") as file:
        for i, custom_id in enumerate(ids):
            file.write(json.dumps({"custom_id": custom_id, "params": params(f"hello {i}")}) + "\n")
    return ids


def read_output(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def submitted_ids(emulator: Emulator) -> Counter[str]:
    """How many times each custom id was sent in a batch create."""
    counts: Counter[str] = Counter()
    for req in emulator.requests:
        if req.method == "POST" and req.path == "/v1/messages/batches" and isinstance(req.json, dict):
            counts.update(item["custom_id"] for item in req.json["requests"])
    return counts


def creates(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.method == "POST" and r.path == "/v1/messages/batches"]


def another_batch_arrives(emulator: Emulator, custom_ids: list[str], text: str = "not yours") -> Any:
    """A `when` predicate that has someone else's batch created on the server as the request it is asked
    about arrives: a batch the runner cannot have seen before its own create was sent."""

    def arrives(req: RecordedRequest) -> bool:
        requests = [{"custom_id": custom_id, "params": params(text)} for custom_id in custom_ids]
        other = RecordedRequest("POST", "/v1/messages/batches", {}, {}, b"", {"requests": requests})
        emulator.app.store.message_batches.create(other, emulator.base_url)
        return True

    return arrives
