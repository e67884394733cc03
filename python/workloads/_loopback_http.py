"""A real HTTP/1.1 server on 127.0.0.1 in its own process, plus blocking and asyncio clients.

Shared by the loopback-HTTP workloads (``http_fetch``, ``fetch_compute``, ``latency_under_load``).
Standard library only, CPython >= 3.9.

Server
    ``start_server(delay_ms=0, size=1024) -> ServerHandle`` forks a child process (a few
    milliseconds, where starting a fresh interpreter took 50-70 ms on a slow machine: a
    sample's set-up, paid once per sample). The child drops what it inherited (the parent's
    signal handlers, stdio and every other descriptor; cyclic GC off; it never imports and ends
    with ``os._exit``), then runs one single-threaded ``selectors`` event loop (no thread per
    connection, delays on a timer heap, so it keeps up with hundreds of concurrent clients on two
    cores) bound to 127.0.0.1 on port 0, and writes the real port on a pipe. Call it while the
    process has a single thread, as a workload's ``setup`` does. ``stop_server(handle)``, in the
    process that started it, always ends and reaps it: closes its alive pipe, waits, SIGTERM,
    waits, SIGKILL, waits. An ``atexit`` hook stops any server left running.
    ``python _loopback_http.py serve [--delay-ms MS] [--size BYTES]`` runs the same server in the
    foreground (its stdin is the alive pipe, the port goes to stdout), for debugging.

    Parent-death watchdog: the child blocks a thread on its alive pipe (whose write end only the
    parent holds, plus any children forked from it); EOF means the parent is gone, and the child
    exits at once. It also polls ``os.getppid()`` in case a forked grandchild keeps the pipe open.

    Requests: ``GET <path>?delay_ms=<float>&size=<int>`` waits ``delay_ms`` (a timer, so waits
    overlap) and answers ``200`` with a ``Content-Length`` body of ``size`` bytes; both
    query parameters fall back to the server's start arguments. The body is a deterministic
    function of the path (without the query) and the size, ``body_for(path, size)``: a slice of a
    fixed 1 MiB pseudo-text (lowercase letters, spaces and newlines, from SHAKE-256) at an offset
    derived from the path's SHA-256, so checksums are stable across runs, processes and versions.
    HTTP/1.1 keep-alive is supported (``Connection: close`` or HTTP/1.0 ends the connection).

Clients
    ``fetch_blocking`` (``http.client``) and ``fetch_async`` (``asyncio.open_connection`` streams,
    HTTP/1.1, ``Content-Length`` bodies) both open ONE CONNECTION PER CALL and send
    ``Connection: close``. That keeps every task self-contained and identical under every
    concurrency model (no per-thread or per-process connection cache to warm up or to clean up,
    no socket shared across a fork); the cost is a loopback TCP handshake per request (a fraction
    of a millisecond), the same in every mode. ``fetch_blocking`` has a socket timeout;
    ``fetch_async`` only takes one when asked (``asyncio.wait_for`` wraps every call in an extra
    task, which would tax the asyncio modes alone).
"""
from __future__ import annotations

import atexit
import gc  # here, not in the forked server: it must not import
import hashlib
import heapq
import os
import selectors
import signal
import socket
import sys
import threading
import time
from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations are strings here; importing typing would cost the server ~9 ms
    from typing import Any, Dict, List, Optional, Tuple, Union

# select is imported by the function that starts the server. http.client (≈ 25 ms, most of it
# email.parser) is imported by start_server while the server boots on the other core, so the
# process that starts the server gets it for free; a pool process (spawn or forkserver children
# load this module afresh) imports it here, at load time, so that its first request does not pay
# for it inside the timed region. asyncio is imported where it is used: the harness has imported
# it already in every mode that awaits fetch_async.
_mp = sys.modules.get("multiprocessing")
if __name__ != "__main__" and _mp is not None and _mp.parent_process() is not None:
    import http.client  # noqa: F401
del _mp

HOST = "127.0.0.1"
BASE_LEN = 1 << 20
_START_TIMEOUT_S = 15.0
_REQUEST_TIMEOUT_S = 60.0

# 256-entry translation table: byte -> lowercase letter, space or newline (about one separator
# in six, so the text has words of a handful of letters).
_ALPHABET = b"etaoinshrdlucmfwypvbgkqjxz" + b"etaoinsh" + b"      " + b"\n"
_TABLE = bytes(_ALPHABET[i % len(_ALPHABET)] for i in range(256))
_base_text: Optional[bytes] = None


class ServerHandle(namedtuple("ServerHandle", "host port pid")):
    """Where the server listens and which process it is (picklable; no open objects):
    ``host`` (str), ``port`` (int), ``pid`` (int)."""

    __slots__ = ()


