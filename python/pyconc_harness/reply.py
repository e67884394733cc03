"""Building the reply: one dict with every key of the protocol, whatever the sample's status."""
from __future__ import annotations

from . import PROTOCOL
from .errors import StageMismatch, ValuesDiffer, describe, reason_of
from .measure import checksum, percentiles, self_max_rss_kb
from .probe import environment

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional
    from .job import Job, Outcome


def reply(
    status: str,
    reason: Optional[str] = None,
    error: Optional[Dict[str, Any]] = None,
    start_method: Optional[str] = None,
    child_rss: Optional[List[int]] = None,
) -> Dict[str, Any]:
    """A reply with every key present; measurements stay null unless the sample ran."""
    self_rss = self_max_rss_kb()
    children = child_rss or []
    return {
        "protocol": PROTOCOL,
        "status": status,
        "reason": reason if reason is not None or error is None else reason_of(error),
        "error": error,
        "checksum": None,
        "tasks": None,
        "setupNs": None,
        "workNs": None,
        "shutdownNs": None,
        "wallNs": None,
        "cpuUserNs": None,
        "cpuSysNs": None,
        "maxRssKb": self_rss + sum(children),
        "selfMaxRssKb": self_rss,
        "childMaxRssKb": children,
        "ctxVoluntary": None,
        "ctxInvoluntary": None,
        "latency": None,
        "chunksize": None,
        "warmWorkNs": None,
        "inProcessServer": None,
        "metrics": {},
        "env": environment(start_method),
    }


def failed(exc: BaseException, start_method: Optional[str] = None) -> Dict[str, Any]:
    """A failed reply for `exc`. A StageMismatch (or ValuesDiffer) is a contradiction, not a crash:
    its message is the reason as it stands, and the harness's frames are no use to anyone."""
    if isinstance(exc, (StageMismatch, ValuesDiffer)):
        error = {"type": type(exc).__name__, "message": str(exc), "traceback": ""}
        return reply("failed", reason=str(exc), error=error, start_method=start_method)
    return reply("failed", error=describe(exc), start_method=start_method)


def ok(job: Job, out: Outcome) -> Dict[str, Any]:
    """The reply of a sample that ran: checksum, timings, CPU and memory of the whole tree."""
    if len(out.results) != job.tasks:
        raise ValueError("the mode returned %d results for %d tasks" % (len(out.results), job.tasks))
    digest = checksum(out.results)
    iv = job.interval
    # Warm runs (values 2..K) are left out: every figure but warmWorkNs is the first run's.
    user_ns = iv.usage1[0] - iv.usage0[0] - iv.warm_usage[0]
    sys_ns = iv.usage1[1] - iv.usage0[1] - iv.warm_usage[1]
    if out.add_child_cpu:
        child_user, child_sys = out.children.cpu()
        user_ns += child_user
        sys_ns += child_sys
    else:  # reaped after the warm runs: RUSAGE_CHILDREN holds what they spent there too
        user_ns -= iv.warm_child_cpu_ns[0]
        sys_ns -= iv.warm_child_cpu_ns[1]
    user_ns += out.extra_child_cpu_ns[0]  # children an override started that this process never reaps
    sys_ns += out.extra_child_cpu_ns[1]
    child_rss = out.children.peaks() + out.extra_child_rss_kb
    result = reply("ok", start_method=out.start_method, child_rss=child_rss)
    result.update(
        checksum=digest,
        tasks=job.tasks,
        setupNs=iv.t1 - iv.t0,
        workNs=iv.t2 - iv.t1,
        shutdownNs=iv.t3 - iv.t2 - iv.warm_ns,
        wallNs=iv.t3 - iv.t0 - iv.warm_ns,
        cpuUserNs=max(0, user_ns),
        cpuSysNs=max(0, sys_ns),
        ctxVoluntary=iv.usage1[2] - iv.usage0[2] - iv.warm_usage[2],
        ctxInvoluntary=iv.usage1[3] - iv.usage0[3] - iv.warm_usage[3],
        latency=percentiles(out.latencies_ns),
        chunksize=job.chunksize_used,
        warmWorkNs=list(job.warm_work_ns),
        inProcessServer=job.in_process_server,
        metrics=out.metrics,
    )
    return result
