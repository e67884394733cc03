"""Tests of the file-io workload: its values, its clean-up, and one checksum across every mode."""
from __future__ import annotations

import asyncio
import hashlib
import os
import unittest
import zlib
from types import ModuleType
from typing import Any, Dict, Optional

from tests._workload_samples import ScratchDirCase
from tests.support import load_workload

SUPPORTED = ("sequential", "threading", "multiprocessing", "asyncio", "async-threads", "process-loops")
STAGE_MISMATCH = ("async-processes",)


def _load() -> ModuleType:
    return load_workload("file_io")


def _expected_bytes(i: int, size: int) -> bytes:
    block = hashlib.sha256(f"pyconc-file-io-{i}".encode()).digest() * 2048
    return (block * (size // len(block) + 1))[:size]


class TmpDirCase(ScratchDirCase):
    STEM, SCENARIO = "file_io", "file-io"
    DEFAULTS = {"tasks": 3, "file_kb": 100, "op": "write-fsync"}


class DirectTest(TmpDirCase):
    """The stages called directly, without the harness."""

    def setUp(self) -> None:
        super().setUp()
        self.mod = _load()

    def test_write_fsync_writes_the_pattern_and_returns_its_size(self) -> None:
        params = self.params(op="write-fsync", _tmpdir=self.tmp)
        ctx = self.mod.setup(params)
        try:
            self.assertEqual(self.mod.fetch(2, params, ctx), 100 * 1024)
            with open(os.path.join(ctx["dir"], "w-2.bin"), "rb") as f:
                self.assertEqual(f.read(), _expected_bytes(2, 100 * 1024))
        finally:
            self.mod.teardown(ctx)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_read_cached_returns_the_crc_of_the_prewritten_file(self) -> None:
        params = self.params(op="read-cached", _tmpdir=self.tmp)
        ctx = self.mod.setup(params)
        try:
            self.assertEqual(sorted(os.listdir(ctx["dir"])), ["r-0.bin", "r-1.bin", "r-2.bin"])
            for i in range(3):
                expected = "%08x" % zlib.crc32(_expected_bytes(i, 100 * 1024))
                self.assertEqual(self.mod.fetch(i, params, ctx), expected)
                self.assertEqual(asyncio.run(self.mod.afetch(i, params, ctx)), expected)
            self.assertNotEqual(self.mod.fetch(0, params, ctx), self.mod.fetch(1, params, ctx))
        finally:
            self.mod.teardown(ctx)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_teardown_removes_partial_work(self) -> None:
        params = self.params(op="write-fsync", _tmpdir=self.tmp)
        ctx = self.mod.setup(params)
        self.mod.fetch(0, params, ctx)
        with open(os.path.join(ctx["dir"], "stray.tmp"), "wb") as f:
            f.write(b"x")
        self.mod.teardown(ctx)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_bad_parameters_fail_in_setup_and_leave_nothing(self) -> None:
        with self.assertRaises(ValueError):
            self.mod.setup(self.params(op="read-uncached", _tmpdir=self.tmp))
        with self.assertRaises(ValueError):
            self.mod.setup(self.params(file_kb=0, _tmpdir=self.tmp))
        self.assertEqual(os.listdir(self.tmp), [])


class HarnessTest(TmpDirCase):
    """Every mode through the harness: one checksum per op, unsupported modes say so."""

    def run_mode(self, mode: str, op: str, startMethod: Optional[str] = None) -> Dict[str, Any]:
        return self.run_in_scratch(mode, self.params(tasks=4, file_kb=64, op=op), "%s/%s" % (mode, op), startMethod)

    def test_checksum_agrees_across_supported_modes(self) -> None:
        for op in ("write-fsync", "read-cached"):
            checksums = {}
            for mode in SUPPORTED:
                reply = self.run_mode(mode, op)
                self.assertEqual(reply["status"], "ok", "%s/%s: %s" % (mode, op, reply.get("reason")))
                self.assertEqual(reply["tasks"], 4)
                checksums[mode] = reply["checksum"]
            self.assertEqual(len(set(checksums.values())), 1, "%s: %s" % (op, checksums))

    def test_spawned_workers_agree_with_sequential(self) -> None:
        expected = self.run_mode("sequential", "read-cached")["checksum"]
        for mode in ("multiprocessing", "process-loops"):
            reply = self.run_mode(mode, "read-cached", startMethod="spawn")
            self.assertEqual(reply["status"], "ok", "%s: %s" % (mode, reply.get("reason")))
            self.assertEqual(reply["checksum"], expected, mode)

    def test_ops_give_different_checksums(self) -> None:
        write = self.run_mode("sequential", "write-fsync")["checksum"]
        read = self.run_mode("sequential", "read-cached")["checksum"]
        self.assertNotEqual(write, read)

    def test_modes_without_their_stages_fail(self) -> None:
        for mode in STAGE_MISMATCH:
            reply = self.run_mode(mode, "read-cached")
            self.assertEqual(reply["status"], "failed", mode)
            self.assertIn("the scenario declares %s but" % mode, reply["reason"])


if __name__ == "__main__":
    unittest.main()
