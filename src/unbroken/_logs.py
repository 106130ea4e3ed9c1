"""`ANTHROPIC_LOG=info|debug` logging, with credentials redacted in every line we emit."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

# The root of the library's loggers; each module logs to its own child (`unbroken._base_client`,
# `unbroken.tools._runner_core`, ...), so one part can be tuned alone. ANTHROPIC_LOG configures this root.
logger = logging.getLogger("unbroken")

SECRET_HEADERS = frozenset({"x-api-key", "authorization", "api-key", "x-amz-security-token"})


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy safe to log: secret header values are replaced, whatever their case."""
    return {k: ("<redacted>" if k.lower() in SECRET_HEADERS else v) for k, v in headers.items()}


_MASKED_HEADERS: dict[type, type] = {}


def mask_secret_headers(headers: Any) -> None:
    """Make `repr(headers)` hide every credential, as httpx hides only `Authorization`: a request's headers
    reach hooks, errors (`e.request.headers`) and users' logs. The object becomes an instance of a subclass
    of its own class that differs only in `__repr__` (same layout, so nothing is copied)."""
    cls = type(headers)
    masked = _MASKED_HEADERS.get(cls)
    if masked is None:
        if getattr(cls, "_masks_secrets", False):
            return
        masked = type(cls.__name__, (cls,), {"__repr__": _masked_repr, "_masks_secrets": True})
        masked.__module__ = cls.__module__
        _MASKED_HEADERS[cls] = masked
    headers.__class__ = masked


def _masked_repr(self: Any) -> str:
    items = [(k, "[secure]" if k.lower() in SECRET_HEADERS else v) for k, v in self.multi_items()]
    as_dict = dict(items)
    shown: object = as_dict if len(as_dict) == len(items) else items  # a repeated name: every pair
    return f"{type(self).__name__}({shown!r})"


def setup_from_env() -> None:
    """Honour ANTHROPIC_LOG once, at first client construction (as the reference does): our loggers and the
    HTTP stacks' at that level, their lines to the root logger's handlers. `basicConfig` adds a handler only
    when the application has none, so each line is printed once whichever configured logging first."""
    level = os.environ.get("ANTHROPIC_LOG", "").lower()
    if level not in ("info", "debug") or getattr(setup_from_env, "_done", False):
        return
    setup_from_env._done = True  # type: ignore[attr-defined]
    logging.basicConfig(
        format="[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s", datefmt="%Y-%m-%d %H:%M:%S"
    )
    numeric = logging.DEBUG if level == "debug" else logging.INFO
    for name in ("unbroken", "httpx", "httpx2"):  # whichever HTTP stack sends (`_stacks`)
        logging.getLogger(name).setLevel(numeric)
