"""`LocalMemoryStore`: the model's `/memories` in a local directory, for the ready memory tools
(`BetaLocalFilesystemMemoryTool` and its async form, in `_async_memory.py`).

`/memories` is `<base_path>/memories`; the model can never reach outside it. A path is refused when it does
not start with `/memories`, contains `..`, a NUL byte or a backslash, or resolves (following symlinks)
outside the root. Files are then opened without following symlinks (`O_NOFOLLOW`, and, where the platform
has `dir_fd`, every directory on the way opened the same way from the root), so a symlink swapped in after
the check cannot redirect a read or a write outside. Writes go to a temporary file in the same directory and
replace the target with `os.replace`, so a crash never leaves a half-written memory. Operations are
serialised by a lock, because the async runner executes independent tool calls concurrently.

Failures the model can act on (a missing file, an `old_str` that is absent or not unique, a line number out
of range, a refused path) raise `ToolError` with a plain-text message: the tool runner sends that text back
as an `is_error` tool result, and code calling the tool directly gets an exception it can catch.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..types.beta.memory import (
    BetaMemoryTool20250818CreateCommand,
    BetaMemoryTool20250818DeleteCommand,
    BetaMemoryTool20250818InsertCommand,
    BetaMemoryTool20250818RenameCommand,
    BetaMemoryTool20250818StrReplaceCommand,
    BetaMemoryTool20250818ViewCommand,
)
from ._results import ToolError

__all__ = ["LocalMemoryStore"]

PREFIX = "/memories"
LISTING_DEPTH = 2
SNIPPET_CONTEXT = 3
_DIR_MODE = 0o700

T = TypeVar("T")


def format_size(size: int) -> str:
    """Bytes as `du -h` shows them: 512B, 1.5K, 2M."""
    value = float(size)
    for unit in ("B", "K", "M", "G"):
        if value < 1024 or unit == "G":
            return f"{int(value)}{unit}" if value == int(value) else f"{value:.1f}{unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def _split_lines(text: str) -> tuple[list[str], bool]:
    """Lines without their "\\n", and whether the text ended with one (so joining restores it exactly)."""
    if not text:
        return [], False
    trailing = text.endswith("\n")
    return (text[:-1] if trailing else text).split("\n"), trailing


def _join_lines(lines: list[str], trailing: bool) -> str:
    return "\n".join(lines) + ("\n" if trailing and lines else "")


def _numbered(lines: list[str], first: int) -> str:
    return "\n".join(f"{number:6d}\t{line}" for number, line in enumerate(lines, start=first))


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_WALK_BY_FD = os.open in os.supports_dir_fd and bool(_NOFOLLOW)


class _Parent:
    """The directory holding a file, held open so that what is done in it cannot be redirected.

    With `dir_fd` support the directory is reached from the root one component at a time, each opened with
    `O_NOFOLLOW`: a symlink anywhere on the way, even one swapped in after `locate()` checked the path, makes
    the open fail (ELOOP/ENOTDIR) instead of leading elsewhere. Elsewhere (Windows) it falls back to paths.
    """

    def __init__(self, root: Path, target: Path) -> None:
        self.name = target.name
        self.path = target.parent
        self.fd: int | None = None
        if not _WALK_BY_FD:
            return
        fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        try:
            for part in target.parent.relative_to(root).parts:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
                os.close(fd)
                fd = inner
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd

    def open(self, name: str, flags: int, mode: int = 0o600) -> int:
        flags |= _NOFOLLOW | _CLOEXEC
        if self.fd is None:
            return os.open(self.path / name, flags, mode)
        return os.open(name, flags, mode, dir_fd=self.fd)

    def replace(self, source: str, target: str) -> None:
        if self.fd is None:
            os.replace(self.path / source, self.path / target)
        else:
            os.replace(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _read_nofollow(root: Path, path: Path) -> bytes:
    """The bytes of the regular file `path` (inside `root`), reached without following any symlink."""
    parent = _Parent(root, path)
    try:
        fd = parent.open(parent.name, os.O_RDONLY)
    finally:
        parent.close()
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file")
        return handle.read()


def _keep_mode(parent: _Parent, name: str, fd: int) -> None:
    """Give the new file the permissions of the one it replaces, if there is one (and a regular file)."""
    try:
        old = parent.open(name, os.O_RDONLY)
    except OSError:  # absent, or a symlink: the new file keeps its private 0o600
        return
    try:
        mode = os.fstat(old).st_mode
        if stat.S_ISREG(mode) and hasattr(os, "fchmod"):
            os.fchmod(fd, stat.S_IMODE(mode))
    finally:
        os.close(old)


def _write_atomic(root: Path, path: Path, text: str) -> None:
    """Write to a hidden temporary file beside `path`, then swap it in (keeping an existing file's mode);
    both opened without following symlinks."""
    parent = _Parent(root, path)
    try:
        temporary = f".{path.name}.{secrets.token_hex(8)}.tmp"
        fd = parent.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                _keep_mode(parent, path.name, handle.fileno())
                os.fsync(handle.fileno())
            parent.replace(temporary, path.name)
        except BaseException:
            with contextlib.suppress(OSError):
                if parent.fd is None:
                    (parent.path / temporary).unlink()
                else:
                    os.unlink(temporary, dir_fd=parent.fd)
            raise
    finally:
        parent.close()


class LocalMemoryStore:
    """The operations on `<base_path>/memories`, returning the texts the model reads; shared by both tools."""

    def __init__(self, base_path: str | os.PathLike[str]) -> None:
        self.base_path = Path(base_path)
        self.root = self.base_path / "memories"
        self.root.mkdir(parents=True, exist_ok=True, mode=_DIR_MODE)
        self._lock = threading.RLock()

    # -- paths ------------------------------------------------------------------------------------

    def locate(self, path: str) -> tuple[Path, Path, str]:
        """(path as named, path with symlinks resolved, display path) for a model path; refuses escapes."""
        if "\x00" in path:
            raise ToolError(f"Invalid path {path!r}: it contains a NUL byte.")
        if "\\" in path:
            raise ToolError(f"Invalid path {path!r}: use '/' as the separator.")
        if path != PREFIX and not path.startswith(PREFIX + "/"):
            raise ToolError(f"Invalid path {path!r}: memory paths must start with {PREFIX}.")
        parts = [part for part in path[len(PREFIX) :].split("/") if part not in ("", ".")]
        if ".." in parts:
            raise ToolError(f"Invalid path {path!r}: '..' is not allowed.")
        named = self.root.joinpath(*parts)
        try:
            real_root, real = self.root.resolve(), named.resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop
            raise ToolError(f"Invalid path {path!r}: it cannot be resolved ({exc}).") from exc
        if real != real_root and real_root not in real.parents:
            raise ToolError(f"Invalid path {path!r}: it leads outside {PREFIX}.")
        return named, real, "/".join([PREFIX, *parts])

    def _existing(self, path: str) -> tuple[Path, Path, str]:
        named, real, shown = self.locate(path)
        if not (real.exists() or named.is_symlink()):
            raise ToolError(f"The path {shown} does not exist.")
        return named, real, shown

    def _file(self, path: str) -> tuple[Path, str, str]:
        """An existing text file: (real path, its text, display path)."""
        _, real, shown = self._existing(path)
        if real.is_dir():
            raise ToolError(f"{shown} is a directory, not a file.")
        try:
            text = _read_nofollow(self.root.resolve(), real).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ToolError(f"{shown} is not a UTF-8 text file.") from exc
        except OSError as exc:
            raise ToolError(f"Cannot read {shown}: {exc.strerror or exc}") from exc
        return real, text, shown

    def _guarded(self, action: str, shown: str, operation: Callable[[], T]) -> T:
        """Run a filesystem operation under the lock; an OSError becomes a ToolError the model can read."""
        try:
            with self._lock:
                return operation()
        except OSError as exc:
            raise ToolError(f"Cannot {action} {shown}: {exc.strerror or exc}") from exc

    # -- operations -------------------------------------------------------------------------------

    def view(self, command: BetaMemoryTool20250818ViewCommand) -> str:
        with self._lock:
            _, real, shown = self._existing(command.path)
            if real.is_dir():
                return self._guarded("list", shown, lambda: self._listing(real, shown))
            _, text, shown = self._file(command.path)
        lines, _ = _split_lines(text)
        first, last = 1, len(lines)
        if command.view_range is not None:
            first, last = self._view_range(command.view_range, len(lines), shown)
        if not lines:
            return f"{shown} is empty."
        return f"Contents of {shown} with line numbers:\n{_numbered(lines[first - 1 : last], first)}"

    @staticmethod
    def _view_range(view_range: list[int], count: int, shown: str) -> tuple[int, int]:
        if len(view_range) != 2:
            raise ToolError(f"Invalid view_range {view_range}: give [start_line, end_line].")
        first, last = view_range
        last = count if last == -1 else last
        if not (1 <= first <= max(count, 1) and first <= last <= count):
            raise ToolError(
                f"Invalid view_range {view_range}: {shown} has {count} lines; lines are numbered from 1 "
                "and end_line may be -1 for the end of the file."
            )
        return first, last

    def _listing(self, directory: Path, shown: str) -> str:
        rows: list[str] = [f"{format_size(self._size(directory))}\t{shown}/"]

        def walk(current: Path, label: str, depth: int) -> None:
            for entry in sorted(current.iterdir(), key=lambda p: p.name):
                if entry.name.startswith("."):
                    continue
                is_dir = entry.is_dir() and not entry.is_symlink()
                rows.append(f"{format_size(self._size(entry))}\t{label}/{entry.name}{'/' if is_dir else ''}")
                if is_dir and depth < LISTING_DEPTH:
                    walk(entry, f"{label}/{entry.name}", depth + 1)

        walk(directory, shown, 1)
        heading = (
            f"Files and directories in {shown} (up to {LISTING_DEPTH} levels deep, hidden items omitted):"
        )
        return "\n".join([heading, *rows])

    @staticmethod
    def _size(path: Path) -> int:
        """A file's size, or the total of the files under a directory (symlinks are not followed)."""
        if path.is_symlink() or not path.is_dir():
            return path.lstat().st_size
        total = 0
        for folder, _, files in os.walk(path):
            total += sum(Path(folder, name).lstat().st_size for name in files if not name.startswith("."))
        return total

    def create(self, command: BetaMemoryTool20250818CreateCommand) -> str:
        with self._lock:
            _, real, shown = self.locate(command.path)
            if real.is_dir():
                raise ToolError(f"{shown} is a directory; give a file path to create.")
            existed = real.exists()

            def write() -> None:
                real.parent.mkdir(parents=True, exist_ok=True, mode=_DIR_MODE)
                _write_atomic(self.root.resolve(), real, command.file_text)

            self._guarded("write", shown, write)
        return f"File {shown} overwritten." if existed else f"File created successfully at {shown}."

    def str_replace(self, command: BetaMemoryTool20250818StrReplaceCommand) -> str:
        with self._lock:
            real, text, shown = self._file(command.path)
            old, new = command.old_str, command.new_str
            if not old:
                raise ToolError("old_str must not be empty.")
            count = text.count(old)
            if count == 0:
                raise ToolError(f"No replacement was made: old_str does not appear verbatim in {shown}.")
            if count > 1:
                starts, at = [], text.find(old)
                while at != -1:
                    starts.append(text.count("\n", 0, at) + 1)
                    at = text.find(old, at + 1)
                raise ToolError(
                    f"No replacement was made: old_str occurs {count} times in {shown} (at lines "
                    f"{', '.join(map(str, starts))}); include more context to make it unique."
                )
            start_line = text.count("\n", 0, text.find(old)) + 1
            updated = text.replace(old, new, 1)
            self._guarded("write", shown, lambda: _write_atomic(self.root.resolve(), real, updated))
        lines, _ = _split_lines(updated)
        first = max(1, start_line - SNIPPET_CONTEXT)
        last = min(len(lines), start_line + new.count("\n") + SNIPPET_CONTEXT)
        snippet = _numbered(lines[first - 1 : last], first)
        return f"The file {shown} has been edited. Around the change:\n{snippet}"

    def insert(self, command: BetaMemoryTool20250818InsertCommand) -> str:
        with self._lock:
            real, text, shown = self._file(command.path)
            lines, trailing = _split_lines(text)
            at = command.insert_line
            if not 0 <= at <= len(lines):
                raise ToolError(
                    f"Invalid insert_line {at}: {shown} has {len(lines)} lines, so it must be between 0 "
                    f"(before the first line) and {len(lines)} (after the last)."
                )
            new_lines, new_trailing = _split_lines(command.insert_text)
            if not new_lines:
                new_lines = [""]
            updated = _join_lines([*lines[:at], *new_lines, *lines[at:]], trailing if lines else new_trailing)
            self._guarded("write", shown, lambda: _write_atomic(self.root.resolve(), real, updated))
        return f"Inserted {len(new_lines)} line(s) after line {at} of {shown}."

    def delete(self, command: BetaMemoryTool20250818DeleteCommand) -> str:
        with self._lock:
            named, real, shown = self._existing(command.path)
            if real == self.root.resolve():
                raise ToolError(f"{PREFIX} itself cannot be deleted; delete the files inside it.")

            def remove() -> None:
                if named.is_symlink():
                    named.unlink()  # the link, never what it points to
                elif real.is_dir():
                    shutil.rmtree(real)
                else:
                    real.unlink()

            self._guarded("delete", shown, remove)
        return f"Deleted {shown}."

    def rename(self, command: BetaMemoryTool20250818RenameCommand) -> str:
        with self._lock:
            old_named, old_real, old_shown = self._existing(command.old_path)
            _, new_real, new_shown = self.locate(command.new_path)
            real_root = self.root.resolve()
            if real_root in (old_real, new_real):
                raise ToolError(f"{PREFIX} itself cannot be renamed.")
            if new_real.exists() or new_real.is_symlink():
                raise ToolError(f"Cannot rename {old_shown}: {new_shown} already exists.")
            source = old_named if old_named.is_symlink() else old_real

            def move() -> None:
                new_real.parent.mkdir(parents=True, exist_ok=True, mode=_DIR_MODE)
                os.rename(source, new_real)

            self._guarded("rename", old_shown, move)
        return f"Renamed {old_shown} to {new_shown}."

    def clear(self) -> str:
        def remove_all() -> None:
            for entry in self.root.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()

        self._guarded("clear", PREFIX, remove_all)
        return f"All memories in {PREFIX} were deleted."
