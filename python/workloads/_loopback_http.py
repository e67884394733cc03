"""A real HTTP/1.1 server on 127.0.0.1 in its own process, for the loopback-HTTP workloads.

``start_server(delay_ms=0, size=1024) -> ServerHandle`` forks a child (a few milliseconds, where a
fresh interpreter took 50-70 ms on a slow machine) and returns once it listens. The child drops
what it inherited (signal handlers, stdio, every other descriptor; cyclic GC off; it never imports
and ends with ``os._exit``) and runs one single-threaded ``selectors`` loop (delays on a timer
heap: hundreds of concurrent clients on two cores) on port 0, reporting the port on a pipe. Call
it while the process has one thread, as a workload's ``setup`` does. ``stop_server(handle)``, in
the process that started it, ends and reaps it (alive pipe closed, SIGTERM, SIGKILL); an
``atexit`` hook stops any left running. The child exits as soon as its alive pipe, whose write
end only the parent (and children it forks) holds, reaches EOF, or when it is reparented.

Requests: one ``GET <path>?delay_ms=<float>&size=<int>`` per connection, as ``_loopback_client``
sends it: after ``delay_ms`` (a timer, so waits overlap), ``200`` with ``Connection: close`` and
``body_for(path, size)`` (``_loopback_body``); the query parameters default to the start
arguments. Anything else gets ``400``.
"""
from __future__ import annotations

import atexit
import gc  # here, not in the forked server: it must not import
import heapq
import os
import selectors
import signal
import socket
import threading
import time
from collections import namedtuple

from _loopback_body import base_text, body_for

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations are strings here; importing typing would cost the server ~9 ms
    from typing import Any, Dict, List, Tuple, Union

HOST = "127.0.0.1"
_START_TIMEOUT_S = 15.0
_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


#: Where the server listens and which process it is: picklable, no open objects.
ServerHandle = namedtuple("ServerHandle", "host port pid")


# The servers this process started (the handle only carries the pid, so that it pickles):
# pid -> (the write end of its alive pipe, the pid of the process that started it).
_PROCS: Dict[int, Tuple[int, int]] = {}


def start_server(delay_ms: float = 0.0, size: int = 1024, timeout: float = _START_TIMEOUT_S) -> ServerHandle:
    """Start the loopback server in a forked child process; return once it accepts connections
    (call it with one thread running: the child never imports, and ends with ``os._exit``)."""
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
    _PROCS[pid] = (alive_w, os.getpid())
    try:
        import http.client  # noqa: F401  (while the server builds its body text; see _loopback_client)

        line = _read_line(ready_r, timeout)
        if not line.startswith(b"PORT "):
            raise RuntimeError("loopback server did not start (said %r)" % (line,))
        port = int(line.split()[1])
    except BaseException:
        _PROCS.pop(pid, None)
        _stop(pid, alive_w)
        raise
    finally:
        os.close(ready_r)
    return ServerHandle(HOST, port, pid)


def _detach_from_parent(keep: Tuple[int, ...]) -> None:
    """In the forked server: default signal handling (the harness's SIGTERM handler raises), no
    stdio, no descriptors but `keep` (not the harness's reply pipe, nor a pool's queues), and no
    cyclic GC (a parent's file object collected here would close a descriptor reused since)."""
    gc.disable()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE):
        signal.signal(signum, signal.SIG_DFL)
    try:
        signal.set_wakeup_fd(-1)
    except ValueError:  # not the main thread: nothing was set
        pass
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
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


def _stop(pid: int, alive_w: int) -> None:
    """Close the server's alive pipe (it exits at once), then SIGTERM, SIGKILL; always reaped."""
    os.close(alive_w)
    for signum, timeout in ((None, 1.0), (signal.SIGTERM, 1.0), (signal.SIGKILL, 10.0)):
        if signum is not None:
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:  # reaped elsewhere
                return
            time.sleep(0.0005)


def _read_line(fd: int, timeout: float) -> bytes:
    """The server's one line on the ready pipe (written at once), or b"" if it died first."""
    import select

    if not select.select([fd], [], [], timeout)[0]:
        raise TimeoutError("loopback server did not report its port within %.0f s" % timeout)
    return os.read(fd, 256).split(b"\n", 1)[0].strip()


