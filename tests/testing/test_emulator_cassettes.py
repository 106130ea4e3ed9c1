"""Record and replay: the cassette format (pure), recording through the emulator from an upstream (a second
emulator stands in for the real API), replay with faults on top, record modes, and the network guard."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
from emu_helpers import VERSION, message_body, run_pytest
from hypothesis import given
from hypothesis import strategies as st

import unbroken
from unbroken.testing import Cassette, Emulator, Fault, NetworkBlocked, RecordedRequest, Reply, recording
from unbroken.testing.cassettes import REDACTED, Interaction, Redaction, split_events
from unbroken.testing.recording import CassettePlayer, block_network
from unbroken.testing.standalone import describe

MODEL = "claude-sonnet-4-5"
SECRET_KEY = "sk-ant-api03-very-secret-key"


@pytest.fixture
def upstream() -> Iterator[Emulator]:
    """Stands in for api.anthropic.com: an emulator that requires the key and says scripted things."""
    with Emulator(api_key=SECRET_KEY, assert_all_used=False) as real:
        yield real


def ask(client: unbroken.Anthropic, text: str = "hello") -> unbroken.types.Message:
    return client.messages.create(model=MODEL, max_tokens=50, messages=[{"role": "user", "content": text}])


def stream_text(client: unbroken.Anthropic, text: str = "hello") -> str:
    with client.messages.stream(
        model=MODEL, max_tokens=50, messages=[{"role": "user", "content": text}]
    ) as s:
        return s.get_final_text()


# -- the format (no sockets) ----------------------------------------------------------------------


@given(st.lists(st.sampled_from([b"event: a\n", b"data: {}\n", b"\n", b"\r\n", b"\r", b"x", b": c\n"])))
def test_split_events_never_changes_a_byte(parts: list[bytes]) -> None:
    data = b"".join(parts)

    assert b"".join(split_events(data)) == data


def test_split_events_cuts_at_blank_lines_of_any_line_ending() -> None:
    data = b"event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\n: ping\r\rtail"

    assert split_events(data) == [
        b"event: a\ndata: 1\n\n",
        b"event: b\r\ndata: 2\r\n\r\n",
        b": ping\r\r",
        b"tail",
    ]


def test_redaction_hides_secret_headers_named_fields_and_the_secrets_elsewhere() -> None:
    redaction = Redaction(fields=frozenset({"user_id"}))
    headers = {
        "x-api-key": SECRET_KEY,
        "authorization": f"Bearer {SECRET_KEY}",
        "x-goog-auth-token": "tok",
        "idempotency-key": "stainless-1",
        "anthropic-ratelimit-tokens-remaining": "10",
        "host": "api.anthropic.com",
    }

    kept, secrets = redaction.redact_headers(headers, frozenset({"host"}))
    body = redaction.redact_json({"metadata": {"user_id": "u-42"}, "list": [{"user_id": 1}]})

    assert kept == {
        "x-api-key": REDACTED,
        "authorization": REDACTED,
        "x-goog-auth-token": REDACTED,
        "idempotency-key": "stainless-1",
        "anthropic-ratelimit-tokens-remaining": "10",
    }
    assert SECRET_KEY in secrets and "tok" not in secrets  # too short to scrub safely
    assert body == {"metadata": {"user_id": REDACTED}, "list": [{"user_id": REDACTED}]}


def test_a_recorded_interaction_is_redacted_everywhere(tmp_path: Path) -> None:
    cassette = Cassette.load(tmp_path / "c.json", redact=["user_id"])
    body = json.dumps(message_body(metadata={"user_id": "u-42"})).encode()
    req = RecordedRequest("POST", "/v1/messages", {}, {"x-api-key": SECRET_KEY}, body, json.loads(body))

    echoed = json.dumps({"echo": SECRET_KEY}).encode()
    cassette.record(req, 401, {"content-type": "application/json", "set-cookie": "s=1"}, body=echoed)
    cassette.save()
    text = (tmp_path / "c.json").read_text()

    assert SECRET_KEY not in text and "u-42" not in text and "s=1" not in text
    stored = json.loads(text)["interactions"][0]
    assert stored["request"]["json"]["metadata"] == {"user_id": REDACTED}
    assert stored["response"]["json"] == {"echo": REDACTED}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("interactions: []\n", "not JSON"),
        ('{"interactions": []}', "not an unbroken cassette"),
        ('{"unbroken_cassette": 1, "interactions": [{"request": {}}]}', "needs a request and a response"),
        (
            '{"unbroken_cassette": 1, "interactions": [{"request": {"method": "GET"}, "response": {}}]}',
            "needs",
        ),
    ],
)
def test_a_file_that_is_not_a_cassette_is_refused(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "c.json").write_text(content)

    with pytest.raises(ValueError, match=message):
        Cassette.load(tmp_path / "c.json")


def test_a_replayed_stream_keeps_its_bytes_and_timing(tmp_path: Path) -> None:
    chunks = [{"at": 0.5, "text": "event: a\ndata: 1\n\nevent: b\n"}, {"at": 0.75, "text": "data: 2\n\n"}]
    response = {"status": 200, "headers": {"content-type": "text/event-stream"}, "chunks": chunks}
    cassette = Cassette(tmp_path / "c.json", [Interaction({"method": "GET", "path": "/"}, response)])

    replayed = CassettePlayer(cassette, "none", realtime=True).replay(cassette.interactions[0])

    assert replayed.units == [b"event: a\ndata: 1\n\n", b"event: b\ndata: 2\n\n"]  # type: ignore[union-attr]
    assert replayed.delays == [0.5, 0.25]  # type: ignore[union-attr]


def test_match_on_names_only_known_parts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="match_on"):
        Cassette.load(tmp_path / "c.json", match_on=["method", "headers"])


# -- recording and replaying over sockets ----------------------------------------------------------


def test_record_then_replay_without_the_upstream(
    emulator: Emulator, upstream: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "weather.json"
    upstream.replies.push(Reply.text("It is sunny."), Reply.text("Rain at noon and more rain later."))
    client = emulator.client(api_key=SECRET_KEY)

    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url) as recording:
        recorded = (ask(client, "weather?").content[0].text, stream_text(client, "forecast?"))  # type: ignore[union-attr]
    upstream.stop()

    with emulator.use_cassette(path) as replaying:
        replayed = (ask(client, "weather?").content[0].text, stream_text(client, "forecast?"))  # type: ignore[union-attr]

    assert recorded == replayed == ("It is sunny.", "Rain at noon and more rain later.")
    assert recording.existed is False and replaying.existed is True
    assert SECRET_KEY not in path.read_text()
    stored = json.loads(path.read_text())["interactions"]
    assert [i["request"]["headers"]["x-api-key"] for i in stored] == [REDACTED, REDACTED]
    assert "chunks" in stored[1]["response"] and "json" in stored[0]["response"]
    assert [r.outcome.answered_by for r in emulator.requests] == [
        "upstream",
        "upstream",
        "cassette",
        "cassette",
    ]


def test_a_replayed_stream_is_byte_for_byte_the_recorded_one(
    emulator: Emulator, upstream: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "bytes.json"
    headers = {**VERSION, "x-api-key": SECRET_KEY}
    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url):
        with httpx.Client(base_url=emulator.base_url, headers=headers) as http:
            live = http.post("/v1/messages", json=message_body("é ü ✓", stream=True)).content

    with emulator.use_cassette(path), httpx.Client(base_url=emulator.base_url, headers=headers) as http:
        replayed = http.post("/v1/messages", json=message_body("é ü ✓", stream=True))

    assert replayed.content == live
    assert replayed.headers["content-type"].startswith("text/event-stream")
    assert replayed.headers["request-id"] == "req_emu_1"  # the upstream's, as recorded


def test_faults_apply_on_top_of_a_replay(emulator: Emulator, upstream: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "drop.json"
    upstream.replies.push(Reply.text("one two three four"))
    client = emulator.client(api_key=SECRET_KEY, max_retries=0)
    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url):
        stream_text(client, "count")

    emulator.faults.push(Fault.drop_after(5))
    with emulator.use_cassette(path), pytest.raises(unbroken.APIConnectionError) as caught:
        stream_text(client, "count")

    assert caught.value.partial_message.content[0].text == "one two"  # type: ignore[union-attr]


def test_a_request_the_cassette_lacks_fails_the_block(emulator: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    Cassette(path).save()
    client = emulator.client(max_retries=0)

    with pytest.raises(
        AssertionError, match=r"1 request\(s\) found nothing to replay.*\n  POST /v1/messages"
    ):
        with emulator.use_cassette(path):
            with pytest.raises(unbroken.NotFoundError, match="no unplayed interaction in cassette"):
                ask(client)


@pytest.mark.parametrize(
    ("exists", "mode", "hint"),
    [
        (False, "none", "record it with record_mode='once' (pytest --unbroken-record-mode=once; "),
        (True, "none", "what it lacks with record_mode='new_episodes', or all of it afresh with 'all'"),
        (True, "once", "(pytest --unbroken-record-mode=new_episodes; unbroken emulator --record-mode new_e"),
    ],
)
def test_a_miss_says_which_record_mode_would_answer_it(
    emulator: Emulator, tmp_path: Path, exists: bool, mode: recording.RecordMode, hint: str
) -> None:
    """``once`` records only while there is no file: with a file it fails like ``none``, so it is not the
    advice then."""
    path = tmp_path / "c.json"
    if exists:
        Cassette(path).save()
    client = emulator.client(max_retries=0)

    with pytest.raises(AssertionError), emulator.use_cassette(path, record_mode=mode):
        with pytest.raises(unbroken.NotFoundError) as caught:
            ask(client)

    assert hint in caught.value.message
    assert ("once" in caught.value.message.split(";", 1)[1]) is not exists
    assert describe(emulator.requests.last) == "POST /v1/messages claude-sonnet-4-5 -> 404 cassette miss"


def test_a_request_holding_the_key_replays(emulator: Emulator, upstream: Emulator, tmp_path: Path) -> None:
    """The key's value is scrubbed from the recorded body; the request replayed is scrubbed the same way
    before it is compared."""
    path = tmp_path / "key.json"
    client = emulator.client(api_key=SECRET_KEY, max_retries=0)
    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url):
        recorded = ask(client, f"my key is {SECRET_KEY}").content[0].text  # type: ignore[union-attr]

    with emulator.use_cassette(path):
        replayed = ask(client, f"my key is {SECRET_KEY}").content[0].text  # type: ignore[union-attr]

    assert recorded == f"Echo: my key is {SECRET_KEY}"
    assert replayed == "Echo: my key is <redacted>"  # scrubbed from the stored answer too
    assert SECRET_KEY not in path.read_text()


def test_the_cassette_keeps_its_redaction_rules_for_the_replay(
    emulator: Emulator, upstream: Emulator, tmp_path: Path
) -> None:
    """Recorded with ``redact``/``redact_headers``, replayed without them (``unbroken emulator --cassette``):
    the file holds the rules, never the values."""
    path = tmp_path / "rules.json"
    client = emulator.client(api_key=SECRET_KEY, max_retries=0)
    with_user = dict(model=MODEL, max_tokens=20, metadata={"user_id": "alice"})
    options = {"redact": ["user_id"], "redact_headers": ["X-Tenant"]}
    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url, **options):  # type: ignore[arg-type]
        client.messages.create(**with_user, messages=[{"role": "user", "content": "hi"}])  # type: ignore[arg-type]

    with emulator.use_cassette(path):
        replayed = client.messages.create(**with_user, messages=[{"role": "user", "content": "hi"}])  # type: ignore[arg-type]

    stored = json.loads(path.read_text())
    assert (stored["redact"], stored["redact_headers"]) == (["user_id"], ["x-tenant"])
    assert "alice" not in path.read_text()
    assert replayed.content[0].text == "Echo: hi"  # type: ignore[union-attr]


def test_a_field_named_only_at_replay_is_hidden_on_both_sides(
    emulator: Emulator, upstream: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "late.json"
    client = emulator.client(api_key=SECRET_KEY, max_retries=0)
    with_user = dict(model=MODEL, max_tokens=20, messages=[{"role": "user", "content": "hi"}])
    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url):
        client.messages.create(**with_user, metadata={"user_id": "alice"})  # type: ignore[arg-type]

    with emulator.use_cassette(path, redact=["user_id"]):
        client.messages.create(**with_user, metadata={"user_id": "bob"})  # type: ignore[arg-type]

    assert [r.outcome.answered_by for r in emulator.requests] == ["upstream", "cassette"]


def test_a_cassette_written_before_the_rules_were_kept_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    request = {"method": "POST", "path": "/v1/messages", "query": {}, "json": {"metadata": "<redacted>"}}
    old = {"unbroken_cassette": 1, "interactions": [{"request": request, "response": {"status": 200}}]}
    path.write_text(json.dumps(old))

    cassette = Cassette.load(path, redact=["metadata"])

    assert cassette.redaction.fields == {"metadata"} and len(cassette.interactions) == 1
    path.write_text(json.dumps({**old, "redact": "metadata"}))
    with pytest.raises(ValueError, match="redact and redact_headers are lists of names"):
        Cassette.load(path)


def test_new_episodes_replays_what_it_has_and_records_the_rest(
    emulator: Emulator, upstream: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "episodes.json"
    client = emulator.client(api_key=SECRET_KEY)
    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url):
        ask(client, "first")

    with emulator.use_cassette(path, record_mode="new_episodes", upstream=upstream.base_url):
        ask(client, "first")
        ask(client, "second")

    assert [r.outcome.answered_by for r in emulator.requests] == ["upstream", "cassette", "upstream"]
    assert len(json.loads(path.read_text())["interactions"]) == 2


def test_all_records_afresh(emulator: Emulator, upstream: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    client = emulator.client(api_key=SECRET_KEY)
    upstream.replies.push(Reply.text("old"), Reply.text("new"))
    with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url):
        ask(client)

    with emulator.use_cassette(path, record_mode="all", upstream=upstream.base_url):
        ask(client)

    stored = json.loads(path.read_text())["interactions"]
    assert [i["response"]["json"]["content"][0]["text"] for i in stored] == ["new"]


def test_upstream_none_is_the_api_as_for_the_command_line(emulator: Emulator, tmp_path: Path) -> None:
    """A marker's `upstream=os.environ.get("RECORD_FROM")` is None where the variable is unset."""
    Cassette(tmp_path / "c.json").save()
    with emulator.use_cassette(tmp_path / "c.json", upstream=None):
        assert emulator.app.cassette is not None
        assert emulator.app.cassette.upstream == "https://api.anthropic.com"
    with pytest.raises(TypeError, match="upstream must be a URL"):
        with emulator.use_cassette(tmp_path / "c.json", upstream=4010):  # type: ignore[typeddict-item]
            pass


