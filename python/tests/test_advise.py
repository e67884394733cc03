"""Tests of `pyconc advise`'s Python side: loading targets, the adapter workload under the harness
(inputs, what crosses a boundary, results checked by type), and the probe's events and errors."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
import unittest
from typing import Any, Dict, List, Tuple

from tests.support import FIXTURES, HAS_INTERPRETER_POOL, PYTHON_DIR, run_spec_subprocess

from pyconc_advise import target as targets
from pyconc_advise.target import TargetError

ADVISE = os.path.join(FIXTURES, "advise")
ADAPTERS = os.path.join(PYTHON_DIR, "pyconc_advise", "workloads")
PROBE = os.path.join(PYTHON_DIR, "advise_probe.py")


def fixture(name: str) -> str:
    return os.path.join(ADVISE, name)


def run_adapter(kind: str, mode: str, params: Dict[str, Any], workers: int = 2) -> Dict[str, Any]:
    """One sample of the adapter, in this process (subinterpreters, which do not see this process's
    sys.path, in a harness process of their own)."""
    from pyconc_harness.run import run_spec

    spec = {
        "protocol": "pyconc/harness@1",
        "workload": os.path.join(ADAPTERS, "advise_target_%s.py" % kind),
        "mode": mode,
        "workers": workers,
        "params": dict({"cwd": ADVISE, "check": "value"}, **params),
    }
    if mode == "interpreters":
        return run_spec_subprocess(spec)[1]
    return run_spec(spec)


def run_probe(spec: Dict[str, Any], timeout: float = 60) -> Tuple[subprocess.CompletedProcess, List[Dict[str, Any]]]:
    read_fd, write_fd = os.pipe()
    try:
        proc = subprocess.run(
            [sys.executable, PROBE, json.dumps(spec), "--reply-fd", str(write_fd)],
            pass_fds=(write_fd,), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout,
        )
        os.close(write_fd)
        write_fd = -1
        with os.fdopen(read_fd, "r", encoding="utf-8") as reader:
            read_fd = -1
            events = [json.loads(line) for line in reader if line.strip()]
    finally:
        for fd in (read_fd, write_fd):
            if fd >= 0:
                os.close(fd)
    return proc, events


class TargetTest(unittest.TestCase):
    def test_a_file_loads_under_its_own_name_so_its_functions_pickle_by_reference(self) -> None:
        fn = targets.load(fixture("adv_tiny.py") + ":square")
        self.assertEqual(fn(7), 49)
        self.assertEqual(fn.__module__, "adv_tiny")
        self.assertIs(pickle.loads(pickle.dumps(fn)), fn)

    def test_a_file_named_like_the_standard_library_gets_a_private_name(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "json.py")
            with open(path, "w") as handle:
                handle.write("def f(i):\n    return i + 1\n")
            fn = targets.load(path + ":f")
            self.assertEqual(fn(1), 2)
            self.assertEqual(fn.__module__, "pyconc_target_json")
            import json as real

            self.assertTrue(hasattr(real, "dumps"))

    def test_a_module_target_is_imported_from_the_working_directory(self) -> None:
        fn = targets.load("adv_waits:wait", ADVISE)
        self.assertEqual(fn.__name__, "wait")

    def test_each_way_a_target_cannot_be_used_has_its_kind(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            broken = os.path.join(tmp, "broken.py")
            with open(broken, "w") as handle:
                handle.write("def f(i):\n    return (i\n")
            cases = [
                (os.path.join(tmp, "absent.py") + ":f", "not-found", "file not found"),
                ("no_such_module_here:f", "not-found", "module no_such_module_here not found"),
                (broken + ":f", "syntax", "broken.py:2"),
                (fixture("adv_raises.py") + ":missing", "attribute", "has no function missing (it defines lookup)"),
                (fixture("adv_raises.py") + ":NOT_A_FUNCTION", "not-callable", "is not a function but a value of type int"),
                ("nothing-to-split", "not-found", "expected path/to/file.py:function"),
            ]
            for text, kind, words in cases:
                with self.assertRaises(TargetError, msg=text) as caught:
                    targets.load(text, tmp)
                self.assertEqual(caught.exception.kind, kind, text)
                self.assertIn(words, caught.exception.message, text)

    def test_results_that_differ_or_print_an_address_are_unstable(self) -> None:
        self.assertIsNone(targets.unstable_reason([1, {"a": 2}], [1, {"a": 2}]))
        self.assertIn("different values", targets.unstable_reason(1.5, 1.6) or "")
        thing = object()
        self.assertIn("memory address", targets.unstable_reason(thing, thing) or "")
        self.assertEqual(targets.type_token(1.5), "builtins.float")


class AdapterTest(unittest.TestCase):
    def test_every_blocking_mode_computes_one_checksum(self) -> None:
        modes = ["sequential", "threading", "multiprocessing", "async-threads", "process-loops"]
        if HAS_INTERPRETER_POOL:
            modes.append("interpreters")
        replies = {mode: run_adapter("sync", mode, {"target": fixture("adv_tiny.py") + ":square", "tasks": 20}) for mode in modes}
        for mode, reply in replies.items():
            self.assertEqual(reply["status"], "ok", (mode, reply["reason"]))
        self.assertEqual(len({reply["checksum"] for reply in replies.values()}), 1)

    def test_twins_run_natively_on_a_loop_and_agree_with_the_sync_one(self) -> None:
        params = {"target": fixture("adv_twins.py") + ":fetch", "sync": "fetch_sync", "tasks": 6}
        sums = {mode: run_adapter("both", mode, params, workers=3)["checksum"] for mode in ("sequential", "asyncio", "process-loops", "threading")}
        self.assertEqual(len(set(sums.values())), 1, sums)

    def test_inputs_are_read_on_each_side_and_each_crossing_pickles_the_input(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            inputs = os.path.join(tmp, "in.jsonl")
            with open(inputs, "w") as handle:
                handle.write("\n".join(json.dumps({"n": n}) for n in range(5)) + "\n")
            params = {"target": fixture("adv_hooks.py") + ":work", "inputs": inputs, "tasks": 5}
            seq = run_adapter("sync", "sequential", params)
            pool = run_adapter("sync", "multiprocessing", params)
        self.assertEqual(seq["status"], "ok", seq["reason"])
        self.assertEqual(seq["checksum"], pool["checksum"])
        from pyconc_advise.target_workload import Context

        ctx = Context({"target": fixture("adv_tiny.py") + ":square", "cwd": ADVISE})
        self.assertFalse(ctx.crossed)
        far = pickle.loads(pickle.dumps(ctx))
        self.assertTrue(far.crossed)
        self.assertEqual(len(pickle.dumps(ctx)), len(pickle.dumps(far)))  # the configuration alone travels

    def test_results_checked_by_type_agree_across_processes(self) -> None:
        params = {"target": fixture("adv_clock.py") + ":stamp", "tasks": 4, "check": "type"}
        a, b = run_adapter("sync", "sequential", params), run_adapter("sync", "multiprocessing", params)
        self.assertEqual(a["checksum"], b["checksum"])
        by_value = run_adapter("sync", "sequential", dict(params, check="value"))
        self.assertNotEqual(by_value["checksum"], a["checksum"])

    def test_setup_and_teardown_run_once_in_the_parent(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            notes = os.path.join(tmp, "hooks.txt")
            inputs = os.path.join(tmp, "in.jsonl")
            with open(inputs, "w") as handle:
                handle.write('{"n": 1}\n{"n": 2}\n')
            os.environ["PYCONC_ADVISE_HOOKS"] = notes
            try:
                hook = fixture("adv_hooks.py")
                params = {"target": hook + ":work", "inputs": inputs, "tasks": 2, "setup": hook + ":prepare", "teardown": hook + ":finish"}
                reply = run_adapter("sync", "multiprocessing", params)
            finally:
                del os.environ["PYCONC_ADVISE_HOOKS"]
            with open(notes) as handle:
                lines = handle.read().split()
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertEqual(lines, ["setup", str(os.getpid()), "teardown", str(os.getpid())])


class ProbeTest(unittest.TestCase):
    def probe(self, target: str, **extra: Any) -> List[Dict[str, Any]]:
        proc, events = run_probe(dict({"target": fixture(target), "cwd": ADVISE, "tasks": 8}, **extra))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return events

    def test_each_measurement_arrives_as_it_is_taken_then_all_of_them(self) -> None:
        events = self.probe("adv_waits.py:wait")
        names = [event["event"] for event in events]
        self.assertEqual(names[:4], ["started", "import", "first-call", "calls"])
        self.assertEqual(names[-1], "done")
        for name in ("threads", "payload", "handover", "processes", "interpreters"):
            self.assertIn(name, names)
        done = events[-1]
        # A 10 ms sleep: almost all of a call is waiting (wide bounds: the machine may be loaded).
        self.assertGreater(done["callWallNs"], 5 * (done["callCpuNs"] + done["callQueuedNs"]))
        self.assertTrue(done["deterministic"])
        self.assertIsNone(done["functionPickleError"])
        self.assertIsNone(done["processError"])

    def test_a_lambda_is_measured_and_said_not_to_pickle(self) -> None:
        done = self.probe("adv_lambda.py:spin")[-1]
        self.assertIn("lambda", done["functionPickleError"])
        self.assertIsNone(done["processStartNs"])

    def test_a_clock_is_nondeterministic(self) -> None:
        done = self.probe("adv_clock.py:stamp")[-1]
        self.assertFalse(done["deterministic"])
        self.assertIn("different values", done["nondeterminism"])

    def test_tiny_calls_are_timed_in_batches(self) -> None:
        done = self.probe("adv_tiny.py:square")[-1]
        self.assertGreater(done["batch"], 1)
        self.assertLess(done["callWallNs"], 100_000)

    def test_a_function_that_raises_is_an_error_with_its_own_frames(self) -> None:
        events = self.probe("adv_raises.py:lookup")
        error = events[-1]
        self.assertEqual(error["event"], "error")
        self.assertEqual(error["kind"], "call")
        self.assertIn("ValueError: no record 0 on its first call", error["message"])
        self.assertEqual([frame["function"] for frame in error["frames"]], ["lookup", "_check"])

    def test_a_twin_of_the_same_kind_is_refused(self) -> None:
        error = self.probe("adv_twins.py:fetch", sync="fetch")[-1]
        self.assertEqual((error["event"], error["kind"]), ("error", "twin"))


if __name__ == "__main__":
    unittest.main()
