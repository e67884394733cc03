"""The event-loop modes: `asyncio` (one loop, `workers` tasks in flight), `async-threads`
(blocking tasks through a ThreadPoolExecutor) and `async-processes` (compute through a
ProcessPoolExecutor, every task in flight on the loop).
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from time import perf_counter_ns

from .job import Job, Outcome
from .loops import close_loop, gather_or_cancel, new_loop
from .workload import Workload

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple
    from .job import Runner


def prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    workload.check_stages(mode)
    if mode == "asyncio":
        if workload.afetch is None and workload.fetch is not None:
            raise workload.mismatch(
                mode, "has only a blocking fetch(): asyncio needs afetch() (a blocking call would stall the loop) or run_asyncio()"
            )
        return _run_asyncio
    if mode == "async-threads":
        if workload.fetch is None and workload.afetch is not None and workload.compute is None:
            raise workload.mismatch(
                mode, "has only afetch(): async-threads needs fetch() or compute() to run in threads, or run_async_threads()"
            )
        return _run_async_threads
    if workload.compute is None:
        raise workload.mismatch(
            mode, "has no compute() stage for async-processes to send to its process pool, nor run_async_processes()"
        )
    from .toolkit import mp_context

    mp_ctx = mp_context(start_method)
    return lambda job: _run_async_processes(job, mp_ctx)


def _new_outcome(job: Job) -> Outcome:
    return Outcome([None] * job.tasks, [0] * job.tasks)


def _run_asyncio(job: Job) -> Outcome:
    workload, params, ctx = job.workload, job.params, job.ctx
    out = _new_outcome(job)
    results, latencies = out.results, out.latencies_ns
    assert latencies is not None

    async def main() -> None:
        in_flight = asyncio.Semaphore(job.workers)  # created on the running loop (3.9 binds it)

        async def one(i: int) -> None:
            async with in_flight:
                t0 = perf_counter_ns()
                results[i] = await workload.async_task(i, params, ctx)
                latencies[i] = perf_counter_ns() - t0

        await gather_or_cancel([one(i) for i in range(job.tasks)])

    iv = job.interval
    iv.start()
    loop = new_loop()
    try:
        iv.setup_done()
        loop.run_until_complete(main())
        iv.work_done()
    finally:
        close_loop(loop)
    iv.stop()
    return out


def _run_async_threads(job: Job) -> Outcome:
    workload, params, ctx = job.workload, job.params, job.ctx
    out = _new_outcome(job)
    results, latencies = out.results, out.latencies_ns
    assert latencies is not None
    compute = workload.compute

    def timed_task(i: int) -> Tuple[Any, int]:
        t0 = perf_counter_ns()
        value = workload.blocking_task(i, params, ctx)
        return value, perf_counter_ns() - t0

    def timed_compute(data: Any) -> Tuple[Any, int]:
        t0 = perf_counter_ns()
        value = compute(data, params)  # type: ignore[misc]
        return value, perf_counter_ns() - t0

    async def main(loop: asyncio.AbstractEventLoop, pool: ThreadPoolExecutor) -> None:
        async def whole(i: int) -> None:
            results[i], latencies[i] = await loop.run_in_executor(pool, timed_task, i)

        async def split(i: int) -> None:  # only afetch: await it here, compute in a thread
            t0 = perf_counter_ns()
            data = await workload.afetch(i, params, ctx)  # type: ignore[misc]
            fetch_ns = perf_counter_ns() - t0
            results[i], compute_ns = await loop.run_in_executor(pool, timed_compute, data)
            latencies[i] = fetch_ns + compute_ns

        one = split if workload.fetch is None and workload.afetch is not None else whole
        await gather_or_cancel([one(i) for i in range(job.tasks)])

    iv = job.interval
    iv.start()
    loop = new_loop()
    pool = ThreadPoolExecutor(max_workers=job.workers, thread_name_prefix="pyconc")
    try:
        iv.setup_done()
        loop.run_until_complete(main(loop, pool))
        iv.work_done()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        close_loop(loop)
        raise
    pool.shutdown(wait=True)
    close_loop(loop)
    iv.stop()
    return out


def _run_async_processes(job: Job, mp_ctx: Any) -> Outcome:
    import pickle

    from . import pool_worker, toolkit
    from .mode_processes import SigtermUnwinds, outcome_for

    workload, params, ctx = job.workload, job.params, job.ctx
    out = outcome_for(job, mp_ctx)
    results, latencies = out.results, out.latencies_ns
    assert latencies is not None
    blob = pickle.dumps(ctx)

    async def main(loop: asyncio.AbstractEventLoop, pool: Any) -> None:
        async def one(i: int) -> None:
            t0 = perf_counter_ns()
            data = await workload.fetch_on_loop(i, params, ctx)
            fetch_ns = perf_counter_ns() - t0
            row = await loop.run_in_executor(pool, pool_worker.compute_task, data)
            results[i] = row[0]
            latencies[i] = fetch_ns + row[1]
            out.children.add(*row[2:])

        await gather_or_cancel([one(i) for i in range(job.tasks)])

    iv = job.interval
    with SigtermUnwinds():
        iv.start()
        loop = new_loop()
        loop_open = True
        pool = None
        try:
            # Every worker started, initialised and counted once (maxRssKb, even with no task).
            initargs = (workload.path, params, blob)
            pool, reports = toolkit.process_pool(mp_ctx, job.workers, pool_worker.init, initargs)
            for usage in reports:
                out.children.add(*usage)
            if workload.afetch is None and workload.fetch is not None and job.tasks > 1:
                # asyncio.to_thread's default pool (cpus + 4 threads) would cap "all in flight".
                loop.set_default_executor(ThreadPoolExecutor(max_workers=job.tasks))
            iv.setup_done()
            loop.run_until_complete(main(loop, pool))
            iv.work_done()
            pool.shutdown(wait=True)
            pool = None
            loop_open = False
            close_loop(loop)
            iv.stop()
        finally:
            if loop_open:
                close_loop(loop)
            if pool is not None:
                toolkit.kill_pool(pool)
    return out
