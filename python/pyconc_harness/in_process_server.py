"""Whether a workload's ``setup`` left a server running inside the harness process.

A loopback server started in a thread of the process under test shares its GIL and CPUs with
the tasks: threads and asyncio then lose to the process modes for the server's sake, not their
own. What can be seen from here: ``setup`` left more threads running than there were before it,
and the process holds a listening TCP socket. A server in a process of its own (the catalogue's
``_loopback_http``, ``toolkit.loopback_server``) leaves neither. Linux only (``/proc``); elsewhere
the answer is None, "could not tell". Reading ``/proc`` costs well under a millisecond, outside
the timed region, and imports nothing.
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Optional, Set


def threads_now() -> Optional[int]:
    """The threads of this process: the kernel's count where there is one, else threading's."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        threading = sys.modules.get("threading")
        return None if threading is None else int(threading.active_count())


def _socket_inodes() -> Optional[Set[str]]:
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return None
    inodes = set()
    for fd in fds:
        try:
            link = os.readlink("/proc/self/fd/" + fd)
        except OSError:  # closed meanwhile, or the listing's own descriptor
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    return inodes


def listening_sockets() -> Optional[int]:
    """How many listening TCP sockets (IPv4 or IPv6) this process holds, or None where /proc cannot say."""
    inodes = _socket_inodes()
    if inodes is None:
        return None
    if not inodes:
        return 0
    count, readable = 0, False
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        readable = True
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                count += 1
    return count if readable else None


def left_serving(threads_before: Optional[int]) -> Optional[bool]:
    """After ``setup``: True when it left new threads running and this process listens on a TCP
    socket (a server in the harness process), False when not, None when it cannot be told."""
    after = threads_now()
    if after is None or threads_before is None:
        return None
    if after <= threads_before:
        return False
    listening = listening_sockets()
    return None if listening is None else listening > 0
