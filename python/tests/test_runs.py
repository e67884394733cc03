"""Chunked dispatch (spec.chunksize) and the whole set of tasks run K times (spec.values)."""
from __future__ import annotations

import os
import shutil
import tempfile
import unittest

from tests.support import MODES
from tests.test_modes import CPU, STAGES, HarnessTestCase, run

#: The modes that hand tasks to a pool, and so report the chunk size they used.
POOL_MODES = ("threading", "multiprocessing", "interpreters", "async-threads", "async-processes")


def _marker(test: unittest.TestCase) -> str:
    folder = tempfile.mkdtemp(prefix="pyconc-test-")
    test.addCleanup(shutil.rmtree, folder, True)
    return os.path.join(folder, "torn-down")


class ChunksizeTest(HarnessTestCase):
    def test_every_chunk_size_computes_the_sequential_checksum_in_task_order(self) -> None:
        params = dict(STAGES[1], tasks=30)
        baseline = run(STAGES[0], "sequential", params)
        for mode in MODES:
            for chunksize in (1, "auto", None, 7, 30, 1000):
                with self.subTest(mode=mode, chunksize=chunksize):
                    reply = run(STAGES[0], mode, params, workers=2, chunksize=chunksize)
                    self.assertEqual(reply["status"], "ok", reply["reason"])
                    self.assertEqual(reply["checksum"], baseline["checksum"])
                    self.assertEqual(reply["latency"]["count"], 30)
                    if mode not in POOL_MODES:
                        self.assertIsNone(reply["chunksize"])
                    elif chunksize in ("auto", None):
                        self.assertEqual(reply["chunksize"], 4)  # ceil(30 / (4 x 2))
                    else:
                        self.assertEqual(reply["chunksize"], chunksize)

    def test_auto_is_at_least_one_and_no_task_is_no_chunk(self) -> None:
        self.assertEqual(run(CPU[0], "threading", dict(CPU[1], tasks=1), workers=8)["chunksize"], 1)
        reply = run(CPU[0], "threading", dict(CPU[1], tasks=0), workers=2, chunksize=5)
        self.assertEqual((reply["status"], reply["tasks"], reply["latency"]), ("ok", 0, None))

    def test_a_failing_task_in_a_chunk_still_fails_the_sample_and_reaps_the_children(self) -> None:
        for mode in ("threading", "multiprocessing", "async-processes"):
            with self.subTest(mode=mode):
                reply = run("fx_failing", mode, {"tasks": 12, "marker": _marker(self)}, chunksize=4)
                self.assertEqual(reply["status"], "failed", mode)
                self.assertIn("boom at task 3", reply["reason"])


class ValuesTest(HarnessTestCase):
    def test_every_mode_runs_the_tasks_k_times_and_reports_the_first_as_work(self) -> None:
        baseline = run(CPU[0], "sequential", CPU[1])
        for mode in MODES:
            with self.subTest(mode=mode):
                reply = run(CPU[0], mode, CPU[1], workers=2, values=3)
                self.assertEqual(reply["status"], "ok", reply["reason"])
                self.assertEqual(reply["checksum"], baseline["checksum"])
                self.assertEqual(len(reply["warmWorkNs"]), 2)
                self.assertTrue(all(isinstance(ns, int) and ns > 0 for ns in reply["warmWorkNs"]))
                self.assertEqual(reply["wallNs"], reply["setupNs"] + reply["workNs"] + reply["shutdownNs"])
                self.assertGreaterEqual(reply["shutdownNs"], 0)
                self.assertEqual(reply["latency"]["count"], CPU[1]["tasks"])

    def test_one_value_is_an_empty_list_and_a_failure_has_none(self) -> None:
        self.assertEqual(run(CPU[0], "threading", CPU[1])["warmWorkNs"], [])
        self.assertEqual(run(CPU[0], "threading", CPU[1], values=1)["warmWorkNs"], [])
        failed = run("fx_failing", "threading", {"tasks": 5, "marker": _marker(self)}, values=2)
        self.assertIsNone(failed["warmWorkNs"])

    def test_warm_runs_stay_out_of_the_cold_figures(self) -> None:
        params = {"tasks": 4, "latency_ms": 40}
        reply = run("sleep_fanout", "sequential", params, values=3)
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertGreaterEqual(min(reply["warmWorkNs"]), 4 * 40_000_000)
        self.assertLess(reply["wallNs"], 2 * 4 * 40_000_000 + reply["setupNs"] + reply["shutdownNs"])

    def test_warm_runs_stay_out_of_the_cpu_time(self) -> None:
        params = {"tasks": 4, "span": 40000}
        reply = run(CPU[0], "sequential", params, values=4)
        self.assertEqual(reply["status"], "ok", reply["reason"])
        cpu = reply["cpuUserNs"] + reply["cpuSysNs"]
        self.assertLess(cpu, 2 * max(reply["wallNs"], min(reply["warmWorkNs"])))  # all four runs: about 4x

    def test_a_run_that_computes_other_values_fails_the_sample_with_a_clear_reason(self) -> None:
        for mode in ("sequential", "threading"):  # threading: its run_threading override, called again
            with self.subTest(mode=mode):
                reply = run("fx_drifts", mode, {"tasks": 3}, values=2)
                self.assertEqual(reply["status"], "failed")
                self.assertIn("run 2 of 2 computed checksum", reply["reason"])
                self.assertNotIn("Traceback", reply["reason"])

    def test_an_override_is_called_k_times(self) -> None:
        reply = run("fx_override", "threading", {"tasks": 5}, values=4)
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertEqual(len(reply["warmWorkNs"]), 3)
        self.assertIsNone(reply["chunksize"])


if __name__ == "__main__":
    unittest.main()
