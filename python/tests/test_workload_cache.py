"""Bytecode caches: none in the user's scenario folder, pyconc's own kept (issue 21, item 14)."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import unittest

from tests.support import HAS_INTERPRETER_POOL, WORKLOADS, make_spec, run_spec_subprocess

WORKLOAD = '''\
import helper


def compute(i, params):
    import lazy  # imported inside a task, from the workload's folder too
    return helper.double(i) + lazy.one()
'''


class UserFolderCacheTest(unittest.TestCase):
    def setUp(self) -> None:
        # The harness runs with bytecode caching on, as pyconc starts it (it clears the variable).
        saved = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        if saved is not None:
            self.addCleanup(os.environ.__setitem__, "PYTHONDONTWRITEBYTECODE", saved)
        self.folder = tempfile.mkdtemp(prefix="pyconc-user-bench-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        for name, text in (("bench.py", WORKLOAD), ("helper.py", "def double(i):\n    return 2 * i\n"), ("lazy.py", "def one():\n    return 1\n")):
            with open(os.path.join(self.folder, name), "w", encoding="utf-8") as file:
                file.write(text)

    def test_no_pycache_in_the_scenario_folder_in_any_process(self) -> None:
        # A CI checkout showed `?? bench/__pycache__/` after a run.
        cases = [("sequential", None), ("multiprocessing", "spawn"), ("multiprocessing", "forkserver")]
        if HAS_INTERPRETER_POOL:
            cases.append(("interpreters", None))
        for mode, start in cases:
            with self.subTest(mode=mode, start=start):
                spec = make_spec("sleep_fanout", mode, {"tasks": 3}, startMethod=start)
                spec["workload"] = os.path.join(self.folder, "bench.py")
                proc, reply = run_spec_subprocess(spec)
                self.assertEqual(reply["status"], "ok", proc.stderr)
                self.assertEqual(sorted(os.listdir(self.folder)), ["bench.py", "helper.py", "lazy.py"])

    def test_pyconc_own_workloads_keep_their_cache(self) -> None:
        # Samples compile nothing of pyconc's own again: its workloads' bytecode is cached as before.
        spec = make_spec("sleep_fanout", "sequential", {"tasks": 2, "latency_ms": 1})
        proc, reply = run_spec_subprocess(spec)
        self.assertEqual(reply["status"], "ok", proc.stderr)
        tag = sys.implementation.cache_tag
        self.assertTrue(os.path.exists(os.path.join(WORKLOADS, "__pycache__", "sleep_fanout.%s.pyc" % tag)))


if __name__ == "__main__":
    unittest.main()
