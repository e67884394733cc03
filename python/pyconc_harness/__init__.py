"""The pyconc harness: runs one sample of a workload under one concurrency mode.

`run_spec(spec) -> reply` (in `pyconc_harness.run`) is the in-process entry; `harness.py` is the
command-line one. Submodules are imported lazily so that a sample only pays for its own mode.
"""
from __future__ import annotations

PROTOCOL = "pyconc/harness@1"
