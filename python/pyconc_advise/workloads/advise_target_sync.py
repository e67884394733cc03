"""`pyconc advise` adapter for a sync function: the blocking stage only (pyconc_advise.target_workload)."""
from __future__ import annotations

from pyconc_advise.target_workload import fetch, setup, task_count, teardown

__all__ = ["fetch", "setup", "task_count", "teardown"]
