"""latency-under-load: how long small I/O requests take while CPU work runs in the same program.

``requests`` small HTTP requests to the loopback server (started by ``setup``; each answered after
``delay_ms`` with ``body_kb`` KiB) are issued on a schedule, request ``k`` due at
``t0 + k * interval_ms``, while ``cpu_tasks`` pure-Python CPU tasks (``cpu_n`` LCG steps) run in
the same program. A latency runs from the DUE time to the end of the body, so a stalled issuer
counts (no coordinated omission): ``latencies_ns`` and ``io_p50_ms``/``io_p90_ms``/``io_p99_ms``/
``io_max_ms``, plus ``cpu_done_ms`` (the last CPU task's end). Every mode is a ``run_<mode>``:
``sequential`` sends the due requests before each CPU task; ``threading``/``multiprocessing`` run
the CPU on a pool of ``workers`` threads/processes while ``IO_THREADS`` I/O threads send each
request at its due time (a socket call releases the GIL, taking it back from a CPU-bound thread
waits up to the switch interval: the convoy effect); ``asyncio`` runs requests as tasks and the
CPU inline; ``async-threads``/``async-processes`` send the CPU from the loop to a pool;
``process-loops`` gives each of ``workers`` processes its own loop over its shard
(``index % workers == k``). Pools are fully up (``pyconc_harness.toolkit``) and one warm-up
request is made before the clock starts (``setup_ns``). The results (body digests, then CPU
values) are the same in every mode.
"""
from __future__ import annotations

import sys
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence

from pyconc_harness import toolkit

import _loopback_client as loopback  # a sibling: the harness puts this folder on sys.path

# asyncio is imported where it is used: a blocking mode's sample need not pay for it.

Params = Dict[str, Any]
Ctx = Dict[str, Any]
#: I/O threads of the blocking modes (threading, multiprocessing): enough that requests never
#: queue behind each other at the default rate, so a latency is one request's own.
IO_THREADS = 16
#: How long after the shards are handed out the clock starts in ``process-loops``: time for each
#: process to start its loop and make its warm-up request.
_SHARD_LEAD_NS = 30_000_000


def task_count(params: Params) -> int:
    return int(params["requests"]) + int(params["cpu_tasks"])


setup, teardown = loopback.setup, loopback.teardown  # the server; the ctx is a dict (host, port, pid)


def cpu_task(j: int, n: int) -> int:
    """Pure-Python CPU work: ``n`` steps of an LCG seeded by the task index."""
    x = j + 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x


def _cpu_job(j: int, n: int) -> tuple:
    """``cpu_task`` on a pool: (value, finish time) + the worker's own usage."""
    value = cpu_task(j, n)
    return (value, time.monotonic_ns()) + toolkit.own_usage()


def expected(params: Params) -> List[Any]:
    """The results every mode must return (for tests): computed without the server."""
    size, n = loopback.body_size(params), int(params["cpu_n"])
    digests = [loopback.digest(loopback.body_for("/ping/%d" % k, size)) for k in range(int(params["requests"]))]
    return digests + [cpu_task(j, n) for j in range(int(params["cpu_tasks"]))]


def latency_metrics(latencies_ns: Sequence[int], cpu_done_ns: int) -> Dict[str, float]:
    s, ms = sorted(latencies_ns), lambda ns: round(ns / 1e6, 3)
    metrics = {"cpu_done_ms": ms(max(0, cpu_done_ns))}
    if s:  # nearest rank
        p = toolkit.percentile
        metrics.update({"io_p50_ms": ms(p(s, 50)), "io_p90_ms": ms(p(s, 90)), "io_p99_ms": ms(p(s, 99)), "io_max_ms": ms(s[-1])})
    return metrics


