"""Every CPython implementation detail the harness leans on, through both of its paths.

Each detail saves start-up time or is the only handle on something (`_json`, `_signal`, the
builtin sha256, importlib's private modules, `atexit._run_exitfuncs`, the pools' worker lists,
multiprocessing's helper singletons, `sys._is_gil_enabled`). For each: the shortcut is taken on
the versions it was checked on (3.9 to 3.15), and where it differs, the public way gives the same
answer. A release that changes one of them then shows here, not as a table of failed cells.
"""
from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import textwrap
import threading
import time
import unittest
from contextlib import contextmanager
from typing import Any, Iterator

from pyconc_harness import jsonio, measure, termination, toolkit, workload
from tests.support import PYTHON_DIR, load_workload, workload as workload_path

#: The versions every shortcut was checked on: there, the shortcut itself must be what runs.
CHECKED = sys.version_info[:2] <= (3, 15)
TEXTS = ('{"a": [1, 2.5, "x", null, true, {"b": -1e5}]}', ' \n{"a":1}\t', '"\\u00e9"', "3", "[NaN]", "[]")
VALUES = [{"b": [1, None, "é"], "a": 1.5}, [True, False], "x\u2028", 2**70, {"z": {"y": []}}]


def python_snippet(code: str, *args: str) -> "subprocess.CompletedProcess[str]":
    """`code` in a fresh interpreter with the harness importable (a detail patched there stays there)."""
    prelude = "import sys; sys.path.insert(0, %r)\n" % PYTHON_DIR
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code), *args], capture_output=True, text=True, timeout=60
    )


@contextmanager
def json_accelerator(**replacements: Any) -> Iterator[None]:
    """jsonio with some of its `_json` functions replaced, checked afresh, restored afterwards."""
    saved = {name: getattr(jsonio, name) for name in replacements}
    state = (jsonio._scan, jsonio._encoder_ok)
    for name, value in replacements.items():
        setattr(jsonio, name, value)
    jsonio._scan, jsonio._encoder_ok = None, None
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(jsonio, name, value)
        jsonio._scan, jsonio._encoder_ok = state


class JsonAcceleratorTest(unittest.TestCase):
    def assert_same_as_json(self) -> None:
        for text in TEXTS:
            self.assertEqual(repr(jsonio.loads(text)), repr(json.loads(text)), text)
        for bad in ("", "{", "[1,]"):
            self.assertRaises(ValueError, jsonio.loads, bad)
        for value in VALUES:
            self.assertEqual(jsonio.dumps(value), json.dumps(value))
            self.assertEqual(jsonio.canonical(value), json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr))

    @unittest.skipUnless(CHECKED, "a CPython newer than 3.15: the shortcut may rightly be refused")
    def test_the_shortcut_is_taken_where_it_was_checked(self) -> None:
        with json_accelerator():
            self.assertEqual(jsonio.paths(), {"loads": "_json", "dumps": "_json"})
            self.assert_same_as_json()

    def test_a_scanner_that_reads_an_attribute_the_context_lacks_gives_way_to_json(self) -> None:
        real = jsonio.make_scanner

        def wants_more(context: Any) -> Any:  # as 3.15's read array_hook from a context without one
            context.strict_keys  # noqa: B018
            return real(context)

        with json_accelerator(make_scanner=wants_more):
            self.assertEqual(jsonio.paths()["loads"], "json")
            self.assert_same_as_json()

    def test_a_new_hook_reads_as_unset(self) -> None:
        real = jsonio.make_scanner
        if real is None:
            self.skipTest("no _json here")

        def reads_a_new_hook(context: Any) -> Any:
            assert context.tuple_hook is None
            return real(context)

        with json_accelerator(make_scanner=reads_a_new_hook):
            self.assertEqual(jsonio.paths()["loads"], "_json")
            self.assert_same_as_json()

    def test_a_scanner_or_encoder_that_answers_otherwise_gives_way_to_json(self) -> None:
        def wrong_scanner(context: Any) -> Any:
            return lambda text, start: ({"wrong": True}, len(text))

        def wrong_encoder(*args: Any) -> Any:
            return lambda value, level: iter(["[]"])

        with json_accelerator(make_scanner=wrong_scanner, make_encoder=wrong_encoder):
            self.assertEqual(jsonio.paths(), {"loads": "json", "dumps": "json"})
            self.assert_same_as_json()

    def test_an_encoder_with_other_arguments_or_no_accelerator_gives_way_to_json(self) -> None:
        def other_arguments(*args: Any) -> Any:
            raise TypeError("make_encoder() takes 10 arguments")

        with json_accelerator(make_encoder=other_arguments):
            self.assertEqual(jsonio.paths()["dumps"], "json")
            self.assert_same_as_json()
        with json_accelerator(make_encoder=None, make_scanner=None):
            self.assertEqual(jsonio.paths(), {"loads": "json", "dumps": "json"})
            self.assert_same_as_json()