class HTTPStatusError(RuntimeError):
    """The loopback server answered something other than 200."""


# The servers this process started, by pid (the handle only carries the pid, so that it pickles),
# with the pid of the process that started them.
_PROCS: Dict[int, Tuple[_Child, int]] = {}  # pid -> (the child, owner pid)


def base_text() -> bytes:
    """The fixed 1 MiB pseudo-text every body is cut from (computed once per process)."""
    global _base_text
    if _base_text is None:
        raw = hashlib.shake_256(b"pyconc/loopback-http/v1").digest(BASE_LEN)
        _base_text = raw.translate(_TABLE)
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


def url_path(key: str, delay_ms: Optional[float] = None, size: Optional[int] = None) -> str:
    """``/<key>?delay_ms=..&size=..`` (parameters left out fall back to the server's defaults)."""
    path = key if key.startswith("/") else "/" + key
    query = []
    if delay_ms is not None:
        query.append("delay_ms=%g" % float(delay_ms))
    if size is not None:
        query.append("size=%d" % int(size))
    return path + ("?" + "&".join(query) if query else "")


def digest(body: bytes) -> str:
    """Short, stable digest of a body: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(body).hexdigest()[:8]


# --------------------------------------------------------------------------------------- server


def _as_handle(handle: Union[ServerHandle, Dict[str, Any]]) -> ServerHandle:
    if isinstance(handle, ServerHandle):
        return handle
    if isinstance(handle, dict):
        return ServerHandle(str(handle["host"]), int(handle["port"]), int(handle["pid"]))
    return ServerHandle(*handle)


def start_server(delay_ms: float = 0.0, size: int = 1024, timeout: float = _START_TIMEOUT_S) -> ServerHandle:
    """Start the loopback server in a forked child process; return once it accepts connections.

    Call it while the process has one thread (a workload's ``setup`` runs before any pool): the
    child runs only modules imported above, never imports, and ends with ``os._exit``.
    """
    ready_r, ready_w = os.pipe()  # child -> parent: "PORT <n>\n"
    alive_r, alive_w = os.pipe()  # only the parent (and children it forks) holds alive_w
    pid = os.fork()
    if pid == 0:  # the server
        status = 1
        try:
            os.close(ready_r)
            os.close(alive_w)
            _detach_from_parent(keep=(alive_r, ready_w))
            _serve(alive_r, ready_w, delay_ms, size)
            status = 0
        finally:
            os._exit(status)
    os.close(ready_w)
    os.close(alive_r)
    child = _Child(pid, alive_w)
    _PROCS[pid] = (child, os.getpid())
    try:
        import http.client  # noqa: F401  (while the server builds its body text; see the note above)

        line = _read_line(ready_r, timeout)
        if not line.startswith(b"PORT "):
            raise RuntimeError("loopback server did not start (said %r, exit %r)" % (line, child.poll()))
        port = int(line.split()[1])
    except BaseException:
        _PROCS.pop(pid, None)
        child.stop()
        raise
    finally:
        os.close(ready_r)
    return ServerHandle(HOST, port, pid)


def _detach_from_parent(keep: Tuple[int, ...]) -> None:
    """In the forked server: default signal handling, no stdio, no descriptors but `keep`.

    The harness's handlers (SIGTERM raises in the harness) must not run here, and the pipes the
    child inherited (the harness's reply pipe, a pool's queues) must not stay open through it.
    Cyclic garbage collection is off: a file object of the parent, collected here, would close a
    descriptor number that a client connection may have reused by then.
    """
    gc.disable()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE):
        signal.signal(signum, signal.SIG_DFL)
    try:
        signal.set_wakeup_fd(-1)
    except ValueError:  # not the main thread: nothing was set
        pass
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1) if os.environ.get("PYCONC_LOOPBACK_DEBUG") == "1" else (0, 1, 2):
        os.dup2(devnull, fd)
    for fd in _open_fds():
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:  # the listing's own descriptor, already gone
                pass


def _open_fds() -> List[int]:
    """This process's open descriptors, from /proc/self/fd (Linux) or /dev/fd (macOS, BSD)."""
    for listing in ("/proc/self/fd", "/dev/fd"):
        try:
            return [int(name) for name in os.listdir(listing)]
        except OSError:
            continue
    return list(range(int(os.sysconf("SC_OPEN_MAX"))))


class _Child:
    """The parent's handle on a forked server: its pid and the write end of its alive pipe."""

    def __init__(self, pid: int, alive_w: int) -> None:
        self.pid = pid
        self.alive_w: Optional[int] = alive_w
        self.status: Optional[int] = None

    def poll(self) -> Optional[int]:
        if self.status is None:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere
                done, status = self.pid, 0
            if done:
                self.status = status
        return self.status

    def _wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.0005)
        return True

    def stop(self) -> None:
        """Close the alive pipe (the server exits at once), then SIGTERM, SIGKILL; always reaped."""
        if self.alive_w is not None:
            os.close(self.alive_w)
            self.alive_w = None
        for signum, timeout in ((None, 1.0), (signal.SIGTERM, 1.0), (signal.SIGKILL, 10.0)):
            if signum is not None:
                try:
                    os.kill(self.pid, signum)
                except ProcessLookupError:
                    pass
            if self._wait(timeout):
                return


