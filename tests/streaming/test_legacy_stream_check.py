"""`isinstance(message_stream, Stream)` holds with a DeprecationWarning, as in the reference."""

from __future__ import annotations

import warnings

import pytest

import unbroken
from unbroken import AsyncMessageStream, AsyncStream, MessageStream, Stream
from unbroken.testing import Emulator

PARAMS = {"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]}


def test_message_stream_is_a_stream_with_a_deprecation_warning(emulator: Emulator) -> None:
    with unbroken.Anthropic(api_key="k", base_url=emulator.base_url) as client:
        with client.messages.stream(**PARAMS) as stream:  # type: ignore[arg-type]
            with pytest.warns(DeprecationWarning, match="`MessageStream` object is an instance of `Stream`"):
                assert isinstance(stream, Stream)
            assert isinstance(stream, MessageStream)


@pytest.mark.anyio
async def test_async_message_stream_is_an_async_stream_with_a_deprecation_warning(emulator: Emulator) -> None:
    async with unbroken.AsyncAnthropic(api_key="k", base_url=emulator.base_url) as client:
        async with client.messages.stream(**PARAMS) as stream:  # type: ignore[arg-type]
            with pytest.warns(DeprecationWarning, match="`AsyncMessageStream` object is an instance of"):
                assert isinstance(stream, AsyncStream)
            assert not isinstance(stream, Stream)


def test_a_raw_stream_is_a_stream_without_warning(emulator: Emulator) -> None:
    with unbroken.Anthropic(api_key="k", base_url=emulator.base_url) as client:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            raw = client.messages.create(stream=True, **PARAMS)  # type: ignore[arg-type,call-overload]
            assert isinstance(raw, Stream)
            assert not isinstance(raw, AsyncStream)
            assert not isinstance(raw, MessageStream)
            raw.close()


def test_other_objects_are_not_streams() -> None:
    assert not isinstance(object(), Stream)
    assert not isinstance("events", AsyncStream)
    assert not isinstance(object(), AsyncMessageStream)
