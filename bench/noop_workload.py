"""A workload that does nothing: what remains of a sample's time is pyconc's own cost."""
from __future__ import annotations


def compute(data: int, params: dict) -> int:
    return data


async def afetch(i: int, params: dict, ctx: object) -> int:
    return i


def fetch(i: int, params: dict, ctx: object) -> int:
    return i
