"""The idempotency key of a retried POST is a random version-4 UUID, made without importing `uuid`."""

from __future__ import annotations

import uuid

from unbroken._request import RequestSpec


def test_each_call_gets_a_fresh_version_4_uuid() -> None:
    keys = {RequestSpec("post", "/v1/messages").finalize().idempotency_key for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        assert key is not None and key.startswith("unbroken-retry-")
        parsed = uuid.UUID(key.removeprefix("unbroken-retry-"))
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == key.removeprefix("unbroken-retry-")


def test_a_get_has_no_key() -> None:
    assert RequestSpec("get", "/v1/models").finalize().idempotency_key is None
