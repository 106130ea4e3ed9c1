"""One job: its options, its state file and input checked against each other, and what both modes share.

A job is identified by its state file. The first run checks the whole input and records it (nothing is sent
if the input is bad); later runs check that the input is byte-for-byte the same file (size and SHA-256) and
that the mode and output are unchanged, then continue from the state. One run at a time holds the state
file's lock (``flock``), so two processes can never submit the same requests.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ._api import Api
from ._input import MAX_BATCH_BYTES, MAX_BATCH_REQUESTS, MAX_REQUEST_BYTES, fingerprint, scan
from ._output import Output
from ._progress import Progress, Reporter, Silent
from ._state import Job, State, StateError

__all__ = ["JobContext", "Options", "Summary", "default_state_path", "open_job"]

Mode = Literal["batch", "direct"]
_PROGRESS_EVERY = 0.25  # seconds between two progress snapshots (each is one GROUP BY over the requests)
_PROGRESS_SHARE = 0.05  # and at most this share of the time: a job of millions has slower snapshots


@dataclass(frozen=True)
class Options:
    """How a job runs; every field has the default the CLI uses."""

    mode: Mode = "batch"
    resubmit: int = 0
    """Times a request whose result is retryable (expired; overloaded, rate-limited, internal or timeout
    error) is sent again; 0 keeps the first result."""
    concurrency: int = 8
    """Direct mode: requests in flight at once."""
    poll_interval: float = 2.0
    max_poll_interval: float = 60.0
    orphan_grace: float = 30.0
    """Seconds to wait, after an uncertain batch create, before concluding that it did not happen."""
    max_requests_per_batch: int = MAX_BATCH_REQUESTS
    max_bytes_per_batch: int = MAX_BATCH_BYTES
    max_request_bytes: int = MAX_REQUEST_BYTES
    wait: bool = True
    """False: submit and collect what has ended, then return without waiting for the rest."""
    submit: bool = True
    """False: send nothing new (only collect results of batches already submitted)."""

    def __post_init__(self) -> None:
        """Every option checked before anything is sent or written: a value the runner cannot work with
        (no request per batch, no worker, a negative delay) would otherwise hang it or pass unnoticed."""
        if self.mode not in ("batch", "direct"):
            _type_check("mode", self.mode, str, "'batch' or 'direct'")
            raise ValueError(f"mode must be 'batch' or 'direct', got {self.mode!r}")
        _check_int("resubmit", self.resubmit, 0, None)
        _check_int("concurrency", self.concurrency, 1, None)
        _check_int("max_requests_per_batch", self.max_requests_per_batch, 1, MAX_BATCH_REQUESTS)
        _check_int("max_bytes_per_batch", self.max_bytes_per_batch, 1, MAX_BATCH_BYTES)
        _check_int("max_request_bytes", self.max_request_bytes, 1, MAX_REQUEST_BYTES)
        for name in ("poll_interval", "max_poll_interval", "orphan_grace"):
            _check_seconds(name, getattr(self, name))
        for name in ("wait", "submit"):
            _type_check(name, getattr(self, name), bool, "True or False")


def _type_check(name: str, value: object, kind: type, allowed: str) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")


def _check_int(name: str, value: object, least: int, most: int | None) -> None:
    allowed = f"an integer from {least:,} to {most:,}" if most is not None else f"an integer >= {least}"
    _type_check(name, value, int, allowed)
    assert isinstance(value, int)
    if value < least or (most is not None and value > most):
        raise ValueError(f"{name} must be {allowed}, got {value}")


def _check_seconds(name: str, value: object) -> None:
    allowed = "a number of seconds >= 0"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")
    if not (value >= 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be {allowed}, got {value}")


@dataclass(frozen=True)
class Summary:
    """Where a job stands after a run (or, from ``status()``, as last recorded)."""

    total: int
    succeeded: int
    errored: int
    expired: int
    canceled: int
    pending: int
    inflight: int
    written: int
    canceled_job: bool
    batch_ids: list[str] = field(default_factory=list)
    output: str = ""
    state: str = ""

    @property
    def complete(self) -> bool:
        """Every request has its line in the output."""
        return self.written == self.total


def default_state_path(output: Path) -> Path:
    """The state file lives beside the output: ``results.jsonl`` → ``results.jsonl.state.sqlite``."""
    return output.with_name(output.name + ".state.sqlite")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the state file for the whole run (released by the OS on any exit)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock, one run at a time is on the user
        yield
        return
    handle: IO[bytes] = path.open("rb")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StateError(f"{path}: another run of this job is in progress") from None
        yield
    finally:
        handle.close()


class JobContext:
    """What a running job needs: the state, the output, the API, the input file, progress reporting."""

    def __init__(
        self,
        state: State,
        job: Job,
        api: Api,
        *,
        options: Options,
        reporter: Reporter,
        input_path: Path,
        input_file: IO[bytes],
    ) -> None:
        self.state = state
        self.job = job
        self.api = api
        self.options = options
        self.reporter = reporter
        self.input_path = input_path
        self.input = input_file
        self.output = Output(Path(job.output_path), state)
        self.phase = "starting"
        self._next_report = 0.0

    def read_line(self, offset: int, length: int) -> bytes:
        self.input.seek(offset)
        return self.input.read(length)

    def canceled(self) -> bool:
        job = self.state.job()
        return job is not None and job.canceled

    def report(self, phase: str | None = None, *, force: bool = False) -> None:
        if phase is not None:
            self.phase = phase
        now = time.monotonic()
        if isinstance(self.reporter, Silent) or (not force and now < self._next_report):
            return  # a snapshot is a query over every request: none for a reporter that shows nothing
        progress = progress_of(self.state, self.phase)
        cost = time.monotonic() - now
        self._next_report = now + max(_PROGRESS_EVERY, cost / _PROGRESS_SHARE)
        self.reporter.update(progress)


def progress_of(state: State, phase: str) -> Progress:
    counts = state.counts()
    job = state.job()
    return Progress(
        total=job.total if job else 0,
        pending=counts["pending"],
        inflight=counts["inflight"],
        succeeded=counts["succeeded"],
        errored=counts["errored"],
        expired=counts["expired"],
        canceled=counts["canceled"],
        written=counts["written"],
        batches=len([b for b in state.batches() if b.role == "ours"]),
        phase=phase,
    )


def summary_of(state: State) -> Summary:
    job = state.job()
    if job is None:
        raise StateError(f"{state.path}: no job recorded")
    now = progress_of(state, "")
    return Summary(
        total=job.total,
        succeeded=now.succeeded,
        errored=now.errored,
        expired=now.expired,
        canceled=now.canceled,
        pending=now.pending,
        inflight=now.inflight,
        written=now.written,
        canceled_job=job.canceled,
        batch_ids=[b.id for b in state.batches() if b.role == "ours"],
        output=job.output_path,
        state=str(state.path),
    )


@contextlib.contextmanager
def open_job(
    input_path: Path,
    output_path: Path,
    state_path: Path,
    *,
    options: Options,
    api: Api,
    reporter: Reporter | None,
) -> Iterator[JobContext]:
    """Open (or create, after checking the whole input) the job; hold its lock while in use."""
    for path, what in ((output_path, "output"), (state_path, "state file")):
        if not path.parent.is_dir():  # sqlite would call it "not a usable state file"
            raise StateError(f"{path}: the directory of the {what}, {path.parent}, does not exist")
    fresh = not state_path.exists()
    if fresh and output_path.exists() and output_path.stat().st_size > 0:
        raise StateError(
            f"{output_path} already exists and there is no state file ({state_path}) for it:"
            " remove it or choose another output"
        )
    state = State(state_path)
    try:
        with _locked(state_path):
            job = state.job()
            if job is None:
                try:
                    size, digest = fingerprint(input_path)  # a missing input leaves no state file either
                    job = state.create_job(
                        mode=options.mode,
                        input_path=input_path,
                        input_size=size,
                        input_sha256=digest,
                        output_path=output_path,
                        entries=scan(input_path, options.max_request_bytes),
                    )
                except BaseException:
                    if fresh:
                        state.close()
                        _remove_state(state_path)
                    raise
            else:
                size, digest = fingerprint(input_path)
                _check_same_job(job, input_path, size, digest, output_path=output_path, options=options)
            with input_path.open("rb") as input_file:
                yield JobContext(
                    state,
                    job,
                    api,
                    options=options,
                    reporter=reporter or Silent(),
                    input_path=input_path,
                    input_file=input_file,
                )
    finally:
        state.close()


def open_existing(state_path: Path) -> State:
    if not state_path.exists():
        raise StateError(f"{state_path}: no such state file (give --state, or the --out of the run)")
    return State(state_path)


def _check_same_job(
    job: Job, input_path: Path, size: int, digest: str, *, output_path: Path, options: Options
) -> None:
    if (size, digest) != (job.input_size, job.input_sha256):
        raise StateError(
            f"{input_path} is not the input this job started with ({job.input_path}, {job.input_size} bytes):"
            " a state file belongs to one input; use another output or state file for a new job"
        )
    if job.mode != options.mode:
        raise StateError(f"this job runs in {job.mode} mode; it cannot continue in {options.mode} mode")
    if Path(job.output_path).resolve() != output_path.resolve():
        raise StateError(f"this job writes to {job.output_path}, not {output_path}")


def _remove_state(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def error_result(err: Any) -> dict[str, Any]:
    """An API error as a result's ``error`` (the API's error body shape)."""
    body = getattr(err, "body", None)
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = {"type": "error", "error": body["error"], "request_id": getattr(err, "request_id", None)}
    else:
        kind = getattr(err, "type", None) or "api_error"
        error = {
            "type": "error",
            "error": {"type": kind, "message": getattr(err, "message", str(err))},
            "request_id": getattr(err, "request_id", None),
        }
    return {"type": "errored", "error": error}
