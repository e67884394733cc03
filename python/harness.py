"""Entry point of the pyconc harness: `python harness.py run SPEC_JSON [--reply-fd N]` | `probe`.

Kept tiny on purpose: it only makes the package importable (also under `-I`/`-P`, which drop the
script's directory from sys.path) and hands over to `pyconc_harness.main`. Spawned and
forkserver children import this file as `__mp_main__`, hence the `__main__` guard.
"""
from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

if __name__ == "__main__":
    from pyconc_harness.main import exit_without_teardown, main

    exit_without_teardown(main(sys.argv[1:]))
