"""What the probe runs on the far side of a boundary (a pool's process, a subinterpreter): the
user's function loaded there the way the adapter loads it, and called once."""
from __future__ import annotations

from time import perf_counter_ns

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Optional


def load_and_call(config: Dict[str, Any], call: bool) -> Dict[str, Any]:
    """Import the target here (and call it on task 0's input when `call`): what happened, as plain data."""
    from .target import TargetError, describe_exception

    t0 = perf_counter_ns()
    try:
        from .target_workload import Context

        ctx = Context(config, crossed=True)
    except TargetError as exc:
        return {"ok": False, "error": exc.message}
    except BaseException as exc:
        return {"ok": False, "error": describe_exception(exc)}
    loaded = perf_counter_ns() - t0
    error: Optional[str] = None
    if call:
        try:
            fn = ctx.sync_fn
            if fn is not None:
                fn(ctx.arg(0))
            else:
                import asyncio

                assert ctx.async_fn is not None
                asyncio.run(ctx.async_fn(ctx.arg(0)))
        except BaseException as exc:
            error = "the function raised %s" % describe_exception(exc)
    return {"ok": error is None, "error": error, "loadNs": loaded}


def noop() -> None:
    """A hand-over and nothing else."""
    return None