def test_an_unreachable_upstream_is_a_502_that_says_so(emulator: Emulator, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"  # bound, never listening
        with emulator.use_cassette(tmp_path / "x.json", record_mode="all", upstream=dead):
            with httpx.Client(base_url=emulator.base_url, headers=VERSION) as http:
                response = http.post("/v1/messages", json=message_body())

    assert response.status_code == 502
    assert "could not reach" in response.json()["error"]["message"]


# -- the network guard ------------------------------------------------------------------------------


def test_replaying_blocks_the_real_network_but_not_loopback(emulator: Emulator, tmp_path: Path) -> None:
    Cassette(tmp_path / "c.json").save()
    escaped = unbroken.Anthropic(api_key="k", base_url="https://api.anthropic.com", max_retries=0)

    with emulator.use_cassette(tmp_path / "c.json"):
        with pytest.raises(unbroken.APIConnectionError, match="real network blocked") as caught:
            ask(escaped)
        with socket.socket() as raw, pytest.raises(NetworkBlocked, match="connect to"):
            raw.connect(("10.255.255.1", 443))
        assert httpx.get(f"{emulator.base_url}/_emulator").status_code == 200  # loopback is fine

    assert isinstance(caught.value.__cause__, httpx2.ConnectError)  # the client's default stack
    with block_network("a nested block"), block_network("another"):
        pass
    assert (socket.socket.connect, socket.getaddrinfo) == (
        recording._real_connect,
        recording._real_getaddrinfo,
    )


@pytest.mark.anyio
async def test_the_guard_stops_async_clients_too(emulator: Emulator, tmp_path: Path) -> None:
    Cassette(tmp_path / "c.json").save()
    async with unbroken.AsyncAnthropic(api_key="k", base_url="https://api.anthropic.com", max_retries=0) as c:
        with emulator.use_cassette(tmp_path / "c.json"):
            with pytest.raises(unbroken.APIConnectionError, match="real network blocked"):
                await c.messages.create(
                    model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "x"}]
                )


