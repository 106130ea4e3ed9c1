"""The pure half of `fallbacks` (`_fallback.py`): `Fallback` values, the circuit breaker on a fake clock,
the route a call takes from target to target, and the client options that configure them. No sockets."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import unbroken
from unbroken import CircuitBreaker, Fallback
from unbroken._fallback import (
    DEFAULT_FALLBACK_ON,
    Route,
    give_up_reason,
    is_message_call,
    model_of,
    with_model,
)
from unbroken._request import request_spec
from unbroken._timeouts import Deadline

REQUEST = httpx.Request("POST", "https://api.test/v1/messages")
OVERLOADED = unbroken.OverloadedError("Overloaded", response=httpx.Response(529, request=REQUEST), body=None)
SERVER = unbroken.InternalServerError("boom", response=httpx.Response(500, request=REQUEST), body=None)
BAD = unbroken.BadRequestError("no", response=httpx.Response(400, request=REQUEST), body=None)
DROP = unbroken.APIConnectionError(request=REQUEST)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def route(*models: str, breaker: CircuitBreaker | None = None, on: Any = DEFAULT_FALLBACK_ON) -> Route:
    home = unbroken.Anthropic(api_key="k")
    return Route(home, "claude-opus-4-1", [Fallback(model=m) for m in models], on, breaker)


# -- Fallback ---------------------------------------------------------------------------------------------


def test_a_fallback_names_a_model_a_client_or_both() -> None:
    other = unbroken.Anthropic(api_key="other")
    assert Fallback(model="claude-haiku-4-5").client is None
    assert Fallback(client=other).model is None
    assert repr(Fallback(client=other, model="m")) == "Fallback(model='m', client=Anthropic)"
    with pytest.raises(ValueError, match="needs a model, a client, or both"):
        Fallback()
    with pytest.raises(ValueError, match="must name a model"):
        Fallback(model="")
    with pytest.raises(TypeError, match="must be a str"):
        Fallback(model=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be an unbroken client"):
        Fallback(client=httpx.Client(), model="m")  # type: ignore[arg-type]


def test_a_fallback_client_of_the_other_kind_is_refused_when_the_client_is_built() -> None:
    async_other = unbroken.AsyncAnthropic(api_key="k")
    with pytest.raises(TypeError, match="must be a synchronous client"):
        unbroken.Anthropic(api_key="k", fallbacks=[Fallback(client=async_other, model="m")])
    sync_other = unbroken.Anthropic(api_key="k")
    with pytest.raises(TypeError, match="must be an asynchronous client"):
        unbroken.AsyncAnthropic(api_key="k").with_options(fallbacks=[Fallback(client=sync_other)])


# -- the options ------------------------------------------------------------------------------------------


def test_the_options_default_to_todays_behaviour() -> None:
    controls = unbroken.Anthropic(api_key="k").controls
    assert (controls.resume_streams, controls.max_continuations, controls.fallbacks) == (False, 2, ())
    assert controls.fallback_on == DEFAULT_FALLBACK_ON
    assert isinstance(controls.circuit_breaker, CircuitBreaker)


def test_the_options_are_checked_before_anything_is_sent() -> None:
    client = unbroken.Anthropic(api_key="k")
    with pytest.raises(TypeError, match="resume_streams must be a bool"):
        client.with_options(resume_streams=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_continuations must be 0 or more"):
        client.with_options(max_continuations=-1)
    with pytest.raises(TypeError, match="max_continuations must be an int"):
        client.with_options(max_continuations=True)
    with pytest.raises(TypeError, match=r"fallbacks must be a list of unbroken\.Fallback"):
        client.with_options(fallbacks=Fallback(model="m"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"fallbacks must hold unbroken\.Fallback values"):
        client.with_options(fallbacks=["claude-haiku-4-5"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="fallback_on must hold exception classes"):
        client.with_options(fallback_on=[ValueError, "OverloadedError"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="fallback_on must be a list of exception classes"):
        client.with_options(fallback_on="OverloadedError")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="circuit_breaker must be a CircuitBreaker or None"):
        client.with_options(circuit_breaker=3)  # type: ignore[arg-type]


def test_fallbacks_and_error_classes_are_kept_as_tuples() -> None:
    client = unbroken.Anthropic(
        api_key="k", fallbacks=[Fallback(model="m")], fallback_on=unbroken.OverloadedError
    )
    assert client.controls.fallbacks == (Fallback(model="m"),)
    assert client.controls.fallback_on == (unbroken.OverloadedError,)
    assert client.with_options(fallbacks=None).controls.fallbacks == ()


def test_copies_share_the_circuit_breaker_and_new_clients_get_their_own() -> None:
    client = unbroken.Anthropic(api_key="k")
    breaker = client.controls.circuit_breaker
    assert client.copy().controls.circuit_breaker is breaker
    assert client.with_options(max_retries=5).controls.circuit_breaker is breaker
    assert unbroken.Anthropic(api_key="k").controls.circuit_breaker is not breaker
    assert client.with_options(circuit_breaker=None).controls.circuit_breaker is None


# -- the circuit breaker ----------------------------------------------------------------------------------


def test_the_breaker_opens_after_threshold_overloads_in_a_row_for_the_cooldown() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cooldown=30, clock=clock)
    key = ("a", "m")
    breaker.overloaded(key)
    breaker.overloaded(key)
    assert breaker.allows(key)
    breaker.overloaded(key)
    assert not breaker.allows(key)
    clock.now += 29.9
    assert not breaker.allows(key)
    clock.now += 0.1
    assert breaker.allows(key)


def test_after_the_cooldown_one_more_overload_reopens_it_and_an_answer_closes_it() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=2, cooldown=10, clock=clock)
    key = ("a", "m")
    breaker.overloaded(key)
    breaker.overloaded(key)
    clock.now += 10
    breaker.overloaded(key)
    assert not breaker.allows(key)
    clock.now += 10
    breaker.succeeded(key)
    breaker.overloaded(key)
    assert breaker.allows(key)  # one overload after an answer is not yet "in a row"


def test_an_answer_closes_an_open_breaker_at_once() -> None:
    breaker = CircuitBreaker(threshold=1, cooldown=30, clock=Clock())
    breaker.overloaded("k")
    assert not breaker.allows("k")
    breaker.succeeded("k")  # a call every target of which was cooling down went to it, and got an answer
    assert breaker.allows("k")


def test_an_answer_between_overloads_breaks_the_row() -> None:
    breaker = CircuitBreaker(threshold=2, clock=Clock())
    breaker.overloaded("k")
    breaker.succeeded("k")
    breaker.overloaded("k")
    assert breaker.allows("k")


def test_targets_are_counted_apart() -> None:
    breaker = CircuitBreaker(threshold=1, clock=Clock())
    breaker.overloaded("a")
    assert not breaker.allows("a")
    assert breaker.allows("b")


def test_the_breaker_checks_its_settings() -> None:
    with pytest.raises(ValueError, match="threshold must be at least 1"):
        CircuitBreaker(threshold=0)
    with pytest.raises(TypeError, match="threshold must be an int"):
        CircuitBreaker(threshold="3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cooldown must be 0 or more seconds"):
        CircuitBreaker(cooldown=-1)
    with pytest.raises(ValueError, match="cooldown must be 0 or more seconds"):
        CircuitBreaker(cooldown=float("nan"))
    with pytest.raises(TypeError, match="cooldown must be a number of seconds"):
        CircuitBreaker(cooldown="30")  # type: ignore[arg-type]
    assert repr(CircuitBreaker(threshold=4, cooldown=2.5)) == "CircuitBreaker(threshold=4, cooldown=2.5)"


def test_is_open_names_a_target_by_model_and_client() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, cooldown=5, clock=clock)
    other = unbroken.Anthropic(api_key="k")
    overloaded = route("claude-haiku-4-5", breaker=breaker)
    overloaded.failed(OVERLOADED)
    assert breaker.is_open("claude-opus-4-1")
    assert not breaker.is_open("claude-opus-4-1", client=other)
    clock.now += 5
    assert not breaker.is_open("claude-opus-4-1")


# -- the route --------------------------------------------------------------------------------------------


def test_a_route_starts_on_the_calls_own_model_then_takes_the_fallbacks_in_order() -> None:
    path = route("claude-sonnet-4-5", "claude-haiku-4-5")

    assert path.start().model == "claude-opus-4-1"
    assert path.next_after(OVERLOADED, None).model == "claude-sonnet-4-5"  # type: ignore[union-attr]
    assert path.next_after(DROP, None).model == "claude-haiku-4-5"  # type: ignore[union-attr]
    assert path.next_after(SERVER, None) is None
    assert path.current.model == "claude-haiku-4-5"


def test_only_the_chosen_errors_move_a_call() -> None:
    assert route("m").next_after(BAD, None) is None
    assert route("m", on=(unbroken.OverloadedError,)).next_after(SERVER, None) is None
    assert route("m", on=(unbroken.OverloadedError,)).next_after(OVERLOADED, None) is not None


def test_the_deadline_ends_the_route() -> None:
    clock = Clock()
    breach = unbroken.APITimeoutError(REQUEST, timeout_kind="deadline")
    assert route("m").next_after(breach, None) is None
    deadline = Deadline(5, clock=clock)
    assert route("m").next_after(OVERLOADED, deadline) is not None
    clock.now += 5
    assert route("m").next_after(OVERLOADED, deadline) is None


def test_a_retry_wait_past_the_deadline_ends_only_the_target_while_time_is_left() -> None:
    clock = Clock()
    deadline = Deadline(5, clock=clock)
    wait_refused = unbroken.APITimeoutError(REQUEST, timeout_kind="deadline")
    wait_refused.__cause__ = OVERLOADED  # what `_retry_delay` raises when the wait would not fit
    path = route("m")

    assert path.next_after(wait_refused, deadline) is not None
    assert give_up_reason(wait_refused, deadline) is OVERLOADED
    assert route("m", on=(unbroken.InternalServerError,)).next_after(wait_refused, deadline) is None
    assert route("m").next_after(unbroken.APITimeoutError(REQUEST, timeout_kind="deadline"), deadline) is None
    clock.now += 5
    assert route("m").next_after(wait_refused, deadline) is None


def test_a_call_starts_on_the_first_target_whose_breaker_is_closed() -> None:
    breaker = CircuitBreaker(threshold=1, clock=Clock())
    path = route("claude-sonnet-4-5", "claude-haiku-4-5", breaker=breaker)
    path.failed(OVERLOADED)  # the call's own model
    path.next_after(OVERLOADED, None)
    path.failed(OVERLOADED)  # sonnet

    fresh = route("claude-sonnet-4-5", "claude-haiku-4-5", breaker=breaker)
    target = fresh.start()

    assert (target.model, fresh.index) == ("claude-haiku-4-5", 2)
    event = fresh.event(None)
    assert (event.error, event.from_model, event.to_model) == (None, "claude-opus-4-1", "claude-haiku-4-5")
    assert event.target == Fallback(model="claude-haiku-4-5")


def test_a_call_whose_every_target_is_cooling_down_goes_to_its_own() -> None:
    breaker = CircuitBreaker(threshold=1, clock=Clock())
    for model in ("claude-opus-4-1", "claude-haiku-4-5"):
        breaker.overloaded((None, model))
    path = route("claude-haiku-4-5", breaker=breaker)

    assert path.start().model == "claude-opus-4-1"
    assert path.next_after(OVERLOADED, None) is None  # the fallback is cooling down


def test_only_overloads_count_against_a_target_and_an_answer_clears_them() -> None:
    breaker = CircuitBreaker(threshold=2, clock=Clock())
    path = route("m", breaker=breaker)
    path.failed(SERVER)
    path.failed(DROP)
    path.failed(OVERLOADED)
    assert not breaker.is_open("claude-opus-4-1")
    path.succeeded()
    path.failed(OVERLOADED)
    assert not breaker.is_open("claude-opus-4-1")
    path.failed(OVERLOADED)
    assert breaker.is_open("claude-opus-4-1")


def test_a_route_without_a_breaker_never_skips() -> None:
    path = route("m")
    path.failed(OVERLOADED)
    path.succeeded()
    assert path.start().model == "claude-opus-4-1"


def test_the_event_of_a_move_names_where_the_call_came_from() -> None:
    path = route("claude-sonnet-4-5", "claude-haiku-4-5")
    path.next_after(OVERLOADED, None)
    path.next_after(OVERLOADED, None)

    event = path.event(OVERLOADED)

    assert (event.from_model, event.to_model, event.error) == (
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
        OVERLOADED,
    )


def test_a_fallback_without_a_model_keeps_the_calls() -> None:
    other = unbroken.Anthropic(api_key="other")
    path = Route(
        unbroken.Anthropic(api_key="k"),
        "claude-opus-4-1",
        [Fallback(client=other)],
        DEFAULT_FALLBACK_ON,
        None,
    )

    target = path.next_after(OVERLOADED, None)

    assert target is not None and (target.model, target.client) == ("claude-opus-4-1", other)


# -- which calls, and how they change ---------------------------------------------------------------------


def test_only_message_creation_falls_back() -> None:
    body = {"model": "m", "max_tokens": 1, "messages": []}
    assert is_message_call(request_spec("post", "/v1/messages", body=body))
    assert is_message_call(request_spec("post", "/v1/messages?beta=true", body=body))
    assert not is_message_call(request_spec("post", "/v1/messages/count_tokens", body=body))
    assert not is_message_call(request_spec("get", "/v1/messages", body=body))
    assert not is_message_call(request_spec("post", "/v1/complete", body=body))


def test_a_spec_asks_for_another_model_wherever_the_model_was_given() -> None:
    spec = request_spec(
        "post", "/v1/messages", body={"model": "a", "max_tokens": 1}, extra_body={"model": "b"}
    )
    assert model_of(spec) == "b"

    moved = with_model(spec, "c")

    assert (moved.json_data, moved.extra_json) == ({"model": "c", "max_tokens": 1}, {"model": "c"})
    assert moved.idempotency_key is None
    assert spec.json_data == {"model": "a", "max_tokens": 1}
    plain = request_spec("post", "/v1/messages", body={"model": "a"}, extra_body={"top_k": 1})
    assert with_model(plain, "c").extra_json == {"top_k": 1}
    assert model_of(request_spec("post", "/v1/messages", body={"max_tokens": 1})) == ""
