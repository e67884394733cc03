"""http-fetch: a batch of downloads from a real HTTP/1.1 server on the loopback interface.

Each task ``i`` downloads ``/blob/<i>`` (``body_kb`` KiB, answered after ``delay_ms`` ms) from the
loopback server that ``setup`` starts in its own process (see ``_loopback_http``), and returns a
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
import _loopback_http as loopback


def _path(i: int, params: Dict[str, Any]) -> str:
    return loopback.url_path("blob/%d" % i, float(params["delay_ms"]), int(float(params["body_kb"]) * 1024))


def task_count(params: Dict[str, Any]) -> int:
    return int(params["tasks"])


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    """Start the loopback server; the ctx is a plain dict (host, port, pid)."""
    handle = loopback.start_server(delay_ms=float(params["delay_ms"]),
                                   size=int(float(params["body_kb"]) * 1024))
    return handle._asdict()


def teardown(ctx: Dict[str, Any]) -> None:
    loopback.stop_server(ctx)


def fetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> str:
    body = loopback.fetch_blocking(ctx["host"], ctx["port"], _path(i, params))
    return loopback.digest(body)


async def afetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> str:
    body = await loopback.fetch_async(ctx["host"], ctx["port"], _path(i, params))
    return loopback.digest(body)


def expected(i: int, params: Dict[str, Any]) -> str:
    """The value task ``i`` must return (for tests): computed without the server."""
    return loopback.digest(loopback.body_for("/blob/%d" % i, int(float(params["body_kb"]) * 1024)))
