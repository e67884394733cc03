"""`interpreters` (Python 3.14+): whole tasks on a concurrent.futures.InterpreterPoolExecutor, in chunks.

Each worker is a thread running its own subinterpreter, with its own GIL, so CPU work runs in
parallel without a process. The setup interval holds the pool's cold start: every interpreter is
created and has loaded the workload (a warm-up handshake, as the process pool's) before the first
task, so setupNs is the start-up and workNs the tasks alone. Stages and values cross interpreters
pickled, as they cross processes: functions must be module-level and values picklable.
"""
from __future__ import annotations

import pickle

from . import interpreter_worker
from .errors import ChildError, Unsupported
from .job import Job, Outcome
from .mode_threads import run_chunks
from .workload import Workload

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, List, Optional
    from .job import Runner


def prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    import concurrent.futures

    if not hasattr(concurrent.futures, "InterpreterPoolExecutor"):
        import sys

        raise Unsupported(
            "Python %d.%d has no concurrent.futures.InterpreterPoolExecutor (Python 3.14 or newer)" % sys.version_info[:2]
        )
    workload.check_stages(mode)
    if workload.fetch is None and workload.afetch is not None:
        raise workload.mismatch(mode, "has only afetch(): interpreters needs a blocking fetch() or run_interpreters()")
    return _run


def _run(job: Job) -> Outcome:
    from concurrent import interpreters
    from concurrent.futures import InterpreterPoolExecutor

    blob = pickle.dumps(job.ctx)
    iv = job.interval
    iv.start()
    pool = InterpreterPoolExecutor(
        max_workers=job.workers, thread_name_prefix="pyconc-interp", initializer=exec, initargs=(_importable_here(),)
    )
    try:
        arrived, go = interpreters.create_queue(), interpreters.create_queue()
        warm = [
            pool.submit(interpreter_worker.warm, job.workload.path, job.params, blob, arrived, go)
            for _ in range(job.workers)
        ]
        reports = _arrivals(arrived, warm, job.workers, interpreters.QueueEmpty)
        for _ in range(job.workers):
            go.put(None)
        for future in warm:
            future.result()
        errors = [error for _, error in reports if error is not None]
        if errors:
            raise ChildError(*errors[0])
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    return run_chunks(pool, interpreter_worker.whole_chunk, job)


def _importable_here() -> str:
    """Code that puts the folder holding pyconc_harness on a new interpreter's sys.path.

    A subinterpreter starts from the interpreter's initial sys.path, without what this process
    added (harness.py's folder under -I or -P, a test runner's top folder): the tasks' functions,
    which arrive pickled by reference to this package, could not be found there (3.15 says
    "NotShareableError: args not shareable"). The builtin exec, shareable everywhere, runs this
    in each interpreter as the pool starts it.
    """
    import os

    folder = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return "import sys\nif %r not in sys.path:\n    sys.path.insert(0, %r)\n" % (folder, folder)


def _arrivals(arrived: Any, warm: List[Any], workers: int, empty: Any) -> List[Any]:
    """Each warm-up's report; a warm-up that failed before reporting (say, the harness could not
    be imported in its interpreter) raises its error here instead of leaving the parent waiting."""
    reports: List[Any] = []
    while len(reports) < workers:
        try:
            reports.append(arrived.get(timeout=0.05))
        except empty:
            for future in warm:
                if future.done() and future.exception() is not None:
                    raise future.exception()  # type: ignore[misc]
    return reports