class _Run:
    """One sample's schedule, results, latencies and the pool processes' usage."""

    def __init__(self, params: Params, ctx: Ctx, mp: Any = None) -> None:
        self.params, self.ctx, self.mp = params, ctx, mp  # mp: the pools' context, for process modes
        self.requests, self.cpu_tasks = int(params["requests"]), int(params["cpu_tasks"])
        self.cpu_n, self.interval_ns = int(params["cpu_n"]), int(float(params["interval_ms"]) * 1e6)
        self.digests: List[Optional[str]] = [None] * self.requests
        self.latencies: List[Optional[int]] = [None] * self.requests
        self.cpu_values: List[Optional[int]] = [None] * self.cpu_tasks
        self.cpu_done_ns = self.t0 = self.setup_ns = 0
        self.usage = toolkit.ChildUsage()

    def due(self, k: int) -> int:
        return self.t0 + k * self.interval_ns

    def start(self, t_setup: int, delay_ns: int = 0) -> None:
        """The clock starts (``delay_ns`` from now); setup began at ``t_setup`` (perf_counter_ns)."""
        self.t0 = time.monotonic_ns() + delay_ns
        self.setup_ns = time.perf_counter_ns() - t_setup + delay_ns

    def pool(self, workers: int, executor: bool = True) -> Any:
        """The CPU pool, every worker up: threads, else processes (an executor or a Pool)."""
        kind = "threads" if self.mp is None else "processes"
        return toolkit.start_pool(kind, workers, self.params, sys.modules[__name__], self.usage, executor=executor)

    def cpu_result(self, j: int, row: Sequence[Any]) -> None:
        """CPU task j's (value, finish time, pid, rss, user, sys) from a pool."""
        self.cpu_values[j], self.cpu_done_ns = row[0], max(self.cpu_done_ns, row[1])
        self.usage.note(*row[2:])

    def _got(self, k: Optional[int], body: bytes) -> None:
        if k is not None:  # None: the untimed warm-up request, not part of the results
            self.latencies[k] = max(0, time.monotonic_ns() - self.due(k))
            self.digests[k] = loopback.digest(body)

    def request_blocking(self, k: Optional[int] = None) -> None:
        key = "warm-up" if k is None else "ping/%d" % k
        self._got(k, loopback.fetch_blocking(self.ctx["host"], self.ctx["port"], loopback.path(key, self.params)))

    def stream_blocking(self, indices: Iterable[int], pool: Any = None) -> None:
        """Each request at its due time: on this thread (``sequential``), else handed to ``pool``
        (I/O threads), so that requests overlap as they do as tasks on an event loop."""
        futures = []
        for k in indices:
            wait = self.due(k) - time.monotonic_ns()
            if wait > 0:
                time.sleep(wait / 1e9)
            if pool is None:
                self.request_blocking(k)
            else:
                futures.append(pool.submit(self.request_blocking, k))
        for future in futures:
            future.result()

    async def request_async(self, k: Optional[int] = None) -> None:
        key = "warm-up" if k is None else "ping/%d" % k
        self._got(k, await loopback.fetch_async(self.ctx["host"], self.ctx["port"], loopback.path(key, self.params)))

    async def stream_async(self, indices: Iterable[int]) -> None:
        """Start each request as its own task at its due time (late ones at once)."""
        import asyncio

        pending = []
        for k in indices:
            wait = self.due(k) - time.monotonic_ns()
            if wait > 0:
                await asyncio.sleep(wait / 1e9)
            pending.append(asyncio.ensure_future(self.request_async(k)))
        if pending:
            await asyncio.gather(*pending)

    async def cpu_on_loop(self, indices: Iterable[int], pool: Any = None) -> None:
        """The CPU tasks from the loop: on ``pool`` (run_in_executor), else inline, one at a time."""
        import asyncio

        if pool is None:
            for j in indices:
                self.cpu_values[j] = cpu_task(j, self.cpu_n)
                self.cpu_done_ns = max(self.cpu_done_ns, time.monotonic_ns())
                await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        rows = await asyncio.gather(*[loop.run_in_executor(pool, _cpu_job, j, self.cpu_n) for j in indices])
        for j, row in zip(indices, rows):
            self.cpu_result(j, row)

    def reply(self) -> Dict[str, Any]:
        if any(d is None for d in self.digests) or any(v is None for v in self.cpu_values):
            raise RuntimeError("latency-under-load: some requests or CPU tasks produced no result")
        lat = [int(x) for x in self.latencies]  # type: ignore[arg-type]
        metrics = latency_metrics(lat, self.cpu_done_ns - self.t0 if self.cpu_tasks else 0)
        out = {"results": self.digests + self.cpu_values, "latencies_ns": lat, "setup_ns": int(self.setup_ns), "metrics": metrics}
        return dict(out, **self.usage.fields(self.mp and self.mp.get_start_method()))


