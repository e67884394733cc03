"""Clocks, resource usage, percentiles and the checksum: everything a reply's numbers come from."""
from __future__ import annotations

import math
import os
import resource
import sys
from time import perf_counter_ns

from .jsonio import canonical

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Iterable, List, Optional, Tuple

# ru_maxrss is in kilobytes on Linux, in bytes on macOS.
_RSS_DIVISOR = 1024 if sys.platform == "darwin" else 1


def _ns(seconds: float) -> int:
    return int(round(seconds * 1e9))


def rusage_totals() -> Tuple[int, int, int, int]:
    """(user ns, sys ns, voluntary, involuntary context switches) of self + reaped children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        _ns(me.ru_utime + kids.ru_utime),
        _ns(me.ru_stime + kids.ru_stime),
        me.ru_nvcsw + kids.ru_nvcsw,
        me.ru_nivcsw + kids.ru_nivcsw,
    )


def self_max_rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // _RSS_DIVISOR)


def own_usage() -> Tuple[int, int, int, int]:
    """What a child process reports about itself: (pid, peak RSS KB, user ns, sys ns)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return (os.getpid(), int(me.ru_maxrss // _RSS_DIVISOR), _ns(me.ru_utime), _ns(me.ru_stime))


class Interval:
    """The timed region: start → setup done → work done → stop, plus rusage at both ends (and the
    warm runs, if any, between work done and stop, measured to be left out)."""

    def __init__(self) -> None:
        self.t0 = self.t1 = self.t2 = self.t3 = 0
        self.usage0: Tuple[int, int, int, int] = (0, 0, 0, 0)
        self.usage1: Tuple[int, int, int, int] = (0, 0, 0, 0)
        # The warm runs between work done and stop, taken out of shutdown, wall, CPU and switches.
        self.warm_ns = 0
        self.warm_usage: Tuple[int, int, int, int] = (0, 0, 0, 0)
        self.warm_child_cpu_ns: Tuple[int, int] = (0, 0)

    def start(self) -> None:
        self.usage0 = rusage_totals()
        self.t0 = self.t1 = self.t2 = perf_counter_ns()

    def setup_done(self) -> None:
        self.t1 = self.t2 = perf_counter_ns()

    def work_done(self) -> None:
        self.t2 = perf_counter_ns()

    def stop(self) -> None:
        self.t3 = perf_counter_ns()
        self.usage1 = rusage_totals()

    def warm_begin(self) -> None:
        """The warm runs (values 2..K) start: from here to `warm_end` is left out of every figure."""
        self._warm0 = (perf_counter_ns(),) + rusage_totals()

    def warm_end(self, child_cpu_ns: Tuple[int, int] = (0, 0)) -> None:
        """The warm runs are over; `child_cpu_ns`: what unreaped children spent in them (user, sys)."""
        t, usage = perf_counter_ns(), rusage_totals()
        self.warm_ns += t - self._warm0[0]
        self.warm_usage = tuple(a + b - c for a, b, c in zip(self.warm_usage, usage, self._warm0[1:]))  # type: ignore[assignment]
        self.warm_child_cpu_ns = (self.warm_child_cpu_ns[0] + child_cpu_ns[0], self.warm_child_cpu_ns[1] + child_cpu_ns[1])


class ChildStats:
    """Per-child-process peaks as the children report them (RUSAGE_CHILDREN keeps only the max)."""

    def __init__(self) -> None:
        self.rss_kb: dict = {}
        self.cpu_ns: dict = {}

    def add(self, pid: int, rss_kb: int, user_ns: int, sys_ns: int) -> None:
        if rss_kb > self.rss_kb.get(pid, -1):
            self.rss_kb[pid] = rss_kb
        # CPU times only grow: the largest report is the latest.
        old = self.cpu_ns.get(pid, (0, 0))
        self.cpu_ns[pid] = (max(old[0], user_ns), max(old[1], sys_ns))

    def copy(self) -> "ChildStats":
        twin = ChildStats()
        twin.rss_kb, twin.cpu_ns = dict(self.rss_kb), dict(self.cpu_ns)
        return twin

    def peaks(self) -> List[int]:
        return [self.rss_kb[pid] for pid in sorted(self.rss_kb)]

    def cpu(self) -> Tuple[int, int]:
        return (sum(u for u, _ in self.cpu_ns.values()), sum(s for _, s in self.cpu_ns.values()))


def percentiles(latencies_ns: Optional[Iterable[int]]) -> Optional[dict]:
    """Nearest-rank p50/p90/p99/max of the per-task latencies; None when there are none."""
    if latencies_ns is None:
        return None
    ordered = sorted(int(x) for x in latencies_ns)
    if not ordered:
        return None
    return {
        "count": len(ordered),
        "p50Ns": nearest_rank(ordered, 50),
        "p90Ns": nearest_rank(ordered, 90),
        "p99Ns": nearest_rank(ordered, 99),
        "maxNs": ordered[-1],
    }


def nearest_rank(sorted_values: Any, p: float) -> Any:
    """The nearest-rank ``p``-th percentile of an ascending, non-empty sequence (integer
    arithmetic for a whole ``p``, so that 0.9 * 10 can never round up to rank 10)."""
    n = len(sorted_values)
    rank = -(-int(p) * n // 100) if p == int(p) else int(math.ceil(p / 100.0 * n))
    return sorted_values[min(max(1, rank), n) - 1]


#: Where sha256 is found: CPython's builtin module (`_sha256` to 3.11, `_sha2` from 3.12, checked
#: on 3.9, 3.11, 3.13, 3.14 and 3.15) avoids loading OpenSSL through hashlib (a few ms per sample);
#: hashlib, public, where neither exists.
SHA256_MODULES = ("_sha256", "_sha2", "hashlib")


def _sha256(modules: Tuple[str, ...] = SHA256_MODULES) -> Any:
    """A new sha256 object from the first of ``modules`` (top-level modules) that has one."""
    for name in modules:
        try:
            return __import__(name).sha256()
        except (ImportError, AttributeError):
            continue
    raise ImportError("no sha256 in %s" % ", ".join(modules))


def checksum(values: Iterable[object], sha256_modules: Tuple[str, ...] = SHA256_MODULES) -> str:
    """First 16 hex digits of sha256 over each value's canonical JSON, one per line, in order."""
    digest = _sha256(sha256_modules)
    for value in values:
        digest.update(canonical(value).encode("utf-8"))
        digest.update(b"\n")
    return str(digest.hexdigest())[:16]
