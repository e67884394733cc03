"""task-granularity: thousands of tiny tasks, handed to a pool one at a time or in chunks.

Task ``i`` runs a few microseconds of pure-Python arithmetic (a 32-bit linear congruential step,
``rounds(i)`` times) and returns the result. The rounds grow with the index, from 1 to about
``2 × spin``, as the cost of consecutive tasks often does (later rows are longer, later ranges
denser): a chunk of consecutive tasks late in the list is worth more than one early on.

The harness hands the tasks to the pool modes in chunks of the scenario's ``chunksize`` parameter
(one pool call per chunk; ``auto`` is ``ceil(tasks / (4 × workers))``); the workload itself knows
nothing of chunks, and ``chunksize`` does not change any task's value.
"""
from __future__ import annotations

from typing import Any, Dict

_MASK = 0xFFFFFFFF


def rounds(i: int, tasks: int, spin: int) -> int:
    """Task i's rounds: 1 for the first task, growing linearly to about 2 x spin for the last."""
    return 1 + (2 * spin * i) // max(1, tasks)


def compute(i: int, params: Dict[str, Any]) -> int:
    x = i
    for _ in range(rounds(i, int(params["tasks"]), int(params["spin"]))):
        x = (x * 1103515245 + 12345) & _MASK
    return x
