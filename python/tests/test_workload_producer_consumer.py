"""Tests of the producer-consumer workload: values, queues per mode, one checksum, no leftovers."""
from __future__ import annotations

import multiprocessing
import unittest
from typing import Any, Dict
from unittest import mock

from tests._workload_samples import LeftoverCheck, checksum, load_workload, run_sample

SUPPORTED = ("sequential", "threading", "multiprocessing", "asyncio", "async-threads", "async-processes")
STAGE_MISMATCH = ["process-loops"]


def _params(**overrides: Any) -> Dict[str, Any]:
    params: Dict[str, Any] = {"items": 13, "payload_bytes": 24, "work": 50, "wait_ms": 0.5}
    params.update(overrides)
    return params


class DirectTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load_workload("producer_consumer")

    def test_payload_is_deterministic_and_differs_per_item(self) -> None:
        self.assertEqual(self.mod.payload(3, 10), self.mod.payload(3, 10))
        self.assertEqual(len(self.mod.payload(3, 10)), 10)
        self.assertNotEqual(self.mod.payload(3, 10), self.mod.payload(4, 10))

    def test_fold_depends_on_index_payload_and_work(self) -> None:
        data = self.mod.payload(1, 16)
        base = self.mod.fold(1, data, 100)
        self.assertIsInstance(base, int)
        self.assertNotEqual(base, self.mod.fold(2, data, 100))
        self.assertNotEqual(base, self.mod.fold(1, self.mod.payload(2, 16), 100))
        self.assertNotEqual(base, self.mod.fold(1, data, 101))

    def test_results_are_sorted_back_into_index_order(self) -> None:
        done = [(2, 20, 5), (0, 0, 7), (1, 10, 6)]
        out = self.mod._finish(done, 3, 0, 1_000_000_000)
        self.assertEqual(out["results"], [0, 10, 20])
        self.assertEqual(out["latencies_ns"], [7, 6, 5])
        self.assertAlmostEqual(out["metrics"]["items_per_s"], 3.0)

    def test_a_lost_or_duplicated_item_fails_the_run(self) -> None:
        with self.assertRaises(RuntimeError):
            self.mod._finish([(0, 0, 1), (2, 2, 1)], 3, 0, 1)
        with self.assertRaises(RuntimeError):
            self.mod._finish([(0, 0, 1), (0, 0, 1), (2, 2, 1)], 3, 0, 1)

    def test_threading_matches_sequential_values(self) -> None:
        params = _params()
        seq = self.mod.run_sequential(params, 1, None)
        thr = self.mod.run_threading(params, 3, None)
        self.assertEqual(seq["results"], thr["results"])
        expected = [self.mod.fold(i, self.mod.payload(i, 24), 50) for i in range(13)]
        self.assertEqual(seq["results"], expected)
        self.assertGreater(thr["metrics"]["items_per_s"], 0)
        self.assertEqual(len(thr["latencies_ns"]), 13)

    def test_bad_params_are_rejected(self) -> None:
        with self.assertRaises(ValueError):
            self.mod.task_count(_params(payload_bytes=0))
        with self.assertRaises(ValueError):
            self.mod.task_count(_params(wait_ms=-1))


