"""Content encodings: bodies compressed once (gzip and brotli) and the variant a client accepts
picked from its ``Accept-Encoding`` header (RFC 9110 section 12.5.3)."""

from __future__ import annotations

import gzip

import brotli

#: Preference when a client accepts several encodings equally.
PREFERENCE = ("br", "gzip", "identity")
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
MIN_SIZE = 256  # smaller bodies are sent as they are


def compressible(content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE)


def encode(body: bytes, content_type: str) -> dict[str, bytes]:
    """The body under every encoding worth sending: always ``identity``, and ``gzip`` and
    ``br`` when the type compresses and the result is smaller."""
    variants = {"identity": body}
    if len(body) < MIN_SIZE or not compressible(content_type):
        return variants
    for name, packed in (
        ("gzip", gzip.compress(body, compresslevel=9, mtime=0)),
        ("br", brotli.compress(body, quality=9)),
    ):
        if len(packed) < len(body):
            variants[name] = packed
    return variants


def _weights(header: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for part in header.split(","):
        token, _, params = part.strip().partition(";")
        token = token.strip().lower()
        if not token:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[token] = q
    return weights


def negotiate(accept_encoding: str, available: set[str] | dict[str, bytes]) -> str:
    """The encoding to send: the client's highest-weighted one among ``available``, ties
    broken by :data:`PREFERENCE`; ``identity`` when nothing else is accepted (even when the
    client refuses it, as RFC 9110 allows rather than a 406)."""
    weights = _weights(accept_encoding)
    star = weights.get("*")
    best, best_q = "identity", -1.0
    for name in PREFERENCE:
        if name not in available:
            continue
        default = star if star is not None else 0.0
        if name == "identity":  # acceptable unless refused, but the last choice when unlisted
            default = 0.001 if star is None or star > 0 else 0.0
        q = weights.get(name, default)
        if q > best_q and q > 0:
            best, best_q = name, q
    return best