def _read_line(fd: int, timeout: float) -> bytes:
    import select

    deadline = time.monotonic() + timeout
    buf = b""
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("loopback server did not report its port within %.0f s" % timeout)
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 256)
        if not chunk:
            break
        buf += chunk
    return buf.split(b"\n", 1)[0].strip()


def stop_server(handle: Union[ServerHandle, Dict[str, Any]]) -> None:
    """End the server and reap it: close its stdin, SIGTERM, wait, SIGKILL, wait. Safe to call
    twice. Only the process that started a server can reap it; anywhere else (a forked pool
    worker, say) this is a no-op, never a kill by pid (the pid may already belong to another
    process), and the server still exits with its parent."""
    h = _as_handle(handle)
    entry = _PROCS.get(h.pid)
    if entry is None or entry[1] != os.getpid():
        return
    del _PROCS[h.pid]
    entry[0].stop()


def _stop_all_at_exit() -> None:
    for pid, (proc, owner) in list(_PROCS.items()):
        if owner == os.getpid():
            _PROCS.pop(pid, None)
            proc.stop()


atexit.register(_stop_all_at_exit)


class _Conn:
    """One accepted connection of the selectors server."""

    __slots__ = ("sock", "inbuf", "outbuf", "close_after", "busy", "closed")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.inbuf = bytearray()
        self.outbuf = memoryview(b"")
        self.close_after = False
        self.busy = False  # a request is being answered (delay pending or body being written)
        self.closed = False


class _Server:
    """Single-threaded HTTP/1.1 server over ``selectors``: no thread per connection, delays on
    a timer heap, so hundreds of concurrent clients cost one process and little CPU. (Not
    asyncio: importing it would add ~70 ms to every start of the server.)"""

    def __init__(self, default_delay_ms: float, default_size: int) -> None:
        self.default_delay_ms = default_delay_ms
        self.default_size = default_size
        self.sel = selectors.DefaultSelector()
        self.timers: List[Tuple[float, int, _Conn, bytes, bool]] = []
        self.seq = 0
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.lsock.bind((HOST, 0))
        self.lsock.listen(1024)
        self.lsock.setblocking(False)
        self.sel.register(self.lsock, selectors.EVENT_READ, None)

    @property
    def port(self) -> int:
        return int(self.lsock.getsockname()[1])

    def run(self) -> None:
        parent = os.getppid()
        sel, timers = self.sel, self.timers
        while True:
            timeout = 0.25
            if timers:
                timeout = min(timeout, max(0.0, timers[0][0] - time.monotonic()))
            for key, mask in sel.select(timeout):
                conn = key.data
                if conn is None:
                    self._accept()
                    continue
                if mask & selectors.EVENT_READ and not conn.closed:
                    self._read(conn)
                if mask & selectors.EVENT_WRITE and not conn.closed:
                    self._flush(conn)
            now = time.monotonic()
            while timers and timers[0][0] <= now:
                _, _, conn, data, close = heapq.heappop(timers)
                if not conn.closed:
                    self._send(conn, data, close)
            if os.getppid() != parent:  # reparented: the parent died
                os._exit(0)

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.lsock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            sock.setblocking(False)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
            conn = _Conn(sock)
            self.sel.register(sock, selectors.EVENT_READ, conn)

    def _close(self, conn: _Conn) -> None:
        if conn.closed:
            return
        conn.closed = True
        try:
            self.sel.unregister(conn.sock)
        except (KeyError, ValueError):
            pass
        conn.sock.close()

    def _read(self, conn: _Conn) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close(conn)
            return
        if not data:
            self._close(conn)
            return
        conn.inbuf += data
        self._parse(conn)

    def _parse(self, conn: _Conn) -> None:
        if conn.busy or conn.closed:
            return
        end = conn.inbuf.find(b"\r\n\r\n")
        if end < 0:
            if len(conn.inbuf) > 65536:
                self._send(conn, b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                                 b"Content-Length: 0\r\nConnection: close\r\n\r\n", True)
            return
        lines = bytes(conn.inbuf[:end]).split(b"\r\n")
        parts = lines[0].split()
        if len(parts) != 3:
            self._send(conn, _BAD_REQUEST, True)
            return
        method, target, version = parts
        close = version.upper() == b"HTTP/1.0"
        content_length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"connection":
                v = value.strip().lower()
                if v == b"close":
                    close = True
                elif v == b"keep-alive":
                    close = False
            elif name == b"content-length":
                try:
                    content_length = int(value.strip() or 0)
                except ValueError:
                    self._send(conn, _BAD_REQUEST, True)
                    return
        if len(conn.inbuf) < end + 4 + content_length:
            return  # wait for the request body (ignored)
        del conn.inbuf[:end + 4 + content_length]
        path, _, query = target.decode("latin-1").partition("?")
        try:
            q = _query(query)
            delay_ms = float(q["delay_ms"]) if "delay_ms" in q else self.default_delay_ms
            size = int(q["size"]) if "size" in q else self.default_size
        except ValueError:
            self._send(conn, _BAD_REQUEST, True)
            return
        body = body_for(path, size)
        head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n%s\r\n"
                % (len(body), "Connection: close\r\n" if close else "")).encode("latin-1")
        data = head + (b"" if method == b"HEAD" else body)
        conn.busy = True
        if delay_ms > 0:
            self.seq += 1
            heapq.heappush(self.timers, (time.monotonic() + delay_ms / 1000.0, self.seq, conn, data, close))
        else:
            self._send(conn, data, close)

    def _send(self, conn: _Conn, data: bytes, close: bool) -> None:
        conn.busy = True
        conn.outbuf = memoryview(data)
        conn.close_after = close
        self._flush(conn)

    def _flush(self, conn: _Conn) -> None:
        try:
            while conn.outbuf:
                n = conn.sock.send(conn.outbuf)
                conn.outbuf = conn.outbuf[n:]
        except (BlockingIOError, InterruptedError):
            self.sel.modify(conn.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, conn)
            return
        except OSError:
            self._close(conn)
            return
        conn.busy = False
        if conn.close_after:
            self._close(conn)
            return
        self.sel.modify(conn.sock, selectors.EVENT_READ, conn)
        self._parse(conn)  # a pipelined request may already be buffered


