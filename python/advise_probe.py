"""Entry point of `pyconc advise`'s probe: `python advise_probe.py SPEC_JSON --reply-fd N`.

Kept tiny, as harness.py is: it makes the packages beside it importable and hands over to
`pyconc_advise.probe`. Spawned and forkserver children import this file as `__mp_main__`, hence
the `__main__` guard.
"""
from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

if __name__ == "__main__":
    from pyconc_advise.probe import main
    from pyconc_harness.main import exit_without_teardown

    exit_without_teardown(main(sys.argv[1:]))
