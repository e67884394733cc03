"""lock-contention: every task increments one shared counter under one lock.

Each of ``tasks`` tasks adds 1 to a shared counter ``increments`` times, each time as a
read-modify-write inside the critical section: read the counter, spin ``hold`` rounds of
pure-Python arithmetic (to make the section longer), write the value + 1. Without the lock two
units could read the same value and one update would be lost; with it the final count is exactly
``tasks * increments``. Task ``i``'s value is ``[i, increments, final count]``, so a single lost
(or doubled) update changes the checksum and fails the cell.

The lock is the one each model offers: ``threading.Lock`` around an attribute (``sequential``,
uncontended; ``threading`` and ``async-threads``, whole tasks on a thread pool); ``asyncio.Lock``
with an ``await asyncio.sleep(0)`` inside the section (``asyncio``; without an await in it,
coroutines could never interleave there and the lock would be idle); a ``multiprocessing.Lock``
around a ``multiprocessing.Value`` in shared memory (``multiprocessing``: ``workers`` processes
each running the tasks ``i % workers == k``; ``async-processes``: a process pool fed from an
event loop). The run reports ``ns_per_increment`` (the work time over all increments).
Under ``forkserver`` the processes report their own CPU time too (``child_cpu_ns``): they are the
fork server's children, whose CPU ``RUSAGE_CHILDREN`` never sees.
"""
from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from time import perf_counter_ns
from typing import Any, Dict, List

# Sibling helper modules: the harness puts this folder on sys.path before loading a workload.
import _mp_support

MASK = 0xFFFFFFFF
#: How long a pool's warm-up waits for its siblings to start.
START_TIMEOUT_S = 120.0


class Sizes:
    """The params, checked once."""

    def __init__(self, params: Dict[str, Any]) -> None:
        self.tasks = int(params["tasks"])
        self.increments = int(params["increments"])
        self.hold = int(params["hold"])
        if self.tasks < 0 or self.increments < 0 or self.hold < 0:
            raise ValueError("tasks, increments and hold must be >= 0, got %r" % (params,))

    @property
    def total(self) -> int:
        return self.tasks * self.increments


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    return {"helpers": _mp_support.helpers_running()}


def teardown(ctx: Dict[str, Any]) -> None:
    _mp_support.stop_helpers_started_since(ctx["helpers"])


def spin(x: int, rounds: int) -> int:
    """The work held inside the critical section (its result only feeds back into itself)."""
    for _ in range(rounds):
        x = (x * 1103515245 + 12345) & MASK
    return x


def results(s: Sizes, final: int, done: List[int]) -> List[List[int]]:
    """Task i's value: [i, increments it made, final count] (the checksum sees any lost update)."""
    return [[i, done[i], final] for i in range(s.tasks)]


def _reply(s: Sizes, final: int, done: List[int], t0: int, t1: int, setup_ns: int = 0) -> Dict[str, Any]:
    return {
        "results": results(s, final, done),
        "metrics": {"ns_per_increment": (t1 - t0) / s.total if s.total else 0.0},
        "setup_ns": setup_ns,
    }


# --- threads: threading.Lock -------------------------------------------------------------------


class Counter:
    """A counter shared by threads, guarded by a threading.Lock."""

    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()


def thread_task(i: int, counter: Counter, increments: int, hold: int) -> int:
    """Task i on a thread: `increments` guarded read-modify-writes; returns how many it made."""
    lock = counter.lock
    for _ in range(increments):
        with lock:
            value = counter.value
            if hold:
                spin(value, hold)
            counter.value = value + 1
    return increments


