from __future__ import annotations

import json

import httpx
import pytest
from emu_helpers import message_body

from unbroken.testing import Emulator, Fault

SKILL_MD = b"---\nname: greeter\ndescription: Says hello\n---\n# Greeter\n"


# -- models --------------------------------------------------------------------------------------


def test_models_are_listed_newest_first(client: httpx.Client) -> None:
    page = client.get("/v1/models").json()

    dates = [m["created_at"] for m in page["data"]]
    assert len(page["data"]) == 8
    assert dates == sorted(dates, reverse=True)
    assert page["has_more"] is False
    assert (page["first_id"], page["last_id"]) == (page["data"][0]["id"], page["data"][-1]["id"])


def test_models_paginate_forward_with_after_id(client: httpx.Client) -> None:
    everything = [m["id"] for m in client.get("/v1/models").json()["data"]]
    first = client.get("/v1/models", params={"limit": 3}).json()
    second = client.get("/v1/models", params={"limit": 3, "after_id": first["last_id"]}).json()
    last = client.get("/v1/models", params={"limit": 3, "after_id": second["last_id"]}).json()

    assert (first["has_more"], second["has_more"], last["has_more"]) == (True, True, False)
    assert [m["id"] for page in (first, second, last) for m in page["data"]] == everything


def test_models_paginate_backward_with_before_id(client: httpx.Client) -> None:
    everything = [m["id"] for m in client.get("/v1/models").json()["data"]]

    page = client.get("/v1/models", params={"limit": 2, "before_id": everything[5]}).json()

    assert [m["id"] for m in page["data"]] == everything[3:5]
    assert page["has_more"] is True


def test_limit_out_of_range_is_400(client: httpx.Client) -> None:
    assert client.get("/v1/models", params={"limit": 0}).status_code == 400


def test_model_aliases_resolve(client: httpx.Client) -> None:
    model = client.get("/v1/models/claude-sonnet-4-5?beta=true").json()

    assert model == {
        "type": "model",
        "id": "claude-sonnet-4-5-20250929",
        "display_name": "Claude Sonnet 4.5",
        "created_at": "2025-09-29T00:00:00Z",
        "max_input_tokens": 200000,
        "max_tokens": 64000,
    }


def test_unknown_model_is_404(client: httpx.Client) -> None:
    response = client.get("/v1/models/claude-nope")

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "model: claude-nope"


# -- message batches ------------------------------------------------------------------------------


def create_batch(client: httpx.Client) -> dict[str, object]:
    requests = [
        {"custom_id": "good", "params": message_body("batch me")},
        {"custom_id": "bad", "params": {"model": "claude-x", "messages": []}},
    ]
    response = client.post("/v1/messages/batches", json={"requests": requests})
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_new_batch_is_in_progress(client: httpx.Client) -> None:
    batch = create_batch(client)

    assert batch["id"] == "msgbatch_emu_1"
    assert batch["processing_status"] == "in_progress"
    assert batch["request_counts"] == {
        "processing": 2,
        "succeeded": 0,
        "errored": 0,
        "canceled": 0,
        "expired": 0,
    }
    assert batch["results_url"] is None


def test_first_retrieve_finds_the_batch_ended(client: httpx.Client, emulator: Emulator) -> None:
    batch = create_batch(client)

    retrieved = client.get(f"/v1/messages/batches/{batch['id']}").json()

    assert retrieved["processing_status"] == "ended"
    assert retrieved["request_counts"]["succeeded"] == 1
    assert retrieved["request_counts"]["errored"] == 1
    assert retrieved["ended_at"] is not None
    assert retrieved["results_url"] == f"{emulator.base_url}/v1/messages/batches/{batch['id']}/results"


def test_batch_results_are_jsonl_one_line_per_request(client: httpx.Client) -> None:
    batch = create_batch(client)
    results_url = client.get(f"/v1/messages/batches/{batch['id']}").json()["results_url"]

    response = client.get(results_url)
    lines = [json.loads(line) for line in response.text.splitlines()]

    assert response.headers["content-type"] == "application/binary"
    assert [line["custom_id"] for line in lines] == ["good", "bad"]
    assert lines[0]["result"]["type"] == "succeeded"
    assert lines[0]["result"]["message"]["content"][0]["text"] == "Echo: batch me"
    assert lines[1]["result"]["type"] == "errored"
    assert lines[1]["result"]["error"]["error"]["type"] == "invalid_request_error"


