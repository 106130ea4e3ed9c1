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

Rows are written in blocks (``executemany``) inside each transaction: what a crash can undo is decided by the
transaction, not by how many statements it took. A result line is stored as the text the server sent (see
``ResultSink``), not encoded again. The client's usage meter, if any, gets each succeeded batch result once,
when the transaction storing it commits (``receiving``).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import time
import uuid
from array import array
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._jsonl import RawLine
from ..usage import UsageMeter
from ._input import Entry, Problem, ProblemList, StateError, body_length

__all__ = ["BatchRow", "Chunk", "Job", "NotOurs", "ResultSink", "State", "StateError"]

SCHEMA_VERSION = 1
RETRYABLE_ERRORS = frozenset({"api_error", "overloaded_error", "rate_limit_error", "timeout_error"})
_BLOCK = 1000  # rows per executemany
_RESULT_TYPES = ("succeeded", "errored", "expired", "canceled")
_COUNTED = ("pending", "inflight", *_RESULT_TYPES)

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
CREATE INDEX IF NOT EXISTS requests_by_state ON requests (state, seq, length, result_type);
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
            # Large pages (for a new file; no effect on an existing one): a request row grows eightfold when
            # its result arrives, and larger pages split less often under that growth.
            self._db.execute("PRAGMA page_size=16384")
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
            block: list[Entry] = []
            for item in entries:
                if isinstance(item, Entry):
                    block.append(item)
                    if len(block) < _BLOCK:
                        continue
                seq = _insert_requests(db, block, seq, problems)  # first, so problems stay in line order
                block.clear()
                if isinstance(item, Problem):
                    problems.add(item)
            seq = _insert_requests(db, block, seq, problems)
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
        counts = dict.fromkeys(_COUNTED, 0)
        # One pass over the index on state (it holds result_type), no sorting: cheap enough for each
        # progress snapshot.
        for state, n, *by_type in self._db.execute(
            "SELECT state, COUNT(*), "
            + ", ".join(f"SUM(result_type = '{t}')" for t in _RESULT_TYPES)
            + " FROM requests GROUP BY state"
        ):
            if state == "done":
                counts.update(zip(_RESULT_TYPES, by_type, strict=True))
            else:
                counts[state] = n
        job = self.job()
        counts["written"] = job.written_through if job else 0
        return counts

    # -- chunks ----------------------------------------------------------------------------------

    def open_chunk(self, max_requests: int, max_bytes: int) -> Chunk | None:
        """Record the intent to create a batch (before the create is sent) of the next pending requests, in
        input order, as many as fit a batch's limits; None when no request is pending."""
        job = self.job()
        assert job is not None
        with self.transaction() as db:
            count, line_bytes, through = 0, 0, 0
            room = max_bytes - body_length(0, 1)  # for the lines and the commas between them
            for seq, length in db.execute(
                "SELECT seq, length FROM requests WHERE state = 'pending' ORDER BY seq LIMIT ?",
                (max_requests,),
            ):
                if count and line_bytes + length + count > room:
                    break
                count, line_bytes, through = count + 1, line_bytes + length, seq
            if not count:
                return None
            cursor = db.execute(
                "INSERT INTO chunks (state, idempotency_key, intent_at, size, bytes) VALUES"
                " ('submitting', '', ?, ?, ?)",
                (time.time(), count, body_length(line_bytes, count)),
            )
            chunk_id = cursor.lastrowid
            assert chunk_id is not None
            key = f"unbroken-batch-{job.job_key}-{chunk_id}"
            db.execute("UPDATE chunks SET idempotency_key = ? WHERE id = ?", (key, chunk_id))
            db.execute(
                "UPDATE requests SET state = 'inflight', chunk_id = ? WHERE state = 'pending' AND seq <= ?",
                (chunk_id, through),
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

    def chunk_lines(self, chunk_id: int) -> tuple[array[int], array[int]]:
        """Where each request of a chunk is in the input (offsets, lengths), in input order: 16 bytes a
        request, not a Python object each."""
        cursor = self._db.execute(
            "SELECT offset, length FROM requests WHERE chunk_id = ? AND state = 'inflight' ORDER BY seq",
            (chunk_id,),
        )
        pairs = array("q", itertools.chain.from_iterable(cursor))
        return pairs[0::2], pairs[1::2]

    def set_chunk_state(self, chunk_id: int, state: str, *, renew_intent: bool = False) -> None:
        with self.transaction() as db:
            db.execute("UPDATE chunks SET state = ? WHERE id = ?", (state, chunk_id))
            if renew_intent:
                db.execute("UPDATE chunks SET intent_at = ? WHERE id = ?", (time.time(), chunk_id))

    def fail_chunk(self, chunk_id: int, result: dict[str, Any]) -> None:
        """The chunk will not be sent (its content was refused, or the job was cancelled): each of its
        requests gets ``result`` as its final result."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT seq, custom_id FROM requests WHERE chunk_id = ? AND state = 'inflight'", (chunk_id,)
            ).fetchall()
            db.executemany(
                "UPDATE requests SET state = 'done', result_type = ?, result = ?,"
                " attempts = attempts + 1 WHERE seq = ?",
                ((result["type"], encode_line(custom_id, result), seq) for seq, custom_id in rows),
            )
            db.execute("UPDATE chunks SET state = 'done' WHERE id = ?", (chunk_id,))

    # -- batches ---------------------------------------------------------------------------------

    def record_batch(self, batch_id: str, chunk_id: int, role: str, status: str) -> None:
        """A batch now known for this chunk; ``ours`` also moves the chunk to ``submitted``. A create's
        answer is the last word: a batch listed before it as another's (the same idempotency key, resent,
        answered with the batch the first send made) becomes this chunk's."""
        with self.transaction() as db:
            on_conflict = (
                " ON CONFLICT(id) DO UPDATE SET chunk_id = excluded.chunk_id, role = excluded.role,"
                " status = excluded.status"
                if role == "ours"
                else " ON CONFLICT(id) DO NOTHING"
            )
            db.execute(
                "INSERT INTO batches (id, chunk_id, role, status) VALUES (?, ?, ?, ?)" + on_conflict,
                (batch_id, chunk_id, role, status),
            )
            new_state = "submitted" if role == "ours" else "recovering"
            db.execute("UPDATE chunks SET state = ? WHERE id = ?", (new_state, chunk_id))

    def record_existing(self, chunk_id: int, batch_ids: list[str]) -> None:
        """Batches that existed before this chunk's create was sent: none can be its batch, so a recovery
        never adopts one (another job's batch of the same custom ids would pass the results check)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO batches (id, chunk_id, role, status)"
                " VALUES (?, ?, 'foreign', 'existed before the create')",
                ((batch_id, chunk_id) for batch_id in batch_ids),
            )

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
    def receiving(
        self, batch: BatchRow, resubmit: int, meter: UsageMeter | None = None
    ) -> Iterator[ResultSink]:
        """Store a batch's results in one transaction (a crash mid-download stores none of them).

        A candidate's results must be exactly its chunk's requests, else ``NotOurs`` is raised and nothing
        is stored; a request the results leave out gets a synthetic retryable error, so none is lost. With
        a ``meter``, the succeeded results' usage is added to it once the transaction has committed (and
        never when it rolls back), so each stored result is metered once.
        """
        with self.transaction() as db:
            sink = ResultSink(db, batch, resubmit, meter)
            yield sink
            sink.finish()
        if meter is not None and sink.usage is not None:
            meter.merge(sink.usage)

    def cancel_pending(self) -> int:
        """A cancelled job: requests never sent get a ``canceled`` result."""
        with self.transaction() as db:
            rows = db.execute("SELECT seq, custom_id FROM requests WHERE state = 'pending'").fetchall()
            db.executemany(
                "UPDATE requests SET state = 'done', result_type = 'canceled', result = ? WHERE seq = ?",
                ((encode_line(custom_id, {"type": "canceled"}), seq) for seq, custom_id in rows),
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
            writes = (
                _write(line["result"], encode_line(line["custom_id"], line["result"]), resubmit, seq)
                for seq, line in results
            )
            store_results(db, _BY_SEQ, writes)

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
    """Takes one batch's result lines inside the receiving transaction, stored in blocks.

    Of a line, only what the runner acts on is checked: ``custom_id`` (a string) and ``result`` (an object
    with a string ``type``); the line itself is kept as the text received (valid JSON, already decoded once),
    so the output holds what the API sent. A line holding a carriage return (JSON whitespace that some line
    readers split on) is encoded again instead.
    """

    def __init__(
        self, db: sqlite3.Connection, batch: BatchRow, resubmit: int, meter: UsageMeter | None = None
    ) -> None:
        self._db = db
        self._batch = batch
        self._resubmit = resubmit
        self._rows: list[_Write] = []
        self.seen = 0
        # The usage of the succeeded results taken, kept apart until they are stored; only with a meter
        # (reading a result's usage costs time that a job nobody meters should not pay).
        self.usage = UsageMeter(meter.prices) if meter is not None else None

    def add(self, line: RawLine) -> None:
        value = line.value
        custom_id = value.get("custom_id") if isinstance(value, dict) else None
        result = value.get("result") if isinstance(value, dict) else None
        if (
            not isinstance(custom_id, str)
            or not isinstance(result, dict)
            or not isinstance(result.get("type"), str)
        ):
            self._stray()
            return
        text = (
            line.text
            if "\r" not in line.text
            else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        )
        if self.usage is not None and result["type"] == "succeeded":
            self.usage.record(value, batch=True)
        resubmit = self._resubmit
        again = resubmit > 0 and is_retryable(result)
        self._rows.append((again, (result["type"], text, resubmit, custom_id, self._batch.chunk_id)))
        if len(self._rows) >= _BLOCK:
            self._store()

    def _store(self) -> None:
        """Store the lines taken so far; a line that matched no request of the chunk still in flight is a
        repeat or a stray (ignored) in one of our batches, and proof that a candidate is not ours."""
        stored = store_results(self._db, _BY_CUSTOM_ID, self._rows)
        if stored < len(self._rows):
            self._stray()
        self.seen += stored
        self._rows.clear()

    def _stray(self) -> None:
        if self._batch.role == "candidate":
            raise NotOurs(self._batch.id)

    def finish(self) -> None:
        self._store()
        batch, db = self._batch, self._db
        if batch.role == "candidate":
            size = db.execute("SELECT size FROM chunks WHERE id = ?", (batch.chunk_id,)).fetchone()[0]
            if self.seen != size:
                raise NotOurs(batch.id)
        rows = db.execute(
            "SELECT seq, custom_id FROM requests WHERE chunk_id = ? AND state = 'inflight'", (batch.chunk_id,)
        ).fetchall()
        missing = _errored("api_error", f"the results of batch {batch.id} did not include this request")
        writes = (
            _write(missing, encode_line(custom_id, missing), self._resubmit, seq) for seq, custom_id in rows
        )
        store_results(db, _BY_SEQ, writes)
        db.execute("UPDATE batches SET downloaded = 1, role = 'ours' WHERE id = ?", (batch.id,))
        db.execute(
            "UPDATE batches SET role = 'foreign' WHERE chunk_id = ? AND role = 'candidate'", (batch.chunk_id,)
        )
        db.execute("UPDATE chunks SET state = 'done' WHERE id = ?", (batch.chunk_id,))


def _insert_requests(db: sqlite3.Connection, block: list[Entry], seq: int, problems: ProblemList) -> int:
    """Number and insert a block of input lines after ``seq``; a custom id seen before is a problem."""
    inserted = (
        db.executemany(
            "INSERT INTO requests (seq, line, custom_id, offset, length) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (custom_id) DO NOTHING",
            ((seq + i, e.line, e.custom_id, e.offset, e.length) for i, e in enumerate(block, start=1)),
        ).rowcount
        if block
        else 0
    )
    if inserted < len(block):
        for entry in block:
            first = db.execute(
                "SELECT line FROM requests WHERE custom_id = ?", (entry.custom_id,)
            ).fetchone()[0]
            if first != entry.line:
                problems.add(Problem(entry.line, f"custom_id {entry.custom_id!r} repeats line {first}"))
    return seq + len(block)


# Storing a result is one statement; its parameters are the result type, the line, the resubmission cap, then
# the key of the request (``_BY_SEQ`` or ``_BY_CUSTOM_ID``). A final result:
_FINAL = "UPDATE requests SET state = 'done', attempts = attempts + 1, result_type = ?1, result = ?2 WHERE "
# A retryable result: while the request is under the cap, it is kept as its last result and the request made
# pending again. Only this statement moves ``chunk_id`` (so the common, final case leaves its index alone).
_AGAIN = (
    "UPDATE requests SET"
    " state = CASE WHEN attempts < ?3 THEN 'pending' ELSE 'done' END,"
    " chunk_id = CASE WHEN attempts < ?3 THEN NULL ELSE chunk_id END,"
    " attempts = attempts + 1, result_type = ?1, result = ?2 WHERE "
)
_BY_SEQ = "seq = ?4"
_BY_CUSTOM_ID = "custom_id = ?4 AND chunk_id = ?5 AND state = 'inflight'"
_Write = tuple[bool, tuple[object, ...]]  # may the request be sent again; the statement's parameters


def _write(result: dict[str, Any], text: str, resubmit: int, *key: object) -> _Write:
    return resubmit > 0 and is_retryable(result), (result["type"], text, resubmit, *key)


def store_results(db: sqlite3.Connection, where: str, writes: Iterable[_Write]) -> int:
    """Store results, in order, in as few statements as their kinds allow; return how many matched a
    request."""
    stored = 0
    for again, group in itertools.groupby(writes, key=lambda write: write[0]):
        values = (params for _, params in group)
        stored += db.executemany((_AGAIN if again else _FINAL) + where, values).rowcount
    return stored


def encode_line(custom_id: str, result: dict[str, Any]) -> str:
    """An output line made here (an error or cancellation the runner records itself)."""
    return json.dumps({"custom_id": custom_id, "result": result}, separators=(",", ":"), ensure_ascii=False)


def _errored(error_type: str, message: str) -> dict[str, Any]:
    return {
        "type": "errored",
        "error": {"type": "error", "error": {"type": error_type, "message": message}, "request_id": None},
    }
