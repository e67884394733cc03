"""The event-loop modes: `asyncio` (one loop, `workers` tasks in flight), `async-threads`
(blocking tasks through a ThreadPoolExecutor) and `async-processes` (compute through a
ProcessPoolExecutor, every task in flight on the loop). The two pool modes hand tasks to their
pool in chunks of consecutive tasks (`Job.chunks`), one executor call per chunk.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from time import perf_counter_ns

from . import runs
from .job import Job, Outcome
from .loops import close_loop, gather_or_cancel, new_loop
from .workload import Workload, timed_map

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, List, Optional, Tuple
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
    import importlib

    from .toolkit import mp_context

    mp_ctx = mp_context(start_method)
    # Imported before the timed region, as a program imports them at its top (see mode_processes).
    importlib.import_module("multiprocessing.connection")
    importlib.import_module("concurrent.futures.process")
    return lambda job: _run_async_processes(job, mp_ctx)


def _new_outcome(job: Job) -> Outcome:
    return Outcome([None] * job.tasks, [0] * job.tasks)


def _run_asyncio(job: Job) -> Outcome:
    workload, params, ctx = job.workload, job.params, job.ctx

    async def main(into: Outcome) -> None:
        results, latencies = into.results, into.latencies_ns
        assert latencies is not None
        in_flight = asyncio.Semaphore(job.workers)  # created on the running loop (3.9 binds it)

        async def one(i: int) -> None:
            async with in_flight:
                t0 = perf_counter_ns()
                results[i] = await workload.async_task(i, params, ctx)
                latencies[i] = perf_counter_ns() - t0

        await gather_or_cancel([one(i) for i in range(job.tasks)])

    out = _new_outcome(job)
    iv = job.interval
    iv.start()
    loop = new_loop()
    try:
        runs.work(job, out, lambda into: loop.run_until_complete(main(into)))
    finally:
        close_loop(loop)
    iv.stop()
    return out


async def _fetched(workload: Workload, start: int, stop: int, params: dict, ctx: Any, fetch_ns: List[int]) -> List[Any]:
    """The I/O stage of tasks start..stop-1 on the loop, all in flight; each one's time in `fetch_ns`."""

    async def one(i: int) -> Any:
        t0 = perf_counter_ns()
        data = await workload.fetch_on_loop(i, params, ctx)
        fetch_ns[i - start] = perf_counter_ns() - t0
        return data

    return await gather_or_cancel([one(i) for i in range(start, stop)])


def _run_async_threads(job: Job) -> Outcome:
    """Chunks of whole tasks in the threads; with only afetch(), each chunk's fetches awaited on the
    loop (all in flight), then its compute stages in a thread."""
    workload, params, ctx = job.workload, job.params, job.ctx
    compute = workload.compute
    split = workload.fetch is None and workload.afetch is not None
    chunks = job.chunks()

    def whole_chunk(start: int, stop: int) -> Tuple[List[Any], List[int]]:
        return timed_map(workload.blocking_task, range(start, stop), params, ctx)

    def compute_chunk(data: List[Any]) -> Tuple[List[Any], List[int]]:
        return timed_map(compute, data, params)

    async def main(into: Outcome, loop: asyncio.AbstractEventLoop, pool: ThreadPoolExecutor) -> None:
        results, latencies = into.results, into.latencies_ns
        assert latencies is not None

        async def chunk(start: int, stop: int) -> None:
            if not split:
                results[start:stop], latencies[start:stop] = await loop.run_in_executor(pool, whole_chunk, start, stop)
                return
            fetch_ns = [0] * (stop - start)
            data = await _fetched(workload, start, stop, params, ctx, fetch_ns)
            results[start:stop], compute_ns = await loop.run_in_executor(pool, compute_chunk, data)
            latencies[start:stop] = [a + b for a, b in zip(fetch_ns, compute_ns)]

        await gather_or_cancel([chunk(start, stop) for start, stop in chunks])

    out = _new_outcome(job)
    iv = job.interval
    iv.start()
    loop = new_loop()
    pool = ThreadPoolExecutor(max_workers=job.workers, thread_name_prefix="pyconc")
    try:
        runs.work(job, out, lambda into: loop.run_until_complete(main(into, loop, pool)))
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        close_loop(loop)
        raise
    pool.shutdown(wait=True)
    close_loop(loop)
    iv.stop()
    return out


def _run_async_processes(job: Job, mp_ctx: Any) -> Outcome:
    """Each chunk's I/O stages on the loop (every task in flight), then its compute stages in one
    call to the process pool."""
    import pickle

    from . import pool_worker, toolkit
    from .mode_processes import SigtermUnwinds, outcome_for

    workload, params, ctx = job.workload, job.params, job.ctx
    out = outcome_for(job, mp_ctx)
    blob = pickle.dumps(ctx)
    chunks = job.chunks()

    async def main(into: Outcome, loop: asyncio.AbstractEventLoop, pool: Any) -> None:
        results, latencies = into.results, into.latencies_ns
        assert latencies is not None

        async def chunk(start: int, stop: int) -> None:
            fetch_ns = [0] * (stop - start)
            data = await _fetched(workload, start, stop, params, ctx, fetch_ns)
            row = await loop.run_in_executor(pool, pool_worker.compute_chunk, data)
            results[start:stop] = row[0]
            latencies[start:stop] = [a + b for a, b in zip(fetch_ns, row[1])]
            into.children.add(*row[2:])

        await gather_or_cancel([chunk(start, stop) for start, stop in chunks])

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
            runs.work(job, out, lambda into: loop.run_until_complete(main(into, loop, pool)))
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
