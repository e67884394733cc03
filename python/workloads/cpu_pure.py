"""Pure-Python CPU kernel: task i counts the primes in [2 + i*span, 2 + (i+1)*span) by trial division.

Measures raw bytecode throughput: the loop never releases the GIL, so only models with
several interpreters (processes) can run tasks in parallel. There is no I/O stage.
"""
from __future__ import annotations


def _is_prime(n: int) -> bool:
    if n < 4:
        return n >= 2
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def compute(i: int, params: dict) -> int:
    span = int(params["span"])
    start = 2 + i * span
    return sum(1 for n in range(start, start + span) if _is_prime(n))
