"""`anthropic.lib.tools`: function tools, built-in tool bases, memory tool, tool runners (reference §9-14).

Re-exports only; the code is in `unbroken.tools`.
"""

from ...tools._async_memory import BetaAsyncAbstractMemoryTool, BetaAsyncLocalFilesystemMemoryTool
from ...tools._async_runner import BetaAsyncStreamingToolRunner, BetaAsyncToolRunner
from ...tools._builtin import (
    BetaAsyncBuiltinFunctionTool,
    BetaAsyncRunnableTool,
    BetaBuiltinFunctionTool,
    BetaRunnableTool,
)
from ...tools._functions import BetaAsyncFunctionTool, BetaFunctionTool, beta_async_tool, beta_tool
from ...tools._results import BetaFunctionToolResultType, ToolError
from ...tools._runner import BetaStreamingToolRunner, BetaToolRunner
from ...tools._sync_memory import BetaAbstractMemoryTool, BetaLocalFilesystemMemoryTool

__all__ = [
    "BetaAbstractMemoryTool",
    "BetaAsyncAbstractMemoryTool",
    "BetaAsyncBuiltinFunctionTool",
    "BetaAsyncFunctionTool",
    "BetaAsyncLocalFilesystemMemoryTool",
    "BetaAsyncRunnableTool",
    "BetaAsyncStreamingToolRunner",
    "BetaAsyncToolRunner",
    "BetaBuiltinFunctionTool",
    "BetaFunctionTool",
    "BetaFunctionToolResultType",
    "BetaLocalFilesystemMemoryTool",
    "BetaRunnableTool",
    "BetaStreamingToolRunner",
    "BetaToolRunner",
    "ToolError",
    "beta_async_tool",
    "beta_tool",
]
