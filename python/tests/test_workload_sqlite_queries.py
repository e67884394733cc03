"""Tests of the sqlite-queries workload: its data and values, its clean-up, one checksum per phase."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
import unittest
from types import ModuleType
from typing import Any, Dict, List, Optional

from tests._workload_samples import ScratchDirCase
from tests.support import load_workload

SUPPORTED = ("sequential", "threading", "multiprocessing", "asyncio", "async-threads", "process-loops")
STAGE_MISMATCH = ("async-processes",)


def _load() -> ModuleType:
    return load_workload("sqlite_queries")


class TmpDirCase(ScratchDirCase):
    STEM, SCENARIO = "sqlite_queries", "sqlite-queries"
    DEFAULTS = {"tasks": 6, "rows": 2000, "phase": "read"}


class DirectTest(TmpDirCase):
    """The stages called directly, without the harness."""

    def setUp(self) -> None:
        super().setUp()
        self.mod = _load()

    def test_setup_builds_a_deterministic_wal_database(self) -> None:
        params = self.params(_tmpdir=self.tmp)
        ctx = self.mod.setup(params)
        try:
            conn = sqlite3.connect(ctx["db"])
            try:
                self.assertEqual(conn.execute("PRAGMA journal_mode").fetchone()[0], "wal")
                self.assertEqual(conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0], 2000)
                self.assertEqual(conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0], 1000)
                first = conn.execute("SELECT SUM(qty * price), SUM(customer_id) FROM orders").fetchone()
            finally:
                conn.close()
        finally:
            self.mod.teardown(ctx)
        other = os.path.join(self.tmp, "again")
        os.mkdir(other)
        ctx = self.mod.setup(self.params(_tmpdir=other))
        try:
            conn = sqlite3.connect(ctx["db"])
            try:
                again = conn.execute("SELECT SUM(qty * price), SUM(customer_id) FROM orders").fetchone()
            finally:
                conn.close()
        finally:
            self.mod.teardown(ctx)
        self.assertEqual(first, again)

    def test_read_returns_region_aggregates_that_add_up(self) -> None:
        params = self.params(_tmpdir=self.tmp)
        ctx = self.mod.setup(params)
        try:
            rows: List[List[int]] = self.mod.fetch(3, params, ctx)
            self.assertEqual(rows, asyncio.run(self.mod.afetch(3, params, ctx)))
            self.assertEqual([r[0] for r in rows], sorted(r[0] for r in rows))
            conn = sqlite3.connect(ctx["db"])
            try:
                count, revenue = conn.execute(
                    "SELECT COUNT(*), SUM(qty * price) FROM orders WHERE product % 16 = 3"
                ).fetchone()
            finally:
                conn.close()
            self.assertEqual(sum(r[1] for r in rows), count)
            self.assertEqual(sum(r[2] for r in rows), revenue)
            self.assertNotEqual(rows, self.mod.fetch(4, params, ctx))
        finally:
            self.mod.teardown(ctx)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_concurrent_writers_each_insert_their_own_row(self) -> None:
        params = self.params(phase="write", tasks=8, _tmpdir=self.tmp)
        ctx = self.mod.setup(params)
        values: Dict[int, Any] = {}

        def writer(k: int) -> None:
            for i in range(k, 8, 4):
                values[i] = self.mod.fetch(i, params, ctx)
            self.mod._close_own(ctx)

        try:
            threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            conn = sqlite3.connect(ctx["db"])
            try:
                stored = [list(r) for r in conn.execute("SELECT task, orders, revenue FROM totals ORDER BY task")]
            finally:
                conn.close()
            self.assertEqual(stored, [values[i] for i in range(8)])
        finally:
            self.mod.teardown(ctx)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_bad_parameters_fail_in_setup_and_leave_nothing(self) -> None:
        with self.assertRaises(ValueError):
            self.mod.setup(self.params(phase="delete", _tmpdir=self.tmp))
        with self.assertRaises(ValueError):
            self.mod.setup(self.params(rows=0, _tmpdir=self.tmp))
        self.assertEqual(os.listdir(self.tmp), [])


class HarnessTest(TmpDirCase):
    """Every mode through the harness: one checksum per phase, unsupported modes say so."""

    def run_mode(self, mode: str, phase: str, startMethod: Optional[str] = None) -> Dict[str, Any]:
        return self.run_in_scratch(mode, self.params(phase=phase), "%s/%s" % (mode, phase), startMethod)

    def test_checksum_agrees_across_supported_modes(self) -> None:
        for phase in ("read", "write"):
            checksums = {}
            for mode in SUPPORTED:
                reply = self.run_mode(mode, phase)
                self.assertEqual(reply["status"], "ok", "%s/%s: %s" % (mode, phase, reply.get("reason")))
                self.assertEqual(reply["tasks"], 6)
                checksums[mode] = reply["checksum"]
            self.assertEqual(len(set(checksums.values())), 1, "%s: %s" % (phase, checksums))

    def test_spawned_workers_agree_with_sequential(self) -> None:
        expected = self.run_mode("sequential", "write")["checksum"]
        for mode in ("multiprocessing", "process-loops"):
            reply = self.run_mode(mode, "write", startMethod="spawn")
            self.assertEqual(reply["status"], "ok", "%s: %s" % (mode, reply.get("reason")))
            self.assertEqual(reply["checksum"], expected, mode)

    def test_modes_without_their_stages_fail(self) -> None:
        for mode in STAGE_MISMATCH:
            reply = self.run_mode(mode, "read")
            self.assertEqual(reply["status"], "failed", mode)
            self.assertIn("the scenario declares %s but" % mode, reply["reason"])


if __name__ == "__main__":
    unittest.main()
