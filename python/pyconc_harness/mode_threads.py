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

    results = [None] * job.tasks
    latencies = [0] * job.tasks
    iv = job.interval
    iv.start()
    pool = ThreadPoolExecutor(max_workers=job.workers, thread_name_prefix="pyconc")
    try:
        iv.setup_done()
        futures = [pool.submit(timed, i) for i in range(job.tasks)]
        for i, future in enumerate(futures):
            results[i], latencies[i] = future.result()
        iv.work_done()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    iv.stop()
    return Outcome(results, latencies)
