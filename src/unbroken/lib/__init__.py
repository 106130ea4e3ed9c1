"""The reference's `anthropic.lib` import paths (`unbroken.lib.streaming`, `unbroken.lib.tools`, ...).

Our code lives elsewhere (`unbroken.streaming`, `unbroken.tools`, ...); these modules are short re-exports,
so a user changes only the top-level name.
"""
