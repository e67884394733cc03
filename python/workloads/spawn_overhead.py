"""spawn-overhead: what it costs to start and finish one unit of concurrency, in time and memory.

A unit (a Task for ``asyncio``, a thread for ``threading``, a ``Process`` of the ``start_method``
param, else the spec's, for ``multiprocessing``; a plain call for ``sequential``, the floor) only
reports its index: what is measured is its life around that. ``units`` units run in waves of
``workers``: each unit of a wave says it is alive and waits until the whole wave is, then all are
released, report and are joined. Metrics: ``us_per_unit`` (first creation to last join, over
``units``, memory sampling excluded) and ``kb_per_unit``, what the live units of a wave add over
its size (the largest over the waves): this process's resident set growth for coroutines and
threads (``/proc/self/statm``, page-granular), the sum of the live children's private memory
(USS, ``/proc/<pid>/smaps_rollup``) for processes; left out without /proc. Under spawn and
forkserver, starting multiprocessing's helpers and one throwaway unit is ``setup_ns``.
"""
from __future__ import annotations

import sys
import threading
from time import perf_counter_ns
from typing import Any, Dict, List, Optional

from pyconc_harness import toolkit

TIMEOUT_S = 120.0  # how long a unit waits to be released, or the parent for a wave to be alive
JOIN_GRACE_S = 2.0  # how long a released unit may take to exit on the way out of a failure
teardown = toolkit.stop_new_helpers


def task_count(params: Dict[str, Any]) -> int:
    units = int(params["units"])
    if units < 0:
        raise ValueError("units must be >= 0, got %r" % (params["units"],))
    return units


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    import asyncio  # noqa: F401  (here, untimed, not at module level: spawned units load this module)

    return toolkit.note_helpers()


def waves(units: int, workers: int) -> List[range]:
    """The units in waves of at most `workers`, in index order."""
    size = max(1, workers)
    return [range(start, min(start + size, units)) for start in range(0, units, size)]


class Meter:
    """Unit time and peak memory per live unit; the time spent measuring memory is not a unit's."""

    def __init__(self, units: int) -> None:
        self.units, self.excluded_ns, self.t0, self.before = units, 0, perf_counter_ns(), None
        self.kb_per_unit: Optional[float] = 0.0

    def wave(self) -> None:
        """Before a wave of coroutines or threads starts: the resident set they will add to."""
        self.before = toolkit.rss_kb()

    def sample(self, alive: int, pids: Optional[List[int]] = None) -> None:
        """With ``alive`` units alive: their processes' USS (``pids``), else the RSS growth."""
        t = perf_counter_ns()
        now = toolkit.uss_kb(*pids) if pids is not None else toolkit.rss_kb()
        kb = now if pids is not None or now is None else (None if self.before is None else max(0, now - self.before))
        if kb is None or self.kb_per_unit is None:
            self.kb_per_unit = None
        elif alive:
            self.kb_per_unit = max(self.kb_per_unit, kb / alive)
        self.excluded_ns += perf_counter_ns() - t

    def reply(self, results: List[Any], setup_ns: int, memory: bool = True) -> Dict[str, Any]:
        spent = perf_counter_ns() - self.t0 - self.excluded_ns
        metrics = {"us_per_unit": spent / 1000.0 / self.units if self.units else 0.0}
        if memory and self.kb_per_unit is not None:
            metrics["kb_per_unit"] = self.kb_per_unit
        return {"results": results, "metrics": metrics, "setup_ns": setup_ns}


def unit(i: int) -> int:
    return i


def run_sequential(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    n = task_count(params)
    return Meter(n).reply([unit(i) for i in range(n)], 0, memory=False)  # nothing outlives a call


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
        go = threading.Event()
        meter.wave()
        threads = [threading.Thread(target=body, args=(i, go), name="unit-%d" % i) for i in wave]
        try:
            for thread in threads:
                thread.start()
            for _ in threads:
                if not alive.acquire(timeout=TIMEOUT_S):
                    raise RuntimeError("a thread did not start within %ss" % TIMEOUT_S)
            meter.sample(len(threads))
        finally:
            go.set()
            for thread in threads:
                if thread.ident is not None:
                    thread.join()
    return meter.reply(results, 0)


def run_asyncio(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import asyncio

    n = task_count(params)

    async def body(i: int, go: asyncio.Event, alive: asyncio.Semaphore) -> int:
        alive.release()
        await go.wait()
        return unit(i)

    async def main(t_setup: int) -> Dict[str, Any]:
        setup_ns, meter, results = perf_counter_ns() - t_setup, Meter(n), []  # type: ignore[var-annotated]
        for wave in waves(n, workers):
            go, alive = asyncio.Event(), asyncio.Semaphore(0)
            meter.wave()
            tasks = [asyncio.ensure_future(body(i, go, alive)) for i in wave]
            try:
                for _ in tasks:  # each unit alive: the whole wave is
                    await alive.acquire()
                meter.sample(len(tasks))
                go.set()
                results.extend(await asyncio.gather(*tasks))
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        return meter.reply(results, setup_ns)

    return asyncio.run(main(perf_counter_ns()))  # setup: creating the loop


def process_unit(conn: Any, i: int) -> None:
    """A process unit: alive, wait for the wave, report its index with its own usage."""
    if toolkit.ready_then_go(conn, ("alive",)):
        conn.send((unit(i),) + toolkit.own_usage())


def mp_context(params: Dict[str, Any]) -> Any:
    """The context of the `start_method` param, else the spec's, else the platform's (Unsupported
    where it does not exist)."""
    return toolkit.mp_context(params.get("start_method") or params.get("_start_method"))


def run_multiprocessing(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    n, mp, module, usage = task_count(params), mp_context(params), sys.modules[__name__], toolkit.ChildUsage()
    method = mp.get_start_method()
    t_setup = perf_counter_ns()
    if method != "fork":
        # Start multiprocessing's helpers (the resource tracker, the fork server) and one
        # throwaway unit, which returns only once they serve: no unit competes with their start.
        warm = mp.Process(target=toolkit.target(module, "unit"), args=(0,))
        warm.start()
        warm.join()
    setup_ns = perf_counter_ns() - t_setup
    meter, results, target = Meter(n), [None] * n, toolkit.child(module, "process_unit")
    for wave in waves(n, workers):
        # A pipe per unit for "alive", "go" and its report: a unit killed while it waits is a
        # quick failure (a multiprocessing Event's set() would wait for it to wake).
        with toolkit.Children(mp, target, [(i,) for i in wave], "unit process", JOIN_GRACE_S) as units:
            units.receive(TIMEOUT_S)
            meter.sample(len(wave), [p.pid for p in units.processes])
            units.send("go")
            for i, report in zip(wave, units.receive(TIMEOUT_S)):
                results[i] = report[0]
                usage.note(*report[1:])
            units.join()
    return dict(meter.reply(results, setup_ns), **usage.fields(method))
