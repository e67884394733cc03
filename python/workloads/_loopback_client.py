"""Clients of the loopback HTTP server (``_loopback_http``), and what its workloads share.

``fetch_blocking`` (``http.client``) and ``fetch_async`` (``asyncio.open_connection`` streams,
``Content-Length`` bodies) both open ONE CONNECTION PER CALL and send ``Connection: close``: every
task is self-contained and identical under every concurrency model (no per-thread or per-process
connection cache to warm up or clean up, no socket shared across a fork), at the cost of a
loopback TCP handshake per request, the same in every mode. ``fetch_blocking`` has a socket
timeout; ``fetch_async`` takes one only when asked (``asyncio.wait_for`` wraps every call in an
extra task, which would tax the asyncio modes alone).

For the workloads: ``setup``/``teardown`` start and stop the server from their params
(``delay_ms``, ``body_kb``), ``path(key, params)`` is the request path for them, and
``body_for``/``digest`` come from ``_loopback_body``.
"""
from __future__ import annotations

import sys

from _loopback_body import body_for, digest  # noqa: F401  (re-exported for the workloads)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations are strings here; importing typing would cost milliseconds
    from typing import Any, Dict, Optional

_REQUEST_TIMEOUT_S = 60.0

# http.client (about 25 ms, most of it email.parser) is imported by start_server while the server
# boots on the other core, so the process that starts it gets it for free; a pool process (spawn
# and forkserver children load the workloads afresh) imports it here, at load time, so that its
# first request does not pay for it inside the timed region. asyncio is imported where it is
# used: the harness has imported it already in every mode that awaits fetch_async.
_mp = sys.modules.get("multiprocessing")
if _mp is not None and _mp.parent_process() is not None:
    import http.client  # noqa: F401
del _mp


class HTTPStatusError(RuntimeError):
    """The loopback server answered something other than 200."""


def body_size(params: Dict[str, Any]) -> int:
    return int(float(params["body_kb"]) * 1024)


def path(key: str, params: Dict[str, Any]) -> str:
    """The request path of ``key`` with the params' ``delay_ms`` and body size."""
    return url_path(key, float(params["delay_ms"]), body_size(params))


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    """A workload's setup: start the server; the ctx is a plain dict (host, port, pid)."""
    import _loopback_http

    return _loopback_http.start_server(delay_ms=float(params["delay_ms"]), size=body_size(params))._asdict()


def teardown(ctx: Dict[str, Any]) -> None:
    import _loopback_http

    _loopback_http.stop_server(ctx)


def url_path(key: str, delay_ms: Optional[float] = None, size: Optional[int] = None) -> str:
    """``/<key>?delay_ms=..&size=..`` (parameters left out fall back to the server's defaults)."""
    query = ([] if delay_ms is None else ["delay_ms=%g" % float(delay_ms)]) + ([] if size is None else ["size=%d" % int(size)])
    return ("" if key.startswith("/") else "/") + key + ("?" + "&".join(query) if query else "")


def _check_status(status: int, path: str) -> None:
    if status != 200:
        raise HTTPStatusError("GET %s -> HTTP %d" % (path, status))


def fetch_blocking(host: str, port: int, path: str, timeout: float = _REQUEST_TIMEOUT_S) -> bytes:
    """GET ``path`` with ``http.client`` on a fresh connection (closed afterwards); the body."""
    import http.client  # already imported by start_server in the process that started the server

    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        resp = conn.getresponse()
        body = resp.read()
        _check_status(resp.status, path)
        return body
    finally:
        conn.close()


async def _fetch_async(host: str, port: int, path: str) -> bytes:
    import asyncio

    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n" % (path, host, port)).encode("latin-1"))
        lines = (await reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
        status_parts = lines[0].split(None, 2)
        if len(status_parts) < 2 or not status_parts[0].startswith(b"HTTP/1."):
            raise HTTPStatusError("GET %s -> malformed status line %r" % (path, bytes(lines[0])))
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise HTTPStatusError("GET %s -> response without Content-Length" % path)
        body = await reader.readexactly(length)
        _check_status(int(status_parts[1]), path)
        return body
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass


async def fetch_async(host: str, port: int, path: str, timeout: Optional[float] = None) -> bytes:
    """GET ``path`` over ``asyncio.open_connection`` streams on a fresh connection; the body."""
    if timeout is None:
        return await _fetch_async(host, port, path)
    import asyncio

    return await asyncio.wait_for(_fetch_async(host, port, path), timeout)
