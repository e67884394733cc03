"""The child-process side of the process modes: pool initialiser, task functions, loop children.

Everything a child needs arrives as plain arguments and the workload is loaded by path, so the
same code works under fork, spawn and forkserver. The workload's ctx travels pickled as bytes and
is unpickled only after the workload module is registered, since it may hold the module's objects.
"""
from __future__ import annotations

import pickle
import signal
from time import perf_counter_ns

from .measure import own_usage
from .workload import Workload, load

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple

#: How long a pool worker's warm-up waits for its siblings to start before giving up.
START_TIMEOUT_S = 120.0

_workload: Optional[Workload] = None
_params: dict = {}
_ctx: Any = None
_init_error: Optional[BaseException] = None
_barrier: Any = None


def init(path: str, params: dict, ctx_blob: bytes, barrier: Any) -> None:
    """Pool initialiser: load the workload and keep the pool's start barrier for `started`."""
    global _workload, _params, _ctx, _init_error, _barrier
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked child inherits the parent's handler
    _barrier = barrier
    try:
        _workload = load(path)
        _params = params
        _ctx = pickle.loads(ctx_blob)
    except BaseException as exc:  # reported by every task; raising here would respawn forever
        _init_error = exc


def _ready() -> Workload:
    if _init_error is not None:
        raise _init_error
    assert _workload is not None
    return _workload


def started(_i: int) -> Tuple[int, int, int, int]:
    """The warm-up task, one per worker: returns (pid, peak RSS KB, user ns, sys ns).

    It waits until every worker holds one, so that no worker can take two: each worker has then
    started (setupNs is complete) and reported itself (maxRssKb counts it even if it gets no task).
    """
    if _barrier is not None:
        _barrier.wait(START_TIMEOUT_S)
    _ready()
    return own_usage()


def whole_task(i: int) -> Tuple[Any, int, int, int, int, int]:
    """Task i, fetch and compute: (value, task ns, pid, peak RSS KB, user ns, sys ns)."""
    workload = _ready()
    t0 = perf_counter_ns()
    value = workload.blocking_task(i, _params, _ctx)
    return (value, perf_counter_ns() - t0) + own_usage()


def compute_task(data: Any) -> Tuple[Any, int, int, int, int, int]:
    """The compute stage alone: (value, task ns, pid, peak RSS KB, user ns, sys ns)."""
    workload = _ready()
    assert workload.compute is not None
    t0 = perf_counter_ns()
    value = workload.compute(data, _params)
    return (value, perf_counter_ns() - t0) + own_usage()


def loop_child(conn: Any, path: str, params: dict, ctx_blob: bytes, k: int, workers: int, tasks: int) -> None:
    """A process-loops child: its own event loop over the shard i % workers == k, all in flight.

    Protocol on `conn`: child → ("ready",); parent → "go"; child → ("ok", values, latencies,
    pid, rss, user, sys) or, at any point, ("error", error dict).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    loop = None
    try:
        workload = load(path)
        ctx = pickle.loads(ctx_blob)
        from .loops import close_loop, gather_or_cancel, new_loop

        loop = new_loop()
        shard = range(k, tasks, workers)
        if workload.afetch is None and workload.fetch is not None and len(shard) > 1:
            # asyncio.to_thread's default pool (cpus + 4 threads) would cap "all in flight".
            from concurrent.futures import ThreadPoolExecutor

            loop.set_default_executor(ThreadPoolExecutor(max_workers=len(shard)))

        async def one(i: int) -> Tuple[Any, int]:
            t0 = perf_counter_ns()
            data = await workload.fetch_on_loop(i, params, ctx)
            value = workload.compute(data, params) if workload.compute is not None else data
            return value, perf_counter_ns() - t0

        conn.send(("ready",))
        if conn.recv() != "go":
            return
        pairs = loop.run_until_complete(gather_or_cancel([one(i) for i in shard]))
        conn.send(("ok", [v for v, _ in pairs], [ns for _, ns in pairs]) + own_usage())
    except BaseException as exc:
        from .errors import describe

        try:
            conn.send(("error", describe(exc)))
        except BaseException:
            pass  # the parent is gone or the pipe is broken: exiting is all that is left
    finally:
        try:
            if loop is not None:
                close_loop(loop)
        finally:
            conn.close()
