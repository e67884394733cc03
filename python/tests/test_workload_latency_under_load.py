"""Tests of the latency-under-load workload: its own run_<mode> for all seven modes gives one
checksum (request digests then CPU values, in order), reports one latency per request and its
metrics, and leaves no process behind, also with 'spawn' pools and after a failure."""
from __future__ import annotations

import unittest
from typing import Any, Dict
from unittest import mock

from tests._loopback_support import MODES, NoLeftoversMixin, checksum_of, load, pid_exists, run_mode

import _loopback_http as loopback  # noqa: E402  (on sys.path through _loopback_support)

PARAMS: Dict[str, Any] = {"requests": 7, "interval_ms": 1, "delay_ms": 1, "body_kb": 1,
                          "cpu_tasks": 3, "cpu_n": 3000}
METRICS = ("io_p50_ms", "io_p90_ms", "io_p99_ms", "io_max_ms", "cpu_done_ms")


class UnitTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load("latency_under_load")

    def test_task_count_and_expected_results(self) -> None:
        self.assertEqual(self.mod.task_count(PARAMS), 10)
        values = self.mod.expected(PARAMS)
        self.assertEqual(len(values), 10)
        self.assertEqual(values[0], loopback.digest(loopback.body_for("/ping/0", 1024)))
        self.assertEqual(values[7], self.mod.cpu_task(0, 3000))

    def test_nearest_rank_percentiles(self) -> None:
        data = list(range(1, 101))
        self.assertEqual(self.mod.percentile(data, 50), 50)
        self.assertEqual(self.mod.percentile(data, 99), 99)
        self.assertEqual(self.mod.percentile([5], 99), 5)
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

    def test_a_failing_sample_still_stops_the_server_and_the_pool(self) -> None:
        with mock.patch.object(loopback, "fetch_async", side_effect=RuntimeError("boom")):
            reply = run_mode("latency_under_load", "latency-under-load", "async-processes", 2, PARAMS)
        self.assertEqual(reply["status"], "failed")
        self.assertIn("boom", reply["reason"])
        self.assertNoChildren()


if __name__ == "__main__":
    unittest.main()
