"""The output file: one JSON line per custom id, in input order, each written exactly once.

The output grows as a prefix: requests 1..n of the input are in it once all of them have their final result,
so it is valid (and in order) at every moment, and complete when the job is. Each group of lines is
appended, flushed and fsynced, and only then is the watermark (``written_through``, ``output_offset``)
committed to the state file. A crash between the two leaves lines beyond the recorded offset: the next run
truncates the file back to the offset and writes them again, so no line is ever duplicated or lost. If the
file is shorter than the offset (someone truncated or deleted it), it is rewritten from the state file,
which keeps every result.
"""

from __future__ import annotations

import os
from pathlib import Path

from ._crash import crash_point
from ._state import State

__all__ = ["Output"]

_GROUP = 2000


class Output:
    def __init__(self, path: Path, state: State) -> None:
        self.path = path
        self._state = state
        job = state.job()
        assert job is not None
        self._offset = job.output_offset
        self._through = job.written_through
        self._reconcile()

    def _reconcile(self) -> None:
        size = self.path.stat().st_size if self.path.exists() else 0
        if size < self._offset:
            self._offset, self._through = 0, 0
            self._state.record_written(0, 0)
        with self.path.open("ab") as file:
            file.truncate(self._offset)

    @property
    def written(self) -> int:
        return self._through

    def flush(self) -> int:
        """Append every line that can be written now; return how many were."""
        count = 0
        while rows := self._state.done_after(self._through, _GROUP):
            data = ("\n".join([line for _, line in rows]) + "\n").encode()
            with self.path.open("r+b") as file:
                file.seek(self._offset)
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            crash_point("output:after-write")
            self._offset += len(data)
            self._through = rows[-1][0]
            self._state.record_written(self._offset, self._through)
            count += len(rows)
        return count
