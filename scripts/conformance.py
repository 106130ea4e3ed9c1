"""Conformance: drive every endpoint unbroken implements against Steady, which checks each request
against the API's OpenAPI description (``../shared/openapi/anthropic-openapi.json``).

Steady answers a conforming request with ``x-steady-request-valid: true`` and a non-conforming one with 400
plus ``X-Steady-Error-N-{Code,Path,Message}`` headers. An httpx response hook records every exchange; a
check fails when any of its requests was flagged, or when it raised although its requests were valid (the
client could not read a response the spec allows). A few checks only send: Steady cannot stream SSE, so the
response of ``stream=True`` calls is not judged.

Everything is bounded: npm install and server start have timeouts, every request has one, the whole run
has one (SIGALRM), and the server is killed (its whole process group) on the way out. Every URL is rewritten
to the local server, so no request can leave the machine (a batch's ``results_url`` in Steady's examples
points at the real API).

    python scripts/conformance.py [--spec PATH] [--verbose]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

import unbroken

ROOT = Path(__file__).resolve().parent.parent
INSTALL_DIR = ROOT / ".conformance"
STEADY = INSTALL_DIR / "node_modules" / ".bin" / "steady"
STEADY_PACKAGE = "@stdy/cli@0.22.2"
DEFAULT_SPEC = ROOT.parent / "shared" / "openapi" / "anthropic-openapi.json"
INSTALL_TIMEOUT = 300.0
START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
TOTAL_TIMEOUT = 600

MODEL = "claude-sonnet-4-5"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16).decode()
PDF = base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode()
SKILL_MD = b"---\nname: greeter\ndescription: Says hello\n---\nGreet the user.\n"


# -- the server ------------------------------------------------------------------------------------------


def install_steady() -> None:
    if STEADY.exists():
        return
    print(f"installing {STEADY_PACKAGE} into {INSTALL_DIR} ...", flush=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(INSTALL_DIR), STEADY_PACKAGE],
        check=True,
        timeout=INSTALL_TIMEOUT,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def steady_server(spec: Path) -> Iterator[str]:
    """Steady on 127.0.0.1 at a free port, healthy, for the duration of the block; killed after."""
    port = free_port()
    log_path = INSTALL_DIR / "steady.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                str(STEADY),
                "--host",
                "127.0.0.1",
                "-p",
                str(port),
                "--log-level",
                "details",
                "--validator-query-array-format=brackets",
                "--validator-form-array-format=brackets",
                "--validator-query-object-format=brackets",
                "--validator-form-object-format=brackets",
                str(spec),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the node process and children die together
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(process, base_url, log_path)
            yield base_url
        finally:
            stop(process)


def wait_healthy(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"steady exited with {process.returncode}:\n{log_path.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/_x-steady/health", timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"steady was not healthy after {START_TIMEOUT:.0f}s:\n{log_path.read_text()[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT)


# -- recording what Steady said ----------------------------------------------------------------------------


@dataclass
class Exchange:
    method: str
    url: str
    status: int
    valid: bool
    errors: list[str]
    matched_path: str | None


@dataclass
class Log:
    exchanges: list[Exchange] = field(default_factory=list)

    def record(self, response: httpx.Response) -> None:
        headers = response.headers
        count = int(headers.get("x-steady-error-count", "0") or 0)
        errors = [
            f"{headers.get(f'x-steady-error-{i}-code')} at {headers.get(f'x-steady-error-{i}-path')}: "
            f"{headers.get(f'x-steady-error-{i}-message')}"
            for i in range(1, count + 1)
        ]
        request = response.request
        valid = headers.get("x-steady-request-valid") == "true"
        matched = headers.get("x-steady-matched-path")
        self.exchanges.append(
            Exchange(request.method, str(request.url), response.status_code, valid, errors, matched)
        )


class LocalOnly(httpx.BaseTransport):
    """Sends every request to the local Steady, whatever host its URL names."""

    def __init__(self, base_url: str, inner: httpx.BaseTransport | None = None) -> None:
        self._target = httpx.URL(base_url)
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme=self._target.scheme, host=self._target.host, port=self._target.port
        )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


# -- the checks ----------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    run: Callable[[unbroken.Anthropic], object]
    judge_response: bool = True
    """False when Steady cannot produce a response the call could read (SSE streams)."""


def drain(value: Any) -> Any:
    """Consume a stream or a JSONL decoder so that its whole body is read."""
    return list(value)


def walk(page: Any, max_pages: int = 3) -> list[Any]:
    """Follow a page's cursor a few times (Steady serves the same example page, which may say has_more)."""
    return [p for _, p in zip(range(max_pages), page.iter_pages(), strict=False)]


