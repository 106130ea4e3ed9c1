"""What a raw `messages.create(stream=True)` keeps while it streams: the accumulated message, so that a
failure carries `partial_message` (the default), against `accumulate_raw_streams=False` (events passed
through, nothing kept). One stream of 20,000 text deltas from the local server; the consumer drops every
event.

Measured with tracemalloc: the peak of memory allocated during the stream, over the streamed text's size;
the difference between the two modes is what accumulating costs (the rest, in both, is the transport's
buffers and the events in flight).
The server's canned stream is ~185 KiB of text in deltas of ~9 characters (the API's are often longer, which
makes the per-fragment overhead smaller).
"""

from __future__ import annotations

import tracemalloc

from _server import start

import unbroken

ARGS = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "go"}]}


def peak(base_url: str, accumulate: bool) -> tuple[int, int]:
    """(peak bytes allocated while streaming, characters of text streamed)."""
    client = unbroken.Anthropic(api_key="k", base_url=base_url, accumulate_raw_streams=accumulate)
    # Warm up with a whole stream: validators, the connection, and pydantic-core's string cache (up to 16,384
    # short strings, shared by the process: ~0.75 MiB here, whatever the mode), so only the stream's own
    # memory is measured.
    for _ in client.messages.create(**ARGS, stream=True, extra_headers={"x-bench-scenario": "text"}):
        pass
    text = 0
    tracemalloc.start()
    with client.messages.create(**ARGS, stream=True, extra_headers={"x-bench-scenario": "text"}) as stream:
        for event in stream:
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                text += len(event.delta.text)
    result = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    client.close()
    return result, text


def main() -> None:
    proc, base_url = start()
    try:
        kept, text = peak(base_url, accumulate=True)
        passed, _ = peak(base_url, accumulate=False)
    finally:
        proc.terminate()
    print(f"streamed text: {text / 1024:7.1f} KiB (20,000 deltas)")
    print(f"accumulate_raw_streams=True : peak {kept / 1024:7.1f} KiB = {kept / text:4.2f} x the text")
    print(f"accumulate_raw_streams=False: peak {passed / 1024:7.1f} KiB = {passed / text:4.2f} x the text")
    cost = kept - passed
    print(f"what accumulating costs      : {cost / 1024:7.1f} KiB = {cost / text:4.2f} x the text")


if __name__ == "__main__":
    main()
