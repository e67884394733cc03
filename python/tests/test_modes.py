"""Every mode, run in-process through run_spec: same checksum as sequential, or a clear status."""
from __future__ import annotations

import os
import tempfile
import unittest
from typing import Any, Dict

from pyconc_harness.run import run_spec

from pyconc_harness.probe import default_start_method
from tests.support import MODES, leftover_processes, make_spec

SLEEP = ("sleep_fanout", {"tasks": 6, "latency_ms": 2})
CPU = ("cpu_pure", {"tasks": 5, "span": 300})
STAGES = ("fx_stages", {"tasks": 7})


def run(name: str, mode: str, params: Dict[str, Any], workers: int = 2, **extra: Any) -> Dict[str, Any]:
    return run_spec(make_spec(name, mode, params, workers, **extra))


class HarnessTestCase(unittest.TestCase):
    def tearDown(self) -> None:
        # Every mode reaps its children, on success and on failure alike (forkserver's too).
        self.assertEqual(leftover_processes(), [], "processes left behind")


class EveryModeTest(HarnessTestCase):
    def assert_same_checksum_everywhere(self, name: str, params: Dict[str, Any], skip: tuple = ()) -> None:
        baseline = run(name, "sequential", params)
        self.assertEqual(baseline["status"], "ok", baseline["reason"])
        for mode in MODES:
            if mode in skip:
                continue
            with self.subTest(mode=mode):
                reply = run(name, mode, params, workers=3)
                self.assertEqual(reply["status"], "ok", reply["reason"])
                self.assertEqual(reply["checksum"], baseline["checksum"])
                self.assertEqual(reply["tasks"], params["tasks"])
                self.assertEqual(reply["latency"]["count"], params["tasks"])
                self.assertEqual(reply["wallNs"], reply["setupNs"] + reply["workNs"] + reply["shutdownNs"])
                self.assertGreater(reply["workNs"], 0)
                self.assertEqual(reply["maxRssKb"], reply["selfMaxRssKb"] + sum(reply["childMaxRssKb"]))

    def test_sleep_fanout(self) -> None:
        self.assert_same_checksum_everywhere(*SLEEP, skip=("async-processes",))

    def test_cpu_pure(self) -> None:
        self.assert_same_checksum_everywhere(*CPU)

    def test_all_stages_with_module_objects_and_ctx(self) -> None:
        self.assert_same_checksum_everywhere(*STAGES)

    def test_process_modes_report_each_childs_peak(self) -> None:
        for mode in ("multiprocessing", "async-processes", "process-loops"):
            with self.subTest(mode=mode):
                reply = run(CPU[0], mode, CPU[1], workers=2)
                self.assertEqual(len(reply["childMaxRssKb"]), 2)
                self.assertTrue(all(kb > 0 for kb in reply["childMaxRssKb"]))
                self.assertEqual(reply["env"]["startMethod"], default_start_method())  # forkserver from 3.14 on
                self.assertGreater(reply["setupNs"], 0)

    def test_sleep_fanout_threads_overlap_the_waits(self) -> None:
        reply = run("sleep_fanout", "threading", {"tasks": 8, "latency_ms": 30}, workers=8)
        self.assertLess(reply["workNs"], 4 * 30_000_000)
        self.assertGreaterEqual(reply["latency"]["p50Ns"], 30_000_000)


