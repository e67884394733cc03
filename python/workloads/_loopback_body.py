"""The bodies the loopback HTTP server sends: deterministic, so checksums are stable everywhere.

``body_for(path, size)`` is a slice of a fixed 1 MiB pseudo-text (lowercase letters, spaces and
newlines, from SHAKE-256) at an offset derived from the path's SHA-256 (query excluded): the same
across runs, processes and versions. ``digest(body)``: its first 8 hex digits of SHA-256.
Standard library only; the forked server uses it without importing anything.
"""
from __future__ import annotations

import hashlib

BASE_LEN = 1 << 20

# 256-entry translation table: byte -> lowercase letter, space or newline (about one separator
# in six, so the text has words of a handful of letters).
_ALPHABET = b"etaoinshrdlucmfwypvbgkqjxz" + b"etaoinsh" + b"      " + b"\n"
_TABLE = bytes(_ALPHABET[i % len(_ALPHABET)] for i in range(256))
_base_text = None


def base_text() -> bytes:
    """The fixed 1 MiB pseudo-text every body is cut from (computed once per process)."""
    global _base_text
    if _base_text is None:
        _base_text = hashlib.shake_256(b"pyconc/loopback-http/v1").digest(BASE_LEN).translate(_TABLE)
    return _base_text


def body_for(path: str, size: int) -> bytes:
    """The body the server sends for ``path`` (query excluded) and ``size``: deterministic."""
    if size <= 0:
        return b""
    text = base_text()
    offset = int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:4], "big") % BASE_LEN
    if offset + size <= BASE_LEN:
        return text[offset:offset + size]
    reps = (offset + size) // BASE_LEN + 1
    return (text * reps)[offset:offset + size]


def digest(body: bytes) -> str:
    """Short, stable digest of a body: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(body).hexdigest()[:8]
