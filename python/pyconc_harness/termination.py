"""How a sample ends when it is stopped, and what it may leave behind: nothing.

pyconc stops a sample (timeout, Ctrl-C) with SIGTERM to the harness's process group, waits a
short grace period, then SIGKILLs the group. `install()` makes the harness use that grace: SIGTERM
raises Terminated in the main thread, so the workload's teardown, the pools' shutdown and the
sample's temporary directory run as on any failure, and the harness exits 143 without a reply.

`kill_escaped_descendants()` runs whenever the harness exits on its own: a process the workload
started in a new session or process group (`start_new_session=True`, `os.setsid()`) is out of
reach of pyconc's group signal, so the harness kills what is left of those itself.
"""
from __future__ import annotations

import os

from .errors import Terminated

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, List, Tuple


def _signal_module(private: bool = True) -> Any:
    """The C module `_signal` that `signal` wraps (`import signal` costs about a millisecond of
    enum set-up per sample), or `signal` itself where it is missing or ``private`` is False. Both
    have every name used here (CPython 3.9, 3.11, 3.13, 3.14 and 3.15)."""
    if private:
        try:
            import _signal

            return _signal
        except ImportError:
            pass
    import signal

    return signal


_sig = _signal_module()
_installed = False


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated("SIGTERM")


def default_sigterm() -> None:
    """SIGTERM back to its default action in this process (a child's main thread)."""
    _sig.signal(_sig.SIGTERM, _sig.SIG_DFL)


def _default_in_child() -> None:
    """A forked child (the workload's own, a pool worker) dies of SIGTERM as any process does."""
    try:
        handler = _sig.getsignal(_sig.SIGTERM)
        if getattr(handler, "__module__", "").startswith("pyconc_harness"):
            _sig.signal(_sig.SIGTERM, _sig.SIG_DFL)
    except (ValueError, OSError):
        pass


def install() -> None:
    """From now on SIGTERM unwinds the harness (main thread only; call once, from main)."""
    global _installed
    _sig.signal(_sig.SIGTERM, _raise_terminated)
    if not _installed:
        os.register_at_fork(after_in_child=_default_in_child)
        _installed = True


def escaped_descendants() -> List[Tuple[int, int]]:
    """(pid, process group) of every descendant outside this process's group (Linux; [] elsewhere)."""
    try:
        own_group = os.getpgid(0)
    except OSError:
        return []
    found: List[Tuple[int, int]] = []
    seen = {os.getpid()}
    stack = [os.getpid()]
    while stack:
        for child in _children(stack.pop()):
            if child in seen:
                continue
            seen.add(child)
            stack.append(child)
            try:
                group = os.getpgid(child)
            except OSError:  # gone meanwhile
                continue
            if group != own_group:
                found.append((child, group))
    return found


def _children(pid: int) -> List[int]:
    """Children of `pid` from /proc/PID/task/TID/children (one small file per thread)."""
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return []
    children: List[int] = []
    for task in tasks:
        try:
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                children.extend(int(x) for x in f.read().split())
        except (OSError, ValueError):
            continue
    return children


def kill_escaped_descendants() -> int:
    """SIGKILL to the descendants a group signal would miss (and to the groups they lead); returns how many."""
    escaped = escaped_descendants()
    for pid, group in escaped:
        try:
            if group == pid:
                os.killpg(group, _sig.SIGKILL)
            else:
                os.kill(pid, _sig.SIGKILL)
        except OSError:
            pass
    return len(escaped)