def every_content_block() -> list[dict[str, Any]]:
    """One user turn and one assistant turn covering every content-block param type."""
    cache = {"type": "ephemeral", "ttl": "5m"}
    text = {"type": "text", "text": "Read these.", "cache_control": cache}
    user: list[dict[str, Any]] = [
        text,
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}},
        {
            "type": "document",
            "source": {"type": "base64", "media_type": "application/pdf", "data": PDF},
            "title": "A PDF",
            "context": "ctx",
            "citations": {"enabled": True},
            "cache_control": cache,
        },
        {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "plain"}},
        {"type": "document", "source": {"type": "content", "content": [{"type": "text", "text": "c"}]}},
        {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}},
        {
            "type": "search_result",
            "source": "https://example.com",
            "title": "Result",
            "content": [{"type": "text", "text": "found"}],
            "citations": {"enabled": True},
        },
    ]
    assistant: list[dict[str, Any]] = [
        {"type": "thinking", "thinking": "Let me think.", "signature": "sig"},
        {"type": "redacted_thinking", "data": "opaque"},
        {
            "type": "text",
            "text": "Quoting.",
            "citations": [
                {
                    "type": "char_location",
                    "cited_text": "a",
                    "document_index": 0,
                    "document_title": None,
                    "start_char_index": 0,
                    "end_char_index": 1,
                },
                {
                    "type": "page_location",
                    "cited_text": "a",
                    "document_index": 0,
                    "document_title": "t",
                    "start_page_number": 1,
                    "end_page_number": 2,
                },
                {
                    "type": "content_block_location",
                    "cited_text": "a",
                    "document_index": 0,
                    "document_title": None,
                    "start_block_index": 0,
                    "end_block_index": 1,
                },
                {
                    "type": "web_search_result_location",
                    "cited_text": "a",
                    "encrypted_index": "e",
                    "title": None,
                    "url": "https://example.com",
                },
                {
                    "type": "search_result_location",
                    "cited_text": "a",
                    "search_result_index": 0,
                    "source": "s",
                    "title": None,
                    "start_block_index": 0,
                    "end_block_index": 1,
                },
            ],
        },
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "q"}},
        {
            "type": "web_search_tool_result",
            "tool_use_id": "srvtoolu_1",
            "content": [
                {
                    "type": "web_search_result",
                    "title": "T",
                    "url": "https://example.com",
                    "encrypted_content": "x",
                    "page_age": "1 day",
                },
            ],
        },
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
    ]
    results: list[dict[str, Any]] = [
        {
            "type": "tool_result",
            "tool_use_id": "toolu_1",
            "is_error": False,
            "content": [
                {"type": "text", "text": "sunny"},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/w.png"}},
                {
                    "type": "search_result",
                    "source": "s",
                    "title": "t",
                    "content": [{"type": "text", "text": "x"}],
                },
                {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "d"}},
            ],
        },
        {"type": "tool_result", "tool_use_id": "toolu_2", "content": "plain result", "is_error": True},
        {
            "type": "web_search_tool_result",
            "tool_use_id": "srvtoolu_2",
            "content": {"type": "web_search_tool_result_error", "error_code": "max_uses_exceeded"},
        },
    ]
    return [
        {"role": "user", "content": user},
        {"role": "assistant", "content": assistant},
        {"role": "user", "content": results},
    ]


def every_tool() -> list[dict[str, Any]]:
    cache = {"type": "ephemeral"}
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    where = {"type": "approximate", "city": "Paris", "country": "FR", "timezone": "Europe/Paris"}
    return [
        {
            "name": "get_weather",
            "description": "Weather for a city",
            "cache_control": cache,
            "type": "custom",
            "input_schema": schema,
        },
        {"type": "bash_20250124", "name": "bash"},
        {"type": "text_editor_20250124", "name": "str_replace_editor"},
        {"type": "text_editor_20250429", "name": "str_replace_based_edit_tool"},
        {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool", "max_characters": 1000},
        {
            "type": "web_search_20250305",
            "name": "web_search",
            "max_uses": 3,
            "allowed_domains": ["example.com"],
            "user_location": where,
        },
    ]


def create_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "model": MODEL,
        "max_tokens": 1024,
        "messages": every_content_block(),
        "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
        "tools": every_tool(),
        "tool_choice": {"type": "auto", "disable_parallel_tool_use": True},
        "metadata": {"user_id": "user-1"},
        "stop_sequences": ["END"],
        "temperature": 0.5,
        "top_k": 5,
        "top_p": 0.9,
        "thinking": {"type": "enabled", "budget_tokens": 1024},
        "service_tier": "auto",
    }
    args.update(overrides)
    return args


