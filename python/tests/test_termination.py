"""How a sample ends: SIGTERM unwinds it (teardown, temp dir, exit 143), and the processes it moved
out of its process group do not outlive it (pyconc's group kill cannot reach them)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from pyconc_harness import termination

from tests.support import HARNESS, make_spec, run_spec_subprocess

SIGTERM_EXIT = 128 + signal.SIGTERM
HAS_PROC = os.path.isdir("/proc/self/task")


def _alive(pid: int) -> bool:
    """Running (not a zombie), from /proc; False once it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def _still_alive(pids: list, timeout: float = 5.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.02)
    return [pid for pid in pids if _alive(pid)]


def _read_pids(path: str, timeout: float = 10.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path) as f:
                pids = [int(x) for x in f.read().split()]
            if len(pids) == 2:
                return pids
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    raise AssertionError("the fixture never wrote its children's pids")


def _kill_quietly(pids: list) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _start_detached(spec: dict) -> subprocess.Popen:
    """The harness as pyconc starts it: leading its own session and process group."""
    return subprocess.Popen(
        [sys.executable, HARNESS, "run", json.dumps(spec)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@unittest.skipUnless(HAS_PROC, "needs Linux /proc")
class EscapedDescendantsTest(unittest.TestCase):
    def test_a_new_session_child_dies_when_the_harness_exits(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            pidfile = os.path.join(tmp, "pids")
            spec = make_spec("fx_leaks_children", "sequential", {"tasks": 2, "pidfile": pidfile}, tmpDir=os.path.join(tmp, "s"))
            proc = _start_detached(spec)
            pids = []
            try:
                self.assertEqual(proc.wait(timeout=30), 0)
                pids = _read_pids(pidfile)
                plain, session = pids
                # The plain child is still in the harness's group: pyconc's group kill is what ends it.
                self.assertTrue(_alive(plain))
                self.assertEqual(os.getpgid(plain), proc.pid)
                self.assertEqual(_still_alive([session]), [], "the new-session child outlived the harness")
            finally:
                _kill_quietly(pids)

    def test_escaped_descendants_lists_only_other_groups(self) -> None:
        plain = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        session = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], start_new_session=True)
        try:
            found = dict(termination.escaped_descendants())
            self.assertIn(session.pid, found)
            self.assertEqual(found[session.pid], session.pid)
            self.assertNotIn(plain.pid, found)
            self.assertGreaterEqual(termination.kill_escaped_descendants(), 1)
            self.assertEqual(session.wait(timeout=5), -signal.SIGKILL)
            self.assertIsNone(plain.poll())
        finally:
            for proc in (plain, session):
                if proc.poll() is None:
                    proc.kill()
                proc.wait()


@unittest.skipUnless(HAS_PROC, "needs Linux /proc")
class SigtermUnwindsTest(unittest.TestCase):
    def test_sigterm_runs_teardown_removes_the_temp_dir_and_exits_143(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            pidfile, done, sample_tmp = (os.path.join(tmp, name) for name in ("pids", "teardown", "sample"))
            params = {"tasks": 2, "pidfile": pidfile, "hang": 1, "teardown_file": done}
            proc = _start_detached(make_spec("fx_leaks_children", "sequential", params, tmpDir=sample_tmp))
            pids = []
            try:
                pids = _read_pids(pidfile)
                time.sleep(0.2)  # into the hanging task
                proc.send_signal(signal.SIGTERM)
                self.assertEqual(proc.wait(timeout=10), SIGTERM_EXIT)
                with open(done) as f:
                    self.assertEqual(f.read(), "done")
                self.assertFalse(os.path.exists(sample_tmp), "the sample's temporary directory is left")
                self.assertEqual(_still_alive([pids[1]]), [], "the new-session child outlived the SIGTERM")
            finally:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                _kill_quietly(pids)

    def test_forked_children_do_not_inherit_the_unwinding_handler(self) -> None:
        _, reply = run_spec_subprocess(make_spec("fx_fork_sigterm", "sequential", {"tasks": 2}))
        self.assertEqual(reply["status"], "ok", reply["reason"])


if __name__ == "__main__":
    unittest.main()
