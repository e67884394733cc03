"""The work interval: the whole set of tasks run `values` times in one process, pool kept up.

The first run is the sample's workNs (cold: the pool has done no task yet); runs 2..values are
timed one by one into `job.warm_work_ns`, and the interval they take (time, CPU, context switches,
the CPU children report for them) is measured so that the reply leaves it out of every other
figure. Each repeated run must compute the first run's checksum.
"""
from __future__ import annotations

from time import perf_counter_ns

from .errors import ValuesDiffer
from .job import Job, Outcome
from .measure import checksum

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Callable

    #: Runs every task once, filling the given Outcome's results, latencies and children.
    Once = Callable[[Outcome], None]


def work(job: Job, out: Outcome, once: Once) -> None:
    """Setup done → the first run (into `out`) → work done → the warm runs, if any."""
    iv = job.interval
    iv.setup_done()
    once(out)
    iv.work_done()
    if job.values > 1:
        warm_runs(job, out, once)


def warm_runs(job: Job, out: Outcome, once: Once) -> None:
    """Runs 2..values, each into an Outcome of its own (its latencies and RSS are dropped)."""
    iv = job.interval
    iv.warm_begin()
    expected = checksum(out.results)
    children = out.children.copy()  # what children report in warm runs: kept apart from the first's
    for run in range(2, job.values + 1):
        into = Outcome([None] * job.tasks, None if out.latencies_ns is None else [0] * job.tasks)
        into.children = children
        t0 = perf_counter_ns()
        once(into)
        job.warm_work_ns.append(perf_counter_ns() - t0)
        check_same(run, job.values, expected, into.results)
    first_cpu, all_cpu = out.children.cpu(), children.cpu()
    iv.warm_end((max(0, all_cpu[0] - first_cpu[0]), max(0, all_cpu[1] - first_cpu[1])))


def check_same(run: int, values: int, expected: str, results: list) -> None:
    """ValuesDiffer unless run `run` of `values` computed the first run's checksum."""
    got = checksum(results)
    if got != expected:
        raise ValuesDiffer(
            "run %d of %d computed checksum %s, the first run %s: the tasks' values must not change from one "
            "run to the next in one process (state kept between runs?)" % (run, values, got, expected)
        )
