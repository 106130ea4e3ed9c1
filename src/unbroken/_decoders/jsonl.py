"""`JSONLDecoder` / `AsyncJSONLDecoder`: typed values of a JSON Lines response body, as the bytes arrive
(the reference's `anthropic._decoders.jsonl`).

`AsyncJSONLDecoder` is written in `_async_jsonl.py`; `JSONLDecoder` is generated from it into
`_sync_jsonl.py` by `scripts/unasync.py`. Both read lines through `JSONLineReader` (`_jsonl_reader.py`).
"""

from ._async_jsonl import AsyncJSONLDecoder
from ._sync_jsonl import JSONLDecoder

__all__ = ["AsyncJSONLDecoder", "JSONLDecoder"]
