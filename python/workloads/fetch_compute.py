"""fetch-compute: download a payload over loopback HTTP, then parse it in pure Python.

Each task ``i`` downloads ``/doc/<i>`` (``body_kb`` KiB of pseudo-text, answered after
``delay_ms`` ms) from the loopback server that ``setup`` starts in its own process (see
``_loopback_http``), then tokenises it ``rounds`` times in pure Python: split on spaces and
newlines, hash every word with FNV-1a (seeded by the round) and fold the hashes into one
order-dependent 32-bit value. The value ``"<hash>:<words>"`` depends only on the body, so it is
the same in every mode.

The two stages pull in different directions: the download only waits (overlaps under threads,
asyncio, anything), the parsing holds the GIL (only separate processes run it in parallel). This
is the case the hybrid modes exist for: ``async-processes`` keeps every download in flight on one
event loop and sends the parsing to a process pool; ``process-loops`` runs one event loop per
process.

Params: ``tasks``, ``delay_ms`` (server latency per request), ``body_kb`` (payload size in KiB),
``rounds`` (tokenising passes over each payload).
"""
from __future__ import annotations

from typing import Any, Dict

# Sibling helper modules: the harness puts this folder on sys.path before loading a workload.
import _loopback_client as loopback

_FNV_OFFSET = 2166136261
_FNV_PRIME = 16777619
_SPACE = 32
_NEWLINE = 10


setup, teardown = loopback.setup, loopback.teardown  # the server; the ctx is a dict (host, port, pid)


def task_count(params: Dict[str, Any]) -> int:
    return int(params["tasks"])


def fetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> bytes:
    return loopback.fetch_blocking(ctx["host"], ctx["port"], loopback.path("doc/%d" % i, params))


async def afetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> bytes:
    return await loopback.fetch_async(ctx["host"], ctx["port"], loopback.path("doc/%d" % i, params))


def tokenise(data: bytes, seed: int) -> tuple:
    """One pure-Python pass: (folded FNV-1a hash of the words, word count)."""
    basis = _FNV_OFFSET ^ seed
    h = basis
    in_word = False
    acc = seed
    words = 0
    for x in data:
        if x == _SPACE or x == _NEWLINE:
            if in_word:
                acc = (acc * 31 + h) & 0xFFFFFFFF
                words += 1
                h = basis
                in_word = False
        else:
            h = ((h ^ x) * _FNV_PRIME) & 0xFFFFFFFF
            in_word = True
    if in_word:
        acc = (acc * 31 + h) & 0xFFFFFFFF
        words += 1
    return acc, words


def compute(data: bytes, params: Dict[str, Any]) -> str:
    """``rounds`` tokenising passes over the payload, folded into ``"<hash>:<words>"``."""
    total = 0
    words = 0
    for r in range(int(params["rounds"])):
        acc, n = tokenise(data, r)
        total = (total * 1000003 ^ acc) & 0xFFFFFFFF
        words += n
    return "%08x:%d" % (total, words)


def expected(i: int, params: Dict[str, Any]) -> str:
    """The value task ``i`` must return (for tests): computed without the server."""
    return compute(loopback.body_for("/doc/%d" % i, loopback.body_size(params)), params)
