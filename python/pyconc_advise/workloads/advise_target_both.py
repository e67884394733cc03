"""`pyconc advise` adapter for twins, sync and `async def`: both stages (pyconc_advise.target_workload)."""
from __future__ import annotations

from pyconc_advise.target_workload import afetch, fetch, setup, task_count, teardown

__all__ = ["afetch", "fetch", "setup", "task_count", "teardown"]