def run_sequential(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    counter = Counter()
    t0 = perf_counter_ns()
    done = [thread_task(i, counter, s.increments, s.hold) for i in range(s.tasks)]
    return _reply(s, counter.value, done, t0, perf_counter_ns())


def run_threading(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    counter = Counter()
    t_setup = perf_counter_ns()
    with ThreadPoolExecutor(workers) as pool:
        _warm_threads(pool, workers)
        t0 = perf_counter_ns()
        futures = [pool.submit(thread_task, i, counter, s.increments, s.hold) for i in range(s.tasks)]
        done = [f.result() for f in futures]
        t1 = perf_counter_ns()
    return _reply(s, counter.value, done, t0, t1, t0 - t_setup)


def _warm_threads(pool: ThreadPoolExecutor, workers: int) -> None:
    """Start every thread of `pool` before the clock: each holds a barrier until all have one."""
    barrier = threading.Barrier(workers)
    for f in [pool.submit(barrier.wait, START_TIMEOUT_S) for _ in range(workers)]:
        f.result()


def run_async_threads(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import asyncio
    s = Sizes(params)
    counter = Counter()
    t_setup = perf_counter_ns()
    loop = asyncio.new_event_loop()
    pool = ThreadPoolExecutor(workers)
    try:
        _warm_threads(pool, workers)

        async def main() -> List[int]:
            calls = (loop.run_in_executor(pool, thread_task, i, counter, s.increments, s.hold) for i in range(s.tasks))
            return list(await asyncio.gather(*calls))

        t0 = perf_counter_ns()
        done = loop.run_until_complete(main())
        t1 = perf_counter_ns()
    finally:
        loop.close()
        pool.shutdown(wait=True)
    return _reply(s, counter.value, done, t0, t1, t0 - t_setup)


# --- asyncio: asyncio.Lock with an await inside ------------------------------------------------


def run_asyncio(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import asyncio
    s = Sizes(params)
    state = {"value": 0}

    async def task(i: int, lock: asyncio.Lock, slots: asyncio.Semaphore) -> int:
        async with slots:
            for _ in range(s.increments):
                async with lock:
                    value = state["value"]
                    if s.hold:
                        spin(value, s.hold)
                    await asyncio.sleep(0)  # another coroutine runs here: the lock is what protects
                    state["value"] = value + 1
        return s.increments

    async def main() -> List[int]:
        lock, slots = asyncio.Lock(), asyncio.Semaphore(workers)
        return list(await asyncio.gather(*(task(i, lock, slots) for i in range(s.tasks))))

    t_setup = perf_counter_ns()
    loop = asyncio.new_event_loop()
    try:
        t0 = perf_counter_ns()
        done = loop.run_until_complete(main())
        t1 = perf_counter_ns()
    finally:
        loop.close()
    return _reply(s, state["value"], done, t0, t1, t0 - t_setup)


# --- processes: multiprocessing.Lock around a multiprocessing.Value ----------------------------


def _mp_context(params: Dict[str, Any]) -> Any:
    import multiprocessing

    return multiprocessing.get_context(params.get("_start_method") or None)


def process_task(i: int, value: Any, lock: Any, increments: int, hold: int) -> int:
    """Task i in a process: `value` is a lock-free shared ctypes integer, `lock` guards it."""
    for _ in range(increments):
        with lock:
            current = value.value
            if hold:
                spin(current, hold)
            value.value = current + 1
    return increments


def shard_process(k: int, workers: int, sizes: List[int], value: Any, lock: Any, conn: Any) -> None:
    """A multiprocessing worker: says it is ready, waits for go, runs tasks k, k+workers, …, and
    reports them with its own peak RSS and CPU time."""
    tasks, increments, hold = sizes
    try:
        conn.send(("ready",))
        if conn.recv() != "go":
            return
        done = [(i, process_task(i, value, lock, increments, hold)) for i in range(k, tasks, workers)]
        conn.send(("ok", done, *_mp_support.own_usage()))
    except Exception as exc:  # reported to the parent, which fails the sample with it
        conn.send(("error", _mp_support.describe_error(exc)))
    finally:
        conn.close()


def run_multiprocessing(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    mp = _mp_context(params)
    t_setup = perf_counter_ns()
    value = mp.Value("q", 0, lock=False)  # shared memory; the lock is separate and explicit
    lock = mp.Lock()
    run = _mp_support.target(sys.modules[__name__], "shard_process")
    sizes = [s.tasks, s.increments, s.hold]
    procs: List[Any] = []
    conns: List[Any] = []
    done = [0] * s.tasks
    rss: List[int] = []
    cpu: Dict[int, List[int]] = {}
    try:
        # One pipe per worker for "ready", "go" and its report. (A multiprocessing Event would do
        # for "go", but setting one waits for every waiter to wake: a worker killed while it
        # waits would hang the parent.)
        for k in range(workers):
            mine, theirs = mp.Pipe()
            conns.append(mine)
            procs.append(mp.Process(target=run, args=(k, workers, sizes, value, lock, theirs), name="shard-%d" % k))
            procs[-1].start()
            theirs.close()
        for conn, proc in zip(conns, procs):
            _receive(conn, proc)  # ("ready",)
        t0 = perf_counter_ns()
        for conn in conns:
            conn.send("go")
        for conn, proc in zip(conns, procs):
            report = _receive(conn, proc)
            for i, n in report[1]:
                done[i] = n
            rss.append(int(report[2]))
            cpu[proc.pid] = [int(report[3][0]), int(report[3][1])]
        t1 = perf_counter_ns()
        for proc in procs:
            proc.join()
    finally:
        for proc in procs:
            if proc.pid is None:  # never started
                continue
            if proc.exitcode is None:
                proc.terminate()
            proc.join()
        for conn in conns:
            conn.close()
    reply = _reply(s, value.value, done, t0, t1, t0 - t_setup)
    reply["child_max_rss_kb"] = rss
    reply.update(_mp_support.unreaped_child_cpu(mp.get_start_method(), cpu.values()))
    return reply


def _receive(conn: Any, proc: Any) -> Any:
    """A worker's next message; its error is raised here, and so is its silent death."""
    try:
        message = conn.recv()  # a worker that dies closes its end: EOFError, no hang
    except EOFError:
        proc.join(1.0)
        raise RuntimeError("worker pid %s exited with code %s before reporting" % (proc.pid, proc.exitcode)) from None
    if message[0] == "error":
        raise _mp_support.child_error(message[1])
    return message


# --- async-processes: an event loop feeding a process pool that shares the Value and Lock ------

_shared: Any = None


def keep_shared(value: Any, lock: Any, barrier: Any) -> None:
    """Process pool initialiser: shared objects can reach pool workers only this way."""
    global _shared
    _shared = (value, lock, barrier)


def wait_barrier() -> int:
    """A pool's warm-up call, held until every worker has taken one."""
    _shared[2].wait(START_TIMEOUT_S)
    return os.getpid()


def pool_task(i: int, increments: int, hold: int) -> List[Any]:
    """Task i in a pool worker: [increments made, worker pid, worker peak RSS KiB, worker CPU
    time so far as [user_ns, sys_ns]]."""
    made = process_task(i, _shared[0], _shared[1], increments, hold)
    return [made, os.getpid(), *_mp_support.own_usage()]


def run_async_processes(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import asyncio
    s = Sizes(params)
    mp = _mp_context(params)
    module = sys.modules[__name__]
    t_setup = perf_counter_ns()
    value = mp.Value("q", 0, lock=False)
    shared = (value, mp.Lock(), mp.Barrier(workers))
    pool = ProcessPoolExecutor(workers, mp_context=mp, initializer=_mp_support.target(module, "keep_shared"), initargs=shared)
    loop = asyncio.new_event_loop()
    try:
        warm = _mp_support.target(module, "wait_barrier")
        loop.run_until_complete(asyncio.gather(*(loop.run_in_executor(pool, warm) for _ in range(workers))))
        task = _mp_support.target(module, "pool_task")

        async def main() -> List[List[int]]:
            return list(await asyncio.gather(*(loop.run_in_executor(pool, task, i, s.increments, s.hold) for i in range(s.tasks))))

        t0 = perf_counter_ns()
        rows = loop.run_until_complete(main())
        t1 = perf_counter_ns()
    finally:
        loop.close()
        pool.shutdown(wait=True)
    peaks: Dict[int, int] = {}
    cpu: Dict[int, List[int]] = {}
    for _, pid, peak, times in rows:
        peaks[pid] = max(peak, peaks.get(pid, 0))
        cpu[pid] = max(times, cpu.get(pid, [0, 0]), key=sum)  # a worker's CPU time only grows
    reply = _reply(s, value.value, [row[0] for row in rows], t0, t1, t0 - t_setup)
    reply["child_max_rss_kb"] = list(peaks.values())
    reply.update(_mp_support.unreaped_child_cpu(mp.get_start_method(), cpu.values()))
    return reply
