"""The job's durable state: one SQLite file (WAL) holding every request's state and every batch id.

Every step of a job is a transaction here, so a process killed at any instant leaves a state that the next
run continues from. The tables:

* ``job`` (one row): the input's path, size and SHA-256, the output path, the mode, whether the job was
  cancelled, and the output watermark (``written_through``: requests 1..n are in the output, which is
  ``output_offset`` bytes long).
* ``requests``: one row per input line, in input order (``seq``): custom id, where the line is in the input,
  ``state`` (``pending`` → ``inflight`` → ``done``), the chunk it was last sent in, the number of results
  received so far (``attempts``) and the last result line.
* ``chunks``: one row per batch create: ``submitting`` (intent recorded, batch id not known yet), then
  ``submitted`` (batch id known), ``recovering`` (the create may have happened: candidate batches are being
  checked) or ``done``.
* ``batches``: every batch id seen, with the chunk it belongs to and its role (``ours``, ``candidate`` while
  unverified, ``foreign`` once shown not to be ours), its last known status and whether its results are in.

``synchronous=NORMAL`` in WAL mode survives any process crash (a kill -9 included); after a power loss the
last transactions may be lost, which the runner recovers from like any other crash.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._input import Entry, Problem, ProblemList

__all__ = ["BatchRow", "Chunk", "Job", "NotOurs", "ResultSink", "State", "StateError"]

SCHEMA_VERSION = 1
RETRYABLE_ERRORS = frozenset({"api_error", "overloaded_error", "rate_limit_error", "timeout_error"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS job (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    schema_version INTEGER NOT NULL,
    job_key TEXT NOT NULL,
    mode TEXT NOT NULL,
    input_path TEXT NOT NULL,
    input_size INTEGER NOT NULL,
    input_sha256 TEXT NOT NULL,
    output_path TEXT NOT NULL,
    total INTEGER NOT NULL,
    canceled INTEGER NOT NULL DEFAULT 0,
    output_offset INTEGER NOT NULL DEFAULT 0,
    written_through INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY,
    line INTEGER NOT NULL,
    custom_id TEXT NOT NULL UNIQUE,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    chunk_id INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    result_type TEXT,
    result TEXT
);
CREATE INDEX IF NOT EXISTS requests_by_state ON requests (state, seq);
CREATE INDEX IF NOT EXISTS requests_by_chunk ON requests (chunk_id);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    intent_at REAL NOT NULL,
    size INTEGER NOT NULL,
    bytes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY,
    chunk_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    counts TEXT,
    results_url TEXT,
    downloaded INTEGER NOT NULL DEFAULT 0
);
"""


class NotOurs(Exception):
    """A candidate batch's results are not exactly its chunk's requests."""


class StateError(Exception):
    """The state file cannot be used for this job (another input, another mode, not a state file)."""


@dataclass(frozen=True)
class Job:
    job_key: str
    mode: str
    input_path: str
    input_size: int
    input_sha256: str
    output_path: str
    total: int
    canceled: bool
    output_offset: int
    written_through: int


@dataclass(frozen=True)
class Chunk:
    id: int
    state: str
    idempotency_key: str
    intent_at: float
    size: int
    bytes: int


@dataclass(frozen=True)
class BatchRow:
    id: str
    chunk_id: int
    role: str
    status: str
    counts: dict[str, int] | None
    results_url: str | None
    downloaded: bool


def is_retryable(result: dict[str, Any]) -> bool:
    """Expired requests, and errors the API calls transient (overloaded, rate limited, internal, timeout)."""
    kind = result.get("type")
    if kind == "expired":
        return True
    if kind != "errored":
        return False
    error = result.get("error")
    inner = error.get("error") if isinstance(error, dict) else None
    return isinstance(inner, dict) and inner.get("type") in RETRYABLE_ERRORS


