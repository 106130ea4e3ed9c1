"""Compare our public surface with the reference's, name by name; the one place `anthropic` is imported.

Every (module, name) of `scripts/reference_surface.json` is looked up under `unbroken`: a name the reference
makes public in several places must be the same object here too; otherwise it is described on both sides
(`surface_describe`) and the descriptions compared. Then each client is built on both sides and every
resource reachable from it (`client.messages.batches`, `client.beta.files.with_raw_response`, …) is compared.

A mismatch has a key, the dotted path of what differs (`anthropic.types.Usage.inference_geo`,
`Anthropic().messages.with_raw_response`), which is what the allowlists match (shell-style patterns).
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import anthropic
import anthropic._resource
from surface_describe import describe, differences, public_members
from surface_scripts import ROOT

TABLE_PATH = ROOT / "scripts" / "reference_surface.json"
REFERENCE, OURS = "anthropic", "unbroken"


def load_table() -> dict[str, Any]:
    return json.loads(TABLE_PATH.read_text())  # type: ignore[no-any-return]


def ours_path(reference_path: str) -> str:
    return OURS + reference_path[len(REFERENCE) :]


# The clients, built the same way on both sides (dummy credentials; nothing is sent).
CLIENTS: dict[str, tuple[str, dict[str, Any]]] = {
    "Anthropic": ("Anthropic", {"api_key": "k"}),
    "AsyncAnthropic": ("AsyncAnthropic", {"api_key": "k"}),
    "AnthropicBedrock": (
        "AnthropicBedrock",
        {"aws_region": "us-east-1", "aws_access_key": "a", "aws_secret_key": "s"},
    ),
    "AsyncAnthropicBedrock": (
        "AsyncAnthropicBedrock",
        {"aws_region": "us-east-1", "aws_access_key": "a", "aws_secret_key": "s"},
    ),
    "AnthropicVertex": ("AnthropicVertex", {"region": "us-east5", "project_id": "p", "access_token": "t"}),
    "AsyncAnthropicVertex": (
        "AsyncAnthropicVertex",
        {"region": "us-east5", "project_id": "p", "access_token": "t"},
    ),
    "AnthropicFoundry": ("AnthropicFoundry", {"api_key": "k", "resource": "r"}),
    "AsyncAnthropicFoundry": ("AsyncAnthropicFoundry", {"api_key": "k", "resource": "r"}),
}


@dataclass
class Mismatch:
    key: str
    text: str


@dataclass
class Report:
    """Every compared item (a public name or a reachable resource) and what differs about each."""

    compared: dict[str, list[Mismatch]] = field(default_factory=dict)

    def add(self, item: str, mismatches: list[Mismatch]) -> None:
        self.compared[item] = mismatches

    @property
    def mismatches(self) -> list[Mismatch]:
        return [m for found in self.compared.values() for m in found]


def matching(patterns: dict[str, str], key: str) -> str | None:
    return next((pattern for pattern in patterns if fnmatch.fnmatchcase(key, pattern)), None)


def _resolve(module_path: str, name: str) -> tuple[bool, Any]:
    try:
        module = importlib.import_module(module_path)
    except ImportError:
        return False, None
    try:
        return True, getattr(module, name)
    except AttributeError:
        return False, None


def _compare(key: str, reference: dict[str, Any], ours: dict[str, Any]) -> list[Mismatch]:
    return [
        Mismatch(f"{key}.{member}" if member else key, text) for member, text in differences(reference, ours)
    ]


def compare_names(table: dict[str, Any], instances: dict[str, tuple[Any, Any]]) -> Iterator[tuple[str, list]]:
    """`(item, mismatches)` for every public name of the reference; `instances` adds clients' members."""
    for module_path, entry in table["modules"].items():
        reference_module = importlib.import_module(module_path)
        try:
            our_module = importlib.import_module(ours_path(module_path))
        except ImportError as exc:
            for name in entry["names"]:
                yield f"{module_path}.{name}", [Mismatch(f"{module_path}.{name}", f"module missing ({exc})")]
            continue
        for name, same_as in entry["names"].items():
            key = f"{module_path}.{name}"
            if not hasattr(our_module, name):
                yield key, [Mismatch(key, "missing")]
                continue
            ours = getattr(our_module, name)
            if same_as is not None:
                # Compared where it is canonical; here it must be that very object.
                other_module, _, other_name = same_as.partition(":")
                found, canonical = _resolve(ours_path(other_module), other_name)
                if found and canonical is not ours:
                    yield (
                        key,
                        [Mismatch(key, f"not the same object as {ours_path(other_module)}.{other_name}")],
                    )
                else:
                    yield key, []
                continue
            reference = getattr(reference_module, name)
            reference_instance, our_instance = instances.get(key, (None, None))
            yield (
                key,
                _compare(
                    key,
                    describe(reference, instance=reference_instance),
                    describe(ours, instance=our_instance),
                ),
            )


