"""The reference SDK's public import surface, as a table: every public module path and the names it holds.

Reads an installed `anthropic==0.74.0` (a dev dependency) and writes `scripts/reference_surface.json`, which
`scripts/generate_compat.py` turns into our thin compatibility modules. Only regenerating the table needs
the reference; the generator and its currency test read the checked-in JSON.

A module is public when no part of its dotted path starts with `_`. Its public names are its `__all__` plus
what it defines at top level (classes, functions, assignments) and what it re-exports explicitly
(`from x import A as A`), the names a type checker treats as public; `__all__` alone misses some the
reference documents (`anthropic.types.tool_param.InputSchemaTyped`).

For each name the table also records where else the same object is public (`"module:name"`), preferring a
package export: that is how a thin module finds its home in our package. `null` means the name is local to
its module (`anthropic.types.raw_message_delta_event.Delta`).

    python scripts/reference_surface.py [--check]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import pkgutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

REFERENCE = "anthropic"
REFERENCE_VERSION = "0.74.0"
TABLE_PATH = Path(__file__).with_name("reference_surface.json")

_PRIMITIVES = (str, int, float, bool, bytes, type(None))


def public_module_names(package: str = REFERENCE) -> list[str]:
    """Every public module of the installed package, sorted, the package itself first."""
    root = importlib.import_module(package)
    found = [
        info.name
        for info in pkgutil.walk_packages(root.__path__, f"{package}.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return [package, *sorted(found)]


def _top_level_names(module: ModuleType) -> set[str]:
    """Names a module defines or explicitly re-exports, read from its source."""
    tree = ast.parse(inspect.getsource(module))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom) and node.names[0].name == "*":
            # `from .lib.streaming import *`: the star-imported module's public names are re-exported.
            source = importlib.import_module("." * node.level + (node.module or ""), module.__package__)
            names.update(public_names(source))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(alias.name for alias in node.names if alias.asname == alias.name)
    return names


def public_names(module: ModuleType) -> list[str]:
    """The names `from <module> import X` may rely on (see the module docstring)."""
    declared = set(getattr(module, "__all__", ()))
    return sorted(name for name in declared | _top_level_names(module) if not name.startswith("_"))


def build_table() -> dict[str, Any]:
    """The whole table, from the installed reference (import it first: this loads every public module)."""
    modules = {name: importlib.import_module(name) for name in public_module_names()}
    names = {path: public_names(module) for path, module in modules.items()}

    # Where each object is public, to find a home for it by identity (never for primitives: small ints and
    # short strings are shared objects, which would be a false identity).
    places: dict[int, list[tuple[str, str]]] = {}
    for path, module in modules.items():
        for name in names[path]:
            value = getattr(module, name)
            if not isinstance(value, _PRIMITIVES):
                places.setdefault(id(value), []).append((path, name))

    def canonical(value: object) -> tuple[str, str]:
        """One place per object: a package export first, then the shallowest path, then the object's own
        name (so aliases point at the defining name and never at each other)."""

        def preference(place: tuple[str, str]) -> tuple[int, int, int, str, str]:
            path, name = place
            is_package = hasattr(modules[path], "__path__")
            own_name = getattr(value, "__name__", None) == name
            return (0 if is_package else 1, path.count("."), 0 if own_name else 1, path, name)

        return min(places[id(value)], key=preference)

    def same_as(path: str, name: str) -> str | None:
        value = getattr(modules[path], name)
        if isinstance(value, _PRIMITIVES):
            return None
        home = canonical(value)
        return None if home == (path, name) else ":".join(home)

    return {
        "reference": f"{REFERENCE}=={REFERENCE_VERSION}",
        "modules": {
            path: {
                "package": hasattr(module, "__path__"),
                "names": {name: same_as(path, name) for name in names[path]},
            }
            for path, module in modules.items()
        },
    }


def render(table: dict[str, Any]) -> str:
    return json.dumps(table, indent=1, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the checked-in table is stale")
    args = parser.parse_args()
    version = importlib.import_module(REFERENCE).__version__
    if version != REFERENCE_VERSION:
        print(f"need {REFERENCE}=={REFERENCE_VERSION}, found {version}", file=sys.stderr)
        return 2
    text = render(build_table())
    if args.check:
        if TABLE_PATH.read_text() != text:
            print(f"{TABLE_PATH} is stale: run python scripts/reference_surface.py", file=sys.stderr)
            return 1
        return 0
    TABLE_PATH.write_text(text)
    print(f"wrote {TABLE_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