def batch_requests() -> list[dict[str, Any]]:
    plain = {"model": MODEL, "max_tokens": 64, "messages": [{"role": "user", "content": "Hi"}]}
    return [{"custom_id": "plain", "params": plain}, {"custom_id": "full", "params": create_args()}]


def skill_files() -> list[Any]:
    return [("greeter/SKILL.md", SKILL_MD, "text/markdown"), ("greeter/notes.txt", b"notes")]


def checks() -> list[Check]:
    def messages_count_tokens(c: unbroken.Anthropic) -> object:
        args = create_args()
        return c.messages.count_tokens(
            model=MODEL,
            messages=args["messages"],
            system=args["system"],
            tools=args["tools"],
            tool_choice={"type": "tool", "name": "get_weather"},
            thinking={"type": "disabled"},
        )

    def completions_create(c: unbroken.Anthropic) -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # claude-2.1: the spec's own example model
            return c.completions.create(
                model="claude-2.1",
                prompt=f"{unbroken.HUMAN_PROMPT} Hi{unbroken.AI_PROMPT}",
                max_tokens_to_sample=16,
                stop_sequences=["\n\nHuman:"],
                temperature=0.5,
                top_k=3,
                top_p=0.9,
                metadata={"user_id": "u"},
            )

    def files_upload(c: unbroken.Anthropic) -> object:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "report.csv"
            path.write_bytes(b"a,b\n1,2\n")
            return [
                c.beta.files.upload(file=b"raw bytes"),
                c.beta.files.upload(file=io.BytesIO(b"file object")),
                c.beta.files.upload(file=path),
                c.beta.files.upload(file=unbroken.file_from_path(path)),
                c.beta.files.upload(file=("notes.txt", b"hello", "text/plain"), betas=["b"]),
                c.beta.files.upload(file=("notes.txt", path, "text/csv", {"X-Note": "1"})),
            ]

    def beta_messages(c: unbroken.Anthropic) -> object:
        c.beta.messages.create(
            model=MODEL, max_tokens=64, messages=[{"role": "user", "content": "Hi"}], betas=["x"]
        )
        return c.beta.messages.count_tokens(model=MODEL, messages=[{"role": "user", "content": "Hi"}])

    return [
        Check("messages.create (every content block and tool)", lambda c: c.messages.create(**create_args())),
        Check(
            "messages.create tool_choice any/none",
            lambda c: [
                c.messages.create(**create_args(tool_choice={"type": "any"})),
                c.messages.create(**create_args(tool_choice={"type": "none"}, thinking={"type": "disabled"})),
            ],
        ),
        Check(
            "messages.create stream=True",
            lambda c: drain(c.messages.create(**create_args(), stream=True)),
            judge_response=False,
        ),
        Check("messages.count_tokens", messages_count_tokens),
        Check("beta.messages.create/count_tokens", beta_messages),
        Check("completions.create", completions_create),
        Check(
            "models.list / retrieve",
            lambda c: [
                walk(c.models.list(limit=2, after_id="claude-x")),
                walk(c.models.list(before_id="claude-y", betas=["b"])),
                c.models.retrieve("claude-sonnet-4-5", betas=["b"]),
            ],
        ),
        Check(
            "beta.models.list / retrieve",
            lambda c: [
                walk(c.beta.models.list(limit=2)),
                c.beta.models.retrieve("claude-sonnet-4-5"),
            ],
        ),
        Check(
            "messages.batches create/retrieve/list/cancel/delete",
            lambda c: [
                c.messages.batches.create(requests=batch_requests()),  # type: ignore[arg-type]
                c.messages.batches.retrieve("msgbatch_1"),
                walk(c.messages.batches.list(limit=3, after_id="msgbatch_0")),
                c.messages.batches.cancel("msgbatch_1"),
                c.messages.batches.delete("msgbatch_1"),
            ],
        ),
        Check("messages.batches.results", lambda c: drain(c.messages.batches.results("msgbatch_1"))),
        Check(
            "beta.messages.batches create/retrieve/list/cancel/delete",
            lambda c: [
                c.beta.messages.batches.create(requests=batch_requests(), betas=["b"]),  # type: ignore[arg-type]
                c.beta.messages.batches.retrieve("msgbatch_1"),
                walk(c.beta.messages.batches.list(limit=3)),
                c.beta.messages.batches.cancel("msgbatch_1"),
                c.beta.messages.batches.delete("msgbatch_1"),
            ],
        ),
        Check(
            "beta.messages.batches.results", lambda c: drain(c.beta.messages.batches.results("msgbatch_1"))
        ),
        Check("beta.files.upload (every file form)", files_upload),
        Check(
            "beta.files list/retrieve_metadata/download/delete",
            lambda c: [
                walk(c.beta.files.list(limit=2)),
                c.beta.files.retrieve_metadata("file_1"),
                c.beta.files.download("file_1").read(),
                c.beta.files.delete("file_1"),
            ],
        ),
        Check(
            "beta.skills create/retrieve/list/delete",
            lambda c: [
                c.beta.skills.create(display_title="Greeter", files=skill_files()),
                c.beta.skills.create(files=skill_files()),
                c.beta.skills.create(display_title="Title only"),
                c.beta.skills.retrieve("skill_1"),
                walk(c.beta.skills.list(limit=2, source="custom", page="p")),
                c.beta.skills.delete("skill_1"),
            ],
        ),
        Check(
            "beta.skills.versions create/retrieve/list/delete",
            lambda c: [
                c.beta.skills.versions.create("skill_1", files=skill_files()),
                c.beta.skills.versions.retrieve("1759178010641129", skill_id="skill_1"),
                walk(c.beta.skills.versions.list("skill_1", limit=2)),
                c.beta.skills.versions.delete("1759178010641129", skill_id="skill_1"),
            ],
        ),
    ]


