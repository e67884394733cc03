"""Shared helpers of the harness tests: paths, spec building, running the real harness.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Dict, List, Optional, Tuple

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(PYTHON_DIR, "harness.py")
WORKLOADS = os.path.join(PYTHON_DIR, "workloads")
FIXTURES = os.path.join(PYTHON_DIR, "tests", "fixtures")

from pyconc_harness.spec import MODES as ALL_MODES  # noqa: E402  (the harness's own list, not a copy)

#: Whether this interpreter can run the `interpreters` mode (Python 3.14+).
HAS_INTERPRETER_POOL = hasattr(__import__("concurrent.futures").futures, "InterpreterPoolExecutor")
#: The harness's modes this interpreter can run: every-mode tests iterate over these.
MODES = tuple(mode for mode in ALL_MODES if mode != "interpreters" or HAS_INTERPRETER_POOL)


def workload(name: str) -> str:
    """Absolute path of a built-in workload (`sleep_fanout`) or a fixture (`fx_stages`)."""
    folder = FIXTURES if name.startswith("fx_") else WORKLOADS
    return os.path.join(folder, name + ".py")


def make_spec(name: str, mode: str, params: Dict[str, Any], workers: int = 2, **extra: Any) -> Dict[str, Any]:
    spec: Dict[str, Any] = {
        "protocol": "pyconc/harness@1",
        "workload": workload(name),
        "scenario": "test",
        "mode": mode,
        "workers": workers,
        "params": params,
        "startMethod": None,
        "tmpDir": None,
    }
    spec.update(extra)
    return spec


def load_workload(name: str) -> Any:
    """The workload module, loaded the way the harness loads it (so its functions pickle)."""
    from pyconc_harness.workload import load

    return load(workload(name)).module


def run_sample(name: str, mode: str, params: Dict[str, Any], workers: int = 2, **extra: Any) -> Dict[str, Any]:
    """One sample through the harness's in-process entry point (`extra`: startMethod, tmpDir…)."""
    from pyconc_harness.run import run_spec

    return run_spec(make_spec(name, mode, params, workers, **extra))


def live_children(pid: Optional[int] = None) -> List[int]:
    """Child pids of `pid` (default: this process) still running, from /proc (Linux); [] elsewhere."""
    pid = os.getpid() if pid is None else pid
    found: List[int] = []
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return found
    for task in tasks:
        try:
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                found.extend(int(x) for x in f.read().split())
        except OSError:
            continue
    return sorted(found)


#: What multiprocessing's helper processes run (their command lines, the same on 3.9 to 3.15).
HELPER_COMMANDS = ("from multiprocessing.forkserver import main", "from multiprocessing.resource_tracker import main")


def _cmdline(pid: int) -> str:
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def leftover_processes(parent: Optional[int] = None) -> List[int]:
    """The children of `parent` (default: this process), and its fork server's, leaving out
    multiprocessing's helpers themselves (the fork server and the resource tracker live as long
    as the process that started them)."""
    found: List[int] = []
    for pid in live_children(parent):
        if any(command in _cmdline(pid) for command in HELPER_COMMANDS):
            if HELPER_COMMANDS[0] in _cmdline(pid):
                found.extend(live_children(pid))  # a forkserver pool's workers are its children
            continue
        found.append(pid)
    return sorted(found)


def run_harness(
    args: List[str], python: Optional[str] = None, flags: Tuple[str, ...] = (), timeout: float = 60
) -> Tuple[subprocess.CompletedProcess, Optional[str]]:
    """Run harness.py with `args` + `--reply-fd N` on a pipe; returns (process, reply text)."""
    read_fd, write_fd = os.pipe()
    try:
        proc = subprocess.run(
            [python or sys.executable, *flags, HARNESS, *args, "--reply-fd", str(write_fd)],
            pass_fds=(write_fd,),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
        os.close(write_fd)
        write_fd = -1
        with os.fdopen(read_fd, "r", encoding="utf-8") as reader:
            read_fd = -1
            text = reader.read()
    finally:
        for fd in (read_fd, write_fd):
            if fd >= 0:
                os.close(fd)
    return proc, (text or None)


def run_spec_subprocess(spec: Dict[str, Any], **kwargs: Any) -> Tuple[subprocess.CompletedProcess, Dict[str, Any]]:
    proc, text = run_harness(["run", json.dumps(spec)], **kwargs)
    assert text is not None, "no reply; stderr:\n" + proc.stderr
    return proc, json.loads(text)
