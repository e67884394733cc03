"""spawn-overhead: what it costs to start and finish one unit of concurrency, in time and memory.

A unit does nothing but report its index; what is measured is the unit's life around that: a
coroutine (``asyncio``: a Task), a thread (``threading``: a ``threading.Thread``) or a process
(``multiprocessing``: a ``Process`` of the start method in the ``start_method`` param; the spec's
start method applies only when the param is absent). ``sequential`` calls a plain function per
unit, the floor. ``units`` units run in waves of ``workers``: a wave's units are created and
started, each signals that it is alive and waits until the whole wave is (so that ``workers``
units are alive at once), then all are released, report their index and are joined.

Metrics: ``us_per_unit`` is the time from creating the first unit to joining the last, over
``units`` (memory sampling excluded). ``kb_per_unit`` is the memory the live units add, when a
whole wave is alive, over the wave's size (the largest over the waves): for coroutines and
threads the growth of this process's resident set since just before the wave
(``/proc/self/statm``; page-granular, so a coroutine, well under a page, may read as 0); for
processes the sum of each live child's private memory (USS: ``Private_Clean``
+ ``Private_Dirty`` of ``/proc/<pid>/smaps_rollup``), which is what the machine gets back when the
child exits (pages a forked child still shares with its parent are not counted). Without /proc
(not Linux) ``kb_per_unit`` is left out. Under spawn and forkserver, starting multiprocessing's
helper processes (the resource tracker, the fork server) and one throwaway unit is setup
(``setup_ns``), not a unit's cost; ``teardown`` stops the helpers again.
"""
from __future__ import annotations

import os
import sys
import threading
from time import perf_counter_ns
from typing import Any, Callable, Dict, List, Optional

# Sibling helper modules: the harness puts this folder on sys.path before loading a workload.
import _mp_support

START_METHODS = ("fork", "spawn", "forkserver")
#: How long a unit waits to be released (or the parent for a unit to come alive) before failing.
TIMEOUT_S = 120.0
#: How long a released unit may take to exit before it is killed (only on the way out of a failure).
JOIN_GRACE_S = 2.0
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def task_count(params: Dict[str, Any]) -> int:
    units = int(params["units"])
    if units < 0:
        raise ValueError("units must be >= 0, got %r" % (params["units"],))
    return units


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    # asyncio is imported here, outside the timed region, and not at module level: spawned unit
    # processes load this module, and should not pay for an import a unit does not need.
    import asyncio  # noqa: F401

    return {"helpers": _mp_support.helpers_running()}


def teardown(ctx: Dict[str, Any]) -> None:
    _mp_support.stop_helpers_started_since(ctx["helpers"])


def waves(units: int, workers: int) -> List[range]:
    """The units in waves of at most `workers`, in index order."""
    size = max(1, workers)
    return [range(start, min(start + size, units)) for start in range(0, units, size)]


class Meter:
    """Unit time and peak memory per live unit; the time spent measuring memory is not a unit's."""

    def __init__(self, units: int) -> None:
        self.units = units
        self.kb_per_unit: Optional[float] = 0.0
        self.excluded_ns = 0
        self.t0 = perf_counter_ns()

    def sample(self, added_kb: Callable[[], Optional[float]], alive: int) -> None:
        t = perf_counter_ns()
        kb = added_kb()
        if kb is None:
            self.kb_per_unit = None
        elif self.kb_per_unit is not None and alive:
            self.kb_per_unit = max(self.kb_per_unit, kb / alive)
        self.excluded_ns += perf_counter_ns() - t

    def reply(self, results: List[Any], setup_ns: int, child_rss: Optional[List[int]] = None) -> Dict[str, Any]:
        spent = perf_counter_ns() - self.t0 - self.excluded_ns
        metrics: Dict[str, float] = {"us_per_unit": spent / 1000.0 / self.units if self.units else 0.0}
        if self.kb_per_unit is not None:
            metrics["kb_per_unit"] = self.kb_per_unit
        out: Dict[str, Any] = {"results": results, "metrics": metrics, "setup_ns": setup_ns}
        if child_rss is not None:
            out["child_max_rss_kb"] = child_rss
        return out


