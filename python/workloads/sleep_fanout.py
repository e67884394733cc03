"""Sleep fan-out: each task only waits `latency_ms` (no CPU work at all).

Measures how many waits a concurrency model keeps in flight: the ideal is
ceil(tasks / concurrency) latencies. `fetch` blocks in time.sleep (which releases the GIL),
`afetch` awaits asyncio.sleep; there is no compute stage.
"""
from __future__ import annotations

import time


def fetch(i: int, params: dict, ctx: object) -> int:
    time.sleep(float(params["latency_ms"]) / 1000.0)
    return i * i


async def afetch(i: int, params: dict, ctx: object) -> int:
    import asyncio  # here, not at the top: the blocking modes need not pay for importing it

    await asyncio.sleep(float(params["latency_ms"]) / 1000.0)
    return i * i
