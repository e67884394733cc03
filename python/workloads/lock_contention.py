"""lock-contention: every task increments one shared counter under one lock.

Each of ``tasks`` tasks adds 1 to a shared counter ``increments`` times, each a read-modify-write
inside the critical section (read, spin ``hold`` rounds of pure-Python arithmetic, write + 1): a
lost update is impossible with the lock, and task ``i``'s value ``[i, increments, final count]``
makes any lost (or doubled) one change the checksum. The lock is each model's own:
``threading.Lock`` (``sequential``, ``threading``, ``async-threads``: whole tasks on a thread
pool); ``asyncio.Lock`` with an ``await asyncio.sleep(0)`` inside the section (``asyncio``:
without an await coroutines could never interleave there); a ``multiprocessing.Lock`` around a
``multiprocessing.Value`` (``multiprocessing``: ``workers`` processes over the tasks
``i % workers == k``; ``async-processes``: a process pool fed from an event loop). Metric:
``ns_per_increment``. Pools and processes start, and report their usage, through the toolkit.
"""
from __future__ import annotations

import sys
import threading
from time import perf_counter_ns
from types import SimpleNamespace
from typing import Any, Dict, List

from pyconc_harness import toolkit

MASK = 0xFFFFFFFF
setup, teardown = toolkit.note_helpers, toolkit.stop_new_helpers  # stop helpers spawn/forkserver started


class Sizes:
    """The params, checked once."""

    def __init__(self, params: Dict[str, Any]) -> None:
        self.tasks, self.increments, self.hold = (int(params[k]) for k in ("tasks", "increments", "hold"))
        if self.tasks < 0 or self.increments < 0 or self.hold < 0:
            raise ValueError("tasks, increments and hold must be >= 0, got %r" % (params,))
        self.total = self.tasks * self.increments


def spin(x: int, rounds: int) -> int:
    """The work held inside the critical section (its result only feeds back into itself)."""
    for _ in range(rounds):
        x = (x * 1103515245 + 12345) & MASK
    return x


def results(s: Sizes, final: int, done: List[int]) -> List[List[int]]:
    """Task i's value: [i, increments it made, final count] (the checksum sees any lost update)."""
    return [[i, done[i], final] for i in range(s.tasks)]


def _reply(s: Sizes, final: int, done: List[int], t0: int, t1: int, setup_ns: int = 0) -> Dict[str, Any]:
    metrics = {"ns_per_increment": (t1 - t0) / s.total if s.total else 0.0}
    return {"results": results(s, final, done), "metrics": metrics, "setup_ns": setup_ns}


def task(i: int, counter: Any, lock: Any, increments: int, hold: int) -> int:
    """Task i: `increments` read-modify-writes of `counter.value` under `lock`, on a thread (an
    attribute, a threading.Lock) or in a process (a lock-free shared ctypes integer, a
    multiprocessing.Lock); returns how many it made."""
    for _ in range(increments):
        with lock:
            current = counter.value
            if hold:
                spin(current, hold)
            counter.value = current + 1
    return increments


