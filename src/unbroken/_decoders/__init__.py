"""Decoders of streamed response bodies, at the reference's import path (`anthropic._decoders.jsonl`)."""

from .jsonl import AsyncJSONLDecoder, JSONLDecoder

__all__ = ["AsyncJSONLDecoder", "JSONLDecoder"]
