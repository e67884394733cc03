"""Tests of the lock-contention workload: exact counts, lost updates detected, one checksum."""
from __future__ import annotations

import asyncio
import multiprocessing
import unittest
from typing import Any, Dict
from unittest import mock

from tests._workload_samples import LeftoverCheck, checksum, load_workload, run_sample

SUPPORTED = ("sequential", "threading", "multiprocessing", "asyncio", "async-threads", "async-processes")
STAGE_MISMATCH = ["process-loops"]


def _params(**overrides: Any) -> Dict[str, Any]:
    params: Dict[str, Any] = {"tasks": 5, "increments": 300, "hold": 3}
    params.update(overrides)
    return params


class NoLock:
    """An asyncio.Lock look-alike that excludes nothing: the lock-free variant."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: Any) -> None:
        return None


class DirectTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load_workload("lock_contention")

    def test_values_carry_index_increments_and_final_count(self) -> None:
        out = self.mod.run_sequential(_params(), 1, None)
        self.assertEqual(out["results"], [[i, 300, 1500] for i in range(5)])
        self.assertGreater(out["metrics"]["ns_per_increment"], 0)

    def test_a_wrong_final_count_changes_the_checksum(self) -> None:
        s = self.mod.Sizes(_params())
        right = checksum(self.mod.results(s, 1500, [300] * 5))
        self.assertNotEqual(checksum(self.mod.results(s, 1499, [300] * 5)), right)
        self.assertNotEqual(checksum(self.mod.results(s, 1501, [300] * 5)), right)

    def test_asyncio_without_the_lock_loses_updates_and_the_checksum_shows_it(self) -> None:
        params = _params(tasks=4, increments=50, hold=0)
        expected = checksum(self.mod.run_sequential(params, 1, None)["results"])
        locked = self.mod.run_asyncio(params, 4, None)
        self.assertEqual(checksum(locked["results"]), expected)
        with mock.patch.object(asyncio, "Lock", NoLock):
            broken = self.mod.run_asyncio(params, 4, None)
        final = broken["results"][0][2]
        self.assertLess(final, 200, "the await inside the section lets coroutines overwrite each other")
        self.assertNotEqual(checksum(broken["results"]), expected)

    def test_threads_and_processes_count_exactly(self) -> None:
        params = _params()
        for run in (self.mod.run_threading, self.mod.run_async_threads, self.mod.run_multiprocessing):
            out = run(dict(params, _start_method=None), 3, None)
            self.assertEqual({r[2] for r in out["results"]}, {1500}, run.__name__)

    def test_spin_is_deterministic(self) -> None:
        self.assertEqual(self.mod.spin(7, 10), self.mod.spin(7, 10))
        self.assertEqual(self.mod.spin(7, 0), 7)

    def test_bad_params_are_rejected(self) -> None:
        with self.assertRaises(ValueError):
            self.mod.Sizes(_params(increments=-1))


class HarnessTest(LeftoverCheck):
    def test_checksum_agrees_across_supported_modes(self) -> None:
        sums = self.checksums("lock_contention", SUPPORTED, _params(), workers=3)
        self.assertEqual(len(set(sums.values())), 1, sums)
        self.assertEqual(sums["sequential"], checksum([[i, 300, 1500] for i in range(5)]))

    def test_process_modes_work_under_spawn_and_forkserver(self) -> None:
        expected = checksum([[i, 40, 120] for i in range(3)])
        for method in ("spawn", "forkserver"):
            for mode in ("multiprocessing", "async-processes"):
                # In this process, so that the teardown is what stops multiprocessing's helpers.
                sums = self.checksums("lock_contention", (mode,), _params(tasks=3, increments=40), 2, method)
                self.assertEqual(sums[mode], expected, "%s under %s" % (mode, method))

    def test_process_modes_report_their_children_peak_rss(self) -> None:
        # A pool worker that happened to get no task reports no peak: async-processes has 1 or 2.
        for mode, least in (("multiprocessing", 2), ("async-processes", 1)):
            reply = run_sample("lock_contention", mode, _params(tasks=4, increments=2000), workers=2)
            self.assert_ok(reply, mode)
            self.assertTrue(least <= len(reply["childMaxRssKb"]) <= 2, mode)
            self.assertGreater(min(reply["childMaxRssKb"]), 1000, mode)

    def test_forkserver_children_report_their_cpu_time(self) -> None:
        if "forkserver" not in multiprocessing.get_all_start_methods():
            self.skipTest("no forkserver here")
        for mode in ("multiprocessing", "async-processes"):
            # In this process, so that the teardown is what stops the fork server.
            reply = run_sample("lock_contention", mode, _params(tasks=4, increments=2000), 2, "forkserver")
            self.assert_ok(reply, mode)
            # The fork server's children, never reaped by the harness, count by what they report:
            # mostly spinning in the section, ~0.85 of the wall time (without them: ~0.05).
            cpu = reply["cpuUserNs"] + reply["cpuSysNs"]
            self.assertGreater(cpu, 0.3 * reply["wallNs"], mode)

    def test_only_forkserver_children_are_reported_for_their_cpu_time(self) -> None:
        mod = load_workload("lock_contention")
        methods = [m for m in ("fork", "forkserver") if m in multiprocessing.get_all_start_methods()]
        ctx = mod.setup(_params())
        try:
            for method in methods:
                for run in (mod.run_multiprocessing, mod.run_async_processes):
                    out = run(_params(tasks=4, _start_method=method), 2, ctx)
                    what = "%s under %s" % (run.__name__, method)
                    if method == "fork":  # the harness's own children: counted already
                        self.assertEqual(sorted(out), ["child_max_rss_kb", "metrics", "results", "setup_ns"], what)
                    else:  # one [user_ns, sys_ns] per child, as its peak RSS
                        self.assertEqual(len(out["child_cpu_ns"]), len(out["child_max_rss_kb"]), what)
                        self.assertGreater(min(sum(pair) for pair in out["child_cpu_ns"]), 0, what)
        finally:
            mod.teardown(ctx)

    def test_a_failing_worker_fails_the_sample_with_its_own_error(self) -> None:
        mod = load_workload("lock_contention")
        task = mod.task

        def broken(i: int, value: Any, lock: Any, increments: int, hold: int) -> int:
            if i == 1:
                raise KeyError("task 1")
            return int(task(i, value, lock, increments, hold))

        with mock.patch.object(mod, "task", broken):  # forked workers inherit the patch
            for mode in ("multiprocessing", "async-processes"):
                reply = run_sample("lock_contention", mode, _params(tasks=4), workers=2, start_method="fork")
                self.assertEqual(reply["status"], "failed", mode)
                self.assertEqual(reply["error"]["type"], "KeyError", mode)
                self.assertIn("in broken", reply["error"]["traceback"], mode)

    def test_modes_without_an_implementation_fail(self) -> None:
        self.assert_stage_mismatch("lock_contention", STAGE_MISMATCH, _params())


if __name__ == "__main__":
    unittest.main()
