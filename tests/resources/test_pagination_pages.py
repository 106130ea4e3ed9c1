"""Pages: cursors in both directions, across page boundaries, sync and async (awaited and iterated)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from resource_helpers import MODEL_IDS, model_json

import unbroken
from helpers import Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken._request import request_spec
from unbroken.pagination import (
    AsyncPage,
    AsyncPageCursor,
    SyncPage,
    SyncPageCursor,
    SyncTokenPage,
    get_async_page,
)
from unbroken.testing import Emulator
from unbroken.types import ModelInfo


def page_json(ids: list[str], *, has_more: bool) -> dict[str, Any]:
    return {
        "data": [model_json(i) for i in ids],
        "has_more": has_more,
        "first_id": ids[0] if ids else None,
        "last_id": ids[-1] if ids else None,
    }


def test_iterating_a_page_walks_every_page_forward(client: unbroken.Anthropic) -> None:
    page = client.models.list(limit=3)
    assert [m.id for m in page.data] == MODEL_IDS[:3]
    assert [m.id for m in page] == MODEL_IDS


def test_next_page_uses_after_id_of_the_last_item(client: unbroken.Anthropic, emulator: Emulator) -> None:
    page = client.models.list(limit=3)
    second = page.get_next_page()
    assert [m.id for m in second.data] == MODEL_IDS[3:6]
    assert emulator.requests[1].query == {"limit": "3", "after_id": MODEL_IDS[2]}


def test_a_before_id_walk_keeps_going_backwards(client: unbroken.Anthropic, emulator: Emulator) -> None:
    page = client.models.list(before_id=MODEL_IDS[-1], limit=3)
    pages = [[m.id for m in p.data] for p in page.iter_pages()]
    assert pages == [MODEL_IDS[4:7], MODEL_IDS[1:4], MODEL_IDS[:1]]
    assert emulator.requests[1].query == {"limit": "3", "before_id": MODEL_IDS[4]}


def test_the_last_page_has_no_next_page(client: unbroken.Anthropic) -> None:
    page = client.models.list(after_id=MODEL_IDS[4])
    assert page.has_more is False
    assert not page.has_next_page()
    with pytest.raises(RuntimeError, match="No next page"):
        page.get_next_page()


def test_pages_carry_the_request_id(client: unbroken.Anthropic) -> None:
    page = client.models.list(limit=2)
    assert page._request_id is not None
    assert page.get_next_page()._request_id not in (None, page._request_id)


def test_has_more_false_stops_even_with_a_last_id() -> None:
    recorder = Recorder(httpx.Response(200, json=page_json(MODEL_IDS[:2], has_more=False)))
    assert [m.id for m in mock_client(recorder).models.list()] == MODEL_IDS[:2]
    assert len(recorder.requests) == 1


def test_an_empty_page_ends_the_walk_even_if_has_more_is_true() -> None:
    recorder = Recorder(httpx.Response(200, json=page_json([], has_more=True)))
    page = mock_client(recorder).models.list()
    assert list(page) == []
    assert not page.has_next_page()


def test_next_page_keeps_the_other_query_parameters_and_headers() -> None:
    recorder = Recorder(
        httpx.Response(200, json=page_json(MODEL_IDS[:1], has_more=True)),
        httpx.Response(200, json=page_json(MODEL_IDS[1:2], has_more=False)),
    )
    list(mock_client(recorder).models.list(limit=1, betas=["b1"], extra_query={"x": "y"}))
    second = recorder.requests[1]
    assert dict(second.url.params) == {"limit": "1", "x": "y", "after_id": MODEL_IDS[0]}
    assert second.headers["anthropic-beta"] == "b1"


def test_raw_response_parses_to_a_page_that_still_paginates() -> None:
    recorder = Recorder(
        httpx.Response(200, json=page_json(MODEL_IDS[:1], has_more=True)),
        httpx.Response(200, json=page_json(MODEL_IDS[1:2], has_more=False)),
    )
    raw = mock_client(recorder).models.with_raw_response.list(limit=1)
    assert [m.id for m in raw.parse()] == MODEL_IDS[:2]
    assert "x-stainless-raw-response" not in {k.lower() for k in recorder.requests[1].headers}


def test_page_cursor_sends_next_page_as_page() -> None:
    page = SyncPageCursor[ModelInfo].model_validate(
        {"data": [model_json("a")], "has_more": True, "next_page": "tok_2"}
    )
    info = page.next_page_info()
    assert info is not None and dict(info.params) == {"page": "tok_2"}


def test_token_page_sends_next_page_as_page_token() -> None:
    page = SyncTokenPage[ModelInfo].model_validate({"data": [model_json("a")], "next_page": "t"})
    info = page.next_page_info()
    assert info is not None and dict(info.params) == {"page_token": "t"}


def test_a_page_built_by_hand_cannot_fetch() -> None:
    page = SyncPage[ModelInfo].model_validate(page_json(["a"], has_more=True))
    assert page.has_next_page()
    with pytest.raises(RuntimeError, match="not fetched by a client"):
        page.get_next_page()


def test_pages_are_response_models() -> None:
    page = SyncPage[ModelInfo].model_validate(page_json(["a"], has_more=False))
    assert page.to_dict()["first_id"] == "a"
    assert isinstance(page.data[0], ModelInfo)


@pytest.mark.anyio
async def test_async_list_awaited_gives_the_first_page(aclient: unbroken.AsyncAnthropic) -> None:
    page = await aclient.models.list(limit=3)
    assert isinstance(page, AsyncPage)
    assert [m.id for m in page.data] == MODEL_IDS[:3]


@pytest.mark.anyio
async def test_async_list_iterated_gives_every_item(aclient: unbroken.AsyncAnthropic) -> None:
    assert [m.id async for m in aclient.models.list(limit=3)] == MODEL_IDS


@pytest.mark.anyio
async def test_async_page_iterated_walks_the_following_pages(aclient: unbroken.AsyncAnthropic) -> None:
    page = await aclient.models.list(after_id=MODEL_IDS[1], limit=2)
    assert [m.id async for m in page] == MODEL_IDS[2:]


@pytest.mark.anyio
async def test_async_before_id_pages_go_backwards(aclient: unbroken.AsyncAnthropic) -> None:
    page = await aclient.models.list(before_id=MODEL_IDS[4], limit=2)
    pages = [[m.id for m in p.data] async for p in page.iter_pages()]
    assert pages == [MODEL_IDS[2:4], MODEL_IDS[:2]]


@pytest.mark.anyio
async def test_async_list_sends_nothing_until_awaited() -> None:
    recorder = Recorder(httpx.Response(200, json=page_json(MODEL_IDS[:1], has_more=False)))
    paginator = mock_async_client(recorder).models.list()
    assert recorder.requests == []
    await paginator
    assert len(recorder.requests) == 1


@pytest.mark.anyio
async def test_async_page_cursor_follows_next_page() -> None:
    recorder = Recorder(
        httpx.Response(200, json={"data": [model_json("a")], "has_more": True, "next_page": "p2"}),
        httpx.Response(200, json={"data": [model_json("b")], "has_more": False, "next_page": None}),
    )
    http = mock_async_client(recorder)
    paginator = get_async_page(http, AsyncPageCursor[ModelInfo], request_spec("get", "/v1/things"))
    assert [m.id async for m in paginator] == ["a", "b"]
    assert recorder.requests[1].url.params["page"] == "p2"


@pytest.mark.anyio
async def test_a_plain_for_over_an_async_page_is_a_type_error() -> None:
    recorder = Recorder(httpx.Response(200, json=page_json(MODEL_IDS[:1], has_more=False)))
    page = await mock_async_client(recorder).models.list()
    with pytest.raises(TypeError, match="async for"):
        list(page)


@pytest.mark.anyio
async def test_async_raw_response_parses_to_a_page_that_still_paginates() -> None:
    recorder = Recorder(
        httpx.Response(200, json=page_json(MODEL_IDS[:1], has_more=True)),
        httpx.Response(200, json=page_json(MODEL_IDS[1:2], has_more=False)),
    )
    raw = await mock_async_client(recorder).models.with_raw_response.list(limit=1)
    assert [m.id async for m in raw.parse()] == MODEL_IDS[:2]
