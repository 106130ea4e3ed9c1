"""The stateful resources (models, message batches, files, skills), kept in memory per emulator.

Message batches live in ``batches.py`` (their lifecycle rules are documented there); ``Store`` routes to
them. Timestamps come from a fake clock that ticks one second per object created, starting at
2025-01-01T00:00:00Z.

Skills: four Anthropic skills (``xlsx``, ``pptx``, ``docx``, ``pdf``) are always present; custom skills are
created from uploaded files, which must include a ``SKILL.md`` (its front matter gives the version's ``name``
and ``description``). A skill can be deleted only once its versions are (400 before).
"""

from __future__ import annotations

import email.message
import mimetypes
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ._asgi import RecordedRequest, Response, json_response
from .batches import MessageBatches, rfc3339
from .replies import Ids
from .sse import Streamed
from .validation import invalid, not_found

__all__ = ["MODELS", "Store", "parse_multipart"]

EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)

# (id, display name, release date), newest first.
MODELS: list[tuple[str, str, str]] = [
    ("claude-haiku-4-5-20251001", "Claude Haiku 4.5", "2025-10-15"),
    ("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", "2025-09-29"),
    ("claude-opus-4-1-20250805", "Claude Opus 4.1", "2025-08-05"),
    ("claude-opus-4-20250514", "Claude Opus 4", "2025-05-22"),
    ("claude-sonnet-4-20250514", "Claude Sonnet 4", "2025-05-22"),
    ("claude-3-7-sonnet-20250219", "Claude Sonnet 3.7", "2025-02-24"),
    ("claude-3-5-haiku-20241022", "Claude Haiku 3.5", "2024-10-22"),
    ("claude-3-haiku-20240307", "Claude Haiku 3", "2024-03-07"),
]
MODEL_ALIASES: dict[str, str] = {
    "claude-haiku-4-5": "claude-haiku-4-5-20251001",
    "claude-sonnet-4-5": "claude-sonnet-4-5-20250929",
    "claude-opus-4-1": "claude-opus-4-1-20250805",
    "claude-opus-4-0": "claude-opus-4-20250514",
    "claude-sonnet-4-0": "claude-sonnet-4-20250514",
    "claude-3-7-sonnet-latest": "claude-3-7-sonnet-20250219",
    "claude-3-5-haiku-latest": "claude-3-5-haiku-20241022",
}
ANTHROPIC_SKILLS: list[tuple[str, str]] = [
    ("xlsx", "Excel"),
    ("pptx", "PowerPoint"),
    ("docx", "Word"),
    ("pdf", "PDF"),
]
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---", re.DOTALL)


def _model_info(model_id: str, name: str, released: str) -> dict[str, Any]:
    return {
        "type": "model",
        "id": model_id,
        "display_name": name,
        "created_at": f"{released}T00:00:00Z",
        "max_input_tokens": 200000,
        "max_tokens": 64000,
    }


def _limit(query: Mapping[str, str], default: int, maximum: int) -> int:
    raw = query.get("limit")
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(
            "limit: Input should be a valid integer, unable to parse string as an integer"
        ) from None
    if value < 1:
        raise invalid("limit: Input should be greater than or equal to 1")
    if value > maximum:
        raise invalid(f"limit: Input should be less than or equal to {maximum}")
    return value


def id_page(items: list[dict[str, Any]], query: Mapping[str, str]) -> dict[str, Any]:
    """``after_id``/``before_id``/``limit`` pagination over items already in list order (newest first)."""
    limit = _limit(query, 20, 1000)
    after, before = query.get("after_id"), query.get("before_id")
    if after is not None and before is not None:
        raise invalid("after_id and before_id cannot both be set")
    ids = [item["id"] for item in items]
    if before is not None:
        end = ids.index(before) if before in ids else 0
        window, has_more = items[max(0, end - limit) : end], end - limit > 0
    else:
        start = ids.index(after) + 1 if after in ids else (len(items) if after is not None else 0)
        window, has_more = items[start : start + limit], start + limit < len(items)
    return {
        "data": window,
        "has_more": has_more,
        "first_id": window[0]["id"] if window else None,
        "last_id": window[-1]["id"] if window else None,
    }


def token_page(items: list[dict[str, Any]], query: Mapping[str, str]) -> dict[str, Any]:
    """``page``/``limit`` pagination with an opaque ``next_page`` token."""
    limit = _limit(query, 20, 100)
    token = query.get("page")
    start = 0
    if token:
        match = re.fullmatch(r"page_(\d+)", token)
        if match is None:
            raise invalid("page: Invalid page token")
        start = int(match.group(1))
    window = items[start : start + limit]
    has_more = start + limit < len(items)
    return {"data": window, "has_more": has_more, "next_page": f"page_{start + limit}" if has_more else None}


