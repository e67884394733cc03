"""`sequential`: one loop over the tasks, the baseline of every speedup."""
from __future__ import annotations

from time import perf_counter_ns

from . import runs
from .job import Job, Outcome
from .workload import Workload

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Optional
    from .job import Runner


def prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    if workload.fetch is None and workload.afetch is not None:
        return _run_awaited  # only an async I/O stage: await the tasks one after another
    workload.check_stages(mode)
    return _run


def _run(job: Job) -> Outcome:
    task, params, ctx = job.workload.blocking_task, job.params, job.ctx

    def once(out: Outcome) -> None:
        results, latencies = out.results, out.latencies_ns
        assert latencies is not None
        for i in range(job.tasks):
            t0 = perf_counter_ns()
            results[i] = task(i, params, ctx)
            latencies[i] = perf_counter_ns() - t0

    out = Outcome([None] * job.tasks, [0] * job.tasks)
    iv = job.interval
    iv.start()
    runs.work(job, out, once)
    iv.stop()
    return out


def _run_awaited(job: Job) -> Outcome:
    from .loops import close_loop, new_loop

    task, params, ctx = job.workload.async_task, job.params, job.ctx

    async def all_tasks(out: Outcome) -> None:
        results, latencies = out.results, out.latencies_ns
        assert latencies is not None
        for i in range(job.tasks):
            t0 = perf_counter_ns()
            results[i] = await task(i, params, ctx)
            latencies[i] = perf_counter_ns() - t0

    out = Outcome([None] * job.tasks, [0] * job.tasks)
    iv = job.interval
    iv.start()
    loop = new_loop()
    try:
        runs.work(job, out, lambda into: loop.run_until_complete(all_tasks(into)))
    finally:
        close_loop(loop)
    iv.stop()
    return out
