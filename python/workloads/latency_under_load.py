"""latency-under-load: how long small I/O requests take while CPU work runs in the same program.

A stream of ``requests`` small HTTP requests to the loopback server (``_loopback_http``, started
by ``setup`` in its own process; each answered after ``delay_ms`` with ``body_kb`` KiB) is issued
on a fixed schedule, request ``k`` due at ``t0 + k * interval_ms``, while ``cpu_tasks`` pure-Python
CPU tasks (``cpu_n`` steps of a linear congruential generator each) run in the same program. The
latency of a request is measured from its DUE time to the end of its body, so a request that
could not even be sent because the issuer was stalled counts that stall (no coordinated
omission). The workload reports those request latencies only (``latencies_ns``) and the metrics
``io_p50_ms``, ``io_p90_ms``, ``io_p99_ms``, ``io_max_ms`` (nearest-rank percentiles) and
``cpu_done_ms`` (when the last CPU task finished, from ``t0``).

Every mode is the workload's own ``run_<mode>`` (the harness's composition has no notion of two
kinds of task running side by side):

- ``sequential``: one thread; before each CPU task it sends the requests that are due (blocking
  ``http.client``, one after another), then sleeps until the rest are due.
- ``threading``: the CPU tasks on a ``ThreadPoolExecutor(workers)``; the main thread hands each
  request, at its due time, to a pool of ``IO_THREADS`` I/O threads (``http.client``). Every
  socket call releases the GIL, and taking it back from a CPU-bound thread waits up to the
  switch interval (5 ms): the convoy effect.
- ``multiprocessing``: the CPU tasks on a ``multiprocessing`` pool of ``workers`` processes; the
  requests as in ``threading``.
- ``asyncio``: one event loop; the requests are tasks over asyncio streams, the CPU tasks run
  inline (one at a time, yielding between them), so the loop is blocked for a whole CPU task,
  and a request needs several turns of the loop (connect, send, read).
- ``async-threads``: the event loop issues the requests; the CPU tasks go to a
  ``ThreadPoolExecutor(workers)`` through ``run_in_executor`` (GIL shared with the loop).
- ``async-processes``: the event loop issues the requests; the CPU tasks go to a
  ``ProcessPoolExecutor(workers)``.
- ``process-loops``: ``workers`` processes, each running its own event loop over its shard of
  the requests and of the CPU tasks (``index % workers == k``), CPU inline.

``workers`` is the size of the CPU pool (threads or processes) or the number of process loops;
``sequential`` and ``asyncio`` run the CPU inline on the one thread, so for them it changes
nothing. Every request has its own connection (see ``_loopback_http``), and requests overlap
(I/O threads in the blocking modes, tasks in the event-loop modes) except in ``sequential``.
Before the clock starts, every mode brings its pools fully up and makes one untimed warm-up
request on the path its requests take (``setup_ns`` is that preparation), so first-use costs
(resolver initialisation, the copy-on-write faults a parent pays after forking) are not
counted as latency.

The results, in index order, are the request body digests followed by the CPU task values: the
same in every mode (the checksum does not depend on timing). Under ``forkserver`` the pool
processes report their own CPU time too (``child_cpu_ns``): they are the fork server's children,
whose CPU ``RUSAGE_CHILDREN`` never sees.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

# Sibling helper modules: the harness puts this folder on sys.path before loading a workload.
import _loopback_http as loopback
import _mp_support

# asyncio and concurrent.futures.process are imported by the functions that use them: a sample
# of a blocking mode need not pay for them (the harness imports asyncio for the event-loop modes
# anyway).

Params = Dict[str, Any]
Ctx = Dict[str, Any]

def _pool_initializer() -> Tuple[Any, Tuple[Any, ...]]:
    """``(initializer, initargs)`` for this module's pools, after checking that its functions
    pickle by reference (the module must be importable under its name, as the harness registers
    it): fail here, clearly, rather than in a pool's feeder thread (on CPython 3.11 a
    ProcessPoolExecutor whose feeder failed to pickle a call can hang in shutdown)."""
    try:
        pickle.dumps((_cpu_job, _runner_after, _shard))
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise RuntimeError("latency-under-load: module %r is not importable by name, so pool processes "
                           "cannot run its functions (load it as the harness does): %s" % (__name__, exc)) from exc
    # Pool processes started with 'spawn' or 'forkserver' import this module under the harness's
    # name, from its path, before the first task is unpickled (under 'fork' it is inherited).
    return _mp_support.module_at, (__name__, os.path.abspath(__file__))


def _mp_context(params: Params) -> Any:
    """The start method of the spec (``params["_start_method"]``, set by the harness), else the
    platform's default."""
    return multiprocessing.get_context(params.get("_start_method") or None)


