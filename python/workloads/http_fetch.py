"""http-fetch: a batch of downloads from a real HTTP/1.1 server on the loopback interface.

Each task ``i`` downloads ``/blob/<i>`` (``body_kb`` KiB, answered after ``delay_ms`` ms) from the
loopback server that ``setup`` starts in its own process (see ``_loopback_http``; the clients are ``_loopback_client``'s), and returns a
short digest of the body (first 8 hex digits of its SHA-256), which depends only on ``i`` and the
size, never on the mode. ``fetch`` uses ``http.client``; ``afetch`` uses asyncio streams. Both
open one connection per request. There is no CPU stage, so ``async-processes`` (whose point is a
process pool for the CPU stage) does not apply.

Params: ``tasks`` (number of downloads), ``delay_ms`` (server-side latency of each request),
``body_kb`` (body size in KiB).
"""
from __future__ import annotations

from typing import Any, Dict

# Sibling helper modules: the harness puts this folder on sys.path before loading a workload.
import _loopback_client as loopback

setup, teardown = loopback.setup, loopback.teardown  # the server; the ctx is a dict (host, port, pid)


def task_count(params: Dict[str, Any]) -> int:
    return int(params["tasks"])


def fetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> str:
    body = loopback.fetch_blocking(ctx["host"], ctx["port"], loopback.path("blob/%d" % i, params))
    return loopback.digest(body)


async def afetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> str:
    body = await loopback.fetch_async(ctx["host"], ctx["port"], loopback.path("blob/%d" % i, params))
    return loopback.digest(body)


def expected(i: int, params: Dict[str, Any]) -> str:
    """The value task ``i`` must return (for tests): computed without the server."""
    return loopback.digest(loopback.body_for("/blob/%d" % i, loopback.body_size(params)))