class State:
    """One job's state file; every method is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: not a usable state file ({exc})") from exc

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- the job ---------------------------------------------------------------------------------

    def job(self) -> Job | None:
        row = self._db.execute(
            "SELECT job_key, mode, input_path, input_size, input_sha256, output_path, total, canceled,"
            " output_offset, written_through FROM job"
        ).fetchone()
        if row is None:
            return None
        return Job(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], row[9])

    def create_job(
        self,
        *,
        mode: str,
        input_path: Path,
        input_size: int,
        input_sha256: str,
        output_path: Path,
        entries: Iterable[Entry | Problem],
    ) -> Job:
        """Record the job and its requests in one transaction; on any input problem, record nothing."""
        problems = ProblemList()
        with self.transaction() as db:
            seq = 0
            for item in entries:
                if isinstance(item, Problem):
                    problems.add(item)
                    continue
                try:
                    db.execute(
                        "INSERT INTO requests (seq, line, custom_id, offset, length) VALUES (?, ?, ?, ?, ?)",
                        (seq + 1, item.line, item.custom_id, item.offset, item.length),
                    )
                    seq += 1
                except sqlite3.IntegrityError:
                    first = db.execute(
                        "SELECT line FROM requests WHERE custom_id = ?", (item.custom_id,)
                    ).fetchone()
                    problems.add(Problem(item.line, f"custom_id {item.custom_id!r} repeats line {first[0]}"))
            if seq == 0 and not problems.total:
                problems.add(Problem(0, "the file has no requests"))
            problems.raise_if_any(input_path)  # inside the transaction: it rolls back
            db.execute(
                "INSERT INTO job (id, schema_version, job_key, mode, input_path, input_size, input_sha256,"
                " output_path, total, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    SCHEMA_VERSION,
                    uuid.uuid4().hex[:16],
                    mode,
                    str(input_path),
                    input_size,
                    input_sha256,
                    str(output_path),
                    seq,
                    time.time(),
                ),
            )
        job = self.job()
        assert job is not None
        return job

    def set_canceled(self) -> None:
        with self.transaction() as db:
            db.execute("UPDATE job SET canceled = 1")

    # -- counts ----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Requests by state (pending, inflight) and, once done, by result type; plus ``written``."""
        counts = {"pending": 0, "inflight": 0, "succeeded": 0, "errored": 0, "expired": 0, "canceled": 0}
        for state, result_type, n in self._db.execute(
            "SELECT state, result_type, COUNT(*) FROM requests GROUP BY state, result_type"
        ):
            key = result_type if state == "done" else state
            counts[key] = counts.get(key, 0) + n
        job = self.job()
        counts["written"] = job.written_through if job else 0
        return counts

    # -- chunks ----------------------------------------------------------------------------------

    def next_chunk_rows(self, max_requests: int, max_bytes: int) -> list[tuple[int, int, int]]:
        """(seq, offset, length) of the next pending requests, in input order, within a batch's limits."""
        rows: list[tuple[int, int, int]] = []
        total = 2  # '{"requests":[' ... ']}' is counted by the caller; this counts the separators
        cursor = self._db.execute(
            "SELECT seq, offset, length FROM requests WHERE state = 'pending' ORDER BY seq LIMIT ?",
            (max_requests,),
        )
        for seq, offset, length in cursor:
            if rows and total + length + 1 > max_bytes:
                break
            rows.append((seq, offset, length))
            total += length + 1
        cursor.close()
        return rows

    def open_chunk(self, seqs: list[int], size_bytes: int) -> Chunk:
        """Record the intent to create a batch of these requests (before the create is sent)."""
        job = self.job()
        assert job is not None
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO chunks (state, idempotency_key, intent_at, size, bytes) VALUES"
                " ('submitting', '', ?, ?, ?)",
                (time.time(), len(seqs), size_bytes),
            )
            chunk_id = cursor.lastrowid
            assert chunk_id is not None
            key = f"unbroken-batch-{job.job_key}-{chunk_id}"
            db.execute("UPDATE chunks SET idempotency_key = ? WHERE id = ?", (key, chunk_id))
            db.executemany(
                "UPDATE requests SET state = 'inflight', chunk_id = ? WHERE seq = ?",
                ((chunk_id, seq) for seq in seqs),
            )
        return self.chunk(chunk_id)

    def chunk(self, chunk_id: int) -> Chunk:
        row = self._db.execute(
            "SELECT id, state, idempotency_key, intent_at, size, bytes FROM chunks WHERE id = ?", (chunk_id,)
        ).fetchone()
        return Chunk(*row)

    def chunks(self, state: str) -> list[Chunk]:
        rows = self._db.execute(
            "SELECT id, state, idempotency_key, intent_at, size, bytes FROM chunks WHERE state = ?"
            " ORDER BY id",
            (state,),
        ).fetchall()
        return [Chunk(*row) for row in rows]

    def chunk_lines(self, chunk_id: int) -> list[tuple[int, int]]:
        """(offset, length) in the input of each request of a chunk, in input order."""
        return self._db.execute(
            "SELECT offset, length FROM requests WHERE chunk_id = ? AND state = 'inflight' ORDER BY seq",
            (chunk_id,),
        ).fetchall()

    def set_chunk_state(self, chunk_id: int, state: str, *, renew_intent: bool = False) -> None:
        with self.transaction() as db:
            db.execute("UPDATE chunks SET state = ? WHERE id = ?", (state, chunk_id))
            if renew_intent:
                db.execute("UPDATE chunks SET intent_at = ? WHERE id = ?", (time.time(), chunk_id))

    def fail_chunk(self, chunk_id: int, result: dict[str, Any]) -> None:
        """The chunk will not be sent (its content was refused, or the job was cancelled): each of its
        requests gets ``result`` as its final result."""
        with self.transaction() as db:
            for seq, custom_id in db.execute(
                "SELECT seq, custom_id FROM requests WHERE chunk_id = ? AND state = 'inflight'", (chunk_id,)
            ).fetchall():
                line = {"custom_id": custom_id, "result": result}
                db.execute(
                    "UPDATE requests SET state = 'done', result_type = ?, result = ?,"
                    " attempts = attempts + 1 WHERE seq = ?",
                    (result["type"], json.dumps(line, separators=(",", ":")), seq),
                )
            db.execute("UPDATE chunks SET state = 'done' WHERE id = ?", (chunk_id,))

    # -- batches ---------------------------------------------------------------------------------

    def record_batch(self, batch_id: str, chunk_id: int, role: str, status: str) -> None:
        """A batch now known for this chunk; ``ours`` also moves the chunk to ``submitted``."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO batches (id, chunk_id, role, status) VALUES (?, ?, ?, ?)",
                (batch_id, chunk_id, role, status),
            )
            new_state = "submitted" if role == "ours" else "recovering"
            db.execute("UPDATE chunks SET state = ? WHERE id = ?", (new_state, chunk_id))

    def known_batch_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM batches")}

    def batches(self, *, active_only: bool = False) -> list[BatchRow]:
        sql = "SELECT id, chunk_id, role, status, counts, results_url, downloaded FROM batches"
        if active_only:
            sql += " WHERE role != 'foreign' AND downloaded = 0"
        rows = self._db.execute(sql + " ORDER BY rowid").fetchall()
        return [
            BatchRow(r[0], r[1], r[2], r[3], json.loads(r[4]) if r[4] else None, r[5], bool(r[6]))
            for r in rows
        ]

    def update_batch(
        self, batch_id: str, status: str, counts: Mapping[str, object], results_url: str | None
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE batches SET status = ?, counts = ?, results_url = ? WHERE id = ?",
                (status, json.dumps(counts), results_url, batch_id),
            )

    def mark_foreign(self, batch_id: str) -> None:
        """A candidate turned out not to be ours; with no candidate left, its chunk is sent again."""
        with self.transaction() as db:
            row = db.execute("SELECT chunk_id FROM batches WHERE id = ?", (batch_id,)).fetchone()
            db.execute("UPDATE batches SET role = 'foreign' WHERE id = ?", (batch_id,))
            left = db.execute(
                "SELECT COUNT(*) FROM batches WHERE chunk_id = ? AND role IN ('ours', 'candidate')", (row[0],)
            ).fetchone()[0]
            if not left:
                db.execute(
                    "UPDATE chunks SET state = 'submitting', intent_at = ? WHERE id = ?"
                    " AND state = 'recovering'",
                    (time.time(), row[0]),
                )

    @contextmanager
    def receiving(self, batch: BatchRow, resubmit: int) -> Iterator[ResultSink]:
        """Store a batch's results in one transaction (a crash mid-download stores none of them).

        A candidate's results must be exactly its chunk's requests, else ``NotOurs`` is raised and nothing
        is stored; a request the results leave out gets a synthetic retryable error, so none is lost.
        """
        with self.transaction() as db:
            sink = ResultSink(db, batch, resubmit)
            yield sink
            sink.finish()

    def cancel_pending(self) -> int:
        """A cancelled job: requests never sent get a ``canceled`` result."""
        with self.transaction() as db:
            rows = db.execute("SELECT seq, custom_id FROM requests WHERE state = 'pending'").fetchall()
            for seq, custom_id in rows:
                line = {"custom_id": custom_id, "result": {"type": "canceled"}}
                db.execute(
                    "UPDATE requests SET state = 'done', result_type = 'canceled', result = ? WHERE seq = ?",
                    (json.dumps(line, separators=(",", ":")), seq),
                )
        return len(rows)

    # -- direct mode -----------------------------------------------------------------------------

    def pending_rows(self, after_seq: int, limit: int) -> list[tuple[int, str, int, int, int]]:
        """(seq, custom_id, offset, length, attempts) of pending requests after ``after_seq``."""
        return self._db.execute(
            "SELECT seq, custom_id, offset, length, attempts FROM requests"
            " WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        ).fetchall()

    def store_direct_results(self, results: list[tuple[int, dict[str, Any]]], resubmit: int) -> None:
        """(seq, result line) of finished direct requests, in one transaction."""
        with self.transaction() as db:
            for seq, line in results:
                store_result(db, "seq = :seq", {"seq": seq}, line, resubmit)

    # -- output ----------------------------------------------------------------------------------

    def done_after(self, seq: int, limit: int) -> list[tuple[int, str]]:
        """(seq, result line) of the requests after ``seq`` that are done, up to the first one not done."""
        rows = self._db.execute(
            "SELECT seq, state, result FROM requests WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
        ).fetchall()
        out: list[tuple[int, str]] = []
        for row_seq, state, result in rows:
            if state != "done":
                break
            out.append((row_seq, result))
        return out

    def record_written(self, offset: int, through: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE job SET output_offset = ?, written_through = ?", (offset, through))


class ResultSink:
    """Takes one batch's result lines inside the receiving transaction."""

    def __init__(self, db: sqlite3.Connection, batch: BatchRow, resubmit: int) -> None:
        self._db = db
        self._batch = batch
        self._resubmit = resubmit
        self.seen = 0

    def add(self, line: dict[str, Any]) -> None:
        batch, db = self._batch, self._db
        stored = isinstance(line.get("result"), dict) and store_result(
            db,
            "custom_id = :custom_id AND chunk_id = :chunk AND state = 'inflight'",
            {"custom_id": line.get("custom_id"), "chunk": batch.chunk_id},
            line,
            self._resubmit,
        )
        if not stored:
            if batch.role == "candidate":
                raise NotOurs(batch.id)
            return  # a repeated or stray line: that request already has its result
        self.seen += 1

    def finish(self) -> None:
        batch, db = self._batch, self._db
        if batch.role == "candidate":
            size = db.execute("SELECT size FROM chunks WHERE id = ?", (batch.chunk_id,)).fetchone()[0]
            if self.seen != size:
                raise NotOurs(batch.id)
        for seq, custom_id in db.execute(
            "SELECT seq, custom_id FROM requests WHERE chunk_id = ? AND state = 'inflight'", (batch.chunk_id,)
        ).fetchall():
            missing = _errored("api_error", f"the results of batch {batch.id} did not include this request")
            line = {"custom_id": custom_id, "result": missing}
            store_result(db, "seq = :seq", {"seq": seq}, line, self._resubmit)
        db.execute("UPDATE batches SET downloaded = 1, role = 'ours' WHERE id = ?", (batch.id,))
        db.execute(
            "UPDATE batches SET role = 'foreign' WHERE chunk_id = ? AND role = 'candidate'", (batch.chunk_id,)
        )
        db.execute("UPDATE chunks SET state = 'done' WHERE id = ?", (batch.chunk_id,))


_STORE = (
    "UPDATE requests SET"
    " state = CASE WHEN :retry AND attempts < :cap THEN 'pending' ELSE 'done' END,"
    " chunk_id = CASE WHEN :retry AND attempts < :cap THEN NULL ELSE chunk_id END,"
    " attempts = attempts + 1, result_type = :type, result = :text WHERE "
)


def store_result(
    db: sqlite3.Connection, where: str, keys: dict[str, Any], line: dict[str, Any], resubmit: int
) -> bool:
    """A request's result, in one statement: final, or (retryable, under the cap) kept as its last result
    and the request made pending again. False if ``where`` matched no request."""
    result = line["result"]
    values = {
        **keys,
        "retry": is_retryable(result),
        "cap": resubmit,
        "type": result.get("type"),
        "text": json.dumps(line, separators=(",", ":"), ensure_ascii=False),
    }
    return db.execute(_STORE + where, values).rowcount == 1


def _errored(error_type: str, message: str) -> dict[str, Any]:
    return {
        "type": "errored",
        "error": {"type": "error", "error": {"type": error_type, "message": message}, "request_id": None},
    }
