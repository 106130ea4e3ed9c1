"""Amazon Bedrock: `AnthropicBedrock` / `AsyncAnthropicBedrock` (extra `bedrock`: botocore).

`AsyncAnthropicBedrock` is written in `_async_bedrock.py`; `AnthropicBedrock` is generated from it into
`_sync_bedrock.py` (`scripts/unasync.py`). What both share (the request rewrite, signing, the error shape) is
in `_bedrock_base.py`.
"""

from ._async_bedrock import AsyncAnthropicBedrock
from ._bedrock_base import bedrock_spec
from ._sync_bedrock import AnthropicBedrock

__all__ = ["AnthropicBedrock", "AsyncAnthropicBedrock", "bedrock_spec"]