def _query(query: str) -> Dict[str, str]:
    """``a=1&b=2`` -> ``{"a": "1", "b": "2"}`` (numbers only here: no percent-decoding needed)."""
    out: Dict[str, str] = {}
    for part in query.split("&"):
        if part:
            name, _, value = part.partition("=")
            out[name] = value
    return out


_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def _watch_alive(fd: int) -> None:
    """Exit the server as soon as the parent's end of its alive pipe is closed."""
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    os._exit(0)


def _serve(alive_fd: int, ready_fd: int, delay_ms: float, size: int) -> None:
    """The server's life: watch the alive pipe, build the body text, bind, report the port, serve."""
    threading.Thread(target=_watch_alive, args=(alive_fd,), name="parent-watchdog", daemon=True).start()
    base_text()  # build the body text before reporting ready
    server = _Server(delay_ms, size)
    os.write(ready_fd, b"PORT %d\n" % server.port)
    if ready_fd > 2:
        os.close(ready_fd)
    server.run()


def _main(argv: List[str]) -> int:
    if not argv or argv[0] != "serve":
        sys.stderr.write("usage: _loopback_http.py serve [--delay-ms MS] [--size BYTES]\n")
        return 2
    delay_ms, size = 0.0, 1024
    args = argv[1:]
    while args:
        flag = args.pop(0)
        if flag == "--delay-ms":
            delay_ms = float(args.pop(0))
        elif flag == "--size":
            size = int(args.pop(0))
        else:
            sys.stderr.write("unknown argument %r\n" % flag)
            return 2
    try:
        _serve(0, 1, delay_ms, size)  # stdin: the alive pipe; stdout: where the port goes
    except KeyboardInterrupt:
        pass
    return 0


# --------------------------------------------------------------------------------------- clients


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
        writer.write(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n"
                      % (path, host, port)).encode("latin-1"))
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status_parts = lines[0].split(None, 2)
        if len(status_parts) < 2 or not status_parts[0].startswith(b"HTTP/1."):
            raise HTTPStatusError("GET %s -> malformed status line %r" % (path, bytes(lines[0])))
        status = int(status_parts[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise HTTPStatusError("GET %s -> response without Content-Length" % path)
        body = await reader.readexactly(length)
        _check_status(status, path)
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


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
