"""Our public surface against the reference's (`anthropic==0.74.0`, a dev-only dependency imported only here).

Every public module path and name of the reference resolves under `unbroken`, as the same kind of object with
the same signature (parameter names, kinds, defaults), model fields and TypedDict keys (names, required-ness,
types), exception MRO and public members; every resource reachable from each client instance too. The
differences we keep on purpose, and those another branch is fixing, are listed in `surface_allowlist`.
Run `python tests/surface/surface_compare.py` for the figures and every difference.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import anthropic
import pytest
from surface_allowlist import ON_PURPOSE, PENDING_RESOURCE_CLIENT_SURFACE_OTHER_BRANCH
from surface_compare import Report, build_report, classify, load_table, ours_path
from surface_scripts import ROOT

PENDING = PENDING_RESOURCE_CLIENT_SURFACE_OTHER_BRANCH


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(load_table())


def test_the_reference_is_the_pinned_version() -> None:
    assert anthropic.__version__ == "0.74.0"


def test_the_checked_in_table_is_current_with_the_reference() -> None:
    # In a fresh interpreter, as `make reference-surface` runs it: which typing aliases of the reference are
    # one object (`ModelParam` and `Model` are equal unions, shared only while typing's cache holds the
    # first) depends on what the process imported before `anthropic`, and this test process imports plenty.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reference_surface.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr or "run `python scripts/reference_surface.py`"


def test_the_table_covers_the_reference_public_surface() -> None:
    modules = load_table()["modules"]
    assert len(modules) > 350
    assert "Delta" in modules["anthropic.types.raw_message_delta_event"]["names"]
    assert "TextEvent" in modules["anthropic"]["names"]


def test_every_reference_module_path_imports_under_unbroken() -> None:
    missing = []
    for path in load_table()["modules"]:
        if classify(path + ".*", ON_PURPOSE, PENDING) != "unexpected":
            continue
        try:
            importlib.import_module(ours_path(path))
        except ImportError as exc:
            missing.append(f"{path}: {exc}")

    assert not missing, "\n".join(missing)


def test_every_reference_name_matches_ours(report: Report) -> None:
    unexpected = [m for m in report.mismatches if classify(m.key, ON_PURPOSE, PENDING) == "unexpected"]

    assert not unexpected, f"{len(unexpected)} difference(s) from the reference:\n" + "\n".join(
        f"  {m.key}: {m.text}" for m in unexpected
    )


@pytest.mark.parametrize("allowlist", [ON_PURPOSE, PENDING], ids=["on-purpose", "pending-other-branch"])
def test_every_allowlist_entry_still_names_a_difference(report: Report, allowlist: dict[str, str]) -> None:
    import fnmatch

    stale = [
        pattern
        for pattern in allowlist
        if not any(fnmatch.fnmatchcase(m.key, pattern) for m in report.mismatches)
    ]

    assert not stale, "these entries match nothing any more: remove them\n" + "\n".join(stale)


def test_a_difference_is_reported_readably() -> None:
    from surface_describe import describe, differences

    theirs = describe(anthropic.types.Usage)
    ours = describe(anthropic.types.MessageDeltaUsage)

    found = dict(differences(theirs, ours))

    assert found["service_tier"] == "field missing"
    assert "name: reference Usage" in found[""]
