"""What a mode runner gets (Job) and gives back (Outcome)."""
from __future__ import annotations

from .measure import ChildStats, Interval
from .workload import Workload

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple

    #: A mode runner: prepared (and checked) before the workload's setup, run inside it.
    Runner = Callable[["Job"], "Outcome"]


class Job:
    """One sample to run: the workload, its params and ctx, the task count and the pool size."""

    def __init__(
        self,
        workload: Workload,
        mode: str,
        params: dict,
        ctx: Any,
        tasks: int,
        workers: int,
        start_method: Optional[str],
        chunksize: Optional[int] = None,
        values: int = 1,
    ) -> None:
        self.workload = workload
        self.mode = mode
        self.params = params
        self.ctx = ctx
        self.tasks = tasks
        self.workers = workers
        self.start_method = start_method
        self.interval = Interval()
        self.chunksize = chunksize  # as asked: None is "auto"
        self.values = values  # how many times the whole set of tasks runs (the first one is workNs)
        self.warm_work_ns: List[int] = []  # the work time of runs 2..values
        self.chunksize_used: Optional[int] = None  # set by a mode that hands tasks over in chunks
        self.in_process_server: Optional[bool] = None  # setup left a server in this process (in_process_server.py)

    def chunks(self) -> List[Tuple[int, int]]:
        """The tasks as (start, stop) ranges of consecutive indices, `chunksize` long (the last may be
        shorter); "auto" is ceil(tasks / (4 x workers)), as multiprocessing.Pool.map's default."""
        size = self.chunksize
        if size is None:
            size = max(1, -(-self.tasks // (4 * self.workers)))
        self.chunksize_used = size
        return [(start, min(start + size, self.tasks)) for start in range(0, self.tasks, size)]


class Outcome:
    """Task values in index order plus whatever the mode measured on the way."""

    def __init__(self, results: List[Any], latencies_ns: Optional[List[int]]) -> None:
        self.results = results
        self.latencies_ns = latencies_ns
        self.children = ChildStats()
        self.extra_child_rss_kb: List[int] = []  # peaks a run_<mode> override reports
        self.extra_child_cpu_ns = (0, 0)  # (user, sys) a run_<mode> override reports for its forkserver children
        self.metrics: Dict[str, float] = {}
        self.start_method: Optional[str] = None  # the one used; None: not a process mode
        # Children forked by a forkserver are not ours: RUSAGE_CHILDREN never sees their CPU,
        # so the CPU they report about themselves is added instead.
        self.add_child_cpu = False