def test_results_before_the_batch_ends_are_refused(client: httpx.Client) -> None:
    batch = create_batch(client)

    assert client.get(f"/v1/messages/batches/{batch['id']}/results").status_code == 400


def test_drop_after_cuts_a_jsonl_body(emulator: Emulator, client: httpx.Client) -> None:
    batch = create_batch(client)
    client.get(f"/v1/messages/batches/{batch['id']}")
    emulator.faults.push(Fault.drop_after(1))

    received = b""
    with client.stream("GET", f"/v1/messages/batches/{batch['id']}/results") as response:
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in response.iter_raw():
                received += chunk

    assert [json.loads(line)["custom_id"] for line in received.splitlines()] == ["good"]


def test_cancel_then_retrieve_ends_with_everything_canceled(client: httpx.Client) -> None:
    batch = create_batch(client)

    canceling = client.post(f"/v1/messages/batches/{batch['id']}/cancel").json()
    ended = client.get(f"/v1/messages/batches/{batch['id']}").json()
    results = client.get(ended["results_url"]).text.splitlines()

    assert canceling["processing_status"] == "canceling"
    assert canceling["cancel_initiated_at"] is not None
    assert ended["request_counts"]["canceled"] == 2
    assert {json.loads(line)["result"]["type"] for line in results} == {"canceled"}


def test_deleting_a_batch_that_has_not_ended_is_409(client: httpx.Client) -> None:
    batch = create_batch(client)

    assert client.delete(f"/v1/messages/batches/{batch['id']}").status_code == 409


def test_deleting_an_ended_batch_removes_it(client: httpx.Client) -> None:
    batch = create_batch(client)
    client.get(f"/v1/messages/batches/{batch['id']}")

    deleted = client.delete(f"/v1/messages/batches/{batch['id']}").json()

    assert deleted == {"id": batch["id"], "type": "message_batch_deleted"}
    assert client.get(f"/v1/messages/batches/{batch['id']}").status_code == 404


def test_batches_list_newest_first_and_paginates(client: httpx.Client) -> None:
    ids = [create_batch(client)["id"] for _ in range(3)]

    first = client.get("/v1/messages/batches", params={"limit": 2}).json()
    rest = client.get("/v1/messages/batches", params={"limit": 2, "after_id": first["last_id"]}).json()

    assert [b["id"] for b in first["data"] + rest["data"]] == ids[::-1]
    assert (first["has_more"], rest["has_more"]) == (True, False)


def test_batch_without_requests_is_400(client: httpx.Client) -> None:
    assert client.post("/v1/messages/batches", json={"requests": []}).status_code == 400


# -- files ---------------------------------------------------------------------------------------


def upload(client: httpx.Client, name: str = "notes.txt", data: bytes = b"hello file") -> dict[str, object]:
    response = client.post("/v1/files", files={"file": (name, data, "text/plain")})
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_upload_returns_metadata(client: httpx.Client) -> None:
    metadata = upload(client)

    assert metadata == {
        "id": "file_emu_1",
        "type": "file",
        "filename": "notes.txt",
        "mime_type": "text/plain",
        "size_bytes": 10,
        "created_at": "2025-01-01T00:00:01Z",
        "downloadable": True,
    }


def test_file_content_round_trips(client: httpx.Client) -> None:
    data = bytes(range(256)) * 4
    metadata = client.post("/v1/files", files={"file": ("blob.bin", data)}).json()

    assert client.get(f"/v1/files/{metadata['id']}/content").content == data
    assert client.get(f"/v1/files/{metadata['id']}").json() == metadata


def test_files_list_newest_first(client: httpx.Client) -> None:
    ids = [upload(client, f"{n}.txt")["id"] for n in range(3)]

    page = client.get("/v1/files?beta=true", params={"limit": 2}).json()

    assert [f["id"] for f in page["data"]] == ids[::-1][:2]
    assert page["has_more"] is True


