"""`anthropic.lib.streaming`: the message stream helpers and their events (reference §4).

Re-exports only; the code is in `unbroken.streaming`.
"""

from ...streaming.beta import (
    BetaAsyncMessageStream,
    BetaAsyncMessageStreamManager,
    BetaMessageStream,
    BetaMessageStreamManager,
)
from ...streaming.events import (
    BetaCitationEvent,
    BetaContentBlockStopEvent,
    BetaInputJsonEvent,
    BetaMessageStopEvent,
    BetaMessageStreamEvent,
    BetaSignatureEvent,
    BetaTextEvent,
    BetaThinkingEvent,
    CitationEvent,
    ContentBlockStopEvent,
    InputJsonEvent,
    MessageStopEvent,
    MessageStreamEvent,
    ParsedBetaContentBlockStopEvent,
    ParsedBetaMessageStopEvent,
    ParsedBetaMessageStreamEvent,
    ParsedBetaTextEvent,
    SignatureEvent,
    TextEvent,
    ThinkingEvent,
)
from ...streaming.stream import (
    AsyncMessageStream,
    AsyncMessageStreamManager,
    MessageStream,
    MessageStreamManager,
)

__all__ = [
    "AsyncMessageStream",
    "AsyncMessageStreamManager",
    "BetaAsyncMessageStream",
    "BetaAsyncMessageStreamManager",
    "BetaCitationEvent",
    "BetaContentBlockStopEvent",
    "BetaInputJsonEvent",
    "BetaMessageStopEvent",
    "BetaMessageStream",
    "BetaMessageStreamEvent",
    "BetaMessageStreamManager",
    "BetaSignatureEvent",
    "BetaTextEvent",
    "BetaThinkingEvent",
    "CitationEvent",
    "ContentBlockStopEvent",
    "InputJsonEvent",
    "MessageStopEvent",
    "MessageStream",
    "MessageStreamEvent",
    "MessageStreamManager",
    "ParsedBetaContentBlockStopEvent",
    "ParsedBetaMessageStopEvent",
    "ParsedBetaMessageStreamEvent",
    "ParsedBetaTextEvent",
    "SignatureEvent",
    "TextEvent",
    "ThinkingEvent",
]
