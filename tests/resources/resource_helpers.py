"""Builders shared by the resource tests (a uniquely named module: test dirs have no __init__)."""

from __future__ import annotations

from typing import Any

import httpx

MODEL_IDS = [
    "claude-haiku-4-5-20251001",
    "claude-sonnet-4-5-20250929",
    "claude-opus-4-1-20250805",
    "claude-opus-4-20250514",
    "claude-sonnet-4-20250514",
    "claude-3-7-sonnet-20250219",
    "claude-3-5-haiku-20241022",
    "claude-3-haiku-20240307",
]


def batch_request(custom_id: str, text: str = "hello") -> dict[str, Any]:
    return {
        "custom_id": custom_id,
        "params": {
            "model": "claude-sonnet-4-5",
            "max_tokens": 32,
            "messages": [{"role": "user", "content": text}],
        },
    }


def model_json(model_id: str) -> dict[str, Any]:
    return {"type": "model", "id": model_id, "display_name": model_id, "created_at": "2025-01-01T00:00:00Z"}


def batch_json(batch_id: str = "msgbatch_1", *, results_url: str | None = None) -> dict[str, Any]:
    return {
        "id": batch_id,
        "type": "message_batch",
        "processing_status": "ended" if results_url else "in_progress",
        "request_counts": {"processing": 0, "succeeded": 1, "errored": 0, "canceled": 0, "expired": 0},
        "created_at": "2025-01-01T00:00:00Z",
        "expires_at": "2025-01-02T00:00:00Z",
        "results_url": results_url,
    }


def file_json(file_id: str = "file_1", filename: str = "a.txt") -> dict[str, Any]:
    return {
        "id": file_id,
        "type": "file",
        "filename": filename,
        "mime_type": "text/plain",
        "size_bytes": 3,
        "created_at": "2025-01-01T00:00:00Z",
    }


def skill_json(skill_id: str = "skill_1") -> dict[str, Any]:
    return {
        "id": skill_id,
        "type": "skill",
        "display_title": "T",
        "latest_version": "1",
        "source": "custom",
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
    }


def version_json(version: str = "1", skill_id: str = "skill_1") -> dict[str, Any]:
    return {
        "id": f"skillver_{version}",
        "type": "skill_version",
        "skill_id": skill_id,
        "version": version,
        "name": "n",
        "description": "d",
        "directory": "n",
        "created_at": "2025-01-01T00:00:00Z",
    }


def multipart_parts(request: httpx.Request) -> list[tuple[str, str | None, str | None, bytes]]:
    """(field name, filename, content type, data) of each part of a multipart request (test-grade parser)."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1].encode()
    parts = []
    for segment in request.read().split(b"--" + boundary)[1:-1]:
        head, _, data = segment.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n") if ": " in line)
        disposition = headers["Content-Disposition"]
        name = disposition.split('name="', 1)[1].split('"', 1)[0]
        filename = None
        if "filename=" in disposition:
            filename = disposition.split('filename="', 1)[1].split('"', 1)[0]
        parts.append((name, filename, headers.get("Content-Type"), data.removesuffix(b"\r\n")))
    return parts
