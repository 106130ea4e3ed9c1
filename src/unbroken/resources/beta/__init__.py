"""`client.beta` and its resources (messages, models, files, skills), as the reference exports them.

`Beta` / `AsyncBeta` live in `beta.py`; the sub-resource classes load only when asked for, so importing
this package costs nothing until a beta resource is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .beta import AsyncBeta, Beta

if TYPE_CHECKING:
    from .files import AsyncFiles, Files
    from .messages import AsyncMessages, Messages
    from .models import AsyncModels, Models
    from .skills import AsyncSkills, Skills

__all__ = [
    "AsyncBeta",
    "AsyncFiles",
    "AsyncMessages",
    "AsyncModels",
    "AsyncSkills",
    "Beta",
    "Files",
    "Messages",
    "Models",
    "Skills",
]

_LAZY = {
    "Messages": ".messages",
    "AsyncMessages": ".messages",
    "Models": ".models",
    "AsyncModels": ".models",
    "Files": ".files",
    "AsyncFiles": ".files",
    "Skills": ".skills",
    "AsyncSkills": ".skills",
}


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)
