"""The harness's in-process core: `run_spec(spec) -> reply`, one sample from spec to reply."""
from __future__ import annotations

import os
import sys

from . import in_process_server, reply
from .errors import SpecError, Terminated, Unsupported
from .job import Job
from .spec import MODES, validate
from .workload import Workload, load, override_name

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Dict, Optional
    from .job import Runner

# Imported only when asked for: a sample pays for its own mode's imports alone.
_MODE_MODULES = {
    "sequential": "mode_sequential",
    "threading": "mode_threads",
    "multiprocessing": "mode_processes",
    "process-loops": "mode_processes",
    "asyncio": "mode_asyncio",
    "async-threads": "mode_asyncio",
    "async-processes": "mode_asyncio",
    "interpreters": "mode_interpreters",
}


def run_spec(spec: Dict[str, Any]) -> Dict[str, Any]:
    """Run one sample described by `spec` (the parsed spec JSON) and return the reply dict.

    Never raises for a bad spec or a failing workload (those are replies); only KeyboardInterrupt
    and Terminated (SIGTERM during a process mode) get through.
    """
    try:
        spec = validate(spec)
    except SpecError as exc:
        return reply.failed(exc)
    try:
        tmp = _TmpDir(spec["tmpDir"])
    except Exception as exc:
        return reply.failed(exc, spec["startMethod"])
    try:
        return _run(spec, tmp.path)
    finally:
        tmp.cleanup()


def _run(spec: Dict[str, Any], tmp_path: str) -> Dict[str, Any]:
    mode, start_method = spec["mode"], spec["startMethod"]
    try:
        workload = load(spec["workload"])
        override = workload.override(mode)
        runner = None if override is not None else _prepare(mode, workload, start_method)
        params = dict(spec["params"], _tmpdir=tmp_path, _start_method=start_method)
        tasks = workload.task_count(params)
        job = Job(workload, mode, params, None, tasks, spec["workers"], start_method, spec["chunksize"], spec["values"])
        if workload.setup is not None:
            threads = in_process_server.threads_now()
            job.ctx = workload.setup(params)
            job.in_process_server = in_process_server.left_serving(threads)
        try:
            if override is not None:
                from .overrides import run_override

                outcome = run_override(override, job)
            else:
                outcome = runner(job)  # type: ignore[misc]
        except BaseException:
            _teardown_quietly(workload, job.ctx)
            raise
        if workload.teardown is not None:
            workload.teardown(job.ctx)
        return reply.ok(job, outcome)
    except Unsupported as exc:
        return reply.reply("unsupported", reason=exc.reason, start_method=start_method)
    except (KeyboardInterrupt, Terminated):
        raise
    except BaseException as exc:  # SystemExit from a workload is a failure like any other
        return reply.failed(exc, start_method)


def _prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    module_name = _MODE_MODULES.get(mode)
    if module_name is None:
        raise Unsupported(
            "the harness composes only the modes %s, and the workload has no %s" % (", ".join(MODES), override_name(mode))
        )
    import importlib

    module = importlib.import_module("." + module_name, __package__)
    return module.prepare(mode, workload, start_method)  # type: ignore[no-any-return]


def _teardown_quietly(workload: Workload, ctx: Any) -> None:
    """Teardown after a failure: the first error is the one to report."""
    if workload.teardown is None:
        return
    try:
        workload.teardown(ctx)
    except Exception as exc:
        print("pyconc harness: teardown failed after an earlier error: %r" % (exc,), file=sys.stderr)


class _TmpDir:
    """The sample's scratch directory: created if missing, removed only if created here."""

    def __init__(self, path: Optional[str]) -> None:
        if path is None:
            import tempfile

            self.path, self.created = tempfile.mkdtemp(prefix="pyconc-"), True
        else:
            self.created = not os.path.isdir(path)
            if self.created:
                os.makedirs(path)
            self.path = path

    def cleanup(self) -> None:
        if not self.created:
            return
        try:
            os.rmdir(self.path)  # the common case, without importing shutil
        except OSError:
            import shutil

            shutil.rmtree(self.path, ignore_errors=True)
