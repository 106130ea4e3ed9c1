"""Message streaming: raw SSE streams, the accumulator and helper events, the message-stream wrappers."""
