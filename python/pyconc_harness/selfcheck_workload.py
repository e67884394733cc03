"""The workload of the probe's self-check (`selfcheck.py`): three tiny tasks, values of every JSON kind."""
from __future__ import annotations


def compute(i: int, params: dict) -> object:
    return {"i": i, "square": i * i, "half": i / 2, "text": "caf\u00e9 %d" % i, "odd": i % 2 == 1, "none": None}
