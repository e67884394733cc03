"""The real harness.py in a subprocess: the reply channel, exit codes, probe, start methods."""
from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from pyconc_harness.run import run_spec

from tests.support import HARNESS, leftover_processes, make_spec, run_harness, run_spec_subprocess

PROBE_KEYS = {
    "executable", "version", "implementation", "freeThreadedBuild", "gilEnabled", "startMethod",
    "startMethods", "usableCpus", "platform", "hasInterpreterPool", "asyncioDebug", "devMode", "gcEnabled",
}


class ReplyChannelTest(unittest.TestCase):
    def test_workload_prints_do_not_corrupt_the_reply(self) -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            baseline = run_spec(make_spec("fx_noisy", "sequential", {"tasks": 4}))
        for mode in ("sequential", "threading", "multiprocessing"):
            with self.subTest(mode=mode):
                proc, reply = run_spec_subprocess(make_spec("fx_noisy", mode, {"tasks": 4}))
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(reply["status"], "ok", reply["reason"])
                self.assertEqual(reply["checksum"], baseline["checksum"])
                self.assertIn("pretending", proc.stdout)
                self.assertIn("computing", proc.stdout)  # threads may interleave their prints

    def test_without_reply_fd_the_reply_is_the_last_stdout_line(self) -> None:
        spec = make_spec("fx_noisy", "sequential", {"tasks": 2})
        # The fixture prints a decoy `PYCONC-REPLY {}` on stderr: kept out of the test output.
        proc = subprocess.run(
            [sys.executable, HARNESS, "run", json.dumps(spec)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30,
        )
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("PYCONC-REPLY {}", proc.stderr)
        last = proc.stdout.splitlines()[-1]
        self.assertTrue(last.startswith("PYCONC-REPLY {"), last)
        self.assertEqual(json.loads(last[len("PYCONC-REPLY "):])["status"], "ok")

    def test_failures_are_replies_with_exit_zero(self) -> None:
        proc, text = run_harness(["run", "{not json"])
        self.assertEqual(proc.returncode, 0)
        reply = json.loads(text or "")
        self.assertEqual((reply["status"], reply["error"]["type"]), ("failed", "SpecError"))
        proc, reply = run_spec_subprocess(make_spec("fx_failing", "multiprocessing", {"tasks": 5, "marker": os.devnull}))
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(reply["reason"], "ValueError: boom at task 3")
        self.assertIn("fx_failing.py", reply["error"]["traceback"])

    def test_bad_usage_exits_2(self) -> None:
        for args in ([], ["run"], ["run", "{}", "--reply-fd", "x"], ["walk"]):
            with self.subTest(args=args):
                proc = subprocess.run([sys.executable, HARNESS, *args], capture_output=True, text=True, timeout=30)
                self.assertEqual(proc.returncode, 2)
                self.assertIn("usage:", proc.stderr)

    def test_probe(self) -> None:
        proc = subprocess.run([sys.executable, HARNESS, "probe"], capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        info = json.loads(proc.stdout)
        self.assertEqual(set(info), PROBE_KEYS)
        self.assertEqual(info["executable"], sys.executable)
        self.assertEqual(info["version"].split(".")[:2], [str(x) for x in sys.version_info[:2]])
        self.assertEqual(info["implementation"], "cpython")
        self.assertIn(info["startMethod"], info["startMethods"])
        self.assertGreaterEqual(info["usableCpus"], 1)
        self.assertIs(info["gilEnabled"], True)

    def test_sequential_imports_nothing_heavy(self) -> None:
        # -S: without site, whatever is imported was imported by the harness (or json, by the fixture).
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "modules.json")
            spec = make_spec("fx_modules", "sequential", {"tasks": 1, "out": out}, tmpDir=os.path.join(tmp, "s"))
            proc, text = run_harness(["run", json.dumps(spec)], flags=("-S",))
            self.assertEqual(json.loads(text or "")["status"], "ok", proc.stderr)
            with open(out) as f:
                self.assertEqual(json.load(f), [])


class StartMethodTest(unittest.TestCase):
    """In subprocesses: spawn and forkserver leave helper processes alive in the process that used them."""

    def test_multiprocessing_under_every_start_method(self) -> None:
        baseline = run_spec(make_spec("fx_stages", "sequential", {"tasks": 6}))
        for method in ("fork", "spawn", "forkserver"):
            with self.subTest(method=method):
                _, reply = run_spec_subprocess(make_spec("fx_stages", "multiprocessing", {"tasks": 6}, startMethod=method))
                self.assertEqual(reply["status"], "ok", reply["reason"])
                self.assertEqual(reply["checksum"], baseline["checksum"])
                self.assertEqual(reply["env"]["startMethod"], method)
                self.assertEqual(len(reply["childMaxRssKb"]), 2)

    def test_other_process_modes_and_sibling_imports_under_spawn(self) -> None:
        baseline = run_spec(make_spec("fx_helper_user", "sequential", {"tasks": 4}))
        for mode in ("async-processes", "process-loops"):
            with self.subTest(mode=mode):
                _, reply = run_spec_subprocess(make_spec("fx_helper_user", mode, {"tasks": 4}, startMethod="spawn"))
                self.assertEqual(reply["status"], "ok", reply["reason"])
                self.assertEqual(reply["checksum"], baseline["checksum"])
                self.assertEqual(reply["env"]["startMethod"], "spawn")

    def test_forkserver_children_cpu_is_counted(self) -> None:
        # Workers forked by the forkserver are not the harness's children: their own reports count.
        params = {"tasks": 2, "span": 5000}
        seq = run_spec(make_spec("cpu_pure", "sequential", params))
        _, reply = run_spec_subprocess(make_spec("cpu_pure", "process-loops", params, startMethod="forkserver"))
        self.assertEqual(reply["status"], "ok", reply["reason"])
        self.assertGreater(reply["cpuUserNs"] + reply["cpuSysNs"], 0.5 * (seq["cpuUserNs"] + seq["cpuSysNs"]))


class SigtermTest(unittest.TestCase):
    def test_sigterm_reaps_the_pool(self) -> None:
        for method in ("fork", "forkserver"):  # forkserver: 3.14's default, its workers the fork server's children
            with self.subTest(method=method):
                self.assert_sigterm_reaps_the_pool(method)

    def assert_sigterm_reaps_the_pool(self, method: str) -> None:
        spec = make_spec("fx_blocking", "multiprocessing", {"tasks": 4, "sleep_s": 30}, startMethod=method)
        proc = subprocess.Popen(
            [sys.executable, HARNESS, "run", json.dumps(spec)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 10
            while len(leftover_processes(proc.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            workers = leftover_processes(proc.pid)
            self.assertEqual(len(workers), 2)
            time.sleep(0.2)  # let the tasks start sleeping
            proc.send_signal(signal.SIGTERM)
            self.assertEqual(proc.wait(timeout=10), 128 + signal.SIGTERM)
            for pid in workers:
                self.assertFalse(os.path.exists("/proc/%d" % pid) and _not_zombie(pid), "orphan %d" % pid)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stderr is not None:
                proc.stderr.close()


def _not_zombie(pid: int) -> bool:
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


if __name__ == "__main__":
    unittest.main()
