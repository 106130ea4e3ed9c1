"""unbroken's own controls (`ClientOptions`): one declaration, taken by every client's constructor and
`copy()` / `with_options()`, checked before anything is sent, and seen by type checkers key by key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import unbroken
from unbroken._options import ClientOptions, Controls
from unbroken.lib.bedrock import AnthropicBedrock, AsyncAnthropicBedrock
from unbroken.lib.foundry import AnthropicFoundry, AsyncAnthropicFoundry
from unbroken.lib.vertex import AnthropicVertex, AsyncAnthropicVertex


def every_client(**options: object) -> list[unbroken.Anthropic | unbroken.AsyncAnthropic]:
    return [
        unbroken.Anthropic(api_key="k", **options),  # type: ignore[arg-type]
        unbroken.AsyncAnthropic(api_key="k", **options),  # type: ignore[arg-type]
        AnthropicBedrock(aws_region="us-east-1", aws_access_key="a", aws_secret_key="s", **options),  # type: ignore[arg-type]
        AsyncAnthropicBedrock(aws_region="us-east-1", aws_access_key="a", aws_secret_key="s", **options),  # type: ignore[arg-type]
        AnthropicVertex(region="us-east5", project_id="p", access_token="t", **options),  # type: ignore[arg-type]
        AsyncAnthropicVertex(region="us-east5", project_id="p", access_token="t", **options),  # type: ignore[arg-type]
        AnthropicFoundry(api_key="k", resource="r", **options),  # type: ignore[arg-type]
        AsyncAnthropicFoundry(api_key="k", resource="r", **options),  # type: ignore[arg-type]
    ]


def test_every_client_takes_the_options_and_copies_keep_or_replace_them() -> None:
    for client in every_client(max_event_bytes=1234):
        assert client.controls.max_event_bytes == 1234
        assert client.copy().controls.max_event_bytes == 1234
        assert client.with_options(max_event_bytes=99).controls.max_event_bytes == 99
        assert client.max_event_bytes == 1234


def test_defaults_keep_todays_behaviour() -> None:
    for client in every_client():
        assert client.controls == Controls()


def test_an_unknown_option_is_the_type_error_python_gives() -> None:
    with pytest.raises(TypeError, match=r"Anthropic\(\) got an unexpected keyword argument 'max_event_byte'"):
        unbroken.Anthropic(api_key="k", max_event_byte=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"copy\(\) got an unexpected keyword argument 'deadlin'"):
        unbroken.AsyncAnthropic(api_key="k").with_options(deadlin=3)  # type: ignore[call-arg]


def test_a_bad_value_fails_in_the_constructor_and_in_copy() -> None:
    with pytest.raises(ValueError, match="max_event_bytes must be at least 1"):
        unbroken.Anthropic(api_key="k", max_event_bytes=0)
    with pytest.raises(TypeError, match="max_event_bytes must be an int"):
        unbroken.Anthropic(api_key="k").copy(max_event_bytes="1MB")  # type: ignore[arg-type]


def test_every_client_takes_the_time_and_rate_controls_and_copies_share_the_limiter() -> None:
    limiter = unbroken.RateLimiter(requests_per_minute=50)
    timeouts = unbroken.StreamTimeouts(first_event=30, idle=60)
    for client in every_client(
        stream_timeouts=timeouts,
        deadline=120,
        max_retry_after=5,
        rate_limiter=limiter,
        stream_long_requests=True,
    ):
        controls = client.controls
        assert (controls.stream_timeouts, controls.deadline, controls.max_retry_after) == (timeouts, 120, 5)
        assert controls.rate_limiter is limiter and controls.stream_long_requests
        copy = client.with_options(deadline=None)
        assert copy.controls.deadline is None and copy.controls.rate_limiter is limiter
        assert copy._rate_limits is client._rate_limits  # what the copies see, they see together


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"stream_timeouts": 30}, TypeError, "stream_timeouts must be a StreamTimeouts or None"),
        ({"deadline": 0}, ValueError, "deadline must be a positive number of seconds"),
        ({"deadline": "1m"}, TypeError, "deadline must be a number of seconds or None"),
        ({"max_retry_after": -1}, ValueError, "max_retry_after must be 0 or more seconds"),
        ({"max_retry_after": None}, TypeError, "max_retry_after must be a number of seconds"),
        (
            {"rate_limiter": {"requests_per_minute": 5}},
            TypeError,
            "rate_limiter must be a RateLimiter or None",
        ),
        ({"stream_long_requests": "yes"}, TypeError, "stream_long_requests must be a bool"),
    ],
)
def test_a_bad_control_is_refused_before_anything_is_sent(
    options: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        unbroken.Anthropic(api_key="k", **options)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        unbroken.AsyncAnthropic(api_key="k").with_options(**options)  # type: ignore[arg-type]


def test_every_control_is_declared_once_in_both_places() -> None:
    assert set(ClientOptions.__annotations__) == set(Controls().as_options())


mypy_api = pytest.importorskip("mypy.api")


def test_a_type_checker_checks_each_option(tmp_path: Path) -> None:
    path = tmp_path / "snippet.py"
    path.write_text(
        textwrap.dedent(
            """
            import unbroken

            unbroken.Anthropic(max_event_bytes=10)
            unbroken.Anthropic(max_event_bytes="10")
            unbroken.AsyncAnthropic().with_options(max_event_bites=10)
            """
        )
    )
    stdout, _, _ = mypy_api.run(
        [
            str(path),
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(Path(__file__).resolve().parent.parent / ".mypy_cache"),
        ]
    )
    errors = [line.split(": error: ")[1] for line in stdout.splitlines() if ": error: " in line]
    assert len(errors) == 2, stdout
    assert '"max_event_bytes"' in errors[0] and "int" in errors[0]
    assert "max_event_bites" in errors[1]
