"""Tests of the task-granularity workload: its growing tasks, and one checksum across every mode and chunk size."""
from __future__ import annotations

import unittest
from typing import Any, Dict

from tests._workload_samples import LeftoverCheck, checksum, load_workload
from tests.support import HAS_INTERPRETER_POOL, make_spec, run_spec_subprocess

MODES = ("sequential", "threading", "multiprocessing") + (("interpreters",) if HAS_INTERPRETER_POOL else ())


def _params(**overrides: Any) -> Dict[str, Any]:
    params: Dict[str, Any] = {"tasks": 23, "spin": 10}
    params.update(overrides)
    return params


class DirectTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load_workload("task_granularity")

    def test_rounds_grow_from_one_to_about_twice_spin(self) -> None:
        counts = [self.mod.rounds(i, 2000, 100) for i in range(2000)]
        self.assertEqual(counts[0], 1)
        self.assertEqual(counts[-1], 200)
        self.assertEqual(counts, sorted(counts))
        self.assertAlmostEqual(sum(counts) / len(counts), 100, delta=1)
        # The second half holds about three quarters of the work: one chunk per worker is unbalanced.
        self.assertAlmostEqual(sum(counts[1000:]) / sum(counts), 0.75, delta=0.01)

    def test_a_task_is_its_rounds_of_the_lcg_from_its_index(self) -> None:
        x = 5
        for _ in range(self.mod.rounds(5, 23, 10)):
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        self.assertEqual(self.mod.compute(5, _params()), x)
        self.assertEqual(self.mod.compute(0, _params(spin=0)), 12345)  # one round from 0

    def test_the_chunk_size_parameter_changes_no_value(self) -> None:
        self.assertEqual(self.mod.compute(7, _params(chunksize="1")), self.mod.compute(7, _params(chunksize="auto")))


class HarnessTest(LeftoverCheck):
    """Samples as pyconc runs them: the chunk size in the spec (and, as a parameter, in the params)."""

    def _sample(self, mode: str, chunksize: Any, fresh: bool = False) -> Dict[str, Any]:
        params = _params(chunksize=str(chunksize))
        spec = make_spec("task_granularity", mode, params, 2, chunksize=chunksize)
        if fresh:  # the interpreter's default start method (forkserver on 3.14), helpers and all
            return run_spec_subprocess(spec)[1]
        spec["startMethod"] = "fork"  # in this process: no fork server or resource tracker left running
        from pyconc_harness.run import run_spec

        return run_spec(spec)

    def test_checksum_agrees_across_modes_and_chunk_sizes(self) -> None:
        mod = load_workload("task_granularity")
        expected = checksum([mod.compute(i, _params()) for i in range(23)])
        for chunksize in (1, "auto", 5, 23, 100):
            for mode in MODES:
                reply = self._sample(mode, chunksize)
                self.assert_ok(reply, "%s chunksize=%s" % (mode, chunksize))
                self.assertEqual(reply["checksum"], expected, "%s chunksize=%s" % (mode, chunksize))

    def test_the_pools_hand_the_tasks_over_in_the_chunks_asked_for(self) -> None:
        for chunksize, used in ((1, 1), ("auto", 3), (10, 10)):  # auto: ceil(23 / (4 x 2)) = 3
            for mode in MODES[1:]:
                reply = self._sample(mode, chunksize)
                self.assert_ok(reply, mode)
                self.assertEqual(reply["chunksize"], used, "%s chunksize=%s" % (mode, chunksize))

    def test_a_fresh_harness_with_the_default_start_method_agrees(self) -> None:
        replies = {mode: self._sample(mode, "auto", fresh=True) for mode in MODES}
        for mode, reply in replies.items():
            self.assert_ok(reply, mode)
        self.assertEqual(len({reply["checksum"] for reply in replies.values()}), 1)


if __name__ == "__main__":
    unittest.main()
