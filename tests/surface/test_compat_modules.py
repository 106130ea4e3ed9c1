"""The generated compatibility modules are current with `scripts/reference_surface.json`.

Needs neither the reference nor a network: regenerate with `make generate-compat` (or
`python scripts/generate_compat.py`) after changing the table, `LOCAL_HOMES`, or where a name lives.
"""

from __future__ import annotations

import importlib
import importlib.util

from surface_scripts import load_script

generate_compat = load_script("generate_compat")


def test_generated_modules_are_current() -> None:
    found = generate_compat.problems(generate_compat.plan())

    assert not found, "run `make generate-compat`:\n" + "\n".join(found)


def test_every_generated_module_is_marked_and_re_exports_its_names() -> None:
    table = generate_compat.load_table()
    files = generate_compat.plan(table)
    assert len(files) > 300
    for path, text in files.items():
        assert text.startswith(generate_compat.MARKER + "\n"), path
    module = importlib.import_module("unbroken.types.raw_message_delta_event")
    assert module.Delta is importlib.import_module("unbroken.types.stream_events").Delta
    assert sorted(module.__all__) == sorted(table["anthropic.types.raw_message_delta_event"]["names"])


def test_a_reference_module_path_is_a_real_module_for_importlib() -> None:
    spec = importlib.util.find_spec("unbroken.types.beta.beta_message")

    assert spec is not None and spec.origin is not None and spec.origin.endswith("beta_message.py")


def test_submodules_are_attributes_without_importing_them_as_in_the_reference() -> None:
    import subprocess
    import sys

    code = (
        "import unbroken\n"
        "assert unbroken.lib.streaming.TextEvent is unbroken.TextEvent\n"
        "assert unbroken.types.text_block.TextBlock is unbroken.types.TextBlock\n"
        "assert unbroken.types.shared.error_object.ErrorObject is unbroken.types.ErrorObject\n"
        "assert unbroken.pagination.SyncPage is not None\n"
        "for package, name in ((unbroken, 'nope'), (unbroken.types, '_private'), (unbroken.lib, 'nope')):\n"
        "    try:\n"
        "        getattr(package, name)\n"
        "    except AttributeError:\n"
        "        pass\n"
        "    else:\n"
        "        raise AssertionError(name)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