@dataclass
class Part:
    """One part of a ``multipart/form-data`` body."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes


def parse_multipart(content_type: str, body: bytes) -> list[Part]:
    """Parse ``multipart/form-data`` (stdlib only: the emulator needs no python-multipart)."""
    header = email.message.Message()
    header["content-type"] = content_type
    boundary = header.get_param("boundary")
    if header.get_content_type() != "multipart/form-data" or not isinstance(boundary, str):
        raise invalid("Request must be multipart/form-data")
    parts = []
    delimiter = b"--" + boundary.encode("latin-1")
    for segment in body.split(delimiter)[1:]:
        if segment.startswith(b"--"):
            break
        head, _, data = segment.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = email.message.Message()
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        disposition = headers.get("content-disposition")
        if disposition is None:
            continue
        field_name = headers.get_param("name", header="content-disposition")
        filename = headers.get_filename()
        parts.append(
            Part(
                name=field_name if isinstance(field_name, str) else "",
                filename=filename,
                content_type=headers.get("content-type"),
                data=data.removesuffix(b"\r\n"),
            )
        )
    return parts


@dataclass
class Skill:
    info: dict[str, Any]
    versions: list[dict[str, Any]] = field(default_factory=list)  # newest first


class Store:
    """All resource state of one emulator; handlers return responses and never touch sockets."""

    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.message_batches = MessageBatches(self._ids)
            self.files: dict[str, tuple[dict[str, Any], bytes]] = {}
            self.skills: dict[str, Skill] = {}
            for skill_id, title in ANTHROPIC_SKILLS:
                version = "20251013"
                self.skills[skill_id] = Skill(
                    {
                        "id": skill_id,
                        "type": "skill",
                        "display_title": title,
                        "latest_version": version,
                        "source": "anthropic",
                        "created_at": rfc3339(EPOCH),
                        "updated_at": rfc3339(EPOCH),
                    },
                    [
                        self._version_json(
                            skill_id,
                            version,
                            name=skill_id,
                            description=f"Anthropic {title} skill",
                            directory=skill_id,
                        )
                    ],
                )

    def _now(self) -> datetime:
        return EPOCH + timedelta(seconds=self._ids.tick("clock"))

    # -- models ----------------------------------------------------------------------------------

    def list_models(self, req: RecordedRequest) -> Response:
        return json_response(id_page([_model_info(*m) for m in MODELS], req.query))

    def get_model(self, req: RecordedRequest, model_id: str) -> Response:
        wanted = MODEL_ALIASES.get(model_id, model_id)
        for model in MODELS:
            if model[0] == wanted:
                return json_response(_model_info(*model))
        raise not_found(f"model: {model_id}")

    # -- message batches -------------------------------------------------------------------------

    def create_batch(self, req: RecordedRequest, base_url: str) -> Response:
        return self.message_batches.create(req, base_url)

    def get_batch(self, req: RecordedRequest, base_url: str, batch_id: str) -> Response:
        return self.message_batches.get(req, base_url, batch_id)

    def list_batches(self, req: RecordedRequest, base_url: str) -> Response:
        return json_response(id_page(self.message_batches.list(req, base_url), req.query))

    def cancel_batch(self, req: RecordedRequest, base_url: str, batch_id: str) -> Response:
        return self.message_batches.cancel(req, base_url, batch_id)

    def delete_batch(self, req: RecordedRequest, batch_id: str) -> Response:
        return self.message_batches.delete(req, batch_id)

    def batch_results(self, req: RecordedRequest, batch_id: str) -> Streamed:
        return self.message_batches.results(req, batch_id)

    # -- files -----------------------------------------------------------------------------------

    def _file(self, file_id: str) -> tuple[dict[str, Any], bytes]:
        entry = self.files.get(file_id)
        if entry is None:
            raise not_found(f"File not found: {file_id}")
        return entry

    def upload_file(self, req: RecordedRequest) -> Response:
        parts = parse_multipart(req.headers.get("content-type", ""), req.body)
        part = next((p for p in parts if p.name == "file"), None)
        if part is None:
            raise invalid("file: Field required")
        filename = part.filename or "upload"
        mime = part.content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        with self._lock:
            metadata: dict[str, Any] = {
                "id": self._ids.next("file"),
                "type": "file",
                "filename": filename,
                "mime_type": mime,
                "size_bytes": len(part.data),
                "created_at": rfc3339(self._now()),
                "downloadable": True,
            }
            self.files[metadata["id"]] = (metadata, part.data)
        return json_response(metadata)

    def list_files(self, req: RecordedRequest) -> Response:
        with self._lock:
            items = [meta for meta, _ in reversed(self.files.values())]
        return json_response(id_page(items, req.query))

    def get_file(self, req: RecordedRequest, file_id: str) -> Response:
        with self._lock:
            return json_response(self._file(file_id)[0])

    def file_content(self, req: RecordedRequest, file_id: str) -> Response:
        with self._lock:
            metadata, data = self._file(file_id)
        return Response(200, data, metadata["mime_type"])

    def delete_file(self, req: RecordedRequest, file_id: str) -> Response:
        with self._lock:
            self._file(file_id)
            del self.files[file_id]
        return json_response({"id": file_id, "type": "file_deleted"})

    # -- skills ----------------------------------------------------------------------------------

    def _skill(self, skill_id: str) -> Skill:
        skill = self.skills.get(skill_id)
        if skill is None:
            raise not_found(f"Skill not found: {skill_id}")
        return skill

    @staticmethod
    def _version_json(
        skill_id: str, version: str, *, name: str, description: str, directory: str, created_at: str = ""
    ) -> dict[str, Any]:
        return {
            "id": f"skillver_{skill_id}_{version}",
            "type": "skill_version",
            "skill_id": skill_id,
            "version": version,
            "name": name,
            "description": description,
            "directory": directory,
            "created_at": created_at or rfc3339(EPOCH),
        }

    def _new_version(self, skill_id: str, parts: list[Part]) -> dict[str, Any]:
        skill_md = next((p for p in parts if (p.filename or "").rsplit("/", 1)[-1] == "SKILL.md"), None)
        if skill_md is None:
            raise invalid("files: SKILL.md file must be included in the upload")
        path = skill_md.filename or ""
        directory = path.rsplit("/", 1)[0] if "/" in path else ""
        meta: dict[str, str] = {}
        front = _FRONT_MATTER.match(skill_md.data.decode("utf-8", "replace"))
        for line in front.group(1).splitlines() if front else []:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip().strip("\"'")
        name = meta.get("name") or directory or "skill"
        moment = self._now()
        version = str(int(moment.timestamp() * 1_000_000))
        return self._version_json(
            skill_id,
            version,
            name=name,
            description=meta.get("description", ""),
            directory=directory or name,
            created_at=rfc3339(moment),
        )

    def create_skill(self, req: RecordedRequest) -> Response:
        parts = parse_multipart(req.headers.get("content-type", ""), req.body)
        title = next(
            (p.data.decode() for p in parts if p.name == "display_title" and p.filename is None), None
        )
        with self._lock:
            skill_id = self._ids.next("skill")
            version = self._new_version(skill_id, parts)
            info = {
                "id": skill_id,
                "type": "skill",
                "display_title": title,
                "latest_version": version["version"],
                "source": "custom",
                "created_at": version["created_at"],
                "updated_at": version["created_at"],
            }
            self.skills[skill_id] = Skill(info, [version])
        return json_response(info)

    def list_skills(self, req: RecordedRequest) -> Response:
        source = req.query.get("source")
        with self._lock:
            items = [s.info for s in reversed(self.skills.values()) if source in (None, s.info["source"])]
        return json_response(token_page(items, req.query))

    def get_skill(self, req: RecordedRequest, skill_id: str) -> Response:
        with self._lock:
            return json_response(self._skill(skill_id).info)

    def delete_skill(self, req: RecordedRequest, skill_id: str) -> Response:
        with self._lock:
            skill = self._skill(skill_id)
            if skill.info["source"] != "custom":
                raise invalid(f"Cannot delete Anthropic skill {skill_id}")
            if skill.versions:
                raise invalid("Cannot delete skill with existing versions; delete all versions first")
            del self.skills[skill_id]
        return json_response({"id": skill_id, "type": "skill_deleted"})

    def create_version(self, req: RecordedRequest, skill_id: str) -> Response:
        parts = parse_multipart(req.headers.get("content-type", ""), req.body)
        with self._lock:
            skill = self._skill(skill_id)
            version = self._new_version(skill_id, parts)
            skill.versions.insert(0, version)
            skill.info.update(latest_version=version["version"], updated_at=version["created_at"])
        return json_response(version)

    def list_versions(self, req: RecordedRequest, skill_id: str) -> Response:
        with self._lock:
            items = list(self._skill(skill_id).versions)
        return json_response(token_page(items, req.query))

    def _version(self, skill: Skill, version: str) -> dict[str, Any]:
        for item in skill.versions:
            if item["version"] == version:
                return item
        raise not_found(f"Skill version not found: {version}")

    def get_version(self, req: RecordedRequest, skill_id: str, version: str) -> Response:
        with self._lock:
            return json_response(self._version(self._skill(skill_id), version))

    def delete_version(self, req: RecordedRequest, skill_id: str, version: str) -> Response:
        with self._lock:
            skill = self._skill(skill_id)
            skill.versions.remove(self._version(skill, version))
            latest = skill.versions[0]["version"] if skill.versions else None
            skill.info.update(latest_version=latest)
        return json_response({"id": version, "type": "skill_version_deleted"})
