"""Tests of pyconc_harness.toolkit: warm pools, children with a handshake, usage, errors."""
from __future__ import annotations

import multiprocessing
import os
import time
import unittest

from pyconc_harness import toolkit
from pyconc_harness.errors import ChildError, Unsupported, WorkerDied
from tests._workload_samples import LeftoverCheck
from tests.support import load_workload

METHODS = [m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]


def parts():  # type: ignore[no-untyped-def]
    return load_workload("fx_toolkit_parts")


class PoolTest(LeftoverCheck):
    def setUp(self) -> None:
        super().setUp()
        self.helpers = toolkit.note_helpers()
        self.addCleanup(self.stop_helpers)

    def stop_helpers(self) -> None:
        import gc

        gc.collect()  # a failed start's pool lives on in its traceback: its semaphores go first
        toolkit.stop_new_helpers(self.helpers)

    def test_every_worker_starts_once_and_reports_its_usage(self) -> None:
        mod = parts()
        for method in METHODS:
            for executor in (True, False):
                with self.subTest(method=method, executor=executor):
                    pool, reports = toolkit.process_pool(
                        toolkit.mp_context(method), 3, "remember", ("hello",), module=mod, executor=executor
                    )
                    try:
                        self.assertEqual(len({r[0] for r in reports}), 3, reports)
                        self.assertTrue(all(r[1] > 0 for r in reports))
                        if executor:
                            seen = [pool.submit(mod.seen).result() for _ in range(3)]
                        else:
                            seen = pool.map(mod.seen, range(3))
                        self.assertEqual(seen, [["hello"]] * 3)  # the module's own function, by reference
                    finally:
                        toolkit.kill_pool(pool)

    def test_an_initialiser_error_is_the_childs_own(self) -> None:
        mod = parts()
        for executor in (True, False):
            with self.assertRaises(ChildError) as raised:
                toolkit.process_pool(toolkit.mp_context("fork"), 2, "fail_init", ("no good",), module=mod, executor=executor)
            self.assertEqual(raised.exception.type_name, "ValueError")
            self.assertIn("no good", raised.exception.message)
            self.assertIn("fail_init", raised.exception.traceback_text)

    def test_a_worker_that_dies_while_starting_fails_at_once(self) -> None:
        mod = parts()
        for method in METHODS:
            for executor in (True, False):
                with self.subTest(method=method, executor=executor):
                    t0 = time.monotonic()
                    with self.assertRaises(WorkerDied) as raised:
                        toolkit.process_pool(toolkit.mp_context(method), 2, "exit_init", (3,), module=mod, executor=executor)
                    self.assertIn("exited with code 3", str(raised.exception))
                    self.assertLess(time.monotonic() - t0, 20)

    def test_a_module_not_registered_under_its_name_is_refused(self) -> None:
        import types

        stray = types.ModuleType("not_registered_anywhere")
        stray.__file__ = __file__
        with self.assertRaises(RuntimeError):
            toolkit.process_pool(toolkit.mp_context("fork"), 1, module=stray)

    def test_thread_pool_starts_every_thread(self) -> None:
        mod = parts()
        pool = toolkit.thread_pool(4, "t")
        try:
            self.assertEqual(len(pool._threads), 4)
        finally:
            pool.shutdown(wait=True)
        self.assertTrue(mod.thread_id())


class ChildrenTest(LeftoverCheck):
    def test_ready_go_and_reports(self) -> None:
        mod = parts()
        for method in METHODS:
            with self.subTest(method=method):
                helpers = toolkit.note_helpers()
                try:
                    target = toolkit.child(mod, "square_child")
                    with toolkit.Children(toolkit.mp_context(method), target, [(2,), (3,)], "squarer") as kids:
                        self.assertEqual(kids.receive(30), [("ready",), ("ready",)])
                        kids.send("go")
                        reports = kids.receive(30)
                        kids.join()
                    self.assertEqual([r[1] for r in reports], [4, 9])
                    self.assertEqual(len({r[2] for r in reports}), 2)
                finally:
                    toolkit.stop_new_helpers(helpers)

    def test_a_childs_error_and_a_childs_death(self) -> None:
        mod = parts()
        mp = toolkit.mp_context("fork")
        with toolkit.Children(mp, toolkit.child(mod, "failing_child"), [(0,), (1,)]) as kids:
            kids.receive(30)
            kids.send("go")
            with self.assertRaises(ChildError) as raised:
                kids.receive(30)
        self.assertEqual(raised.exception.type_name, "KeyError")
        self.assertIn("failing_child", raised.exception.traceback_text)
        with toolkit.Children(mp, toolkit.child(mod, "dying_child"), [(0,), (1,)], "unit") as kids:
            kids.receive(30)
            kids.send("go")
            with self.assertRaises(WorkerDied) as died:
                kids.receive(30)
        self.assertIn("exited with code 7", str(died.exception))

    def test_children_left_waiting_are_stopped(self) -> None:
        mod = parts()
        kids = toolkit.Children(toolkit.mp_context("fork"), toolkit.child(mod, "square_child"), [(1,), (2,)])
        kids.receive(30)
        t0 = time.monotonic()
        kids.close(grace=5.0)  # "stop" releases them at once
        self.assertLess(time.monotonic() - t0, 4.0)
        self.assertTrue(all(p.exitcode == 0 for p in kids.processes))


class PartsTest(unittest.TestCase):
    def test_child_usage_fields(self) -> None:
        usage = toolkit.ChildUsage()
        usage.note(os.getpid(), 99, 1, 1)  # a thread pool's report: not a child
        self.assertEqual(usage.fields("fork"), {})
        usage.note(10, 500, 3, 4)
        usage.note(10, 400, 5, 6)
        usage.note(11, 600, 1, 2)
        self.assertEqual(usage.fields("spawn"), {"child_max_rss_kb": [500, 600]})
        self.assertEqual(usage.fields("forkserver"), {"child_max_rss_kb": [500, 600], "child_cpu_ns": [[5, 6], [1, 2]]})

    def test_error_round_trip(self) -> None:
        try:
            raise OSError("disk gone")
        except OSError as exc:
            message = toolkit.error_message(exc)
        with self.assertRaises(ChildError) as raised:
            toolkit.check(message)
        self.assertEqual((raised.exception.type_name, raised.exception.message), ("OSError", "disk gone"))
        self.assertEqual(toolkit.check(("ok", 1)), ("ok", 1))

    def test_percentile_is_nearest_rank(self) -> None:
        data = list(range(1, 101))
        self.assertEqual(toolkit.percentile(data, 50), 50)
        self.assertEqual(toolkit.percentile(data, 99), 99)
        self.assertEqual(toolkit.percentile(list(range(1, 11)), 90), 9)
        self.assertEqual(toolkit.percentile([5], 99), 5)

    def test_mp_context(self) -> None:
        self.assertEqual(toolkit.mp_context({"_start_method": "fork"}).get_start_method(), "fork")
        with self.assertRaises(Unsupported):
            toolkit.mp_context("teleport")

    def test_target_runs_a_module_function_by_name(self) -> None:
        mod = parts()
        self.assertEqual(toolkit.target(mod, "pid")(), os.getpid())


if __name__ == "__main__":
    unittest.main()
