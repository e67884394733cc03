"""Running a workload's own `run_<mode>(params, workers, ctx)` and checking what it returns."""
from __future__ import annotations

import math

from .job import Job, Outcome

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Callable, Dict

_KEYS = ("results", "setup_ns", "shutdown_ns", "latencies_ns", "metrics", "child_max_rss_kb", "child_cpu_ns")


def run_override(fn: Callable[..., Any], job: Job) -> Outcome:
    """Time the call as setup + work + shutdown (setup_ns and shutdown_ns from the returned dict, else 0).

    With `job.values` K > 1 the function is called K times: whatever setup it does inside (a pool
    of its own) repeats each time; a warm run's work time is its call minus the setup_ns and shutdown_ns it returns.
    """
    iv = job.interval
    iv.start()
    returned = fn(job.params, job.workers, job.ctx)
    iv.work_done()
    name = getattr(fn, "__name__", "run_<mode>")
    out = _outcome(name, returned)
    if job.values > 1:
        _warm_calls(fn, name, job, out)
    iv.stop()
    out.start_method = job.start_method  # what it was asked to use (params["_start_method"])
    setup_ns, shutdown_ns = _ns(returned, "setup_ns"), _ns(returned, "shutdown_ns")
    iv.t1 = iv.t0 + min(setup_ns, iv.t2 - iv.t0)
    iv.t2 -= min(shutdown_ns, iv.t2 - iv.t1)  # the call's tail: its pool's shutdown, not work
    return out


def _warm_calls(fn: Callable[..., Any], name: str, job: Job, out: Outcome) -> None:
    from time import perf_counter_ns

    from .measure import checksum
    from .runs import check_same

    iv = job.interval
    iv.warm_begin()
    expected = checksum(out.results)
    for run in range(2, job.values + 1):
        t0 = perf_counter_ns()
        returned = fn(job.params, job.workers, job.ctx)
        call_ns = perf_counter_ns() - t0
        job.warm_work_ns.append(max(0, call_ns - _ns(returned, "setup_ns") - _ns(returned, "shutdown_ns")))
        check_same(run, job.values, expected, _outcome(name, returned).results)
    iv.warm_end()


def _ns(returned: Any, key: str) -> int:
    """`setup_ns` or `shutdown_ns` of a returned dict, else 0."""
    value = returned.get(key) if isinstance(returned, dict) else None
    return int(value) if value is not None else 0


def _outcome(name: str, returned: Any) -> Outcome:
    if isinstance(returned, (list, tuple)):
        return Outcome(list(returned), None)
    if not isinstance(returned, dict):
        raise TypeError("%s must return a list of task values or a dict, got %s" % (name, type(returned).__name__))
    unknown = sorted(set(returned) - set(_KEYS))
    if unknown:
        raise TypeError("%s returned unknown key(s) %s (expected %s)" % (name, unknown, ", ".join(_KEYS)))
    results = returned.get("results")
    if not isinstance(results, (list, tuple)):
        raise TypeError("%s must return {'results': [...]}, got results=%r" % (name, type(results).__name__))
    for key in ("setup_ns", "shutdown_ns"):
        value = returned.get(key)
        if value is not None and not _is_count(value):
            raise TypeError("%s returned %s=%r, expected a non-negative int" % (name, key, value))
    latencies = returned.get("latencies_ns")
    if latencies is not None and not (isinstance(latencies, (list, tuple)) and all(map(_is_count, latencies))):
        raise TypeError("%s returned latencies_ns that are not a list of non-negative ints" % name)
    rss = returned.get("child_max_rss_kb")
    if rss is not None and not (isinstance(rss, (list, tuple)) and all(map(_is_count, rss))):
        raise TypeError("%s returned child_max_rss_kb that is not a list of non-negative ints" % name)
    cpu = returned.get("child_cpu_ns")
    if cpu is not None and not (
        isinstance(cpu, (list, tuple)) and all(isinstance(pair, (list, tuple)) and len(pair) == 2 and all(map(_is_count, pair)) for pair in cpu)
    ):
        raise TypeError("%s returned child_cpu_ns that is not a list of [user_ns, sys_ns] pairs of non-negative ints" % name)
    out = Outcome(list(results), list(latencies) if latencies is not None else None)
    out.metrics = _metrics(name, returned.get("metrics"))
    out.extra_child_rss_kb = list(rss or [])
    out.extra_child_cpu_ns = (sum(pair[0] for pair in cpu or []), sum(pair[1] for pair in cpu or []))
    return out


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _metrics(name: str, metrics: Any) -> Dict[str, Any]:
    if metrics is None:
        return {}
    if not isinstance(metrics, dict):
        raise TypeError("%s returned metrics=%r, expected a dict of str to number" % (name, metrics))
    clean: Dict[str, Any] = {}
    for key, value in metrics.items():
        if not isinstance(key, str) or isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("%s returned metric %r=%r, expected a str name and a number" % (name, key, value))
        clean[key] = value if math.isfinite(value) else None  # JSON has no NaN/Infinity
    return clean
