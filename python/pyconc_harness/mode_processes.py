"""`multiprocessing` (a multiprocessing.Pool running whole tasks) and `process-loops`
(`workers` processes, each with its own event loop over a shard of the tasks).

Both start every child inside the setup interval and wait until all of them are ready, so that
setupNs is the full start-up cost and workNs the tasks alone; both reap every child before the
interval ends (RUSAGE_CHILDREN counts only reaped children), also when a task fails. The starts
are the toolkit's (`process_pool`, `Children`): each child reports in over a pipe of its own, and
a child that dies meanwhile is a quick failure, never a hang.
"""
from __future__ import annotations

import pickle
import signal

from . import pool_worker, runs, toolkit
from .errors import Terminated
from .job import Job, Outcome
from .toolkit import mp_context
from .workload import Workload

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Optional
    from .job import Runner


def prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    import importlib

    mp_ctx = mp_context(start_method)
    workload.check_stages(mode)
    # The modules a pool's start needs, imported here, before the timed region, as a program
    # imports them at its top: setupNs is starting the workers, not loading Python code.
    importlib.import_module("multiprocessing.connection")
    if mode == "multiprocessing":
        if workload.fetch is None and workload.afetch is not None:
            raise workload.mismatch(
                mode, "has only afetch(): multiprocessing needs a blocking fetch() or run_multiprocessing()"
            )
        importlib.import_module("multiprocessing.pool")
        return lambda job: _run_pool(job, mp_ctx)
    # Imported here too: a forked child then inherits asyncio, as the children of any asyncio
    # program would (spawned ones still pay for it, as they would).
    importlib.import_module("asyncio")

    return lambda job: _run_loops(job, mp_ctx)


class SigtermUnwinds:
    """While active, SIGTERM raises Terminated in the main thread, so `finally` reaps children."""

    def __enter__(self) -> "SigtermUnwinds":
        self._previous: Any = None
        try:
            self._previous = signal.signal(signal.SIGTERM, _raise_terminated)
            self._installed = True
        except ValueError:  # not the main thread (in-process use): leave signals alone
            self._installed = False
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._installed:
            signal.signal(signal.SIGTERM, self._previous if self._previous is not None else signal.SIG_DFL)


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated("SIGTERM")


def outcome_for(job: Job, mp_ctx: Any) -> Outcome:
    out = Outcome([None] * job.tasks, [0] * job.tasks)
    out.start_method = mp_ctx.get_start_method()
    out.add_child_cpu = out.start_method == "forkserver"
    return out


def _run_pool(job: Job, mp_ctx: Any) -> Outcome:
    out = outcome_for(job, mp_ctx)
    initargs = (job.workload.path, job.params, pickle.dumps(job.ctx))
    chunks = job.chunks()
    iv = job.interval
    with SigtermUnwinds():
        iv.start()
        pool = None
        try:
            # Every worker started, initialised and counted once (maxRssKb, even with no task).
            pool, reports = toolkit.process_pool(mp_ctx, job.workers, pool_worker.init, initargs, executor=False)
            for usage in reports:
                out.children.add(*usage)
            processes = toolkit.pool_processes(pool)  # the workers now; Pool replaces dead ones silently

            def once(into: Outcome) -> None:
                assert into.latencies_ns is not None
                rows = toolkit.pool_result(pool.map_async(pool_worker.whole_chunk, chunks, chunksize=1), processes)
                for (start, stop), row in zip(chunks, rows):
                    into.results[start:stop], into.latencies_ns[start:stop] = row[0], row[1]
                    into.children.add(*row[2:])

            runs.work(job, out, once)
            pool.close()
            pool.join()
            pool = None
            iv.stop()
        finally:
            if pool is not None:
                toolkit.kill_pool(pool)
    return out


def _run_loops(job: Job, mp_ctx: Any) -> Outcome:
    out = outcome_for(job, mp_ctx)
    blob = pickle.dumps(job.ctx)
    path, params, n, tasks = job.workload.path, job.params, job.workers, job.tasks
    iv = job.interval
    with SigtermUnwinds():
        iv.start()
        args = [(path, params, blob, k, n, tasks, job.values) for k in range(n)]
        with toolkit.Children(mp_ctx, pool_worker.loop_child, args, "process-loops worker") as children:
            children.receive()  # ("ready",) from each

            def once(into: Outcome) -> None:
                assert into.latencies_ns is not None
                children.send("go")
                for k, reply in enumerate(children.receive()):
                    _, values, latencies = reply[:3]
                    for j, i in enumerate(range(k, job.tasks, job.workers)):
                        into.results[i] = values[j]
                        into.latencies_ns[i] = latencies[j]
                    into.children.add(*reply[3:])

            runs.work(job, out, once)
            children.join()
            iv.stop()
    return out
