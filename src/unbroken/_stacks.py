"""The HTTP stacks a client sends through: httpx2 (the default) and httpx (the reference 0.74's).

httpx2 is httpx's API-compatible successor, but its classes are its own: an `httpx.Timeout` handed to an
`httpx2.Client` is misread, and `except httpx.HTTPError` does not catch httpx2's errors. This module is the
one place that knows both: which stack an object belongs to, a value converted to a given stack, the error
classes of every stack in play, and the default. It never imports httpx: an httpx object exists only once its
caller imported httpx, so `sys.modules` tells which stacks are in play, and a program on the default stack
never pays for loading the other one.

Why httpx2 is the default (measured by `benchmarks/concurrency.py`): its connection pool assigns queued
requests to connections in one pass, where httpx 0.28's (httpcore) rescans every connection for every
request, which makes a thousand simultaneous streams CPU-bound in the pool. See docs/http-clients.md.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from types import ModuleType
from typing import Any

__all__ = [
    "NAMES",
    "check_client",
    "convert",
    "default",
    "http_errors",
    "of",
    "of_class",
    "stack_of_kwargs",
    "timeout_errors",
    "transport_errors",
]

# The importable names of the stacks, the default first.
NAMES = ("httpx2", "httpx")

# Plain values that mean the same on either stack; anything else of a stack (a transport, a proxy, an auth
# flow) ties a client to that stack.
_CONVERTIBLE = ("Timeout", "Limits", "URL")


def default() -> ModuleType:
    """The stack a client uses when it is not handed one."""
    import httpx2

    return httpx2


def of(obj: object) -> ModuleType | None:
    """The stack module `obj` belongs to (its class or a base class is one of the stack's), else None."""
    return of_class(type(obj))


def of_class(cls: type) -> ModuleType | None:
    """The stack module `cls` or one of its base classes is a public class of, else None.

    By identity with the stack's own public classes, not by `__module__`: the reference SDK relabels the
    httpx classes it re-exports (`anthropic.Timeout` is `httpx.Timeout`, whose `__module__` becomes
    "anthropic" once `anthropic` is imported), and a program may import both. Cached: a class's answer never
    changes (no class can derive from a stack that is not imported yet).
    """
    return _of_class(cls)


@functools.lru_cache(maxsize=512)
def _of_class(cls: Any) -> ModuleType | None:
    loaded = [sys.modules[name] for name in NAMES if name in sys.modules]
    for base in cls.__mro__:
        for stack in loaded:
            if getattr(stack, base.__name__, None) is base:
                return stack
    return None


def check_client(http_client: object, name: str) -> ModuleType:
    """The stack of a caller's `http_client`, which must be a `name` ("Client" or "AsyncClient") of either
    stack; a TypeError (the reference's text) for anything else."""
    stack = of(http_client)
    if stack is None or not isinstance(http_client, getattr(stack, name)):
        raise TypeError(
            f"Invalid `http_client` argument; Expected an instance of `httpx2.{name}` or `httpx.{name}` "
            f"but got {type(http_client)}"
        )
    return stack


def convert(stack: ModuleType, value: Any) -> Any:
    """`value` (a timeout, limits or URL of either stack, or a plain value) as `stack` understands it.

    A float or None becomes a Timeout of `stack`, as the `timeout=` of a request expects.
    """
    source = of(value)
    if source is stack:
        return value
    if source is None:
        return stack.Timeout(value) if value is None or isinstance(value, (int, float)) else value
    kind = type(value).__name__
    if isinstance(value, source.Timeout):
        return stack.Timeout(connect=value.connect, read=value.read, write=value.write, pool=value.pool)
    if isinstance(value, source.Limits):
        return stack.Limits(
            max_connections=value.max_connections,
            max_keepalive_connections=value.max_keepalive_connections,
            keepalive_expiry=value.keepalive_expiry,
        )
    if isinstance(value, source.URL):
        return stack.URL(str(value))
    raise TypeError(f"`{source.__name__}.{kind}` cannot be used with a `{stack.__name__}` client")


def stack_of_kwargs(kwargs: Mapping[str, Any]) -> ModuleType:
    """The stack a client built from these keyword arguments must use: the one their transport, proxy,
    auth or mounts belong to (those cannot be converted), else the default. Mappings (headers, mounts) are
    looked into."""
    for value in kwargs.values():
        for item in value.values() if isinstance(value, Mapping) else (value,):
            stack = of(item)
            if stack is not None and not any(isinstance(item, getattr(stack, k)) for k in _CONVERTIBLE):
                return stack
    return default()


def http_errors() -> tuple[type[Exception], ...]:
    """`HTTPError` of every stack in play. Called from an `except` clause, so it runs only on a failure."""
    return tuple(sys.modules[name].HTTPError for name in NAMES if name in sys.modules)


def timeout_errors() -> tuple[type[Exception], ...]:
    """`TimeoutException` of every stack in play."""
    return tuple(sys.modules[name].TimeoutException for name in NAMES if name in sys.modules)


def transport_errors() -> tuple[type[Exception], ...]:
    """`TransportError` (the network failed, not the server's answer) of every stack in play."""
    return tuple(sys.modules[name].TransportError for name in NAMES if name in sys.modules)
