"""Tests of the data-transfer workload: its values, one checksum across modes and transports, and
no shared-memory segment left behind, whether a run ends, fails or is stopped."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unittest
import zlib
from typing import Any, Dict
from unittest import mock

from tests._workload_samples import LeftoverCheck, checksum, load_workload, shm_entries
from tests.support import HARNESS, make_spec

MODES = ("sequential", "threading", "multiprocessing", "async-processes")
HAS_SHM = os.path.isdir("/dev/shm")


def _params(**overrides: Any) -> Dict[str, Any]:
    params: Dict[str, Any] = {"tasks": 5, "size_kb": 16, "transport": "pickle", "spin": 200}
    params.update(overrides)
    return params


class DirectTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load_workload("data_transfer")

    def test_payloads_are_deterministic_sized_and_distinct(self) -> None:
        first = self.mod.payloads(3, 100_000)
        self.assertEqual(first, self.mod.payloads(3, 100_000))
        self.assertEqual([len(p) for p in first], [100_000] * 3)
        self.assertEqual(len(set(first)), 3, "each task's payload starts with its index")
        self.assertEqual(first[2][:8], (2).to_bytes(8, "little"))
        self.assertEqual([len(p) for p in self.mod.payloads(2, 5)], [5, 5])

    def test_the_pass_is_the_crc_then_the_spin(self) -> None:
        data = b"payload" * 100
        crc = zlib.crc32(data)
        self.assertEqual(self.mod.light_pass(data, 0), "%08x:%d" % (crc, crc))
        x = crc
        for _ in range(3):
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        self.assertEqual(self.mod.light_pass(data, 3), "%08x:%d" % (crc, x))
        self.assertEqual(self.mod.light_pass(memoryview(data), 3), self.mod.light_pass(data, 3))
        self.assertEqual(self.mod.compute(data, _params(spin=3)), self.mod.light_pass(data, 3))

    def test_fetch_hands_over_the_parents_object(self) -> None:
        ctx = self.mod.setup(_params(tasks=2, size_kb=1))
        try:
            self.assertIs(self.mod.fetch(1, _params(), ctx), ctx["payloads"][1])
        finally:
            self.mod.teardown(ctx)

    def test_bad_params_are_rejected(self) -> None:
        for bad in ({"transport": "pipe"}, {"size_kb": 0}, {"tasks": -1}, {"spin": -1}):
            with self.assertRaises(ValueError, msg=str(bad)):
                self.mod.Sizes(_params(**bad))


@unittest.skipUnless(HAS_SHM, "needs /dev/shm")
class SharedMemoryTest(LeftoverCheck):
    def setUp(self) -> None:
        super().setUp()
        self.mod = load_workload("data_transfer")

    def _run(self, params: Dict[str, Any], on_loop: bool = False) -> Dict[str, Any]:
        params = dict(params, _start_method="fork")
        ctx = self.mod.setup(params)
        try:
            run = self.mod.run_async_processes if on_loop else self.mod.run_multiprocessing
            return run(params, 2, ctx)  # type: ignore[no-any-return]
        finally:
            self.mod.teardown(ctx)

    def test_slots_are_reused_and_the_values_match_sequential(self) -> None:
        params = _params(tasks=9, transport="shm")  # 9 tasks through 4 slots: each slot reused
        expected = [self.mod.light_pass(p, 200) for p in self.mod.payloads(9, 16 * 1024)]
        for on_loop in (False, True):
            out = self._run(params, on_loop)
            self.assertEqual(out["results"], expected, "on loop" if on_loop else "pool")
            self.assertGreater(out["setup_ns"], 0)
            self.assertEqual(len(out["latencies_ns"]), 9)

    def test_a_failing_task_leaves_no_segment(self) -> None:
        params = dict(_params(transport="shm"), _start_method="fork")
        ctx = self.mod.setup(params)
        try:
            # Patched before the pool forks, so the workers fail too.
            with mock.patch.object(self.mod, "light_pass", side_effect=RuntimeError("boom")):
                for run in (self.mod.run_multiprocessing, self.mod.run_async_processes):
                    with self.assertRaises(Exception, msg=run.__name__) as caught:
                        run(params, 2, ctx)
                    self.assertIn("boom", str(caught.exception))
                    self.assertEqual(ctx["segments"], [], "the run unlinked its segment itself")
        finally:
            self.mod.teardown(ctx)

    def test_teardown_unlinks_what_a_run_could_not(self) -> None:
        ctx = self.mod.setup(_params(tasks=1, size_kb=1))
        slots = self.mod.Slots(2, 4096, ctx)
        name = slots.name
        slots.shm.close()  # as if the run had died before its own unlink
        self.assertIn(name.lstrip("/"), shm_entries())
        self.mod.teardown(ctx)
        self.assertNotIn(name.lstrip("/"), shm_entries())
        self.assertEqual(ctx["segments"], [])

    def test_a_full_dev_shm_is_unsupported_not_a_crash(self) -> None:
        ctx = self.mod.setup(_params(tasks=1, size_kb=1))
        try:
            with mock.patch.object(os, "statvfs", return_value=mock.Mock(f_bavail=1, f_frsize=4096)):
                with self.assertRaises(Exception) as caught:
                    self.mod.Slots(2, 1 << 20, ctx)
            self.assertIn("/dev/shm has 0 MiB free", str(caught.exception))
            self.assertEqual(ctx["segments"], [])
        finally:
            self.mod.teardown(ctx)


class HarnessTest(LeftoverCheck):
    def test_checksum_agrees_across_modes_and_transports(self) -> None:
        expected = None
        for transport in ("pickle", "shm") if HAS_SHM else ("pickle",):
            sums = self.checksums("data_transfer", MODES, _params(transport=transport))
            self.assertEqual(len(set(sums.values())), 1, "%s: %s" % (transport, sums))
            expected = expected or sums["sequential"]
            self.assertEqual(sums["sequential"], expected)
        mod = load_workload("data_transfer")
        self.assertEqual(expected, checksum([mod.light_pass(p, 200) for p in mod.payloads(5, 16 * 1024)]))

    @unittest.skipUnless(HAS_SHM, "needs /dev/shm")
    def test_spawned_and_forkserver_pools_agree(self) -> None:
        for method in ("spawn", "forkserver"):
            for transport in ("pickle", "shm"):
                sums = self.checksums(
                    "data_transfer", ("sequential", "multiprocessing"), _params(tasks=3, transport=transport), start_method=method, fresh_interpreter=True
                )
                self.assertEqual(len(set(sums.values())), 1, "%s %s: %s" % (method, transport, sums))


def _mapped_segments(pid: int) -> set:
    """The shared-memory segments process `pid` has mapped, from /proc/PID/maps."""
    try:
        with open("/proc/%d/maps" % pid) as f:
            return {line.split("/dev/shm/", 1)[1].split()[0] for line in f if "/dev/shm/psm_" in line}
    except OSError:
        return set()


@unittest.skipUnless(HAS_SHM and os.path.isdir("/proc/self/task"), "needs Linux /dev/shm and /proc")
class StoppedTest(LeftoverCheck):
    def test_sigterm_while_the_pool_works_unlinks_the_segment(self) -> None:
        # Long tasks: the sample is stopped while its segment exists and its workers compute.
        spec = make_spec("data_transfer", "multiprocessing", _params(tasks=4, transport="shm", spin=50_000_000), startMethod="fork")
        proc = subprocess.Popen(
            [sys.executable, HARNESS, "run", json.dumps(spec)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        segments: set = set()
        try:
            deadline = time.monotonic() + 60
            while not segments:
                self.assertLess(time.monotonic(), deadline, "the sample never mapped its segment")
                self.assertIsNone(proc.poll(), "the sample ended early")
                time.sleep(0.02)
                segments = _mapped_segments(proc.pid)
            self.assertTrue(segments <= shm_entries())
            time.sleep(0.3)  # the pool up and working
            os.killpg(proc.pid, signal.SIGTERM)
            self.assertEqual(proc.wait(timeout=60), 128 + signal.SIGTERM)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            leaked = sorted(segments & shm_entries())
            for name in leaked:  # a SIGKILL leaves the segment: this test's failure, not the next one's
                os.remove(os.path.join("/dev/shm", name))
            assert proc.stderr is not None
            stderr = proc.stderr.read().decode(errors="replace")
            proc.stderr.close()
        self.assertEqual(leaked, [], stderr)
        self.assertNotIn("leaked shared_memory", stderr)


if __name__ == "__main__":
    unittest.main()
