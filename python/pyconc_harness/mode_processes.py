"""`multiprocessing` (a multiprocessing.Pool running whole tasks) and `process-loops`
(`workers` processes, each with its own event loop over a shard of the tasks).

Both start every child inside the setup interval and wait until all of them are ready, so that
setupNs is the full start-up cost and workNs the tasks alone; both reap every child before the
interval ends (RUSAGE_CHILDREN counts only reaped children), also when a task fails.
"""
from __future__ import annotations

import multiprocessing
import pickle
import signal
from multiprocessing.connection import wait as wait_ready

from . import pool_worker
from .errors import ChildError, Terminated, Unsupported, WorkerDied
from .job import Job, Outcome
from .workload import Workload

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, List, Optional
    from .job import Runner

#: How often a wait on a pool checks whether one of its workers died.
POLL_S = 0.1


def mp_context(start_method: Optional[str]) -> Any:
    try:
        return multiprocessing.get_context(start_method)
    except ValueError:
        raise Unsupported("start method %r is not available on this platform" % start_method) from None


def prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    mp_ctx = mp_context(start_method)
    workload.check_stages(mode)
    if mode == "multiprocessing":
        if workload.fetch is None and workload.afetch is not None:
            raise workload.mismatch(
                mode, "has only afetch(): multiprocessing needs a blocking fetch() or run_multiprocessing()"
            )
        return lambda job: _run_pool(job, mp_ctx)
    # Imported here, before the timed region: a forked child then inherits asyncio, as the
    # children of any asyncio program would (spawned ones still pay for it, as they would).
    import importlib

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


def wait_result(result: Any, processes: List[Any]) -> Any:
    """AsyncResult.get(), but a dead worker raises instead of hanging (Pool would wait forever)."""
    while not result.ready():
        result.wait(POLL_S)
        if result.ready():
            break
        for process in processes:
            code = process.exitcode
            if code is not None:
                raise WorkerDied(
                    "pool worker pid %s exited with code %s before returning its task" % (process.pid, code)
                )
    return result.get()


def _run_pool(job: Job, mp_ctx: Any) -> Outcome:
    out = outcome_for(job, mp_ctx)
    blob = pickle.dumps(job.ctx)
    iv = job.interval
    with SigtermUnwinds():
        iv.start()
        pool = None
        try:
            barrier = mp_ctx.Barrier(job.workers)
            initargs = (job.workload.path, job.params, blob, barrier)
            pool = mp_ctx.Pool(job.workers, initializer=pool_worker.init, initargs=initargs)
            processes = list(getattr(pool, "_pool", []))  # the workers; Pool replaces dead ones silently
            # One warm-up per worker, each held by a barrier until every worker has taken one.
            for usage in wait_result(pool.map_async(pool_worker.started, range(job.workers), chunksize=1), processes):
                out.children.add(*usage)
            iv.setup_done()
            rows = wait_result(pool.map_async(pool_worker.whole_task, range(job.tasks), chunksize=1), processes)
            iv.work_done()
            pool.close()
            pool.join()
            pool = None
            iv.stop()
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
    for i, row in enumerate(rows):
        out.results[i] = row[0]
        out.latencies_ns[i] = row[1]  # type: ignore[index]
        out.children.add(*row[2:])
    return out


def _run_loops(job: Job, mp_ctx: Any) -> Outcome:
    out = outcome_for(job, mp_ctx)
    blob = pickle.dumps(job.ctx)
    processes: List[Any] = []
    conns: List[Any] = []
    iv = job.interval
    with SigtermUnwinds():
        iv.start()
        try:
            for k in range(job.workers):
                mine, theirs = mp_ctx.Pipe()
                conns.append(mine)
                process = mp_ctx.Process(
                    target=pool_worker.loop_child,
                    args=(theirs, job.workload.path, job.params, blob, k, job.workers, job.tasks),
                    name="pyconc-loop-%d" % k,
                )
                process.start()
                processes.append(process)
                theirs.close()
            _collect(conns, processes)
            iv.setup_done()
            for conn in conns:
                conn.send("go")
            replies = _collect(conns, processes)
            iv.work_done()
            for process in processes:
                process.join()
            iv.stop()
        finally:
            for process in processes:
                if process.exitcode is None:
                    process.terminate()
            for process in processes:
                process.join()
            for conn in conns:
                conn.close()
    for k, reply in enumerate(replies):
        _, values, latencies = reply[:3]
        for j, i in enumerate(range(k, job.tasks, job.workers)):
            out.results[i] = values[j]
            out.latencies_ns[i] = latencies[j]  # type: ignore[index]
        out.children.add(*reply[3:])
    return out


def _collect(conns: List[Any], processes: List[Any]) -> List[Any]:
    """One message from every child; a child's error or death raises."""
    replies: List[Any] = [None] * len(conns)
    pending = {conn: k for k, conn in enumerate(conns)}
    while pending:
        sentinels = {processes[k].sentinel: k for k in pending.values()}
        ready = wait_ready(list(pending) + list(sentinels))
        for obj in ready:
            k = pending.pop(obj, None) if not isinstance(obj, int) else None
            if k is None:
                continue
            conn: Any = obj
            try:
                message = conn.recv()
            except EOFError:
                raise WorkerDied("process-loops worker %d closed its pipe without replying" % k) from None
            if message[0] == "error":
                error = message[1]
                raise ChildError(error["type"], error["message"], error["traceback"])
            replies[k] = message
        for obj in ready:
            k = sentinels.get(obj) if isinstance(obj, int) else None
            # A child may exit right after replying: only a silent exit is a death.
            if k is not None and conns[k] in pending and not conns[k].poll():
                processes[k].join(1.0)  # the sentinel can fire just before the exit status is there
                raise WorkerDied(
                    "process-loops worker %d exited with code %s before replying" % (k, processes[k].exitcode)
                )
    return replies
