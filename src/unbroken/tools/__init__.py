"""Tools: Python functions as tools, built-in tool bases, the memory tool, and the runners that loop.

Names load lazily, so importing `unbroken.tools` (or `beta_tool` from `unbroken`) does not load the runners.
The reference import path `anthropic.lib.tools` is `unbroken.lib.tools`, a re-export of this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._async_memory import BetaAsyncAbstractMemoryTool as BetaAsyncAbstractMemoryTool
    from ._async_memory import BetaAsyncLocalFilesystemMemoryTool as BetaAsyncLocalFilesystemMemoryTool
    from ._async_runner import BetaAsyncStreamingToolRunner as BetaAsyncStreamingToolRunner
    from ._async_runner import BetaAsyncToolRunner as BetaAsyncToolRunner
    from ._builtin import BetaAsyncBuiltinFunctionTool as BetaAsyncBuiltinFunctionTool
    from ._builtin import BetaAsyncRunnableTool as BetaAsyncRunnableTool
    from ._builtin import BetaBuiltinFunctionTool as BetaBuiltinFunctionTool
    from ._builtin import BetaRunnableTool as BetaRunnableTool
    from ._functions import BetaAsyncFunctionTool as BetaAsyncFunctionTool
    from ._functions import BetaFunctionTool as BetaFunctionTool
    from ._functions import beta_async_tool as beta_async_tool
    from ._functions import beta_tool as beta_tool
    from ._results import BetaContent as BetaContent
    from ._results import BetaFunctionToolResultType as BetaFunctionToolResultType
    from ._results import ToolError as ToolError
    from ._runner import BetaStreamingToolRunner as BetaStreamingToolRunner
    from ._runner import BetaToolRunner as BetaToolRunner
    from ._sync_memory import BetaAbstractMemoryTool as BetaAbstractMemoryTool
    from ._sync_memory import BetaLocalFilesystemMemoryTool as BetaLocalFilesystemMemoryTool

_HOMES = {
    "BetaAbstractMemoryTool": "._sync_memory",
    "BetaAsyncAbstractMemoryTool": "._async_memory",
    "BetaAsyncBuiltinFunctionTool": "._builtin",
    "BetaAsyncFunctionTool": "._functions",
    "BetaAsyncLocalFilesystemMemoryTool": "._async_memory",
    "BetaAsyncRunnableTool": "._builtin",
    "BetaAsyncStreamingToolRunner": "._async_runner",
    "BetaAsyncToolRunner": "._async_runner",
    "BetaBuiltinFunctionTool": "._builtin",
    "BetaContent": "._results",
    "BetaFunctionTool": "._functions",
    "BetaFunctionToolResultType": "._results",
    "BetaLocalFilesystemMemoryTool": "._sync_memory",
    "BetaRunnableTool": "._builtin",
    "BetaStreamingToolRunner": "._runner",
    "BetaToolRunner": "._runner",
    "ToolError": "._results",
    "beta_async_tool": "._functions",
    "beta_tool": "._functions",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