def run_sequential(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    run, t = _Run(params, ctx), time.perf_counter_ns()
    run.request_blocking()
    run.start(t)
    k = 0
    for j in range(run.cpu_tasks):
        now = time.monotonic_ns()
        while k < run.requests and run.due(k) <= now:
            run.request_blocking(k)
            k += 1
        run.cpu_values[j] = cpu_task(j, run.cpu_n)
        run.cpu_done_ns = time.monotonic_ns()
    run.stream_blocking(range(k, run.requests))
    return run.reply()


def _blocking(params: Params, workers: int, ctx: Ctx, processes: bool) -> Dict[str, Any]:
    """threading and multiprocessing: the CPU tasks on a pool, the requests on I/O threads."""
    run, t, io = _Run(params, ctx, toolkit.mp_context(params) if processes else None), time.perf_counter_ns(), None
    pool = run.pool(workers, executor=False)
    try:
        io = toolkit.thread_pool(max(1, min(IO_THREADS, run.requests)), "io")
        io.submit(run.request_blocking).result()  # the warm-up request, on an I/O thread
        run.start(t)
        if processes:  # a multiprocessing.Pool, whose dead worker fails the sample at once
            procs, results = toolkit.pool_processes(pool), [pool.apply_async(_cpu_job, (j, run.cpu_n)) for j in range(run.cpu_tasks)]
            pending = [lambda r=r: toolkit.pool_result(r, procs) for r in results]
        else:
            pending = [pool.submit(_cpu_job, j, run.cpu_n).result for j in range(run.cpu_tasks)]
        run.stream_blocking(range(run.requests), io)
        for j, get in enumerate(pending):
            run.cpu_result(j, get())
    except BaseException:
        toolkit.kill_pool(pool)
        raise
    else:
        toolkit.close_pool(pool)
    finally:
        if io is not None:
            io.shutdown(wait=True, cancel_futures=True)
    return run.reply()


def run_threading(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    return _blocking(params, workers, ctx, processes=False)


def run_multiprocessing(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    return _blocking(params, workers, ctx, processes=True)


def _on_loop(params: Params, workers: int, ctx: Ctx, pool_kind: Optional[str]) -> Dict[str, Any]:
    """asyncio (the CPU inline), async-threads and async-processes (the CPU on a pool of
    ``pool_kind``): the requests are tasks on the loop."""
    import asyncio

    run = _Run(params, ctx, toolkit.mp_context(params) if pool_kind == "processes" else None)

    async def main() -> None:
        t = time.perf_counter_ns()
        pool = run.pool(workers) if pool_kind else None
        try:
            await run.request_async()
            run.start(t)
            await asyncio.gather(run.stream_async(range(run.requests)), run.cpu_on_loop(range(run.cpu_tasks), pool))
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    asyncio.run(main())
    return run.reply()


def run_asyncio(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    return _on_loop(params, workers, ctx, None)


def run_async_threads(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    return _on_loop(params, workers, ctx, "threads")


def run_async_processes(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    return _on_loop(params, workers, ctx, "processes")


def _shard(k: int, workers: int, params: Params, ctx: Ctx, t0: int) -> Dict[str, Any]:
    """One process of ``process-loops``: its own event loop over shard ``k``."""
    import asyncio

    run = _Run(params, ctx)
    run.t0 = t0
    reqs, cpus = range(k, run.requests, workers), range(k, run.cpu_tasks, workers)

    async def main() -> None:
        await run.request_async()
        wait = t0 - time.monotonic_ns()
        if wait > 0:
            await asyncio.sleep(wait / 1e9)
        await asyncio.gather(run.stream_async(reqs), run.cpu_on_loop(cpus))

    asyncio.run(main())
    return {"digests": run.digests[k::workers], "latencies": run.latencies[k::workers],
            "cpu": run.cpu_values[k::workers], "cpu_done": run.cpu_done_ns, "usage": toolkit.own_usage()}


def run_process_loops(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    run, t = _Run(params, ctx, toolkit.mp_context(params)), time.perf_counter_ns()
    pool = run.pool(workers)
    try:
        run.start(t, delay_ns=_SHARD_LEAD_NS)
        futures = [pool.submit(_shard, k, workers, params, ctx, run.t0) for k in range(workers)]
        for k, future in enumerate(futures):
            part = future.result()
            run.digests[k::workers], run.latencies[k::workers] = part["digests"], part["latencies"]
            run.cpu_values[k::workers], run.cpu_done_ns = part["cpu"], max(run.cpu_done_ns, part["cpu_done"])
            run.usage.note(*part["usage"])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return run.reply()
