"""Tests of the spawn-overhead workload: units per mode and start method, metrics, no leftovers."""
from __future__ import annotations

import multiprocessing
import os
import unittest
from typing import Any, Dict
from unittest import mock

from pyconc_harness import toolkit
from tests._workload_samples import LeftoverCheck, checksum, load_workload, run_sample

SUPPORTED = ("sequential", "threading", "multiprocessing", "asyncio")
STAGE_MISMATCH = ["async-threads", "async-processes", "process-loops"]


def _params(**overrides: Any) -> Dict[str, Any]:
    params: Dict[str, Any] = {"units": 5, "start_method": "fork"}
    params.update(overrides)
    return params


class DirectTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load_workload("spawn_overhead")

    def test_waves_cover_the_units_in_order(self) -> None:
        self.assertEqual([list(w) for w in self.mod.waves(5, 2)], [[0, 1], [2, 3], [4]])
        self.assertEqual([list(w) for w in self.mod.waves(3, 8)], [[0, 1, 2]])
        self.assertEqual(self.mod.waves(0, 4), [])

    def test_threads_and_coroutines_return_their_index_and_report_costs(self) -> None:
        ctx = self.mod.setup(_params())
        try:
            for run in (self.mod.run_threading, self.mod.run_asyncio):
                out = run(_params(), 2, ctx)
                self.assertEqual(out["results"], [0, 1, 2, 3, 4], run.__name__)
                self.assertGreater(out["metrics"]["us_per_unit"], 0, run.__name__)
                if toolkit.rss_kb() is not None:
                    self.assertGreaterEqual(out["metrics"]["kb_per_unit"], 0, run.__name__)
        finally:
            self.mod.teardown(ctx)

    def test_memory_probes_read_proc(self) -> None:
        if toolkit.rss_kb() is None:
            self.skipTest("no /proc")
        self.assertGreater(toolkit.rss_kb(), 1000)
        uss = toolkit.uss_kb(os.getpid())
        if uss is not None:  # smaps_rollup needs Linux 4.14
            self.assertGreater(uss, 100)
        self.assertIsNone(toolkit.uss_kb(2**22 + 12345))  # no such process

    def test_an_unknown_start_method_is_rejected(self) -> None:
        with self.assertRaises(Exception) as raised:
            self.mod.mp_context(_params(start_method="teleport"))
        self.assertIn("teleport", str(raised.exception))


class HarnessTest(LeftoverCheck):
    def test_checksum_agrees_across_supported_modes(self) -> None:
        sums = self.checksums("spawn_overhead", SUPPORTED, _params(), workers=2)
        self.assertEqual(len(set(sums.values())), 1, sums)
        self.assertEqual(sums["sequential"], checksum(list(range(5))))

    def test_every_available_start_method_starts_its_units(self) -> None:
        for method in multiprocessing.get_all_start_methods():
            # In this process, so that the teardown is what stops the fork server and tracker.
            reply = run_sample("spawn_overhead", "multiprocessing", _params(units=3, start_method=method), workers=3)
            self.assert_ok(reply, method)
            self.assertEqual(reply["checksum"], checksum([0, 1, 2]), method)
            self.assertGreater(reply["metrics"]["us_per_unit"], 0, method)
            self.assertEqual(len(reply["childMaxRssKb"]), 3, method)
            if self.mod_has_proc():
                self.assertGreater(reply["metrics"]["kb_per_unit"], 0, method)
            # A fork server's children report their CPU time (the harness never reaps them): a
            # start-up is mostly CPU, so the sample's CPU is a good share of its wall time.
            cpu = reply["cpuUserNs"] + reply["cpuSysNs"]
            self.assertGreater(cpu, 0.3 * reply["wallNs"], method)

    def test_a_unit_that_dies_fails_the_sample_without_leftovers(self) -> None:
        mod = load_workload("spawn_overhead")
        unit = mod.unit

        def dies(i: int) -> int:
            if i == 3:
                os._exit(3)
            return int(unit(i))

        with mock.patch.object(mod, "unit", dies):  # forked units inherit the patch
            reply = run_sample("spawn_overhead", "multiprocessing", _params(units=6), workers=4)
        self.assertEqual(reply["status"], "failed")
        self.assertIn("exited with code 3", reply["reason"])

    def test_an_unavailable_start_method_is_unsupported(self) -> None:
        reply = run_sample("spawn_overhead", "multiprocessing", _params(start_method="teleport"))
        self.assertEqual(reply["status"], "unsupported")
        self.assertIn("teleport", reply["reason"])

    def test_modes_without_an_implementation_fail(self) -> None:
        self.assert_stage_mismatch("spawn_overhead", STAGE_MISMATCH, _params())

    @staticmethod
    def mod_has_proc() -> bool:
        return toolkit.rss_kb() is not None


if __name__ == "__main__":
    unittest.main()
