"""Helpers for the workload tests: one sample through the in-process harness, and leftover checks."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import unittest
from typing import Any, Dict, List, Optional, Set, Tuple

from tests.support import MODES, leftover_processes, load_workload, make_spec, run_spec_subprocess
from tests.support import run_sample as run_in_process


def run_sample(
    stem: str,
    mode: str,
    params: Dict[str, Any],
    workers: int = 2,
    start_method: Optional[str] = None,
    fresh_interpreter: bool = False,
) -> Dict[str, Any]:
    """One sample: in this process (run_spec), or like pyconc runs it, in a fresh harness.py.

    In this process, a pool of the spec's start method (spawn, forkserver) leaves
    multiprocessing's resource tracker running until the process exits; a fresh interpreter,
    as in a real run, takes it with it.
    """
    if fresh_interpreter:
        return run_spec_subprocess(make_spec(stem, mode, params, workers, startMethod=start_method))[1]
    return run_in_process(stem, mode, params, workers, startMethod=start_method)


def shm_entries() -> Set[str]:
    try:
        return set(os.listdir("/dev/shm"))
    except OSError:
        return set()


class LeftoverCheck(unittest.TestCase):
    """A test case that fails when a test leaves child processes or shared-memory segments behind."""

    def setUp(self) -> None:
        self._children_before = set(leftover_processes())
        self._shm_before = shm_entries()
        self.addCleanup(self._check_leftovers)

    def _check_leftovers(self) -> None:
        # multiprocessing's helpers (fork server, resource tracker) live as long as this process.
        children = [pid for pid in leftover_processes() if pid not in self._children_before]
        self.assertEqual(children, [], "child processes left behind")
        # /dev/shm is shared with every other process on the machine: what other programs create
        # and remove meanwhile must not count, so new entries get a moment to go away.
        deadline = time.monotonic() + 3.0
        new = shm_entries() - self._shm_before
        while new and time.monotonic() < deadline:
            time.sleep(0.1)
            new &= shm_entries()
        self.assertEqual(sorted(new), [], "shared memory left behind")

    def assert_ok(self, reply: Dict[str, Any], what: str) -> None:
        self.assertEqual(reply["status"], "ok", "%s: %s\n%s" % (what, reply.get("reason"), (reply.get("error") or {}).get("traceback")))

    def checksums(
        self,
        stem: str,
        modes: Tuple[str, ...],
        params: Dict[str, Any],
        workers: int = 2,
        start_method: Optional[str] = None,
        fresh_interpreter: bool = False,
    ) -> Dict[str, str]:
        """Each mode's checksum (every sample must be ok)."""
        out: Dict[str, str] = {}
        for mode in modes:
            reply = run_sample(stem, mode, params, workers, start_method, fresh_interpreter)
            self.assert_ok(reply, "%s (%s)" % (mode, start_method or "default start method"))
            out[mode] = reply["checksum"]
        return out

    def assert_stage_mismatch(self, stem: str, modes: List[str], params: Dict[str, Any]) -> None:
        """Modes the workload has neither stages nor a run_<mode> for: failed, saying so."""
        for mode in modes:
            reply = run_sample(stem, mode, params)
            self.assertEqual(reply["status"], "failed", mode)
            self.assertEqual(reply["error"]["type"], "StageMismatch", mode)
            self.assertIn("the scenario declares %s but" % mode, reply["reason"])


class ScratchDirCase(unittest.TestCase):
    """A scratch directory per test, and samples run in fresh subdirectories of it that must be
    left empty. Subclasses name the workload (``STEM``, ``SCENARIO``) and its test ``DEFAULTS``."""

    STEM = ""
    SCENARIO = ""
    DEFAULTS: Dict[str, Any] = {}

    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="pyconc-test-%s-" % self.SCENARIO)
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def params(self, **overrides: Any) -> Dict[str, Any]:
        return dict(self.DEFAULTS, **overrides)

    def run_in_scratch(self, mode: str, params: Dict[str, Any], what: str, startMethod: Optional[str] = None) -> Dict[str, Any]:
        sample_dir = tempfile.mkdtemp(dir=self.tmp)
        reply = run_in_process(self.STEM, mode, params, scenario=self.SCENARIO, startMethod=startMethod, tmpDir=sample_dir)
        if os.path.isdir(sample_dir):
            self.assertEqual(os.listdir(sample_dir), [], "%s left files behind" % what)
        return reply


def checksum(values: List[Any]) -> str:
    from pyconc_harness.measure import checksum as harness_checksum

    return harness_checksum(values)
