"""The lazy export tables of `unbroken.types*` are consistent and really lazy.

That each package exports every name the reference's does is checked by `tests/surface`; a concept module
may also hold names the reference keeps local to one of its modules (`raw_message_delta_event.Delta`).
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

import unbroken.types
import unbroken.types.beta
import unbroken.types.beta.messages
import unbroken.types.beta.skills
import unbroken.types.messages

PACKAGES = [
    unbroken.types,
    unbroken.types.messages,
    unbroken.types.beta,
    unbroken.types.beta.messages,
    unbroken.types.beta.skills,
]


def _public_modules(package: ModuleType) -> list[ModuleType]:
    names = [
        m.name for m in pkgutil.iter_modules(package.__path__) if not m.ispkg and not m.name.startswith("_")
    ]
    return [importlib.import_module(f"{package.__name__}.{name}") for name in names]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_every_export_resolves_to_the_object_of_its_module(package: ModuleType) -> None:
    for name, module_name in package._EXPORTS.items():
        module = importlib.import_module(module_name, package.__name__)
        assert getattr(package, name) is getattr(module, name), name


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_all_is_sorted_and_matches_the_export_table(package: ModuleType) -> None:
    assert package.__all__ == sorted(package._EXPORTS)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_submodule_all_names_exist(package: ModuleType) -> None:
    for module in _public_modules(package):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchType"):
        _ = unbroken.types.NoSuchType  # type: ignore[attr-defined]


def test_dir_lists_lazy_names() -> None:
    assert "Message" in dir(unbroken.types)
    assert "BetaMessage" in dir(unbroken.types.beta)


def test_tile_documented_paths_exist() -> None:
    from unbroken._types import NotGiven, RequestOptions, Timeout
    from unbroken.types import NotGiven as TypesNotGiven
    from unbroken.types import RequestOptions as TypesRequestOptions
    from unbroken.types import Timeout as TypesTimeout
    from unbroken.types.beta import ParsedBetaMessage
    from unbroken.types.beta.parsed_beta_message import ParsedBetaMessage as Direct

    assert (TypesNotGiven, TypesRequestOptions, TypesTimeout) == (NotGiven, RequestOptions, Timeout)
    assert ParsedBetaMessage is Direct


def test_reference_import_paths_exist() -> None:
    from unbroken.types import ContentBlock, Message, MessageParam, MessageTokensCount, StopReason, Usage
    from unbroken.types.beta import BetaContentBlock, BetaMessage, BetaUsage
    from unbroken.types.message_create_params import MessageCreateParamsNonStreaming
    from unbroken.types.messages import MessageBatch
    from unbroken.types.messages.batch_create_params import Request

    assert all([ContentBlock, Message, MessageParam, MessageTokensCount, StopReason, Usage])
    assert all(
        [BetaContentBlock, BetaMessage, BetaUsage, MessageCreateParamsNonStreaming, MessageBatch, Request]
    )


def test_subpackages_are_importable_from_the_package() -> None:
    from unbroken.types import beta, messages

    assert beta is unbroken.types.beta
    assert messages is unbroken.types.messages


def test_error_models_are_not_the_exceptions() -> None:
    import unbroken._exceptions as exceptions

    assert unbroken.types.RateLimitError is not getattr(exceptions, "RateLimitError", None)
    assert unbroken.types.PermissionError is not PermissionError


def test_importing_types_loads_no_submodule() -> None:
    code = (
        "import sys, unbroken.types, unbroken.types.beta\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('unbroken.types.'))\n"
        "assert loaded == ['unbroken.types._lazy', 'unbroken.types.beta'], loaded\n"
        "unbroken.types.Message\n"
        "assert 'unbroken.types.content' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_get_type_hints_resolves_every_typeddict() -> None:
    import typing

    import typing_extensions

    failures = []
    checked = 0
    for package in PACKAGES:
        for name in package.__all__:
            value = getattr(package, name)
            if isinstance(value, type) and typing_extensions.is_typeddict(value):
                checked += 1
                try:
                    typing.get_type_hints(value)
                except Exception as exc:
                    failures.append(f"{package.__name__}.{name}: {type(exc).__name__}: {exc}")
    assert checked > 150
    assert not failures, "\n".join(failures)