class BuiltinModulesTest(unittest.TestCase):
    def test_sha256_from_the_builtin_module_or_hashlib_is_one_checksum(self) -> None:
        if CHECKED:
            self.assertNotIn(type(measure._sha256()).__module__, ("_hashlib", "hashlib"))
        self.assertEqual(measure.checksum(VALUES), measure.checksum(VALUES, ("hashlib",)))
        self.assertEqual(measure.checksum(VALUES, ("no_such_module", "hashlib")), measure.checksum(VALUES))

    def test_signal_from_the_c_module_or_the_package_has_every_name_used(self) -> None:
        import signal

        self.assertIs(termination._signal_module(private=False), signal)
        if CHECKED:
            self.assertEqual(termination._sig.__name__, "_signal")
        for module in (termination._signal_module(), signal):
            for name in ("signal", "getsignal", "SIGTERM", "SIGKILL", "SIG_DFL"):
                self.assertTrue(hasattr(module, name), (module, name))

    def test_importlib_private_functions_are_importlib_utils(self) -> None:
        import importlib.util

        public = workload.spec_functions(private=False)
        self.assertEqual(public, (importlib.util.module_from_spec, importlib.util.spec_from_file_location))
        if CHECKED:
            self.assertEqual(workload.spec_functions(), public)  # the very same functions
        for private in (True, False):
            module = workload._import("pyconc_workload_spec_path_%s" % private, workload_path("fx_stages"), private)
            try:
                self.assertTrue(callable(module.compute))
            finally:
                sys.modules.pop(module.__name__, None)


class ExitTest(unittest.TestCase):
    def test_atexit_functions_run_with_or_without_the_private_runner(self) -> None:
        code = """
            import atexit
            from pyconc_harness.main import exit_without_teardown
            if sys.argv[1] == "public":
                del atexit._run_exitfuncs
            atexit.register(lambda: print("atexit ran"))
            print("before", end=" ")
            exit_without_teardown(3)
        """
        for way in ("private", "public"):
            with self.subTest(way=way):
                proc = python_snippet(code, way)
                self.assertEqual(proc.returncode, 3, proc.stderr)
                self.assertEqual(proc.stdout, "before atexit ran\n")


class ProbeTest(unittest.TestCase):
    def test_default_start_method_guess_is_multiprocessings(self) -> None:
        from unittest import mock

        from pyconc_harness.probe import default_start_method

        expected = multiprocessing.get_start_method(allow_none=False)
        self.assertEqual(default_start_method(), expected)
        with mock.patch.dict(sys.modules, {"multiprocessing": None}):  # not imported yet: the guess
            self.assertEqual(default_start_method(), expected)

    def test_gil_state_without_sys_is_gil_enabled(self) -> None:
        proc = python_snippet("""
            import json
            if hasattr(sys, "_is_gil_enabled") and sys.argv[1] == "public":
                del sys._is_gil_enabled
            from pyconc_harness.probe import probe
            print(json.dumps(probe()["gilEnabled"]))
        """, "public")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "true")


class PoolWorkersTest(unittest.TestCase):
    def test_pool_processes_from_the_pools_list_or_from_the_children_since_its_start(self) -> None:
        mod = load_workload("fx_toolkit_parts")
        for executor, attribute in ((True, "_processes"), (False, "_pool")):
            with self.subTest(executor=executor):
                pool, reports = toolkit.process_pool(toolkit.mp_context("fork"), 2, module=mod, executor=executor)
                try:
                    pids = sorted(r[0] for r in reports)
                    self.assertEqual(sorted(p.pid for p in toolkit.pool_processes(pool)), pids)
                    saved = getattr(pool, attribute)
                    delattr(pool, attribute)  # as a release that renamed it
                    try:
                        self.assertEqual(sorted(p.pid for p in toolkit.pool_processes(pool)), pids)
                    finally:
                        setattr(pool, attribute, saved)
                finally:
                    toolkit.kill_pool(pool)

    def test_a_closed_gate_pickles_empty(self) -> None:
        import pickle

        a, b = multiprocessing.Pipe()
        gate = toolkit._Gate([a, b])
        b.close()
        self.assertEqual(pickle.loads(pickle.dumps(gate)).conns, [])
        a.close()

    def test_kill_pool_never_waits_for_ever_on_a_stuck_terminate(self) -> None:
        stuck = threading.Event()
        proc = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
        proc.start()

        class StuckPool:  # terminate() as a Pool's whose worker handler thread died
            _pool = [proc]

            def terminate(self) -> None:
                stuck.wait()

            def join(self) -> None:
                pass

        saved = toolkit.TERMINATE_WAIT_S, toolkit.KILL_WAIT_S
        toolkit.TERMINATE_WAIT_S, toolkit.KILL_WAIT_S = 0.2, 0.5
        try:
            t0 = time.monotonic()
            toolkit.kill_pool(StuckPool())
            self.assertLess(time.monotonic() - t0, 10)
            self.assertIsNotNone(proc.exitcode)
        finally:
            toolkit.TERMINATE_WAIT_S, toolkit.KILL_WAIT_S = saved
            stuck.set()
            proc.join()


class HelpersTest(unittest.TestCase):
    def test_helpers_are_seen_and_stopped_or_left_alone_where_the_detail_differs(self) -> None:
        code = """
            import json
            from multiprocessing import resource_tracker
            from pyconc_harness import toolkit
            before = toolkit.helpers_running()
            resource_tracker.ensure_running()
            if sys.argv[1] == "public":
                resource_tracker._resource_tracker = object()  # as a release that renamed it
            during = toolkit.helpers_running()
            toolkit.stop_helpers_started_since(before)
            print(json.dumps([before["resource_tracker"], during["resource_tracker"], toolkit.helpers_running()["resource_tracker"]]))
        """
        proc = python_snippet(code, "private")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout), [False, True, False])
        proc = python_snippet(code, "public")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout), [False, False, False])  # not seen: left to exit with the process


if __name__ == "__main__":
    unittest.main()
