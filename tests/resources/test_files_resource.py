"""`client.beta.files`: every upload form, list, metadata, download (whole and streamed to disk), delete."""

from __future__ import annotations

import io
import pathlib
from typing import Any

import httpx
import pytest
from resource_helpers import file_json, multipart_parts

import unbroken
from helpers import Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken.types.beta import FileMetadata


def upload_recorder() -> Recorder:
    return Recorder(httpx.Response(200, json=file_json()))


@pytest.fixture
def text_file(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"from disk")
    return path


def test_upload_posts_one_multipart_file_part_with_the_files_beta() -> None:
    recorder = upload_recorder()
    metadata = mock_client(recorder).beta.files.upload(file=("a.txt", b"abc", "text/plain"))
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/files")
    assert dict(request.url.params) == {"beta": "true"}
    assert request.headers["anthropic-beta"] == "files-api-2025-04-14"
    assert multipart_parts(request) == [("file", "a.txt", "text/plain", b"abc")]
    assert isinstance(metadata, FileMetadata)


def test_user_betas_come_before_the_files_beta() -> None:
    recorder = upload_recorder()
    mock_client(recorder).beta.files.upload(file=b"x", betas=["b1", "b2"])
    assert recorder.requests[0].headers["anthropic-beta"] == "b1,b2,files-api-2025-04-14"


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (b"raw", ("file", "upload", "application/octet-stream", b"raw")),
        (io.BytesIO(b"stream"), ("file", "upload", "application/octet-stream", b"stream")),
        (("t.json", b"{}"), ("file", "t.json", "application/json", b"{}")),
        (("t.bin", io.BytesIO(b"io"), "x/thing"), ("file", "t.bin", "x/thing", b"io")),
    ],
)
def test_upload_forms(file: Any, expected: tuple[str, str, str, bytes]) -> None:
    recorder = upload_recorder()
    mock_client(recorder).beta.files.upload(file=file)
    assert multipart_parts(recorder.requests[0]) == [expected]


def test_a_path_is_read_and_named_after_its_file(text_file: pathlib.Path) -> None:
    recorder = upload_recorder()
    mock_client(recorder).beta.files.upload(file=text_file)
    assert multipart_parts(recorder.requests[0]) == [("file", "notes.txt", "text/plain", b"from disk")]


def test_a_tuple_with_a_path_keeps_its_name_type_and_headers(text_file: pathlib.Path) -> None:
    recorder = upload_recorder()
    mock_client(recorder).beta.files.upload(file=("n.md", text_file, "text/markdown", {"X-Part": "1"}))
    request = recorder.requests[0]
    assert multipart_parts(request) == [("file", "n.md", "text/markdown", b"from disk")]
    assert b"X-Part: 1" in request.read()


def test_file_from_path_gives_name_and_bytes(text_file: pathlib.Path) -> None:
    assert unbroken.file_from_path(text_file) == ("notes.txt", b"from disk")
    assert unbroken.file_from_path(str(text_file)) == ("notes.txt", b"from disk")


def test_a_path_string_is_refused_with_a_hint() -> None:
    with pytest.raises(TypeError, match="file_from_path"):
        mock_client(upload_recorder()).beta.files.upload(file="notes.txt")  # type: ignore[arg-type]


def test_a_seekable_file_is_resent_whole_on_retry() -> None:
    recorder = Recorder(httpx.Response(529), httpx.Response(200, json=file_json()))
    mock_client(recorder).beta.files.upload(file=("a.txt", io.BytesIO(b"whole")))
    assert [multipart_parts(r)[0][3] for r in recorder.requests] == [b"whole", b"whole"]


def test_each_method_hits_its_path_with_the_beta() -> None:
    recorder = Recorder(
        httpx.Response(200, json={"data": [file_json()], "has_more": False}),
        httpx.Response(200, json=file_json()),
        httpx.Response(200, json={"id": "file_1", "type": "file_deleted"}),
    )
    files = mock_client(recorder).beta.files
    assert [f.id for f in files.list(limit=5)] == ["file_1"]
    assert files.retrieve_metadata("file_1").filename == "a.txt"
    assert files.delete("file_1").type == "file_deleted"
    seen = [(r.method, r.url.path, dict(r.url.params)) for r in recorder.requests]
    assert seen == [
        ("GET", "/v1/files", {"beta": "true", "limit": "5"}),
        ("GET", "/v1/files/file_1", {"beta": "true"}),
        ("DELETE", "/v1/files/file_1", {"beta": "true"}),
    ]
    assert {r.headers["anthropic-beta"] for r in recorder.requests} == {"files-api-2025-04-14"}


@pytest.mark.parametrize("method", ["retrieve_metadata", "download", "delete"])
def test_empty_file_id_is_a_value_error(method: str) -> None:
    with pytest.raises(ValueError, match="Expected a non-empty value for `file_id` but received ''"):
        getattr(mock_client(Recorder()).beta.files, method)("")


def test_download_returns_the_content_and_writes_it(tmp_path: pathlib.Path) -> None:
    recorder = Recorder(httpx.Response(200, content=b"\x00binary\xff"))
    response = mock_client(recorder).beta.files.download("file_1")
    request = recorder.requests[0]
    assert (request.url.path, request.headers["accept"]) == ("/v1/files/file_1/content", "application/binary")
    assert response.read() == b"\x00binary\xff"
    response.write_to_file(tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == b"\x00binary\xff"


def test_streamed_download_writes_chunks_to_disk_over_a_socket(
    client: unbroken.Anthropic, tmp_path: pathlib.Path
) -> None:
    content = bytes(range(256)) * 64
    uploaded = client.beta.files.upload(file=("blob.bin", content, "application/octet-stream"))
    with client.beta.files.with_streaming_response.download(uploaded.id) as response:
        assert not response.is_closed
        response.stream_to_file(tmp_path / "blob.bin", chunk_size=1000)
    assert (tmp_path / "blob.bin").read_bytes() == content
    assert response.is_closed


def test_files_round_trip_through_the_emulator(client: unbroken.Anthropic) -> None:
    first = client.beta.files.upload(file=("one.txt", b"1"))
    second = client.beta.files.upload(file=("two.txt", b"22"))
    assert [f.id for f in client.beta.files.list(limit=1)] == [second.id, first.id]
    assert client.beta.files.retrieve_metadata(second.id).size_bytes == 2
    client.beta.files.delete(first.id)
    with pytest.raises(unbroken.NotFoundError):
        client.beta.files.retrieve_metadata(first.id)


@pytest.mark.anyio
async def test_async_upload_reads_a_path(text_file: pathlib.Path) -> None:
    recorder = upload_recorder()
    await mock_async_client(recorder).beta.files.upload(file=text_file)
    assert multipart_parts(recorder.requests[0]) == [("file", "notes.txt", "text/plain", b"from disk")]


@pytest.mark.anyio
async def test_async_download_and_streamed_download(
    aclient: unbroken.AsyncAnthropic, tmp_path: pathlib.Path
) -> None:
    uploaded = await aclient.beta.files.upload(file=("a.bin", b"async bytes"))
    response = await aclient.beta.files.download(uploaded.id)
    assert await response.read() == b"async bytes"
    async with aclient.beta.files.with_streaming_response.download(uploaded.id) as streamed:
        await streamed.stream_to_file(tmp_path / "a.bin")
    assert (tmp_path / "a.bin").read_bytes() == b"async bytes"
    assert [f.id async for f in aclient.beta.files.list()] == [uploaded.id]