def _start_method_used(params: Params) -> str:
    """The start method `_mp_context` really uses (the platform's default when the spec has none)."""
    return str(_mp_context(params).get_start_method())


# ----------------------------------------------------------------------------------- the tasks


def task_count(params: Params) -> int:
    return int(params["requests"]) + int(params["cpu_tasks"])


def setup(params: Params) -> Ctx:
    """Start the loopback server; the ctx is a plain dict (host, port, pid)."""
    handle = loopback.start_server(delay_ms=float(params["delay_ms"]), size=_size(params))
    return handle._asdict()


def teardown(ctx: Ctx) -> None:
    loopback.stop_server(ctx)


def _size(params: Params) -> int:
    return int(float(params["body_kb"]) * 1024)


def _path(k: int, params: Params) -> str:
    return loopback.url_path("ping/%d" % k, float(params["delay_ms"]), _size(params))


def _path_warm(params: Params) -> str:
    return loopback.url_path("warm-up", float(params["delay_ms"]), _size(params))


def cpu_task(j: int, n: int) -> int:
    """Pure-Python CPU work: ``n`` steps of an LCG seeded by the task index."""
    x = j + 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x


def _cpu_job(j: int, n: int) -> Tuple[int, int, int, int, List[int]]:
    """``cpu_task`` in a pool process: (value, finish time, pid, own peak RSS in KiB, own CPU
    time so far as [user_ns, sys_ns])."""
    value = cpu_task(j, n)
    return value, time.monotonic_ns(), os.getpid(), *_mp_support.own_usage()


def _runner_after(pause_s: float) -> Tuple[int, int]:
    """Warm-up task: hold the worker briefly (so one worker cannot take every warm-up task) and
    say which process and thread ran it."""
    time.sleep(pause_s)
    return os.getpid(), threading.get_ident()


#: I/O threads of the blocking modes (threading, multiprocessing): enough that requests never
#: queue behind each other at the default rate, so a latency is one request's own.
IO_THREADS = 16
_WARM_PAUSE_S = 0.002
_WARM_LIMIT_S = 60.0


def _warm_blocking(submit: Any, workers: int) -> None:
    """Until every one of the ``workers`` processes has answered: the pool must be fully up
    (under 'spawn'/'forkserver' a child still importing would compete with the measured work)."""
    seen = set()
    deadline = time.monotonic() + _WARM_LIMIT_S
    while len(seen) < workers and time.monotonic() < deadline:
        seen.update(submit(workers))


def expected(params: Params) -> List[Any]:
    """The results every mode must return (for tests): computed without the server."""
    size = _size(params)
    n = int(params["cpu_n"])
    digests = [loopback.digest(loopback.body_for("/ping/%d" % k, size)) for k in range(int(params["requests"]))]
    return digests + [cpu_task(j, n) for j in range(int(params["cpu_tasks"]))]


# ------------------------------------------------------------------------------- the schedule