# -- running -------------------------------------------------------------------------------------------


def run_check(check: Check, client: unbroken.Anthropic, log: Log, verbose: bool) -> list[str]:
    """The problems of one check (empty when it passed)."""
    log.exchanges.clear()
    problems: list[str] = []
    error: BaseException | None = None
    try:
        check.run(client)
    except (AttributeError, ImportError) as exc:
        if not log.exchanges:
            print(f"SKIP  {check.name}: not implemented ({exc})")
            return []
        error = exc
    except Exception as exc:
        error = exc
    for exchange in log.exchanges:
        if not exchange.valid:
            detail = "; ".join(exchange.errors) or f"status {exchange.status}, no x-steady-request-valid"
            problems.append(f"{exchange.method} {exchange.url}: {detail}")
    if not log.exchanges:
        problems.append("sent no request")
    if error is not None and not problems and check.judge_response:
        problems.append(f"raised {type(error).__name__}: {error}")
        if verbose:
            problems.append("".join(traceback.format_exception(error)))
    status = "FAIL" if problems else "ok  "
    print(f"{status}  {check.name} ({len(log.exchanges)} requests)")
    if verbose:
        for exchange in log.exchanges:
            print(f"        {exchange.method} {exchange.url} -> {exchange.status} as {exchange.matched_path}")
    for problem in problems:
        print(f"        {problem}")
    return problems


def harness_sees_violations(client: unbroken.Anthropic, log: Log) -> bool:
    """A request the spec forbids must be flagged, or every "ok" above would mean nothing."""
    log.exchanges.clear()
    with contextlib.suppress(unbroken.BadRequestError):
        client.post(
            "/v1/messages", cast_to=object, body={"model": MODEL, "max_tokens": "many", "messages": []}
        )
    return len(log.exchanges) == 1 and not log.exchanges[0].valid and bool(log.exchanges[0].errors)


def _out_of_time(signum: int, frame: object) -> None:
    raise TimeoutError(f"conformance did not finish within {TOTAL_TIMEOUT}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the OpenAPI description")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failing calls")
    args = parser.parse_args(argv)
    if not args.spec.exists():
        print(f"conformance: spec not found at {args.spec}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(TOTAL_TIMEOUT)  # the server is still killed: the error unwinds through steady_server
    install_steady()
    log = Log()
    failures = 0
    with steady_server(args.spec) as base_url:
        http = httpx.Client(
            transport=LocalOnly(base_url), event_hooks={"response": [log.record]}, timeout=REQUEST_TIMEOUT
        )
        with unbroken.Anthropic(
            api_key="sk-conformance", base_url=base_url, max_retries=0, http_client=http
        ) as c:
            if not harness_sees_violations(c, log):
                print("conformance: Steady did not flag a non-conforming request; the harness is broken")
                return 1
            for check in checks():
                failures += bool(run_check(check, c, log, args.verbose))
    print(f"conformance: {failures} failing check(s)" if failures else "conformance: every request conforms")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
