"""`Value` (`_values.py`) keeps what the frozen dataclasses it replaced gave: equality and hashing by fields,
immutability, a readable repr, `replace()`, copies and pickles."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from unbroken._options import Controls
from unbroken._request import RequestSpec
from unbroken._retry import RetryPolicy
from unbroken._values import replace


def test_values_are_equal_and_hash_alike_by_their_fields() -> None:
    assert RetryPolicy(max_retries=3) == RetryPolicy(max_retries=3)
    assert hash(RetryPolicy(max_retries=3)) == hash(RetryPolicy(max_retries=3))
    assert RetryPolicy(max_retries=3) != RetryPolicy(max_retries=4)
    assert RetryPolicy() != (2, 0.5, 8.0, 60.0, 0.25)  # another type is never equal


def test_state_is_left_out_of_equality() -> None:
    one, other = Controls(), Controls()
    assert one.circuit_breaker is not other.circuit_breaker
    assert one == other and hash(one) == hash(other)
    assert Controls(max_retry_after=1) != one


def test_fields_can_be_neither_assigned_nor_deleted() -> None:
    policy = RetryPolicy()
    with pytest.raises(dataclasses.FrozenInstanceError, match="max_retries"):
        policy.max_retries = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="jitter"):
        del policy.jitter  # type: ignore[misc]
    with pytest.raises(AttributeError):
        policy.extra = 1  # type: ignore[attr-defined]
    assert policy.max_retries == 2


def test_repr_names_every_field_in_order() -> None:
    assert repr(RetryPolicy(max_retries=1)) == (
        "RetryPolicy(max_retries=1, initial_delay=0.5, max_delay=8.0, max_server_delay=60.0, jitter=0.25)"
    )


def test_replace_changes_the_given_fields_through_init() -> None:
    spec = RequestSpec("post", "/v1/messages", json_data={"a": 1})
    moved = replace(spec, path="/v1/complete")
    assert (moved.method, moved.path, moved.json_data) == ("post", "/v1/complete", {"a": 1})
    assert spec.path == "/v1/messages"
    with pytest.raises(TypeError, match="bogus"):
        replace(spec, bogus=1)
    with pytest.raises(ValueError, match="max_event_bytes"):
        replace(Controls(), max_event_bytes=0)  # checked again, as a dataclass's __post_init__ was


def test_copies_and_pickles_keep_the_fields() -> None:
    policy = RetryPolicy(max_retries=7, jitter=0.0)
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert copy.copy(policy) == policy
    spec = RequestSpec("post", "/v1/messages", json_data={"messages": [1]})
    deep = copy.deepcopy(spec)
    assert (deep.method, deep.path, deep.json_data) == (spec.method, spec.path, spec.json_data)
    assert deep.json_data is not spec.json_data