class _Run:
    """Shared bookkeeping of one sample: schedule, results, latencies."""

    def __init__(self, params: Params, ctx: Ctx) -> None:
        self.params = params
        self.ctx = ctx
        self.requests = int(params["requests"])
        self.cpu_tasks = int(params["cpu_tasks"])
        self.cpu_n = int(params["cpu_n"])
        self.interval_ns = int(float(params["interval_ms"]) * 1e6)
        self.digests: List[Optional[str]] = [None] * self.requests
        self.latencies: List[Optional[int]] = [None] * self.requests
        self.cpu_values: List[Optional[int]] = [None] * self.cpu_tasks
        self.cpu_done_ns = 0
        self.t0 = 0
        self.setup_ns = 0
        self.child_rss: Dict[int, int] = {}
        self.child_cpu: Dict[int, List[int]] = {}
        # Set by the process modes: under 'forkserver' their children are the fork server's, whose
        # CPU time RUSAGE_CHILDREN never sees, so the reply carries what they report.
        self.start_method: Optional[str] = None

    def due(self, k: int) -> int:
        return self.t0 + k * self.interval_ns

    def start(self, delay_ns: int = 0) -> None:
        self.t0 = time.monotonic_ns() + delay_ns

    def cpu_finished(self, when_ns: int) -> None:
        self.cpu_done_ns = max(self.cpu_done_ns, when_ns)

    # blocking side ---------------------------------------------------------------------------

    def request_blocking(self, k: int) -> None:
        body = loopback.fetch_blocking(self.ctx["host"], self.ctx["port"], _path(k, self.params))
        self.latencies[k] = max(0, time.monotonic_ns() - self.due(k))
        self.digests[k] = loopback.digest(body)

    def warm_blocking(self) -> None:
        """One untimed request on this thread (not part of the results)."""
        loopback.fetch_blocking(self.ctx["host"], self.ctx["port"], _path_warm(self.params))

    def stream_blocking(self, indices: Iterable[int], pool: Optional[ThreadPoolExecutor] = None) -> None:
        """Issue each request no earlier than its due time: on this thread, one after another,
        when ``pool`` is None (``sequential``); else handed to ``pool`` (I/O threads), so that
        requests overlap as they do as tasks on an event loop."""
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

    # asyncio side ----------------------------------------------------------------------------

    async def warm_async(self) -> None:
        """One untimed request on the running loop (not part of the results)."""
        await loopback.fetch_async(self.ctx["host"], self.ctx["port"], _path_warm(self.params))

    async def request_async(self, k: int) -> None:
        body = await loopback.fetch_async(self.ctx["host"], self.ctx["port"], _path(k, self.params))
        self.latencies[k] = max(0, time.monotonic_ns() - self.due(k))
        self.digests[k] = loopback.digest(body)

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

    async def cpu_inline(self, indices: Iterable[int]) -> None:
        import asyncio

        for j in indices:
            self.cpu_values[j] = cpu_task(j, self.cpu_n)
            self.cpu_finished(time.monotonic_ns())
            await asyncio.sleep(0)

    # result ----------------------------------------------------------------------------------

    def reply(self) -> Dict[str, Any]:
        if any(d is None for d in self.digests) or any(v is None for v in self.cpu_values):
            raise RuntimeError("latency-under-load: some requests or CPU tasks produced no result")
        lat = [int(x) for x in self.latencies]  # type: ignore[arg-type]
        out: Dict[str, Any] = {
            "results": list(self.digests) + list(self.cpu_values),
            "latencies_ns": lat,
            "setup_ns": int(self.setup_ns),
            "metrics": latency_metrics(lat, self.cpu_done_ns - self.t0 if self.cpu_tasks else 0),
        }
        if self.child_rss:
            out["child_max_rss_kb"] = sorted(self.child_rss.values())
        if self.start_method is not None:
            out.update(_mp_support.unreaped_child_cpu(self.start_method, self.child_cpu.values()))
        return out

    def note_child(self, pid: int, rss_kb: int, cpu_ns: List[int]) -> None:
        self.child_rss[pid] = max(rss_kb, self.child_rss.get(pid, 0))
        self.child_cpu[pid] = max(cpu_ns, self.child_cpu.get(pid, [0, 0]), key=sum)  # it only grows


