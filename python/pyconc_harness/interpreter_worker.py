"""The subinterpreter side of the `interpreters` mode: the warm-up handshake and the task function.

Each interpreter of the pool is a module namespace of its own: these globals exist once per
interpreter. Everything arrives pickled, so the functions here and the workload's stages are
module-level and found by name; the workload is loaded by path, as in a process pool's child.
"""
from __future__ import annotations

import pickle

from .workload import Workload, load, timed_map

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, List, Optional, Tuple

_workload: Optional[Workload] = None
_params: dict = {}
_ctx: Any = None


def warm(path: str, params: dict, ctx_blob: bytes, arrived: Any, go: Any) -> int:
    """Load the workload in this interpreter, report in on `arrived`, then wait for `go`.

    Holding every warm-up task until all have arrived makes each one run in a different
    interpreter, so that every interpreter of the pool is started and has the workload before
    the first task. The report always goes out, also on an error, so the parent never hangs.
    """
    global _workload, _params, _ctx
    from concurrent import interpreters

    error = None
    try:
        if _workload is None:
            _workload = load(path)
            _params = params
            _ctx = pickle.loads(ctx_blob)
    except BaseException as exc:
        import traceback

        error = (type(exc).__name__, str(exc), traceback.format_exc())
    arrived.put((interpreters.get_current().id, error))
    go.get()
    return 0


def whole_chunk(start: int, stop: int) -> Tuple[List[Any], List[int]]:
    """Tasks start..stop-1, fetch and compute, in this interpreter: (values, task ns each)."""
    workload = _workload
    assert workload is not None, "the interpreter was not warmed up"
    return timed_map(workload.blocking_task, range(start, stop), _params, _ctx)