# -- the pytest marker ------------------------------------------------------------------------------

MARKED_TEST = """
import pytest
import unbroken as anthropic


@pytest.mark.emulator(cassette=True, upstream="{upstream}", redact=["user_id"])
def test_weather(emulator):
    client = anthropic.Anthropic()  # ANTHROPIC_BASE_URL points at the emulator
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=50,
        metadata={{"user_id": "{user}"}},
        messages=[{{"role": "user", "content": "{prompt}"}}],
    )
    assert message.content[0].text == "Sunny."
"""


def test_the_marker_records_once_then_replays_offline(
    pytester: pytest.Pytester, upstream: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    upstream.replies.push(Reply.text("Sunny."))
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET_KEY)
    url = upstream.base_url

    def write(user: str, prompt: str) -> None:
        test = MARKED_TEST.format(upstream=url, user=user, prompt=prompt)
        pytester.makepyfile(test_marked=test)

    write("u-1", "weather?")
    first = run_pytest(pytester, "--unbroken-record-mode=once")
    upstream.stop()
    write("u-2", "weather?")  # another user_id: redacted on both sides, so the request still matches
    again = run_pytest(pytester)
    write("u-2", "other?")
    changed = run_pytest(pytester)

    first.assert_outcomes(passed=1)
    again.assert_outcomes(passed=1)
    changed.assert_outcomes(failed=1)
    changed.stdout.fnmatch_lines(["*no unplayed interaction in cassette*test_weather.json*"])
    cassette = (pytester.path / "cassettes" / "test_marked" / "test_weather.json").read_text()
    assert SECRET_KEY not in cassette and "u-1" not in cassette


