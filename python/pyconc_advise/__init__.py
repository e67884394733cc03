"""`pyconc advise`'s Python side: the user's own function as a workload, and the probe that measures it.

- `target`: loading the function a target names (`path/to/file.py:fn` or `package.module:fn`), its
  twin, its inputs, and calling it, sync or `async def`, the same way in every process.
- `target_workload`: the adapter, a plain workload module (python/README.md's interface) that the
  harness runs like any other; each task is one call of the user's function.
- `probe`: a few seconds of measurements before the experiment (`python advise_probe.py SPEC
  --reply-fd N`), each sent as it is taken.

Standard library only, CPython 3.9+, like the harness.
"""
from __future__ import annotations