def _is_reference_resource(value: Any) -> bool:
    bases = (anthropic._resource.SyncAPIResource, anthropic._resource.AsyncAPIResource)
    name = type(value).__name__
    return isinstance(value, bases) or name.endswith(("WithRawResponse", "WithStreamingResponse"))


def compare_resources(path: str, reference: Any, ours: Any) -> Iterator[tuple[str, list[Mismatch]]]:
    """Each resource reachable from `reference` (a client or a resource), compared with ours at that path."""
    for name in sorted(dir(reference)):
        if name.startswith("_"):
            continue
        try:
            value = getattr(reference, name)
        except AttributeError:  # the reference's own views break on a resource a platform lacks (Foundry)
            continue
        if value is None or not _is_reference_resource(value):
            continue
        key = f"{path}.{name}"
        try:
            our_value = getattr(ours, name)
        except AttributeError:
            yield key, [Mismatch(key, "missing")]
            continue
        reference_view = {"kind": "resource", "name": type(value).__name__, "members": public_members(value)}
        our_view = {
            "kind": "resource",
            "name": type(our_value).__name__,
            "members": public_members(our_value),
        }
        yield key, _compare(key, reference_view, our_view)
        yield from compare_resources(key, value, our_value)


def build_clients() -> dict[str, tuple[Any, Any]]:
    import unbroken

    clients: dict[str, tuple[Any, Any]] = {}
    for label, (name, kwargs) in CLIENTS.items():
        clients[label] = (getattr(anthropic, name)(**kwargs), getattr(unbroken, name)(**kwargs))
    return clients


def close_clients(clients: dict[str, tuple[Any, Any]]) -> None:
    for reference, ours in clients.values():
        for client in (reference, ours):
            close: Callable[[], Any] | None = getattr(client, "close", None)
            if close is not None and not type(client).__name__.startswith("Async"):
                close()


def build_report(table: dict[str, Any]) -> Report:
    report = Report()
    clients = build_clients()
    try:
        instances = {f"{REFERENCE}.{CLIENTS[label][0]}": pair for label, pair in clients.items()}
        for item, found in compare_names(table, instances):
            report.add(item, found)
        for label, (reference, ours) in clients.items():
            for item, found in compare_resources(f"{label}()", reference, ours):
                report.add(item, found)
    finally:
        close_clients(clients)
    return report


def classify(key: str, on_purpose: dict[str, str], pending: dict[str, str]) -> str:
    """ "on purpose", "pending" (the other branch's), or "unexpected"."""
    if matching(on_purpose, key) is not None:
        return "on purpose"
    if matching(pending, key) is not None:
        return "pending"
    return "unexpected"


def figures(report: Report, on_purpose: dict[str, str], pending: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per kind of item (reference public names; resources reachable from clients): how many match, differ
    on purpose, wait for the other branch, or differ unexpectedly (counted under its worst mismatch)."""
    order = ["on purpose", "pending", "unexpected"]
    result: dict[str, dict[str, int]] = {}
    for item, found in report.compared.items():
        group = "names" if item.startswith(REFERENCE) else "client resources"
        counts = result.setdefault(group, dict.fromkeys(["compared", "matched", *order], 0))
        counts["compared"] += 1
        kinds = {classify(m.key, on_purpose, pending) for m in found}
        counts[max(kinds, key=order.index) if kinds else "matched"] += 1
    return result


if __name__ == "__main__":  # python tests/surface/surface_compare.py: the figures and every mismatch
    from surface_allowlist import ON_PURPOSE, PENDING_RESOURCE_CLIENT_SURFACE_OTHER_BRANCH

    result = build_report(load_table())
    for mismatch in result.mismatches:
        kind = classify(mismatch.key, ON_PURPOSE, PENDING_RESOURCE_CLIENT_SURFACE_OTHER_BRANCH)
        print(f"[{kind}] {mismatch.key}: {mismatch.text}")
    print(figures(result, ON_PURPOSE, PENDING_RESOURCE_CLIENT_SURFACE_OTHER_BRANCH))
