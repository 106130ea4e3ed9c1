"""Bedrock requests carry a SigV4 signature that is right for exactly the bytes sent.

Each test freezes botocore's clock, captures the request the client sent (httpx.MockTransport), then checks
the signature two ways: botocore re-signs the captured request, and a small independent implementation of
the SigV4 algorithm recomputes it from the captured method, URL, headers and body.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import itertools
import threading
import urllib.parse
from collections.abc import Iterator

import botocore.auth
import httpx
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from platform_helpers import BEDROCK_MODEL, KEYS, ask, async_bedrock, bedrock

from helpers import MESSAGE, Recorder

FROZEN = datetime.datetime(2025, 3, 4, 5, 6, 7)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *args, **kwargs: FROZEN)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def independent_authorization(request: httpx.Request, secret: str, region: str) -> str:
    """SigV4 by the book (AWS General Reference), for the headers the request says it signed."""
    credential, signed, _ = request.headers["authorization"].removeprefix("AWS4-HMAC-SHA256 ").split(", ")
    names = signed.removeprefix("SignedHeaders=").split(";")
    amz_date = request.headers["x-amz-date"]
    scope = f"{amz_date[:8]}/{region}/bedrock/aws4_request"
    query = sorted(urllib.parse.parse_qsl(request.url.query.decode(), keep_blank_values=True))
    canonical = "\n".join(
        [
            request.method,
            urllib.parse.quote(request.url.raw_path.decode().split("?")[0], safe="/~"),
            "&".join(
                f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}" for k, v in query
            ),
            "".join(f"{name}:{' '.join(request.headers[name].split())}\n" for name in names),
            signed.removeprefix("SignedHeaders="),
            hashlib.sha256(request.content).hexdigest(),
        ]
    )
    to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    key = f"AWS4{secret}".encode()
    for part in (amz_date[:8], region, "bedrock", "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"AWS4-HMAC-SHA256 {credential}, {signed}, Signature={signature}"


def botocore_authorization(request: httpx.Request, credentials: Credentials, region: str) -> str:
    """botocore re-signs what was sent (minus the signature it carries)."""
    unsigned = {
        k: v
        for k, v in request.headers.items()
        if k.lower() not in {"authorization", "x-amz-date", "x-amz-security-token"}
    }
    again = AWSRequest(method=request.method, url=str(request.url), headers=unsigned, data=request.content)
    botocore.auth.SigV4Auth(credentials, "bedrock", region).add_auth(again)
    return str(again.headers["Authorization"])


def signed_headers(request: httpx.Request) -> list[str]:
    return request.headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")


@pytest.mark.usefixtures("frozen_clock")
def test_signature_is_what_botocore_computes_for_the_sent_request() -> None:
    recorder = Recorder()

    bedrock(recorder, aws_region="eu-west-3").messages.create(**ask(BEDROCK_MODEL))

    request = recorder.requests[0]
    credentials = Credentials(KEYS["aws_access_key"], KEYS["aws_secret_key"])
    assert request.headers["x-amz-date"] == "20250304T050607Z"
    assert request.headers["authorization"] == botocore_authorization(request, credentials, "eu-west-3")


@pytest.mark.usefixtures("frozen_clock")
def test_signature_matches_an_independent_sigv4_computation() -> None:
    recorder = Recorder()

    bedrock(recorder, aws_region="eu-west-3", default_query={"trace": "x-1", "a": "2"}).messages.create(
        **ask(BEDROCK_MODEL)
    )

    request = recorder.requests[0]
    assert request.headers["authorization"] == independent_authorization(
        request, KEYS["aws_secret_key"], "eu-west-3"
    )
    assert (
        "Credential=AKIDEXAMPLE/20250304/eu-west-3/bedrock/aws4_request" in request.headers["authorization"]
    )


@pytest.mark.usefixtures("frozen_clock")
def test_signature_covers_the_body_host_and_content_headers() -> None:
    recorder = Recorder()

    bedrock(recorder).messages.create(**ask(BEDROCK_MODEL))

    signed = set(signed_headers(recorder.requests[0]))
    assert {"host", "content-type", "content-length", "x-amz-date"} <= signed
    assert "anthropic-version" not in signed  # the version is in the body, as the reference sends it
    assert "anthropic-version" not in recorder.requests[0].headers


@pytest.mark.usefixtures("frozen_clock")
def test_arn_model_path_is_signed_as_sent() -> None:
    recorder = Recorder()
    arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc"

    bedrock(recorder).messages.create(**ask(arn))

    request = recorder.requests[0]
    assert request.headers["authorization"] == independent_authorization(
        request, KEYS["aws_secret_key"], "us-east-1"
    )


@pytest.mark.usefixtures("frozen_clock")
def test_connection_header_is_not_signed() -> None:
    recorder = Recorder()

    bedrock(recorder, default_headers={"Connection": "keep-alive"}).messages.create(**ask(BEDROCK_MODEL))

    request = recorder.requests[0]
    assert request.headers["connection"] == "keep-alive"
    assert "connection" not in signed_headers(request)
    assert request.headers["authorization"] == independent_authorization(
        request, KEYS["aws_secret_key"], "us-east-1"
    )


@pytest.mark.usefixtures("frozen_clock")
def test_session_token_is_sent_and_signed() -> None:
    recorder = Recorder()

    bedrock(recorder, aws_session_token="FwoGZXIvYXdzEXAMPLE").messages.create(**ask(BEDROCK_MODEL))

    request = recorder.requests[0]
    credentials = Credentials(KEYS["aws_access_key"], KEYS["aws_secret_key"], "FwoGZXIvYXdzEXAMPLE")
    assert request.headers["x-amz-security-token"] == "FwoGZXIvYXdzEXAMPLE"
    assert "x-amz-security-token" in signed_headers(request)
    assert request.headers["authorization"] == botocore_authorization(request, credentials, "us-east-1")


def test_each_retry_is_signed_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks: Iterator[datetime.datetime] = (FROZEN + datetime.timedelta(seconds=n) for n in itertools.count())
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *args, **kwargs: next(ticks))
    recorder = Recorder(httpx.Response(529, json={"message": "busy"}), httpx.Response(200, json=MESSAGE))

    bedrock(recorder, max_retries=1).messages.create(**ask(BEDROCK_MODEL))

    first, second = recorder.requests
    assert (first.headers["x-amz-date"], second.headers["x-amz-date"]) == (
        "20250304T050607Z",
        "20250304T050608Z",
    )
    assert second.headers["authorization"] == independent_authorization(
        second, KEYS["aws_secret_key"], "us-east-1"
    )


@pytest.mark.usefixtures("frozen_clock")
def test_profile_credentials_come_from_botocore_without_boto3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    credentials_file = tmp_path / "credentials"  # type: ignore[operator]
    credentials_file.write_text(
        "[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))
    recorder = Recorder()

    bedrock(recorder, aws_access_key=None, aws_secret_key=None, aws_profile="dev").messages.create(
        **ask(BEDROCK_MODEL)
    )

    request = recorder.requests[0]
    assert "Credential=AKIDPROFILE/" in request.headers["authorization"]
    assert request.headers["authorization"] == independent_authorization(
        request, "profile-secret", "us-east-1"
    )


@pytest.mark.usefixtures("frozen_clock")
def test_environment_credentials_come_from_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    recorder = Recorder()

    bedrock(recorder, aws_access_key=None, aws_secret_key=None).messages.create(**ask(BEDROCK_MODEL))

    request = recorder.requests[0]
    assert request.headers["authorization"] == independent_authorization(request, "env-secret", "us-east-1")


def test_no_credentials_is_a_runtime_error_before_sending() -> None:
    recorder = Recorder()

    with pytest.raises(RuntimeError, match=r"^could not resolve credentials from session$"):
        bedrock(recorder, aws_access_key=None, aws_secret_key=None).messages.create(**ask(BEDROCK_MODEL))

    assert recorder.requests == []


def test_an_access_key_without_its_secret_is_a_runtime_error() -> None:
    with pytest.raises(RuntimeError, match="could not resolve credentials from session"):
        bedrock(Recorder(), aws_secret_key=None).messages.create(**ask(BEDROCK_MODEL))


def test_an_unknown_profile_is_a_runtime_error() -> None:
    with pytest.raises(RuntimeError, match="could not resolve credentials from session"):
        bedrock(Recorder(), aws_access_key=None, aws_secret_key=None, aws_profile="nope").messages.create(
            **ask(BEDROCK_MODEL)
        )


@pytest.mark.anyio
@pytest.mark.usefixtures("frozen_clock")
async def test_async_signature_matches_the_sync_one() -> None:
    sync_recorder, async_recorder = Recorder(), Recorder()

    bedrock(sync_recorder).messages.create(**ask(BEDROCK_MODEL))
    await async_bedrock(async_recorder).messages.create(**ask(BEDROCK_MODEL))

    sync_request, async_request = sync_recorder.requests[0], async_recorder.requests[0]
    assert async_request.headers["authorization"] == independent_authorization(
        async_request, KEYS["aws_secret_key"], "us-east-1"
    )
    assert signed_headers(async_request) == signed_headers(sync_request)


@pytest.mark.anyio
@pytest.mark.usefixtures("frozen_clock")
async def test_async_credential_chain_is_resolved_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    client = async_bedrock(Recorder(), aws_access_key=None, aws_secret_key=None)
    threads: list[int] = []
    resolve = client._signer.frozen_credentials

    def recording() -> object:
        threads.append(threading.get_ident())
        return resolve()

    monkeypatch.setattr(client._signer, "frozen_credentials", recording)

    await client.messages.create(**ask(BEDROCK_MODEL))

    assert threads and threads[0] != threading.get_ident()
