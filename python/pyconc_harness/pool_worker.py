"""The child-process side of the process modes: pool initialiser, task functions, loop children.

Pools start through `toolkit.process_pool` (every worker reports in over a pipe of its own before
any task), loop children through `toolkit.Children` (a ready/go handshake on their pipe).

Everything a child needs arrives as plain arguments and the workload is loaded by path, so the
same code works under fork, spawn and forkserver. The workload's ctx travels pickled as bytes and
is unpickled only after the workload module is registered, since it may hold the module's objects.
"""
from __future__ import annotations

import pickle
import signal
from time import perf_counter_ns

from .measure import own_usage
from .toolkit import error_message, ready_then_go
from .workload import Workload, load, timed_map

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, List, Optional, Tuple

_workload: Optional[Workload] = None
_params: dict = {}
_ctx: Any = None


def init(path: str, params: dict, ctx_blob: bytes) -> None:
    """Pool initialiser (through `toolkit.process_pool`, which reports its error): load the workload."""
    global _workload, _params, _ctx
    _workload = load(path)
    _params = params
    _ctx = pickle.loads(ctx_blob)


def _ready() -> Workload:
    assert _workload is not None
    return _workload


def whole_chunk(bounds: Tuple[int, int]) -> Tuple[Any, ...]:
    """Tasks start..stop-1, fetch and compute: (values, task ns each, pid, peak RSS KB, user ns, sys ns)."""
    workload = _ready()
    return timed_map(workload.blocking_task, range(*bounds), _params, _ctx) + own_usage()


def compute_chunk(data: List[Any]) -> Tuple[Any, ...]:
    """The compute stage of a chunk of tasks: (values, compute ns each, pid, peak RSS KB, user ns, sys ns)."""
    workload = _ready()
    compute = workload.compute
    assert compute is not None
    return timed_map(compute, data, _params) + own_usage()


def loop_child(conn: Any, path: str, params: dict, ctx_blob: bytes, k: int, workers: int, tasks: int, values: int = 1) -> None:
    """A process-loops child: its own event loop over the shard i % workers == k, all in flight.

    Protocol on `conn`: child → ("ready",); then `values` times: parent → "go"; child → ("ok",
    values, latencies, pid, rss, user, sys); or, at any point, child → ("error", error dict).
    Anything but "go" from the parent ends the child.
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

        if not ready_then_go(conn):
            return
        for run in range(values):
            if run and conn.recv() != "go":
                return
            pairs = loop.run_until_complete(gather_or_cancel([one(i) for i in shard]))
            conn.send(("ok", [v for v, _ in pairs], [ns for _, ns in pairs]) + own_usage())
    except BaseException as exc:
        try:
            conn.send(error_message(exc))
        except BaseException:
            pass  # the parent is gone or the pipe is broken: exiting is all that is left
    finally:
        try:
            if loop is not None:
                close_loop(loop)
        finally:
            conn.close()
