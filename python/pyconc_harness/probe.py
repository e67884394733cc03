"""`harness.py probe`: what this interpreter is and what it can run."""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Dict


def asyncio_debug() -> bool:
    """Whether asyncio's debug mode is on (the same test asyncio itself makes)."""
    if sys.flags.dev_mode:
        return True
    return not sys.flags.ignore_environment and bool(os.environ.get("PYTHONASYNCIODEBUG"))


def default_start_method() -> str:
    """multiprocessing's default start method, without importing multiprocessing if it is not yet."""
    mp = sys.modules.get("multiprocessing")
    if mp is not None:
        return str(mp.get_start_method(allow_none=False))
    # multiprocessing's own rule (3.9 to 3.15): a test compares it with get_start_method().
    if sys.platform in ("win32", "darwin"):
        return "spawn"
    return "forkserver" if sys.version_info >= (3, 14) else "fork"


def environment(start_method: Any = None) -> Dict[str, Any]:
    """The reply's `env`: interpreter state that changes results."""
    import gc

    return {
        "gcEnabled": gc.isenabled(),
        "startMethod": start_method or default_start_method(),
        "asyncioDebug": asyncio_debug(),
        "devMode": bool(sys.flags.dev_mode),
    }


def probe() -> Dict[str, Any]:
    import concurrent.futures
    import gc
    import multiprocessing
    import platform
    import sysconfig

    # Documented from 3.13 on, underscore and all; before 3.13 every build has its GIL.
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    return {
        "executable": sys.executable,
        "version": platform.python_version(),
        "implementation": sys.implementation.name,
        "freeThreadedBuild": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gilEnabled": bool(is_gil_enabled()) if is_gil_enabled is not None else True,
        "startMethod": multiprocessing.get_start_method(allow_none=False),
        "startMethods": multiprocessing.get_all_start_methods(),
        "usableCpus": usable,
        "platform": sys.platform,
        "hasInterpreterPool": hasattr(concurrent.futures, "InterpreterPoolExecutor"),
        "asyncioDebug": asyncio_debug(),
        "devMode": bool(sys.flags.dev_mode),
        "gcEnabled": gc.isenabled(),
    }