def test_deleted_file_is_gone(client: httpx.Client) -> None:
    file_id = upload(client)["id"]

    assert client.delete(f"/v1/files/{file_id}").json() == {"id": file_id, "type": "file_deleted"}
    assert client.get(f"/v1/files/{file_id}").status_code == 404


def test_upload_without_a_file_part_is_400(client: httpx.Client) -> None:
    response = client.post("/v1/files", files={"other": ("x.txt", b"x")})

    assert response.status_code == 400


# -- skills --------------------------------------------------------------------------------------


def create_skill(client: httpx.Client, title: str = "Greeter") -> dict[str, object]:
    files = [
        ("files[]", ("greeter/SKILL.md", SKILL_MD, "text/markdown")),
        ("files[]", ("greeter/helper.py", b"print('hi')", "text/x-python")),
    ]
    response = client.post("/v1/skills?beta=true", data={"display_title": title}, files=files)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_create_skill(client: httpx.Client) -> None:
    skill = create_skill(client)

    assert skill["id"] == "skill_emu_1"
    assert (skill["type"], skill["source"], skill["display_title"]) == ("skill", "custom", "Greeter")
    assert skill["latest_version"]


def test_skill_version_comes_from_skill_md(client: httpx.Client) -> None:
    skill = create_skill(client)

    version = client.get(f"/v1/skills/{skill['id']}/versions/{skill['latest_version']}").json()

    assert (version["name"], version["description"], version["directory"]) == (
        "greeter",
        "Says hello",
        "greeter",
    )
    assert version["skill_id"] == skill["id"]


def test_skill_without_skill_md_is_400(client: httpx.Client) -> None:
    response = client.post("/v1/skills", files=[("files[]", ("x/readme.txt", b"x"))])

    assert response.status_code == 400


def test_skills_paginate_with_page_tokens(client: httpx.Client) -> None:
    first = client.get("/v1/skills", params={"limit": 3}).json()
    second = client.get("/v1/skills", params={"limit": 3, "page": first["next_page"]}).json()

    assert (len(first["data"]), first["has_more"]) == (3, True)
    assert (len(second["data"]), second["has_more"], second["next_page"]) == (1, False, None)


def test_skills_filter_by_source(client: httpx.Client) -> None:
    create_skill(client)

    custom = client.get("/v1/skills", params={"source": "custom"}).json()["data"]
    anthropic = client.get("/v1/skills", params={"source": "anthropic"}).json()["data"]

    assert [s["id"] for s in custom] == ["skill_emu_1"]
    assert {s["id"] for s in anthropic} == {"xlsx", "pptx", "docx", "pdf"}


def test_new_version_becomes_latest(client: httpx.Client) -> None:
    skill = create_skill(client)

    version = client.post(
        f"/v1/skills/{skill['id']}/versions", files=[("files[]", ("greeter/SKILL.md", SKILL_MD))]
    ).json()
    versions = client.get(f"/v1/skills/{skill['id']}/versions").json()["data"]

    assert client.get(f"/v1/skills/{skill['id']}").json()["latest_version"] == version["version"]
    assert [v["version"] for v in versions] == [version["version"], skill["latest_version"]]


def test_skill_with_versions_cannot_be_deleted(client: httpx.Client) -> None:
    skill = create_skill(client)

    assert client.delete(f"/v1/skills/{skill['id']}").status_code == 400


def test_skill_is_deleted_once_its_versions_are(client: httpx.Client) -> None:
    skill = create_skill(client)

    deleted_version = client.delete(f"/v1/skills/{skill['id']}/versions/{skill['latest_version']}").json()
    deleted_skill = client.delete(f"/v1/skills/{skill['id']}").json()

    assert deleted_version == {"id": skill["latest_version"], "type": "skill_version_deleted"}
    assert deleted_skill == {"id": skill["id"], "type": "skill_deleted"}
    assert client.get(f"/v1/skills/{skill['id']}").status_code == 404