class StatusTest(HarnessTestCase):
    def test_a_mode_the_workload_has_no_stages_for_is_a_failed_sample(self) -> None:
        reply = run(SLEEP[0], "async-processes", SLEEP[1])
        self.assertEqual(reply["status"], "failed")
        self.assertEqual(reply["error"]["type"], "StageMismatch")
        self.assertTrue(reply["reason"].startswith("the scenario declares async-processes but"), reply["reason"])
        self.assertIn("no compute() stage", reply["reason"])
        self.assertIsNone(reply["checksum"])
        for mode, fragment in (("threading", "needs a blocking fetch()"), ("multiprocessing", "needs a blocking fetch()")):
            with self.subTest(mode=mode):
                reply = run("fx_async_only", mode, {"tasks": 3})
                self.assertEqual(reply["status"], "failed")
                self.assertIn("the scenario declares %s but" % mode, reply["reason"])
                self.assertIn(fragment, reply["reason"])
        reply = run("fx_no_stages", "threading", {"tasks": 1})
        self.assertEqual(reply["status"], "failed")
        self.assertEqual(
            reply["reason"],
            "the scenario declares threading but the workload defines none of fetch(), afetch(), compute() nor run_threading()",
        )

    def test_what_the_harness_cannot_do_stays_unsupported(self) -> None:
        reply = run("cpu_pure", "green-threads", {"tasks": 1, "span": 5})
        self.assertEqual(reply["status"], "unsupported")
        self.assertIn("run_green_threads()", reply["reason"])
        self.assertIsNone(reply["error"])

    def test_asyncio_refuses_a_blocking_fetch(self) -> None:
        reply = run("fx_blocking", "asyncio", {"tasks": 2})
        self.assertEqual(reply["status"], "failed")
        self.assertIn("asyncio needs afetch()", reply["reason"])

    def test_async_only_workload_runs_where_it_can(self) -> None:
        baseline = run("fx_async_only", "sequential", {"tasks": 5})
        self.assertEqual(baseline["status"], "ok", baseline["reason"])
        for mode in ("asyncio", "async-threads", "async-processes", "process-loops"):
            with self.subTest(mode=mode):
                reply = run("fx_async_only", mode, {"tasks": 5})
                self.assertEqual(reply["status"], "ok", reply["reason"])
                self.assertEqual(reply["checksum"], baseline["checksum"])

    def test_a_raising_task_fails_the_sample_in_every_mode_and_teardown_runs(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            for mode in MODES:
                with self.subTest(mode=mode):
                    marker = os.path.join(tmp, mode + ".marker")
                    reply = run("fx_failing", mode, {"tasks": 6, "marker": marker}, workers=2)
                    self.assertEqual(reply["status"], "failed")
                    self.assertEqual(reply["error"]["type"], "ValueError")
                    self.assertEqual(reply["error"]["message"], "boom at task 3")
                    self.assertEqual(reply["reason"], "ValueError: boom at task 3")
                    self.assertIn("fx_failing.py", reply["error"]["traceback"])
                    self.assertTrue(os.path.exists(marker), "teardown did not run")

    def test_a_dying_child_fails_the_sample_without_hanging(self) -> None:
        import time

        for mode in ("multiprocessing", "async-processes", "process-loops"):
            with self.subTest(mode=mode):
                reply = run("fx_dies", mode, {"tasks": 4}, workers=2)
                self.assertEqual(reply["status"], "failed")
                self.assertIn(reply["error"]["type"], ("WorkerDied", "BrokenProcessPool"))
        # A Pool under forkserver (3.14's default) or spawn starts a replacement for the dead worker
        # from its pickled initargs; once that failed, its terminate() waited for ever.
        for method in ("forkserver", "spawn"):
            with self.subTest(mode="multiprocessing", method=method):
                t0 = time.monotonic()
                reply = run("fx_dies", "multiprocessing", {"tasks": 4}, workers=2, startMethod=method)
                self.assertEqual(reply["status"], "failed")
                self.assertEqual(reply["error"]["type"], "WorkerDied")
                self.assertIn("exited with code 3", reply["reason"])
                self.assertLess(time.monotonic() - t0, 20)

    def test_a_child_that_dies_while_starting_fails_the_sample_at_once(self) -> None:
        import time

        from tests.support import run_spec_subprocess

        for method in ("fork", "spawn"):
            for mode in ("multiprocessing", "async-processes", "process-loops"):
                with self.subTest(mode=mode, method=method):
                    t0 = time.monotonic()
                    if method == "fork":
                        reply = run("fx_dies_starting", mode, {"tasks": 4}, workers=2, startMethod=method)
                    else:  # a fresh harness, which takes spawn's resource tracker with it
                        spec = make_spec("fx_dies_starting", mode, {"tasks": 4}, 2, startMethod=method)
                        reply = run_spec_subprocess(spec)[1]
                    self.assertEqual(reply["status"], "failed")
                    self.assertEqual(reply["error"]["type"], "WorkerDied")
                    self.assertIn("exited with code 5", reply["reason"])
                    self.assertLess(time.monotonic() - t0, 20)

    def test_values_that_cannot_cross_processes_fail_the_sample(self) -> None:
        for mode in ("multiprocessing", "async-processes", "process-loops"):
            for params in ({"bad_fetch": 1}, {"bad_compute": 1}):
                with self.subTest(mode=mode, params=params):
                    reply = run("fx_unpicklable", mode, dict(params, tasks=3), workers=2)
                    self.assertEqual(reply["status"], "failed")
                    self.assertIn("pickl", reply["reason"].lower() + reply["error"]["traceback"].lower())

    def test_setup_failure_fails_the_sample_without_teardown(self) -> None:
        reply = run("fx_setup_fails", "sequential", {"tasks": 2})
        self.assertEqual(reply["status"], "failed")
        self.assertEqual(reply["reason"], "RuntimeError: cannot start the server")

    def test_missing_workload_fails(self) -> None:
        reply = run_spec(dict(make_spec("cpu_pure", "sequential", {"tasks": 1}), workload="/nonexistent/w.py"))
        self.assertEqual(reply["status"], "failed")
        self.assertEqual(reply["error"]["type"], "FileNotFoundError")


class OverrideTest(HarnessTestCase):
    def test_list_form(self) -> None:
        reply = run("fx_override", "sequential", {"tasks": 5})
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertIsNone(reply["latency"])  # the override reported none
        self.assertEqual(reply["setupNs"], 0)
        generic = run("fx_override", "asyncio", {"tasks": 5})  # no run_asyncio: generic compose
        self.assertEqual(generic["checksum"], reply["checksum"])

    def test_dict_form_is_honoured(self) -> None:
        reply = run("fx_override", "threading", {"tasks": 5})
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertEqual(reply["checksum"], run("fx_override", "sequential", {"tasks": 5})["checksum"])
        self.assertEqual(reply["setupNs"], 1000)
        self.assertEqual(reply["wallNs"], reply["setupNs"] + reply["workNs"] + reply["shutdownNs"])
        self.assertEqual(reply["latency"], {"count": 5, "p50Ns": 3, "p90Ns": 5, "p99Ns": 5, "maxNs": 5})
        self.assertEqual(reply["metrics"], {"queue_peak": 3, "ratio": 0.5})
        self.assertEqual(reply["childMaxRssKb"], [100, 200])
        self.assertEqual(reply["maxRssKb"], reply["selfMaxRssKb"] + 300)
        # the children's reported CPU (5 s user, 1 s sys) on top of the harness's own
        self.assertGreaterEqual(reply["cpuUserNs"], 5_000_000_000)
        self.assertLess(reply["cpuUserNs"], 6_000_000_000)
        self.assertGreaterEqual(reply["cpuSysNs"], 1_000_000_000)

    def test_setup_and_shutdown_are_taken_out_of_the_work(self) -> None:
        reply = run("fx_override", "process-loops", {"tasks": 3})
        self.assertEqual(reply["status"], "ok", reply["reason"])
        for key in ("setupNs", "workNs", "shutdownNs"):  # 30 ms of sleep each
            self.assertGreaterEqual(reply[key], 30_000_000, key)
        self.assertEqual(reply["wallNs"], reply["setupNs"] + reply["workNs"] + reply["shutdownNs"])

    def test_dash_becomes_underscore_and_workers_are_passed(self) -> None:
        reply = run("fx_override", "async-threads", {"tasks": 2}, workers=4)
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertEqual(reply["metrics"], {"workers": 4})
        self.assertEqual(reply["checksum"], run("fx_override", "async-threads", {"tasks": 2})["checksum"])

    def test_malformed_return_fails(self) -> None:
        reply = run("fx_override", "multiprocessing", {"tasks": 1})
        self.assertEqual(reply["status"], "failed")
        self.assertIn("unknown key(s) ['setupNs']", reply["reason"])


class TmpDirTest(HarnessTestCase):
    def test_created_and_removed_when_missing_kept_when_present(self) -> None:
        with tempfile.TemporaryDirectory() as base:
            fresh = os.path.join(base, "sample-1")
            reply = run(STAGES[0], "sequential", STAGES[1], tmpDir=fresh)
            self.assertEqual(reply["status"], "ok", reply["reason"])
            self.assertFalse(os.path.exists(fresh))  # setup wrote a file in it: removed anyway
            existing = os.path.join(base, "mine")
            os.mkdir(existing)
            reply = run(STAGES[0], "sequential", STAGES[1], tmpDir=existing)
            self.assertTrue(os.path.isfile(os.path.join(existing, "setup.txt")))


if __name__ == "__main__":
    unittest.main()
