"""`threading`: whole tasks on a ThreadPoolExecutor of `workers` threads."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from time import perf_counter_ns

from .job import Job, Outcome
from .workload import Workload

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple
    from .job import Runner


def prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    workload.check_stages(mode)
    if workload.fetch is None and workload.afetch is not None:
        raise workload.mismatch(mode, "has only afetch(): threading needs a blocking fetch() or run_threading()")
    return _run


def _run(job: Job) -> Outcome:
    task, params, ctx = job.workload.blocking_task, job.params, job.ctx

    def timed(i: int) -> Tuple[Any, int]:
        t0 = perf_counter_ns()
        value = task(i, params, ctx)
        return value, perf_counter_ns() - t0

    job.interval.start()
    pool = ThreadPoolExecutor(max_workers=job.workers, thread_name_prefix="pyconc")
    return run_whole_tasks(pool, timed, job)


def run_whole_tasks(pool: Any, task: Any, job: Job) -> Outcome:
    """The work interval of a pool mode whose pool is up: every task submitted, the values and
    latencies collected in task order, then the pool shut down (its queued tasks cancelled when one
    fails). `task(i)` returns (value, latency ns). Shared by the thread and interpreter pools."""
    results = [None] * job.tasks
    latencies = [0] * job.tasks
    iv = job.interval
    try:
        iv.setup_done()
        futures = [pool.submit(task, i) for i in range(job.tasks)]
        for i, future in enumerate(futures):
            results[i], latencies[i] = future.result()
        iv.work_done()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    iv.stop()
    return Outcome(results, latencies)
