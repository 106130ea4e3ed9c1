"""The reference's `anthropic.lib` import paths (`unbroken.lib.streaming`, `unbroken.lib.tools`, ...).

Our code lives elsewhere (`unbroken.streaming`, `unbroken.tools`, ...); these modules are short re-exports,
so a user changes only the top-level name.
"""

from typing import TYPE_CHECKING

from .._files import async_files_from_dir, files_from_dir

__all__ = ["async_files_from_dir", "files_from_dir"]

if not TYPE_CHECKING:  # `unbroken.lib.streaming`, … without importing them first, as in the reference
    from ..types._lazy import submodule_getattr

    __getattr__ = submodule_getattr(__name__)