KEYLESS_TEST = """
import os

import pytest
import unbroken as anthropic


@pytest.mark.emulator(cassette="weather.json", upstream="{upstream}")
def test_weather(emulator):
    client = anthropic.Anthropic()  # no key in the environment while replaying in CI
    message = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=50, messages=[{{"role": "user", "content": "weather?"}}]
    )
    assert message.content[0].text == "Sunny."
    print("KEY", os.environ["ANTHROPIC_API_KEY"])


def test_after(emulator):
    assert "ANTHROPIC_API_KEY" not in os.environ
"""


def test_a_replay_needs_no_key_in_the_environment(
    pytester: pytest.Pytester, upstream: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    upstream.replies.push(Reply.text("Sunny."))
    pytester.makepyfile(test_keyless=KEYLESS_TEST.format(upstream=upstream.base_url))
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET_KEY)
    recorded = run_pytest(pytester, "--unbroken-record-mode=once", "-k", "weather", "-s")
    upstream.stop()
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)

    replayed = run_pytest(pytester, "-s")

    recorded.assert_outcomes(passed=1, deselected=1)
    recorded.stdout.fnmatch_lines([f"*KEY {SECRET_KEY}"])  # recording: the key set is used
    replayed.assert_outcomes(passed=2)
    replayed.stdout.fnmatch_lines(["*KEY unbroken-cassette-replay"])


@pytest.mark.anyio
async def test_an_async_client_records_and_replays(
    emulator: Emulator, upstream: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "async.json"
    upstream.replies.push(Reply.text("Recorded for async."))

    async with emulator.async_client(api_key=SECRET_KEY) as client:
        ask = {"model": MODEL, "max_tokens": 20, "messages": [{"role": "user", "content": "hi"}]}
        with emulator.use_cassette(path, record_mode="once", upstream=upstream.base_url):
            async with client.messages.stream(**ask) as stream:  # type: ignore[arg-type]
                recorded = await stream.get_final_text()
        upstream.stop()
        with emulator.use_cassette(path):
            async with client.messages.stream(**ask) as stream:  # type: ignore[arg-type]
                replayed = await stream.get_final_text()

    assert recorded == replayed == "Recorded for async."
