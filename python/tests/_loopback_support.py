"""Shared helpers of the loopback-HTTP workload tests (http-fetch, fetch-compute,
latency-under-load): loading a workload by path, running a mode through the harness, and
checking that no process is left behind."""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from types import ModuleType
from typing import Any, Dict, List, Optional

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = os.path.join(PYTHON_DIR, "workloads")

if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)
if WORKLOADS not in sys.path:
    sys.path.append(WORKLOADS)  # where the workloads import _loopback_http from


from tests.support import MODES, load_workload, make_spec  # noqa: E402


def load(module: str) -> ModuleType:
    """The workload module, loaded as the harness loads it (so its functions pickle for pools)."""
    return load_workload(module)


def run_mode(module: str, scenario: str, mode: str, workers: int, params: Dict[str, Any],
             start_method: Optional[str] = None) -> Dict[str, Any]:
    """One sample through the harness's in-process entry point."""
    from pyconc_harness.run import run_spec

    return run_spec(make_spec(module, mode, dict(params), workers, scenario=scenario, startMethod=start_method))


def checksum_of(values: List[Any]) -> str:
    from pyconc_harness.measure import checksum

    return str(checksum(values))


#: Helpers multiprocessing keeps for the rest of the interpreter's life once a 'spawn' or
#: 'forkserver' pool has run (they exit with it): not left behind by a sample.
_MP_SERVICES = (b"multiprocessing.resource_tracker", b"multiprocessing.forkserver")


def live_children() -> List[int]:
    """Pids of this process's children that still exist (zombies included: not reaped), except
    multiprocessing's own per-interpreter service processes."""
    if not os.path.isdir("/proc"):
        return [p.pid for p in multiprocessing.active_children()]
    me = os.getpid()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if int(fields[1]) != me:
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmdline = f.read()
        except OSError:
            cmdline = b""
        if not any(service in cmdline for service in _MP_SERVICES):
            found.append(int(entry))
    return found


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class NoLeftoversMixin:
    """``assertNoChildren``: no child process (pool worker, loopback server) is alive or unreaped."""

    def assertNoChildren(self) -> None:
        deadline = time.monotonic() + 2.0
        children = live_children()
        while children and time.monotonic() < deadline:  # a pool's last child may still be exiting
            time.sleep(0.02)
            children = live_children()
        self.assertEqual(children, [], "processes left behind")  # type: ignore[attr-defined]
        self.assertEqual(multiprocessing.active_children(), [])  # type: ignore[attr-defined]
