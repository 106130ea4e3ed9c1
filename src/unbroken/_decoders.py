"""`JSONLDecoder` / `AsyncJSONLDecoder`: typed values of a JSON Lines response body, as the bytes arrive.

`AsyncJSONLDecoder` is written in `_async_decoders.py`; `JSONLDecoder` is generated from it into
`_sync_decoders.py` by `scripts/unasync.py`. Both read lines through `JSONLineReader` (`_jsonl_reader.py`).
"""

from ._async_decoders import AsyncJSONLDecoder
from ._sync_decoders import JSONLDecoder

__all__ = ["AsyncJSONLDecoder", "JSONLDecoder"]
