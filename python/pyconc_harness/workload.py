"""Loading a workload module by path and composing its stages into tasks.

The module is registered in sys.modules under a stable name (`pyconc_workload_<stem>`) so that
objects it defines pickle by reference, and child processes (fork, spawn, forkserver) load it the
same way through `load(path)`. Its directory is put on sys.path so that it can import sibling
helper modules.
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any, Callable, List, Optional, Tuple

MODULE_PREFIX = "pyconc_workload_"


def module_name(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    return MODULE_PREFIX + "".join(c if c.isalnum() or c == "_" else "_" for c in stem)


def load(path: str) -> "Workload":
    """The workload at `path`, imported once per process."""
    path = os.path.abspath(path)
    name = module_name(path)
    module = sys.modules.get(name)
    if module is None or getattr(module, "__file__", None) != path:
        module = _import(name, path)
    return Workload(module, path)


def spec_functions(private: bool = True) -> Tuple[Callable[..., Any], Callable[..., Any]]:
    """(module_from_spec, spec_from_file_location), as importlib.util has them.

    importlib.util imports typing on 3.9 and 3.10 (milliseconds per sample and per spawned
    child), so by default the same functions are taken from importlib's private modules, where
    importlib.util itself finds them (CPython 3.9, 3.11, 3.13, 3.14 and 3.15); where a release
    moves them, or with ``private=False``, from importlib.util.
    """
    if private:
        try:
            from importlib._bootstrap import module_from_spec
            from importlib._bootstrap_external import spec_from_file_location

            return module_from_spec, spec_from_file_location
        except ImportError:
            pass
    from importlib.util import module_from_spec, spec_from_file_location

    return module_from_spec, spec_from_file_location


def _import(name: str, path: str, private: bool = True) -> ModuleType:
    module_from_spec, spec_from_file_location = spec_functions(private)
    if not os.path.isfile(path):
        raise FileNotFoundError("workload module not found: %s" % path)
    folder = os.path.dirname(path)
    loader = _no_cache_loader(folder)
    if folder not in sys.path:
        sys.path.append(folder)
    spec = spec_from_file_location(name, path, loader=loader and loader(name, path))
    if spec is None or spec.loader is None:
        raise ImportError("cannot load workload module %s" % path)
    module = module_from_spec(spec)
    sys.modules[name] = module  # before executing: its classes must pickle by this name
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


_OWN = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _no_cache_loader(folder: str) -> Any:
    """For a folder outside pyconc's own tree (the user's scenarios): a source loader that writes no
    bytecode, used for the workload and every module imported from its folder, so that no
    __pycache__ appears there (a CI checkout showed it as untracked). Such modules compile from
    source in each process, about a millisecond for a typical workload; pyconc's own workloads,
    the harness and the stdlib keep their caches. None for pyconc's own folders."""
    if (folder + os.sep).startswith(_OWN):
        return None
    from importlib._bootstrap_external import (
        BYTECODE_SUFFIXES, EXTENSION_SUFFIXES, SOURCE_SUFFIXES, ExtensionFileLoader, FileFinder,
        SourceFileLoader, SourcelessFileLoader,
    )

    class NoCacheLoader(SourceFileLoader):
        def set_data(self, *args: Any, **kwargs: Any) -> None:
            return None

    # Replaced even when present: a spawned child's sys.path holds the folder from the start.
    if not getattr(sys.path_importer_cache.get(folder), "pyconc_no_cache", False):
        finder = FileFinder(
            folder, (ExtensionFileLoader, EXTENSION_SUFFIXES), (NoCacheLoader, SOURCE_SUFFIXES),
            (SourcelessFileLoader, BYTECODE_SUFFIXES))
        finder.pyconc_no_cache = True  # type: ignore[attr-defined]
        sys.path_importer_cache[folder] = finder
    return NoCacheLoader


def _function(module: ModuleType, name: str) -> Optional[Callable[..., Any]]:
    value = getattr(module, name, None)
    return value if callable(value) else None


class Workload:
    """A loaded workload: its optional stages and the whole task composed from them."""

    def __init__(self, module: ModuleType, path: str) -> None:
        self.module = module
        self.path = path
        self.fetch = _function(module, "fetch")
        self.afetch = _function(module, "afetch")
        self.compute = _function(module, "compute")
        self.setup = _function(module, "setup")
        self.teardown = _function(module, "teardown")
        self._task_count = _function(module, "task_count")

    @property
    def has_stages(self) -> bool:
        return self.fetch is not None or self.afetch is not None or self.compute is not None

    def override(self, mode: str) -> Optional[Callable[..., Any]]:
        """`run_<mode>` (dashes become underscores) when the module implements the mode itself."""
        return _function(self.module, "run_" + mode.replace("-", "_"))

    def task_count(self, params: dict) -> int:
        if self._task_count is not None:
            count = self._task_count(params)
        elif "tasks" in params:
            count = params["tasks"]
        else:
            raise ValueError("params has no 'tasks' and the workload defines no task_count(params)")
        if isinstance(count, bool) or int(count) != count or int(count) < 0:
            raise ValueError("task count must be a non-negative integer, got %r" % (count,))
        return int(count)

    def blocking_task(self, i: int, params: dict, ctx: Any) -> Any:
        """One whole task with the blocking stages: compute(fetch(i)), fetch(i) or compute(i)."""
        data = self.fetch(i, params, ctx) if self.fetch is not None else i
        return self.compute(data, params) if self.compute is not None else data

    async def async_task(self, i: int, params: dict, ctx: Any) -> Any:
        """One whole task on an event loop: afetch awaited, compute inline."""
        data = await self.afetch(i, params, ctx) if self.afetch is not None else i
        return self.compute(data, params) if self.compute is not None else data

    async def fetch_on_loop(self, i: int, params: dict, ctx: Any) -> Any:
        """The I/O stage on an event loop: afetch awaited, else fetch via asyncio.to_thread, else i."""
        if self.afetch is not None:
            return await self.afetch(i, params, ctx)
        if self.fetch is not None:
            import asyncio

            return await asyncio.to_thread(self.fetch, i, params, ctx)
        return i

    def check_stages(self, mode: str) -> None:
        """Raise StageMismatch when the workload has no stage at all for `mode`."""
        if not self.has_stages:
            raise self.mismatch(mode, "defines none of fetch(), afetch(), compute() nor %s" % override_name(mode))

    def mismatch(self, mode: str, missing: str) -> BaseException:
        """StageMismatch for `mode`: `missing` says what the workload lacks (its run_<mode> too)."""
        from .errors import StageMismatch

        return StageMismatch(mode, missing)


def override_name(mode: str) -> str:
    """`run_<mode>()` with dashes as underscores: `run_async_threads()`."""
    return "run_%s()" % mode.replace("-", "_")


def timed_map(fn: Any, items: Any, *rest: Any) -> Tuple[List[Any], List[int]]:
    """``fn(item, *rest)`` for each item in order: (values, ns of each call alone). The one per-task
    timing loop of every chunk a pool worker, thread or interpreter runs."""
    from time import perf_counter_ns

    values: List[Any] = []
    latencies: List[int] = []
    for item in items:
        t0 = perf_counter_ns()
        values.append(fn(item, *rest))
        latencies.append(perf_counter_ns() - t0)
    return values, latencies