def rss_kb() -> Optional[int]:
    """This process's resident set now, in KiB (None without /proc)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_KB
    except (OSError, ValueError, IndexError):
        return None


def uss_kb(pid: int) -> Optional[int]:
    """A process's private memory (Private_Clean + Private_Dirty), in KiB (None without /proc)."""
    total = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid, "rb") as f:
            for line in f:
                if line.startswith((b"Private_Clean:", b"Private_Dirty:")):
                    total += int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return total


def _growth(before: Optional[int]) -> Callable[[], Optional[float]]:
    def added() -> Optional[float]:
        now = rss_kb()
        return None if now is None or before is None else float(max(0, now - before))

    return added


# --- sequential: a plain call per unit ---------------------------------------------------------


def unit(i: int) -> int:
    return i


def run_sequential(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    n = task_count(params)
    meter = Meter(n)
    results = [unit(i) for i in range(n)]
    out = meter.reply(results, 0)
    del out["metrics"]["kb_per_unit"]  # nothing outlives a call
    return out


# --- threading: a thread per unit --------------------------------------------------------------


def run_threading(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    n = task_count(params)
    results: List[Any] = [None] * n
    alive = threading.Semaphore(0)

    def body(i: int, go: threading.Event) -> None:
        alive.release()
        if go.wait(TIMEOUT_S):
            results[i] = unit(i)

    meter = Meter(n)
    for wave in waves(n, workers):
        before = rss_kb()
        go = threading.Event()
        threads = [threading.Thread(target=body, args=(i, go), name="unit-%d" % i) for i in wave]
        try:
            for thread in threads:
                thread.start()
            for _ in threads:
                if not alive.acquire(timeout=TIMEOUT_S):
                    raise RuntimeError("a thread did not start within %ss" % TIMEOUT_S)
            meter.sample(_growth(before), len(threads))
        finally:
            go.set()
            for thread in threads:
                if thread.ident is not None:
                    thread.join()
    return meter.reply(results, 0)


# --- asyncio: a Task per unit ------------------------------------------------------------------


def run_asyncio(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import asyncio

    n = task_count(params)

    async def body(i: int, go: asyncio.Event, count: List[int], all_alive: asyncio.Event) -> int:
        count[0] += 1
        if count[0] == count[1]:
            all_alive.set()
        await go.wait()
        return unit(i)

    async def main() -> Dict[str, Any]:
        meter = Meter(n)
        results: List[Any] = []
        for wave in waves(n, workers):
            before = rss_kb()
            go, all_alive, count = asyncio.Event(), asyncio.Event(), [0, len(wave)]
            tasks = [asyncio.ensure_future(body(i, go, count, all_alive)) for i in wave]
            try:
                await all_alive.wait()
                meter.sample(_growth(before), len(tasks))
                go.set()
                results.extend(await asyncio.gather(*tasks))
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        return meter.reply(results, 0)

    t_setup = perf_counter_ns()
    loop = asyncio.new_event_loop()
    try:
        setup_ns = perf_counter_ns() - t_setup
        out = loop.run_until_complete(main())
    finally:
        loop.close()
    out["setup_ns"] = setup_ns
    return out


# --- multiprocessing: a process per unit, of the start method in the params --------------------


def process_unit(i: int, conn: Any) -> None:
    """The child side of a process unit: alive, wait for the wave, report (index, own peak RSS,
    own CPU time so far)."""
    conn.send(("alive",))
    if conn.recv() == "go":
        conn.send((unit(i), *_mp_support.own_usage()))
    conn.close()


def start_method(params: Dict[str, Any]) -> str:
    """The start method to use: the `start_method` param, else the spec's, else the platform's."""
    import multiprocessing

    method = params.get("start_method") or params.get("_start_method") or multiprocessing.get_start_method()
    if method not in multiprocessing.get_all_start_methods():
        raise _unsupported(
            "start method %r is not available here (available: %s)"
            % (method, ", ".join(multiprocessing.get_all_start_methods()))
        )
    return str(method)


def _unsupported(reason: str) -> Exception:
    """The harness's Unsupported (the sample is then `unsupported`), or a ValueError without it."""
    try:
        from pyconc_harness.errors import Unsupported
    except ImportError:
        return ValueError(reason)
    return Unsupported(reason)


def run_multiprocessing(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import multiprocessing

    n = task_count(params)
    method = start_method(params)
    mp = multiprocessing.get_context(method)
    t_setup = perf_counter_ns()
    target = _mp_support.target(sys.modules[__name__], "process_unit")
    if method != "fork":
        _warm_up(mp)
    setup_ns = perf_counter_ns() - t_setup

    # Each unit has a pipe of its own, for "alive", "go" and its result. (A multiprocessing
    # Event would do for "go", but setting one waits for every waiter to wake: a unit killed
    # while it waits would hang the parent.)
    meter = Meter(n)
    results: List[Any] = [None] * n
    child_rss: List[int] = []
    child_cpu: List[List[int]] = []  # what each unit reports; the harness needs it under forkserver only
    for wave in waves(n, workers):
        procs: List[Any] = []
        conns: List[Any] = []
        released = False
        try:
            for i in wave:
                mine, theirs = mp.Pipe()
                conns.append(mine)
                proc = mp.Process(target=target, args=(i, theirs), name="unit-%d" % i)
                procs.append(proc)
                proc.start()
                theirs.close()
            for conn, proc in zip(conns, procs):
                _receive(conn, proc)  # ("alive",)
            meter.sample(lambda: _sum_uss([p.pid for p in procs]), len(procs))
            for conn in conns:
                conn.send("go")
            released = True
            for conn, proc in zip(conns, procs):
                index, peak, cpu = _receive(conn, proc)
                results[index] = index
                child_rss.append(int(peak))
                child_cpu.append(cpu)
            for proc in procs:
                proc.join()
        finally:
            if not released:  # on the way out of a failure: release whoever is still waiting
                for conn in conns:
                    try:
                        conn.send("stop")
                    except OSError:
                        pass
            for proc in procs:
                if proc.pid is not None:
                    proc.join(JOIN_GRACE_S)
                    if proc.exitcode is None:
                        proc.kill()
                        proc.join()
            for conn in conns:
                conn.close()
    out = meter.reply(results, setup_ns, child_rss)
    out.update(_mp_support.unreaped_child_cpu(method, child_cpu))
    return out


def _warm_up(mp: Any) -> None:
    """Before the clock: start multiprocessing's helpers (the resource tracker, which spawn and
    forkserver children are handed, and the fork server) and one throwaway unit, which returns
    only once they serve, so that no unit competes with a helper's start-up."""
    proc = mp.Process(target=_mp_support.target(sys.modules[__name__], "unit"), args=(0,))
    proc.start()
    proc.join()


def _sum_uss(pids: List[int]) -> Optional[float]:
    sizes = [uss_kb(pid) for pid in pids]
    return None if any(s is None for s in sizes) else float(sum(s or 0 for s in sizes))


def _receive(conn: Any, proc: Any) -> Any:
    """The unit's next message; a unit that exits without sending it raises instead of hanging."""
    from multiprocessing.connection import wait

    if not wait([conn, proc.sentinel], TIMEOUT_S):
        raise RuntimeError("unit process pid %s sent nothing within %ss" % (proc.pid, TIMEOUT_S))
    try:
        return conn.recv()
    except EOFError:
        proc.join(1.0)
        raise RuntimeError("unit process pid %s exited with code %s before reporting" % (proc.pid, proc.exitcode)) from None
