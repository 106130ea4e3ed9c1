"""`client.beta.skills` and `.versions`: multipart creation, cursor pages, the skills beta, empty ids."""

from __future__ import annotations

import io
import pathlib

import httpx
import pytest
from resource_helpers import multipart_parts, skill_json, version_json

import unbroken
from helpers import Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client

SKILL_MD = b"---\nname: greeter\ndescription: Says hello\n---\nBe nice.\n"


def test_create_sends_files_as_files_array_parts_and_the_title_as_a_field() -> None:
    recorder = Recorder(httpx.Response(200, json=skill_json()))
    mock_client(recorder).beta.skills.create(
        display_title="Greeter",
        files=[("greeter/SKILL.md", SKILL_MD, "text/markdown"), ("greeter/a.py", io.BytesIO(b"x = 1"))],
        betas=["b1"],
    )
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/skills")
    assert dict(request.url.params) == {"beta": "true"}
    assert request.headers["anthropic-beta"] == "b1,skills-2025-10-02"
    assert multipart_parts(request) == [
        ("display_title", None, None, b"Greeter"),
        ("files[]", "greeter/SKILL.md", "text/markdown", SKILL_MD),
        ("files[]", "greeter/a.py", "text/x-python", b"x = 1"),
    ]


def test_create_without_a_title_sends_no_title_field() -> None:
    recorder = Recorder(httpx.Response(200, json=skill_json()))
    mock_client(recorder).beta.skills.create(files=[("s/SKILL.md", SKILL_MD)], display_title=None)
    assert [part[0] for part in multipart_parts(recorder.requests[0])] == ["files[]"]


def test_a_title_only_create_is_still_multipart() -> None:
    recorder = Recorder(httpx.Response(200, json=skill_json()))
    mock_client(recorder).beta.skills.create(display_title="Only a title")
    assert multipart_parts(recorder.requests[0]) == [("display_title", None, None, b"Only a title")]


def test_a_lone_file_instead_of_a_list_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="list of files"):
        mock_client(Recorder()).beta.skills.create(files=("s/SKILL.md", SKILL_MD))  # type: ignore[arg-type]


def test_skill_lifecycle_through_the_emulator(client: unbroken.Anthropic, tmp_path: pathlib.Path) -> None:
    skill_md = tmp_path / "SKILL.md"
    skill_md.write_bytes(SKILL_MD)
    skill = client.beta.skills.create(display_title="Greeter", files=[("greeter/SKILL.md", skill_md)])
    assert (skill.source, skill.display_title) == ("custom", "Greeter")
    version = client.beta.skills.versions.create(skill.id, files=[("greeter/SKILL.md", SKILL_MD)])
    assert (version.name, version.description) == ("greeter", "Says hello")
    assert client.beta.skills.retrieve(skill.id).latest_version == version.version
    assert client.beta.skills.versions.retrieve(version.version, skill_id=skill.id).skill_id == skill.id
    versions = [v.version for v in client.beta.skills.versions.list(skill.id, limit=1)]
    assert versions[0] == version.version and len(versions) == 2
    for v in versions:
        client.beta.skills.versions.delete(v, skill_id=skill.id)
    assert client.beta.skills.delete(skill.id).id == skill.id


def test_list_follows_page_tokens(client: unbroken.Anthropic) -> None:
    page = client.beta.skills.list(limit=3, source="anthropic")
    assert page.next_page == "page_3"
    assert [s.id for s in page] == ["pdf", "docx", "pptx", "xlsx"]


def test_list_sends_page_and_source() -> None:
    recorder = Recorder(
        httpx.Response(200, json={"data": [skill_json("a")], "has_more": True, "next_page": "p2"}),
        httpx.Response(200, json={"data": [skill_json("b")], "has_more": False, "next_page": None}),
    )
    assert [s.id for s in mock_client(recorder).beta.skills.list(source="custom")] == ["a", "b"]
    assert dict(recorder.requests[1].url.params) == {"beta": "true", "source": "custom", "page": "p2"}


def test_version_paths() -> None:
    recorder = Recorder(
        lambda r: httpx.Response(
            200,
            json={"data": [], "has_more": False} if r.url.path.endswith("/versions") else version_json("7"),
        )
    )
    versions = mock_client(recorder).beta.skills.versions
    versions.retrieve("7", skill_id="skill_1")
    versions.delete("7", skill_id="skill_1")
    list(versions.list("skill_1", limit=2))
    seen = [(r.method, r.url.path) for r in recorder.requests]
    assert seen == [
        ("GET", "/v1/skills/skill_1/versions/7"),
        ("DELETE", "/v1/skills/skill_1/versions/7"),
        ("GET", "/v1/skills/skill_1/versions"),
    ]
    assert {r.headers["anthropic-beta"] for r in recorder.requests} == {"skills-2025-10-02"}


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda c: c.beta.skills.retrieve(""), "skill_id"),
        (lambda c: c.beta.skills.delete(""), "skill_id"),
        (lambda c: c.beta.skills.versions.create("", files=[]), "skill_id"),
        (lambda c: c.beta.skills.versions.list(""), "skill_id"),
        (lambda c: c.beta.skills.versions.retrieve("", skill_id="s"), "version"),
        (lambda c: c.beta.skills.versions.retrieve("1", skill_id=""), "skill_id"),
        (lambda c: c.beta.skills.versions.delete("", skill_id=""), "skill_id"),
        (lambda c: c.beta.skills.versions.delete("", skill_id="s"), "version"),
    ],
)
def test_empty_ids_are_value_errors(call: object, name: str) -> None:
    recorder = Recorder()
    with pytest.raises(ValueError, match=f"Expected a non-empty value for `{name}` but received ''"):
        call(mock_client(recorder))  # type: ignore[operator]
    assert recorder.requests == []


@pytest.mark.anyio
async def test_async_create_reads_paths_and_lists(tmp_path: pathlib.Path) -> None:
    skill_md = tmp_path / "SKILL.md"
    skill_md.write_bytes(SKILL_MD)
    recorder = Recorder(
        httpx.Response(200, json=skill_json()),
        httpx.Response(200, json={"data": [skill_json()], "has_more": False}),
    )
    client = mock_async_client(recorder)
    await client.beta.skills.create(files=[skill_md])
    assert multipart_parts(recorder.requests[0]) == [("files[]", "SKILL.md", "text/markdown", SKILL_MD)]
    assert [s.id async for s in client.beta.skills.list()] == ["skill_1"]


@pytest.mark.anyio
async def test_async_versions_round_trip(aclient: unbroken.AsyncAnthropic) -> None:
    skill = await aclient.beta.skills.create(files=[("g/SKILL.md", SKILL_MD)])
    page = await aclient.beta.skills.versions.list(skill.id)
    assert [v.skill_id for v in page.data] == [skill.id]
    deleted = await aclient.beta.skills.versions.delete(page.data[0].version, skill_id=skill.id)
    assert deleted.id == page.data[0].version
