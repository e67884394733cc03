"""toolkit.loopback_server (a server in a process of its own) and the harness's inProcessServer."""
from __future__ import annotations

import http.client
import json
import os
import pickle
import sys
import unittest
from concurrent.futures import ThreadPoolExecutor

from pyconc_harness import toolkit
from pyconc_harness.errors import ChildError

from tests._workload_samples import LeftoverCheck
from tests.support import load_workload, make_spec, run_spec_subprocess

LINUX = sys.platform.startswith("linux")


def running(pid: int) -> bool:
    """Whether process `pid` exists and is no zombie (a fork server's child is not ours to list)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def get(server: toolkit.LoopbackServer, path: str) -> bytes:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        assert response.status == 200, response.status
        return response.read()
    finally:
        conn.close()


class LoopbackServerTest(LeftoverCheck):
    def setUp(self) -> None:
        super().setUp()
        # spawn and forkserver leave multiprocessing's helpers (fork server, resource tracker) running here.
        self.addCleanup(toolkit.stop_new_helpers, toolkit.note_helpers())

    def start(self, *args: object, **kwargs: object) -> toolkit.LoopbackServer:
        server = toolkit.loopback_server(*args, **kwargs)  # type: ignore[arg-type]
        self.addCleanup(server.stop)
        return server

    def test_serves_from_a_process_of_its_own_with_a_backlog_of_at_least_the_concurrency(self) -> None:
        server = self.start(concurrency=200)
        self.assertNotEqual(server.pid, os.getpid())
        self.assertGreaterEqual(server.backlog, 200)
        self.assertEqual(server.url, "http://127.0.0.1:%d" % server.port)
        self.assertEqual(get(server, "/ab?size=5"), b"/ab/a")
        self.assertEqual(len(get(server, "/item/3")), 1024)
        # Many clients at once are all answered.
        with ThreadPoolExecutor(64) as pool:
            bodies = list(pool.map(lambda i: get(server, "/%d?size=3&delay_ms=5" % i), range(64)))
        self.assertEqual(bodies, [(b"/%d" % i * 3)[:3] for i in range(64)])

    @unittest.skipUnless(LINUX, "reads /proc")
    def test_stop_ends_the_server_and_can_be_called_twice(self) -> None:
        server = toolkit.loopback_server()
        self.assertTrue(running(server.pid))
        server.stop()
        server.stop()
        self.assertFalse(running(server.pid))
        with self.assertRaises(OSError):
            get(server, "/")

    def test_the_handle_pickles_and_stops_nothing_elsewhere(self) -> None:
        server = self.start()
        copy = pickle.loads(pickle.dumps(server))
        self.assertEqual((copy.host, copy.port, copy.pid, copy.backlog), tuple(server))
        self.assertIsInstance(copy, toolkit.LoopbackServer)

    def test_a_workload_handler_serves_under_every_start_method(self) -> None:
        module = load_workload("fx_servers")  # registered as pyconc_workload_fx_servers, as the harness does
        for method in ("fork", "spawn", "forkserver"):
            with self.subTest(method=method):
                server = self.start(module.Echo, concurrency=8, params={"_start_method": method})
                self.assertEqual(get(server, "/x"), b"echo /x")

    def test_a_server_that_cannot_start_fails_at_once(self) -> None:
        class Nowhere:
            __module__, __qualname__ = "pyconc_test_no_such_module", "Nowhere"

        with self.assertRaises(ChildError):
            toolkit.loopback_server(Nowhere)

    @unittest.skipUnless(LINUX and toolkit.max_listen_backlog() is not None, "net.core.somaxconn is Linux's")
    def test_a_concurrency_above_what_the_kernel_allows_is_refused(self) -> None:
        cap = toolkit.max_listen_backlog()
        assert cap is not None
        with self.assertRaisesRegex(ValueError, "somaxconn"):
            toolkit.loopback_server(concurrency=cap + 1)


@unittest.skipUnless(LINUX, "the harness reads /proc to see a server in its process")
class InProcessServerTest(unittest.TestCase):
    def reply(self, server: str, mode: str = "threading") -> dict:
        _, reply = run_spec_subprocess(make_spec("fx_servers", mode, {"tasks": 4, "server": server}))
        self.assertEqual(reply["status"], "ok", reply["reason"])
        return reply

    def test_a_server_thread_in_the_harness_process_is_reported(self) -> None:
        self.assertIs(self.reply("thread")["inProcessServer"], True)

    def test_a_server_in_its_own_process_is_not(self) -> None:
        for mode in ("sequential", "multiprocessing"):
            with self.subTest(mode=mode):
                self.assertIs(self.reply("process", mode)["inProcessServer"], False)
        self.assertIs(self.reply("none")["inProcessServer"], False)

    def test_without_setup_it_cannot_say(self) -> None:
        _, reply = run_spec_subprocess(make_spec("fx_blocking", "sequential", {"tasks": 2}))
        self.assertIsNone(reply["inProcessServer"], json.dumps(reply))


if __name__ == "__main__":
    unittest.main()