def percentile(sorted_values: Sequence[int], p: float) -> int:
    """Nearest-rank percentile of an ascending, non-empty sequence."""
    n = len(sorted_values)
    rank = -(-int(p) * n // 100) if p == int(p) else int(math.ceil(p / 100.0 * n))
    rank = max(1, rank)
    return sorted_values[min(rank, n) - 1]


def latency_metrics(latencies_ns: Sequence[int], cpu_done_ns: int) -> Dict[str, float]:
    metrics: Dict[str, float] = {"cpu_done_ms": round(max(0, cpu_done_ns) / 1e6, 3)}
    if latencies_ns:
        s = sorted(latencies_ns)
        for name, p in (("io_p50_ms", 50), ("io_p90_ms", 90), ("io_p99_ms", 99)):
            metrics[name] = round(percentile(s, p) / 1e6, 3)
        metrics["io_max_ms"] = round(s[-1] / 1e6, 3)
    return metrics


# ----------------------------------------------------------------------------------- the modes
#
# Every mode gets its pools fully up and makes one untimed warm-up request on the path its
# requests will take (first-use costs: the resolver's initialisation, the copy-on-write faults a
# parent pays after forking a pool) before the clock starts at t0; setup_ns is that preparation.


def run_sequential(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    run = _Run(params, ctx)
    t = time.perf_counter_ns()
    run.warm_blocking()
    run.setup_ns = time.perf_counter_ns() - t
    run.start()
    k = 0
    for j in range(run.cpu_tasks):
        now = time.monotonic_ns()
        while k < run.requests and run.due(k) <= now:
            run.request_blocking(k)
            k += 1
        run.cpu_values[j] = cpu_task(j, run.cpu_n)
        run.cpu_finished(time.monotonic_ns())
    run.stream_blocking(range(k, run.requests))
    return run.reply()


def _io_threads(params: Params, run: _Run) -> ThreadPoolExecutor:
    """The I/O threads of the blocking modes, all started, one warm-up request made."""
    n = max(1, min(IO_THREADS, int(params["requests"])))
    pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="io")
    for future in [pool.submit(time.sleep, _WARM_PAUSE_S) for _ in range(n)]:
        future.result()
    pool.submit(run.warm_blocking).result()
    return pool


def run_threading(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    run = _Run(params, ctx)
    t = time.perf_counter_ns()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cpu")
    io: Optional[ThreadPoolExecutor] = None
    try:
        for future in [pool.submit(time.sleep, _WARM_PAUSE_S) for _ in range(workers)]:
            future.result()
        io = _io_threads(params, run)
        run.setup_ns = time.perf_counter_ns() - t
        run.start()
        futures = [pool.submit(_cpu_job, j, run.cpu_n) for j in range(run.cpu_tasks)]
        run.stream_blocking(range(run.requests), io)
        for j, future in enumerate(futures):
            value, done = future.result()[:2]
            run.cpu_values[j] = value
            run.cpu_finished(done)
    finally:
        if io is not None:
            io.shutdown(wait=True, cancel_futures=True)
        pool.shutdown(wait=True, cancel_futures=True)
    return run.reply()


def run_multiprocessing(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    run = _Run(params, ctx)
    run.start_method = _start_method_used(params)
    t = time.perf_counter_ns()
    init, initargs = _pool_initializer()
    pool = _mp_context(params).Pool(processes=workers, initializer=init, initargs=initargs)
    io: Optional[ThreadPoolExecutor] = None
    try:
        _warm_blocking(lambda n: pool.map(_runner_after, [_WARM_PAUSE_S] * n, chunksize=1), workers)
        io = _io_threads(params, run)
        run.setup_ns = time.perf_counter_ns() - t
        run.start()
        pending = [pool.apply_async(_cpu_job, (j, run.cpu_n)) for j in range(run.cpu_tasks)]
        run.stream_blocking(range(run.requests), io)
        for j, result in enumerate(pending):
            value, done, pid, rss, cpu = result.get()
            run.cpu_values[j] = value
            run.cpu_finished(done)
            run.note_child(pid, rss, cpu)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        if io is not None:
            io.shutdown(wait=True, cancel_futures=True)
        pool.join()
    return run.reply()


def run_asyncio(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    import asyncio

    run = _Run(params, ctx)

    async def main() -> None:
        t = time.perf_counter_ns()
        await run.warm_async()
        run.setup_ns = time.perf_counter_ns() - t
        run.start()
        await asyncio.gather(run.stream_async(range(run.requests)), run.cpu_inline(range(run.cpu_tasks)))

    asyncio.run(main())
    return run.reply()


async def _cpu_in_executor(run: _Run, executor: Any) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(executor, _cpu_job, j, run.cpu_n) for j in range(run.cpu_tasks)]
    for j, (value, done, pid, rss, cpu) in enumerate(await asyncio.gather(*futures)):
        run.cpu_values[j] = value
        run.cpu_finished(done)
        if pid != os.getpid():
            run.note_child(pid, rss, cpu)


async def _warm_executor(executor: Any, workers: int) -> None:
    """Until each of the ``workers`` threads or processes has run a warm-up task."""
    import asyncio

    loop = asyncio.get_running_loop()
    seen: set = set()
    deadline = time.monotonic() + _WARM_LIMIT_S
    while len(seen) < workers and time.monotonic() < deadline:
        seen.update(await asyncio.gather(
            *[loop.run_in_executor(executor, _runner_after, _WARM_PAUSE_S) for _ in range(workers)]))


def _run_with_executor(params: Params, workers: int, ctx: Ctx, make: Any,
                       start_method: Optional[str] = None) -> Dict[str, Any]:
    import asyncio

    run = _Run(params, ctx)
    run.start_method = start_method

    async def main() -> None:
        t = time.perf_counter_ns()
        executor = make()
        try:
            await _warm_executor(executor, workers)
            await run.warm_async()
            run.setup_ns = time.perf_counter_ns() - t
            run.start()
            await asyncio.gather(run.stream_async(range(run.requests)), _cpu_in_executor(run, executor))
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    asyncio.run(main())
    return run.reply()


def run_async_threads(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    return _run_with_executor(
        params, workers, ctx, lambda: ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cpu"))


def _process_pool(workers: int, params: Params) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    init, initargs = _pool_initializer()
    return ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(params),
                               initializer=init, initargs=initargs)


def run_async_processes(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    return _run_with_executor(params, workers, ctx, lambda: _process_pool(workers, params),
                              _start_method_used(params))


#: How long after the shards are handed out the clock starts in ``process-loops``: time for each
#: process to start its loop and make its warm-up request.
_SHARD_LEAD_NS = 30_000_000


def _shard(k: int, workers: int, params: Params, ctx: Ctx, t0: int) -> Dict[str, Any]:
    """One process of ``process-loops``: its own event loop over shard ``k``."""
    import asyncio

    run = _Run(params, ctx)
    run.t0 = t0
    reqs = range(k, run.requests, workers)
    cpus = range(k, run.cpu_tasks, workers)

    async def main() -> None:
        await run.warm_async()
        wait = t0 - time.monotonic_ns()
        if wait > 0:
            await asyncio.sleep(wait / 1e9)
        await asyncio.gather(run.stream_async(reqs), run.cpu_inline(cpus))

    asyncio.run(main())
    rss, cpu_ns = _mp_support.own_usage()
    return {
        "digests": [(i, run.digests[i]) for i in reqs],
        "latencies": [(i, run.latencies[i]) for i in reqs],
        "cpu": [(j, run.cpu_values[j]) for j in cpus],
        "cpu_done": run.cpu_done_ns,
        "pid": os.getpid(),
        "rss": rss,
        "cpu_ns": cpu_ns,
    }


def run_process_loops(params: Params, workers: int, ctx: Ctx) -> Dict[str, Any]:
    run = _Run(params, ctx)
    run.start_method = _start_method_used(params)
    t = time.perf_counter_ns()
    pool = _process_pool(workers, params)
    try:
        _warm_blocking(lambda n: list(pool.map(_runner_after, [_WARM_PAUSE_S] * n)), workers)
        run.start(delay_ns=_SHARD_LEAD_NS)
        run.setup_ns = time.perf_counter_ns() - t + _SHARD_LEAD_NS
        futures = [pool.submit(_shard, k, workers, params, ctx, run.t0) for k in range(workers)]
        for future in futures:
            part = future.result()
            for i, d in part["digests"]:
                run.digests[i] = d
            for i, lat in part["latencies"]:
                run.latencies[i] = lat
            for j, v in part["cpu"]:
                run.cpu_values[j] = v
            run.cpu_finished(part["cpu_done"])
            run.note_child(part["pid"], part["rss"], part["cpu_ns"])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return run.reply()
