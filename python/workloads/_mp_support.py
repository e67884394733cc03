"""multiprocessing support for the workloads that start processes themselves.

1. Calling a workload's own functions in child processes under any start method. The harness
registers a workload module as ``pyconc_workload_<stem>``, a name no child can import by itself:
a function of the module pickles by reference, so a spawned or forkserver child could not find it
(a forked one inherits it). Workloads that start processes themselves (their ``run_<mode>``
overrides) therefore hand children ``target(module, "name")``: a picklable partial of ``call``
below, which lives in this plain sibling module (importable by name, since the harness puts this
folder on ``sys.path``) and loads the workload by path when the child does not have it.

2. Each child's own peak RSS and CPU time (``own_usage``), which the harness adds up for the whole tree,
and a child's exception carried back as text (``describe_error`` in the child, ``child_error``
in the parent), so that the sample's error shows the child's traceback.

3. Leaving no helper process behind. Under spawn and forkserver, multiprocessing starts helper
processes of its own the first time it needs them (the resource tracker, the fork server), and
keeps them until the interpreter exits. A workload's ``setup`` notes which are running
(``helpers_running``) and its ``teardown``, outside the timed region, stops those started since
(``stop_helpers_started_since``).
"""
from __future__ import annotations

import functools
import os
import sys
from types import ModuleType
from typing import Any, Callable, Dict, Iterable, List, Sequence, Tuple


def target(module: ModuleType, function: str) -> Callable[..., Any]:
    """A picklable callable that runs ``module.<function>(*args)`` in any process."""
    return functools.partial(call, module.__name__, os.path.abspath(module.__file__ or ""), function)


def call(name: str, path: str, function: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(module_at(name, path), function)(*args, **kwargs)


def module_at(name: str, path: str) -> ModuleType:
    """The module loaded from ``path`` under ``name``: inherited (fork) or imported here once."""
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__file__", None) == path:
        return module
    # The harness's own loader: one way to import a workload by path, in every process.
    from pyconc_harness.workload import load

    return load(path).module


def own_usage() -> Tuple[int, List[int]]:
    """This process's peak resident set in KiB and its CPU time so far as [user_ns, sys_ns], from
    one getrusage call (0 and [0, 0] where `resource` is missing, as on Windows)."""
    try:
        import resource
    except ImportError:
        return 0, [0, 0]
    me = resource.getrusage(resource.RUSAGE_SELF)
    peak = int(me.ru_maxrss // 1024 if sys.platform == "darwin" else me.ru_maxrss)  # bytes on macOS
    return peak, [int(me.ru_utime * 1e9), int(me.ru_stime * 1e9)]


def unreaped_child_cpu(start_method: str, cpu_ns: Iterable[Sequence[int]]) -> Dict[str, Any]:
    """An override's ``child_cpu_ns`` entry, from its children's own reports ([user_ns, sys_ns]).

    Only a fork server's children need it: they are not this process's, so RUSAGE_CHILDREN never
    sees their CPU time. Fork and spawn children are reaped here and counted already: for them,
    nothing (reporting them too would count them twice).
    """
    if start_method != "forkserver":
        return {}
    return {"child_cpu_ns": [[int(user), int(sys_)] for user, sys_ in cpu_ns]}


def describe_error(exc: BaseException) -> Dict[str, str]:
    """A child's exception as plain text, picklable whatever the exception holds."""
    import traceback

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {"type": type(exc).__name__, "message": str(exc), "traceback": text}


def child_error(error: Dict[str, str]) -> Exception:
    """The exception to raise in the parent for a child's `describe_error`: the harness's
    ChildError (the reply then names the child's exception and traceback), else a RuntimeError."""
    try:
        from pyconc_harness.errors import ChildError
    except ImportError:
        return RuntimeError("%s: %s\n%s" % (error["type"], error["message"], error["traceback"]))
    return ChildError(error["type"], error["message"], error["traceback"])


def helpers_running() -> Dict[str, bool]:
    """Which of multiprocessing's helper processes this process has running now."""
    from multiprocessing import forkserver, resource_tracker

    return {
        "forkserver": getattr(forkserver._forkserver, "_forkserver_pid", None) is not None,
        "resource_tracker": getattr(resource_tracker._resource_tracker, "_pid", None) is not None,
    }


def stop_helpers_started_since(before: Dict[str, bool]) -> None:
    """Stop the helper processes that were not running at `before` (private API, hence guarded)."""
    from multiprocessing import forkserver, resource_tracker

    now = helpers_running()
    if now["forkserver"] and not before.get("forkserver") and hasattr(forkserver._forkserver, "_stop"):
        forkserver._forkserver._stop()
    if now["resource_tracker"] and not before.get("resource_tracker"):
        if hasattr(resource_tracker._resource_tracker, "_stop"):
            resource_tracker._resource_tracker._stop()
