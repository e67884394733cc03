"""The `interpreters` mode: an InterpreterPoolExecutor on 3.14+, a clear `unsupported` before."""
from __future__ import annotations

import os
import sys
import tempfile
import unittest

from pyconc_harness.run import run_spec

from tests.support import HAS_INTERPRETER_POOL, make_spec

CPU = ("cpu_pure", {"tasks": 5, "span": 300})
STAGES = ("fx_stages", {"tasks": 7})
NO_POOL = "Python %d.%d has no concurrent.futures.InterpreterPoolExecutor (3.14+)" % sys.version_info[:2]


@unittest.skipUnless(HAS_INTERPRETER_POOL, NO_POOL)
class InterpretersModeTest(unittest.TestCase):
    def assert_same_checksum_as_sequential(self, name: str, params: dict) -> None:
        baseline = run_spec(make_spec(name, "sequential", params))
        reply = run_spec(make_spec(name, "interpreters", params, workers=3))
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertEqual(reply["checksum"], baseline["checksum"])
        self.assertEqual(reply["tasks"], params["tasks"])
        self.assertEqual(reply["latency"]["count"], params["tasks"])
        self.assertEqual(reply["wallNs"], reply["setupNs"] + reply["workNs"] + reply["shutdownNs"])
        self.assertEqual(reply["childMaxRssKb"], [])  # threads of this process, no children

    def test_cpu_pure_checksum_equals_sequential(self) -> None:
        self.assert_same_checksum_as_sequential(*CPU)

    def test_stages_with_module_objects_and_ctx_cross_interpreters(self) -> None:
        self.assert_same_checksum_as_sequential(*STAGES)

    def test_setup_holds_the_cold_start(self) -> None:
        # Starting interpreters and importing the workload in each costs far more than a thread.
        reply = run_spec(make_spec(CPU[0], "interpreters", CPU[1], 2))
        threads = run_spec(make_spec(CPU[0], "threading", CPU[1], 2))
        self.assertGreater(reply["setupNs"], 10 * threads["setupNs"])

    def test_a_failing_task_is_a_failed_sample_and_teardown_runs(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            marker = os.path.join(tmp, "marker")
            reply = run_spec(make_spec("fx_failing", "interpreters", {"tasks": 6, "marker": marker}))
            self.assertEqual(reply["status"], "failed")
            self.assertIn("boom at task 3", reply["reason"])
            self.assertTrue(os.path.exists(marker))

    def test_a_value_that_cannot_cross_interpreters_is_a_failed_sample(self) -> None:
        reply = run_spec(make_spec("fx_unpicklable", "interpreters", {"tasks": 3, "bad_compute": True}))
        self.assertEqual(reply["status"], "failed")

    def test_async_only_workload_is_a_stage_mismatch(self) -> None:
        reply = run_spec(make_spec("fx_async_only", "interpreters", {"tasks": 3}))
        self.assertEqual(reply["status"], "failed")
        self.assertEqual(reply["error"]["type"], "StageMismatch")
        self.assertIn("needs a blocking fetch()", reply["reason"])


@unittest.skipIf(HAS_INTERPRETER_POOL, "this interpreter has an InterpreterPoolExecutor")
class InterpretersUnsupportedTest(unittest.TestCase):
    def test_older_interpreters_reply_unsupported_with_the_reason(self) -> None:
        reply = run_spec(make_spec(CPU[0], "interpreters", CPU[1]))
        self.assertEqual(reply["status"], "unsupported")
        self.assertIn("has no concurrent.futures.InterpreterPoolExecutor", reply["reason"])
