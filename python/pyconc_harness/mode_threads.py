"""`threading`: whole tasks on a ThreadPoolExecutor of `workers` threads, handed over in chunks
(one call per chunk, each thread looping over its chunk's tasks: no Future per task)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from . import runs
from .job import Job, Outcome
from .workload import Workload, timed_map

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, List, Optional, Tuple
    from .job import Runner


def prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    workload.check_stages(mode)
    if workload.fetch is None and workload.afetch is not None:
        raise workload.mismatch(mode, "has only afetch(): threading needs a blocking fetch() or run_threading()")
    return _run


def _run(job: Job) -> Outcome:
    task, params, ctx = job.workload.blocking_task, job.params, job.ctx

    def chunk(start: int, stop: int) -> Tuple[List[Any], List[int]]:
        return timed_map(task, range(start, stop), params, ctx)

    job.interval.start()
    pool = ThreadPoolExecutor(max_workers=job.workers, thread_name_prefix="pyconc")
    return run_chunks(pool, chunk, job)


def run_chunks(pool: Any, chunk: Any, job: Job) -> Outcome:
    """The work interval of a pool mode whose pool is up: one call `chunk(start, stop)` per chunk
    of consecutive tasks (`job.chunks()`), returning the chunk's values and latencies (ns, timed
    in the worker), collected in task order; the whole set `job.values` times, then the pool shut
    down (its queued chunks cancelled when one fails). Shared by the thread and interpreter pools."""
    out = Outcome([None] * job.tasks, [0] * job.tasks)
    chunks = job.chunks()

    def once(into: Outcome) -> None:
        results, latencies = into.results, into.latencies_ns
        assert latencies is not None
        futures = [pool.submit(chunk, start, stop) for start, stop in chunks]
        for (start, stop), future in zip(chunks, futures):
            results[start:stop], latencies[start:stop] = future.result()

    try:
        runs.work(job, out, once)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    job.interval.stop()
    return out