def run_sequential(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s, counter, lock = Sizes(params), SimpleNamespace(value=0), threading.Lock()
    t0 = perf_counter_ns()
    done = [task(i, counter, lock, s.increments, s.hold) for i in range(s.tasks)]
    return _reply(s, counter.value, done, t0, perf_counter_ns())


def run_threading(params: Dict[str, Any], workers: int, ctx: Any, on_loop: bool = False) -> Dict[str, Any]:
    s, counter, lock = Sizes(params), SimpleNamespace(value=0), threading.Lock()
    t_setup = perf_counter_ns()
    args = [(i, counter, lock, s.increments, s.hold) for i in range(s.tasks)]
    done, t0, t1 = _on_pool(toolkit.thread_pool(workers), task, args, on_loop)
    return _reply(s, counter.value, done, t0, t1, t0 - t_setup)


def run_async_threads(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    return run_threading(params, workers, ctx, on_loop=True)


def run_asyncio(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import asyncio

    s, state = Sizes(params), {"value": 0}

    async def one(lock: asyncio.Lock, slots: asyncio.Semaphore) -> int:
        async with slots:
            for _ in range(s.increments):
                async with lock:
                    value = state["value"]
                    if s.hold:
                        spin(value, s.hold)
                    await asyncio.sleep(0)  # another coroutine runs here: the lock is what protects
                    state["value"] = value + 1
        return s.increments

    async def main() -> Any:
        t0, lock, slots = perf_counter_ns(), asyncio.Lock(), asyncio.Semaphore(workers)
        return list(await asyncio.gather(*(one(lock, slots) for _ in range(s.tasks)))), t0, perf_counter_ns()

    t_setup = perf_counter_ns()
    done, t0, t1 = asyncio.run(main())  # the loop's creation is setup, its shutdown after t1
    return _reply(s, state["value"], done, t0, t1, t0 - t_setup)


def shard_process(conn: Any, k: int, workers: int, sizes: List[int], value: Any, lock: Any) -> None:
    """A multiprocessing worker: ready, then on go the tasks k, k+workers, …, with its usage."""
    tasks, increments, hold = sizes
    if toolkit.ready_then_go(conn):
        conn.send(("ok", [task(i, value, lock, increments, hold) for i in range(k, tasks, workers)]) + toolkit.own_usage())


def run_multiprocessing(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s, mp, usage = Sizes(params), toolkit.mp_context(params), toolkit.ChildUsage()
    t_setup = perf_counter_ns()
    value, lock = mp.Value("q", 0, lock=False), mp.Lock()  # shared memory; the lock is explicit
    args = [(k, workers, [s.tasks, s.increments, s.hold], value, lock) for k in range(workers)]
    done = [0] * s.tasks
    with toolkit.Children(mp, toolkit.child(sys.modules[__name__], "shard_process"), args, "shard") as shards:
        shards.receive()  # ("ready",) from each
        t0 = perf_counter_ns()
        shards.send("go")
        for k, report in enumerate(shards.receive()):
            done[k::workers] = report[1]  # shard k: the tasks k, k + workers, …
            usage.note(*report[2:])
        t1 = perf_counter_ns()
        shards.join()
    return dict(_reply(s, value.value, done, t0, t1, t0 - t_setup), **usage.fields(mp.get_start_method()))


def pool_task(i: int, increments: int, hold: int) -> tuple:
    """Task i in a pool worker, on the pool's shared Value and Lock: (increments made,) + usage."""
    return (task(i, *toolkit.shared(), increments, hold),) + toolkit.own_usage()


def run_async_processes(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s, mp, usage = Sizes(params), toolkit.mp_context(params), toolkit.ChildUsage()
    t_setup = perf_counter_ns()
    value = mp.Value("q", 0, lock=False)
    pool, reports = toolkit.process_pool(mp, workers, module=sys.modules[__name__], shared=(value, mp.Lock()))
    rows, t0, t1 = _on_pool(pool, pool_task, [(i, s.increments, s.hold) for i in range(s.tasks)], True)
    for report in reports + [row[1:] for row in rows]:
        usage.note(*report)
    reply = _reply(s, value.value, [row[0] for row in rows], t0, t1, t0 - t_setup)
    return dict(reply, **usage.fields(mp.get_start_method()))


def _on_pool(pool: Any, fn: Any, args: List[Any], on_loop: bool) -> Any:
    """(rows, t0, t1): ``fn(*a)`` for each of ``args`` on a started pool, submitted directly or
    from an event loop (``run_in_executor``); the pool is shut down in any case."""
    loop = None
    if on_loop:
        import asyncio

        loop = asyncio.new_event_loop()

    async def main() -> List[Any]:
        return list(await asyncio.gather(*(loop.run_in_executor(pool, fn, *a) for a in args)))  # type: ignore[union-attr]

    try:
        t0 = perf_counter_ns()
        rows = loop.run_until_complete(main()) if loop else [f.result() for f in [pool.submit(fn, *a) for a in args]]
        return rows, t0, perf_counter_ns()
    finally:
        if loop is not None:
            loop.close()
        pool.shutdown(wait=True)
