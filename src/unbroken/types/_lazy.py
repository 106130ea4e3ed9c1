"""Lazy re-exports for the `types` packages: hundreds of models, loaded only when a name is first used."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["import_submodule", "lazy_exports", "submodule_getattr"]


def import_submodule(package: str, name: str, *, private: bool = False) -> Any:
    """`package.name` imported, if it is a public submodule (as `anthropic.types.text_block` is an attribute
    once `anthropic` is imported, the reference loading everything eagerly), or with `private` a private
    one too; None otherwise."""
    if (name.startswith("_") and not private) or importlib.util.find_spec(f"{package}.{name}") is None:
        return None
    return importlib.import_module(f"{package}.{name}")


def submodule_getattr(package: str) -> Callable[[str], Any]:
    """A module `__getattr__` for a package without lazy names: its submodules only."""

    def __getattr__(name: str) -> Any:
        submodule = import_submodule(package, name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return submodule

    return __getattr__


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return module `__getattr__` and `__dir__` resolving `exports` (name -> relative module) on demand.

    The resolved value is stored in the package namespace, so each name costs one import, once.
    """

    def __getattr__(name: str) -> Any:
        module_name = exports.get(name)
        if module_name is None:
            submodule = import_submodule(package, name)
            if submodule is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            return submodule
        value = getattr(importlib.import_module(module_name, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
