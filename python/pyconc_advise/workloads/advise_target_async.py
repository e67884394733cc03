"""`pyconc advise` adapter for an `async def` function: the native async stage only (pyconc_advise.target_workload)."""
from __future__ import annotations

from pyconc_advise.target_workload import afetch, setup, task_count, teardown

__all__ = ["afetch", "setup", "task_count", "teardown"]