class HarnessTest(LeftoverCheck):
    def test_checksum_agrees_across_supported_modes(self) -> None:
        sums = self.checksums("producer_consumer", SUPPORTED, _params(), workers=3)
        self.assertEqual(len(set(sums.values())), 1, sums)
        self.assertEqual(sums["sequential"], checksum([self.value(i) for i in range(13)]))

    def value(self, i: int) -> int:
        mod = load_workload("producer_consumer")
        return int(mod.fold(i, mod.payload(i, 24), 50))

    def test_reports_items_per_second_latencies_and_child_peaks(self) -> None:
        # A pool worker that happened to get no item reports no peak: async-processes has 1 or 2.
        children = {"threading": (0, 0), "async-threads": (0, 0), "multiprocessing": (2, 2), "async-processes": (1, 2)}
        for mode, (least, most) in children.items():
            reply = run_sample("producer_consumer", mode, _params(wait_ms=2), workers=2)
            self.assert_ok(reply, mode)
            self.assertGreater(reply["metrics"]["items_per_s"], 0, mode)
            self.assertEqual(reply["latency"]["count"], 13, mode)
            self.assertTrue(least <= len(reply["childMaxRssKb"]) <= most, mode)

    def test_process_modes_work_under_spawn_and_forkserver(self) -> None:
        expected = self.checksums("producer_consumer", ("sequential",), _params(items=5))["sequential"]
        for method in ("spawn", "forkserver"):
            for mode in ("multiprocessing", "async-processes"):
                # In this process, so that the teardown is what stops multiprocessing's helpers.
                sums = self.checksums("producer_consumer", (mode,), _params(items=5), workers=2, start_method=method)
                self.assertEqual(sums[mode], expected, "%s under %s" % (mode, method))

    def test_forkserver_children_report_their_cpu_time(self) -> None:
        if "forkserver" not in multiprocessing.get_all_start_methods():
            self.skipTest("no forkserver here")
        for mode in ("multiprocessing", "async-processes"):
            # In this process, so that the teardown is what stops the fork server.
            reply = run_sample("producer_consumer", mode, _params(items=20, work=20000, wait_ms=0), 2, "forkserver")
            self.assert_ok(reply, mode)
            # The fork server's children, never reaped by the harness, count by what they report:
            # mostly folding, ~1.1 of the wall time (without them: ~0.05).
            cpu = reply["cpuUserNs"] + reply["cpuSysNs"]
            self.assertGreater(cpu, 0.3 * reply["wallNs"], mode)

    def test_only_forkserver_children_are_reported_for_their_cpu_time(self) -> None:
        mod = load_workload("producer_consumer")
        methods = [m for m in ("fork", "forkserver") if m in multiprocessing.get_all_start_methods()]
        ctx = mod.setup(_params())
        try:
            for method in methods:
                for run in (mod.run_multiprocessing, mod.run_async_processes):
                    out = run(_params(items=6, _start_method=method), 2, ctx)
                    what = "%s under %s" % (run.__name__, method)
                    if method == "fork":  # the harness's own children: counted already
                        keys = ["child_max_rss_kb", "latencies_ns", "metrics", "results", "setup_ns"]
                        self.assertEqual(sorted(out), keys, what)
                    else:  # one [user_ns, sys_ns] per child, as its peak RSS
                        self.assertEqual(len(out["child_cpu_ns"]), len(out["child_max_rss_kb"]), what)
                        self.assertGreater(min(sum(pair) for pair in out["child_cpu_ns"]), 0, what)
        finally:
            mod.teardown(ctx)

    def test_modes_without_an_implementation_fail(self) -> None:
        self.assert_stage_mismatch("producer_consumer", STAGE_MISMATCH, _params())

    def test_a_failing_consumer_fails_the_run_without_hanging(self) -> None:
        mod = load_workload("producer_consumer")
        fold = mod.fold

        def broken(i: int, data: bytes, work: int) -> int:
            if i == 3:
                raise ZeroDivisionError("item 3")
            return int(fold(i, data, work))

        # Forked consumers inherit the patched module; a queue of 2 per consumer fills up at once.
        params = _params(items=40, wait_ms=0, _start_method="fork")
        with mock.patch.object(mod, "fold", broken), mock.patch.object(mod, "QUEUE_PER_CONSUMER", 2):
            for run in (mod.run_threading, mod.run_asyncio, mod.run_async_threads, mod.run_multiprocessing, mod.run_async_processes):
                with self.assertRaises(Exception, msg=run.__name__) as raised:
                    run(params, 2, None)
                self.assertIn("item 3", str(raised.exception), run.__name__)
            spec_params = {k: v for k, v in params.items() if not k.startswith("_")}
            reply = run_sample("producer_consumer", "multiprocessing", spec_params, workers=2, start_method="fork")
        self.assertEqual(reply["status"], "failed")
        self.assertEqual(reply["error"]["type"], "ZeroDivisionError", "the consumer's own exception")
        self.assertIn("in broken", reply["error"]["traceback"], "the consumer's own traceback")


if __name__ == "__main__":
    unittest.main()