def stop_server(handle: Union[ServerHandle, Dict[str, Any]]) -> None:
    """End the server and reap it. Safe to call twice. Only the process that started a server can
    reap it; anywhere else (a forked pool worker, say) this is a no-op, never a kill by pid (the
    pid may already belong to another process), and the server still exits with its parent."""
    pid = int(handle["pid"] if isinstance(handle, dict) else handle[2])
    entry = _PROCS.get(pid)
    if entry is None or entry[1] != os.getpid():
        return
    del _PROCS[pid]
    _stop(pid, entry[0])


@atexit.register
def _stop_all_at_exit() -> None:
    for pid, (alive_w, owner) in list(_PROCS.items()):
        if owner == os.getpid():
            _PROCS.pop(pid, None)
            _stop(pid, alive_w)


class _Conn:
    """One accepted connection: its request as it arrives, then its answer as it leaves."""

    __slots__ = ("sock", "inbuf", "outbuf", "answered", "closed")

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.inbuf, self.outbuf = sock, bytearray(), memoryview(b"")
        self.answered = self.closed = False  # answered: its request is parsed (one per connection)


class _Server:
    """Single-threaded HTTP/1.1 server over ``selectors``: no thread per connection, delays on
    a timer heap, so hundreds of concurrent clients cost one process and little CPU. (Not
    asyncio: importing it would add ~70 ms to every start of the server.)"""

    def __init__(self, default_delay_ms: float, default_size: int) -> None:
        self.default_delay_ms, self.default_size = default_delay_ms, default_size
        self.sel = selectors.DefaultSelector()
        self.timers: List[Tuple[float, int, _Conn, bytes]] = []
        self.seq = 0
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.lsock.bind((HOST, 0))
        self.lsock.listen(1024)
        self.lsock.setblocking(False)
        self.sel.register(self.lsock, selectors.EVENT_READ, None)

    def run(self) -> None:
        parent = os.getppid()
        while True:
            timeout = 0.25 if not self.timers else min(0.25, max(0.0, self.timers[0][0] - time.monotonic()))
            for key, mask in self.sel.select(timeout):
                conn = key.data
                if conn is None:
                    self._accept()
                elif mask & selectors.EVENT_READ and not conn.closed:
                    self._read(conn)
                if conn is not None and mask & selectors.EVENT_WRITE and not conn.closed:
                    self._flush(conn)
            now = time.monotonic()
            while self.timers and self.timers[0][0] <= now:
                _, _, conn, data = heapq.heappop(self.timers)
                if not conn.closed:
                    self._send(conn, data)
            if os.getppid() != parent:  # reparented: the parent died
                os._exit(0)

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.lsock.accept()
            except OSError:  # BlockingIOError: none left
                return
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.sel.register(sock, selectors.EVENT_READ, _Conn(sock))

    def _close(self, conn: _Conn) -> None:
        if not conn.closed:
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
            data = b""
        if not data:  # the client is gone
            self._close(conn)
        elif not conn.answered:
            conn.inbuf += data
            self._parse(conn)

    def _parse(self, conn: _Conn) -> None:
        end = conn.inbuf.find(b"\r\n\r\n")
        if end < 0:
            if len(conn.inbuf) > 65536:
                self._close(conn)
            return
        conn.answered = True
        parts = bytes(conn.inbuf[:end]).split(b"\r\n", 1)[0].split()
        try:
            if len(parts) != 3 or parts[0] != b"GET":
                raise ValueError("not a GET request line")
            path, _, query = parts[1].decode("latin-1").partition("?")
            q = dict(part.partition("=")[::2] for part in query.split("&") if part)
            delay_ms = float(q["delay_ms"]) if "delay_ms" in q else self.default_delay_ms
            size = int(q["size"]) if "size" in q else self.default_size
        except ValueError:
            self._send(conn, _BAD_REQUEST)
            return
        body = body_for(path, size)
        data = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
        if delay_ms > 0:
            self.seq += 1
            heapq.heappush(self.timers, (time.monotonic() + delay_ms / 1000.0, self.seq, conn, data))
        else:
            self._send(conn, data)

    def _send(self, conn: _Conn, data: bytes) -> None:
        conn.outbuf = memoryview(data)
        self._flush(conn)

    def _flush(self, conn: _Conn) -> None:
        try:
            while conn.outbuf:
                conn.outbuf = conn.outbuf[conn.sock.send(conn.outbuf):]
        except (BlockingIOError, InterruptedError):
            self.sel.modify(conn.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, conn)
            return
        except OSError:
            pass
        self._close(conn)  # answered: Connection: close


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
    os.write(ready_fd, b"PORT %d\n" % server.lsock.getsockname()[1])
    os.close(ready_fd)
    server.run()
