"""cpu-gil-release: C code that releases the GIL, fed in large or in tiny calls.

Task ``i`` pushes its bytes through ``hashlib.sha256`` (``op = sha256``, ``sha256_mb`` MiB) or a
``zlib.compressobj(level=1)`` (``op = zlib``, ``zlib_mb`` MiB), ``chunk_kb`` KiB per call. The
C code drops the GIL while it works, but only when asked to: hashlib releases it for updates of
at least 2048 bytes (``HASHLIB_GIL_MINSIZE``) and holds it for smaller ones, while zlib releases
it inside every ``compress`` call, whatever its size. So the same bytes hashed in 1 MiB chunks
run in parallel on threads, and hashed in 1 KiB chunks they do not.

The bytes are deterministic and cheap: one 1 MiB block of seeded random bytes mapped onto a
16-letter alphabet (so that zlib has something to compress), made once per process and read
cyclically through a memoryview (no copies). Task ``i`` starts with its own 8-byte prefix, so
every task's value differs: the sha256 hex digest, or ``"<compressed bytes>:<crc32>"``.
"""
from __future__ import annotations

import hashlib
import random
import zlib
from typing import Any, Dict, Iterator, Tuple

OPS = ("sha256", "zlib")
BLOCK = 1 << 20
ZLIB_LEVEL = 1
_ALPHABET = b"etaoinshrdlucmfw"


def _make_block() -> bytes:
    raw = random.Random(20240611).randbytes(BLOCK)
    return raw.translate(bytes(_ALPHABET[b % len(_ALPHABET)] for b in range(256)))


# Made at import, outside the timed region: the harness imports the module before the clock
# starts, and pool children import it (spawn) or inherit it (fork) while their pool starts.
_BLOCK = _make_block()


def chunks(total: int, chunk: int) -> Iterator[memoryview]:
    """`total` bytes of the cyclic source block, as memoryviews of at most `chunk` bytes."""
    view = memoryview(_BLOCK)
    done = 0
    while done < total:
        start = done % BLOCK
        n = min(chunk, total - done, BLOCK - start)
        yield view[start : start + n]
        done += n


def _op(params: Dict[str, Any]) -> str:
    op = str(params["op"])
    if op not in OPS:
        raise ValueError("op must be one of %s, got %r" % (", ".join(OPS), op))
    return op


def _positive(params: Dict[str, Any], name: str) -> float:
    value = float(params[name])
    if value <= 0:
        raise ValueError("%s must be positive, got %r" % (name, params[name]))
    return value


def sizes(params: Dict[str, Any]) -> Tuple[int, int]:
    """(bytes per task, bytes per call) for the params' op."""
    op = _op(params)
    total = int(_positive(params, op + "_mb") * (1 << 20))
    chunk = max(1, int(_positive(params, "chunk_kb") * 1024))
    return total, chunk


def compute(i: int, params: Dict[str, Any]) -> str:
    total, chunk = sizes(params)
    prefix = i.to_bytes(8, "little")
    if _op(params) == "sha256":
        h = hashlib.sha256(prefix)
        update = h.update
        for piece in chunks(total, chunk):
            update(piece)
        return h.hexdigest()
    comp = zlib.compressobj(ZLIB_LEVEL)
    compress, crc32 = comp.compress, zlib.crc32
    out = comp.compress(prefix)
    size, crc = len(out), crc32(out)
    for piece in chunks(total, chunk):
        out = compress(piece)
        if out:
            size += len(out)
            crc = crc32(out, crc)
    out = comp.flush()
    return "%d:%08x" % (size + len(out), crc32(out, crc))
