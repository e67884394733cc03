"""Tests of the latency-under-load workload: its own run_<mode> for all seven modes gives one
checksum (request digests then CPU values, in order), reports one latency per request and its
metrics, and leaves no process behind, also with 'spawn' pools and after a failure."""
from __future__ import annotations

import multiprocessing
import unittest
from typing import Any, Dict
from unittest import mock

from tests._loopback_support import MODES as HARNESS_MODES, NoLeftoversMixin, checksum_of, load, pid_exists, run_mode

import _loopback_client as loopback  # noqa: E402  (on sys.path through _loopback_support)

PARAMS: Dict[str, Any] = {"requests": 7, "interval_ms": 1, "delay_ms": 1, "body_kb": 1,
                          "cpu_tasks": 3, "cpu_n": 3000}
METRICS = ("io_p50_ms", "io_p90_ms", "io_p99_ms", "io_max_ms", "cpu_done_ms")
PROCESS_MODES = ("multiprocessing", "async-processes", "process-loops")
MODES = tuple(mode for mode in HARNESS_MODES if mode != "interpreters")  # the scenario's seven: it has no run_interpreters


class UnitTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load("latency_under_load")

    def test_task_count_and_expected_results(self) -> None:
        self.assertEqual(self.mod.task_count(PARAMS), 10)
        values = self.mod.expected(PARAMS)
        self.assertEqual(len(values), 10)
        self.assertEqual(values[0], loopback.digest(loopback.body_for("/ping/0", 1024)))
        self.assertEqual(values[7], self.mod.cpu_task(0, 3000))

    def test_nearest_rank_percentiles(self) -> None:  # toolkit.percentile itself: test_toolkit
        metrics = self.mod.latency_metrics([2_000_000, 1_000_000, 3_000_000], 10_000_000)
        self.assertEqual(metrics, {"cpu_done_ms": 10.0, "io_p50_ms": 2.0, "io_p90_ms": 3.0,
                                   "io_p99_ms": 3.0, "io_max_ms": 3.0})

    def test_every_mode_runs_directly(self) -> None:
        want = self.mod.expected(PARAMS)
        ctx = self.mod.setup(PARAMS)
        try:
            for mode in MODES:
                with self.subTest(mode=mode):
                    out = getattr(self.mod, "run_" + mode.replace("-", "_"))(PARAMS, 2, ctx)
                    self.assertEqual(out["results"], want)
                    self.assertEqual(len(out["latencies_ns"]), PARAMS["requests"])
        finally:
            self.mod.teardown(ctx)
        self.assertFalse(pid_exists(ctx["pid"]))


class HarnessTest(NoLeftoversMixin, unittest.TestCase):
    def test_every_mode_gives_the_same_checksum_and_the_metrics(self) -> None:
        want = checksum_of(load("latency_under_load").expected(PARAMS))
        for mode in MODES:
            with self.subTest(mode=mode):
                reply = run_mode("latency_under_load", "latency-under-load", mode, 2, PARAMS)
                self.assertEqual(reply["status"], "ok", reply.get("error"))
                self.assertEqual(reply["checksum"], want)
                self.assertEqual(reply["tasks"], PARAMS["requests"] + PARAMS["cpu_tasks"])
                self.assertEqual(reply["latency"]["count"], PARAMS["requests"])
                for name in METRICS:
                    self.assertIsInstance(reply["metrics"].get(name), float, name)
                self.assertLessEqual(reply["metrics"]["io_p50_ms"], reply["metrics"]["io_p99_ms"])
                self.assertNoChildren()

    def test_spawned_pools_give_the_same_checksum(self) -> None:
        want = checksum_of(load("latency_under_load").expected(PARAMS))
        for mode in ("multiprocessing", "process-loops"):
            with self.subTest(mode=mode):
                reply = run_mode("latency_under_load", "latency-under-load", mode, 2, PARAMS, start_method="spawn")
                self.assertEqual(reply["status"], "ok", reply.get("error"))
                self.assertEqual(reply["checksum"], want)
                self.assertEqual(reply["env"]["startMethod"], "spawn")
                self.assertNoChildren()

    def test_forkserver_children_report_their_cpu_time(self) -> None:
        if "forkserver" not in multiprocessing.get_all_start_methods():
            self.skipTest("no forkserver here")
        params = dict(PARAMS, cpu_tasks=4, cpu_n=300_000)
        for mode in PROCESS_MODES:
            with self.subTest(mode=mode):
                reply = run_mode("latency_under_load", "latency-under-load", mode, 2, params, start_method="forkserver")
                self.assertEqual(reply["status"], "ok", reply.get("error"))
                # The fork server's children, never reaped by the harness, count by what they
                # report: the CPU tasks, ~1.5 of the wall time (without them: ~0.1).
                cpu = reply["cpuUserNs"] + reply["cpuSysNs"]
                self.assertGreater(cpu, 0.3 * reply["wallNs"])
                self.assertNoChildren()

    def test_only_forkserver_children_are_reported_for_their_cpu_time(self) -> None:
        mod = load("latency_under_load")
        methods = [m for m in ("fork", "forkserver") if m in multiprocessing.get_all_start_methods()]
        ctx = mod.setup(PARAMS)
        try:
            for method in methods:
                for mode in PROCESS_MODES:
                    with self.subTest(mode=mode, method=method):
                        out = getattr(mod, "run_" + mode.replace("-", "_"))(dict(PARAMS, _start_method=method), 2, ctx)
                        if method == "fork":  # the harness's own children: counted already
                            keys = ["child_max_rss_kb", "latencies_ns", "metrics", "results", "setup_ns"]
                            self.assertEqual(sorted(out), keys)
                        else:  # one [user_ns, sys_ns] per child, as its peak RSS
                            self.assertEqual(len(out["child_cpu_ns"]), len(out["child_max_rss_kb"]))
                            self.assertGreater(min(sum(pair) for pair in out["child_cpu_ns"]), 0)
        finally:
            mod.teardown(ctx)
        self.assertNoChildren()

    def test_a_failing_sample_still_stops_the_server_and_the_pool(self) -> None:
        with mock.patch.object(loopback, "fetch_async", side_effect=RuntimeError("boom")):
            reply = run_mode("latency_under_load", "latency-under-load", "async-processes", 2, PARAMS)
        self.assertEqual(reply["status"], "failed")
        self.assertIn("boom", reply["reason"])
        self.assertNoChildren()


if __name__ == "__main__":
    unittest.main()
