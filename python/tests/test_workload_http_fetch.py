"""Tests of the http-fetch workload and of the loopback HTTP helper it shares with fetch-compute
and latency-under-load: values, server life cycle (no process left behind), one checksum across
every supported mode."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List
from unittest import mock

from tests._loopback_support import (WORKLOADS, NoLeftoversMixin, checksum_of, load, pid_exists,
                                     run_mode)

import _loopback_body as body  # noqa: E402  (on sys.path through _loopback_support)
import _loopback_client as loopback  # noqa: E402
import _loopback_http as server  # noqa: E402

SUPPORTED = ("sequential", "threading", "multiprocessing", "asyncio", "async-threads", "process-loops")
STAGE_MISMATCH = ("async-processes",)


def listening_ports() -> List[int]:
    """The local ports in LISTEN state on 127.0.0.1 or any address (Linux /proc/net/tcp)."""
    try:
        with open("/proc/net/tcp") as f:
            rows = [line.split() for line in f.readlines()[1:]]
    except OSError:
        return []
    return [int(row[1].split(":")[1], 16) for row in rows if row[3] == "0A"]


class LoopbackServerTest(NoLeftoversMixin, unittest.TestCase):
    """The shared server and clients, without the harness."""

    def test_bodies_are_deterministic_and_sized(self) -> None:
        self.assertEqual(loopback.body_for("/a/1", 5000), loopback.body_for("/a/1", 5000))
        self.assertNotEqual(loopback.body_for("/a/1", 100), loopback.body_for("/a/2", 100))
        self.assertEqual(len(loopback.body_for("/x", 3 * body.BASE_LEN + 7)), 3 * body.BASE_LEN + 7)
        self.assertEqual(loopback.body_for("/x", 0), b"")
        self.assertTrue(set(loopback.body_for("/a/1", 4096)) <= set(b"abcdefghijklmnopqrstuvwxyz \n"))
        self.assertEqual(loopback.url_path("k/1", 2.5, 10), "/k/1?delay_ms=2.5&size=10")

    def test_serves_both_clients_with_delay_and_size_then_stops(self) -> None:
        handle = server.start_server(delay_ms=0, size=10)
        try:
            self.assertEqual(handle.host, "127.0.0.1")
            path = loopback.url_path("k/7", 30, 3000)
            t0 = time.perf_counter()
            body = loopback.fetch_blocking(handle.host, handle.port, path)
            self.assertGreaterEqual(time.perf_counter() - t0, 0.029)
            self.assertEqual(body, loopback.body_for("/k/7", 3000))
            self.assertEqual(asyncio.run(loopback.fetch_async(handle.host, handle.port, path)), body)
            # defaults from the start arguments
            self.assertEqual(loopback.fetch_blocking(handle.host, handle.port, "/d"), loopback.body_for("/d", 10))
        finally:
            server.stop_server(handle)
        self.assertFalse(pid_exists(handle.pid))
        server.stop_server(handle)  # twice is fine
        self.assertNoChildren()

    def test_many_concurrent_clients_overlap_their_waits(self) -> None:
        handle = server.start_server(delay_ms=50, size=2048)
        try:
            async def all_at_once() -> List[bytes]:
                return await asyncio.gather(*[
                    loopback.fetch_async(handle.host, handle.port, "/c/%d" % i) for i in range(96)])

            t0 = time.perf_counter()
            bodies = asyncio.run(all_at_once())
            self.assertLess(time.perf_counter() - t0, 1.0)  # 96 x 50 ms would be 4.8 s
            self.assertEqual(bodies[5], loopback.body_for("/c/5", 2048))
            with ThreadPoolExecutor(64) as pool:
                t0 = time.perf_counter()
                got = list(pool.map(lambda i: loopback.fetch_blocking(handle.host, handle.port, "/t/%d" % i),
                                    range(64)))
                self.assertLess(time.perf_counter() - t0, 1.0)
            self.assertEqual(got[63], loopback.body_for("/t/63", 2048))
        finally:
            server.stop_server(handle)
        self.assertNoChildren()

    def test_bad_requests_and_no_listening_socket_after_stop(self) -> None:
        import http.client

        handle = server.start_server(delay_ms=0, size=100)
        try:
            self.assertIn(handle.port, listening_ports())
            conn = http.client.HTTPConnection(handle.host, handle.port, timeout=10)
            conn.request("HEAD", "/x")  # only GET is served
            self.assertEqual(conn.getresponse().status, 400)
            conn.close()
            conn = http.client.HTTPConnection(handle.host, handle.port, timeout=10)
            conn.request("GET", "/bad?size=notanumber")
            self.assertEqual(conn.getresponse().status, 400)
            conn.close()
            with self.assertRaises(loopback.HTTPStatusError):
                asyncio.run(loopback.fetch_async(handle.host, handle.port, "/bad?delay_ms=x"))
        finally:
            server.stop_server(handle)
        if os.path.exists("/proc/net/tcp"):
            self.assertNotIn(handle.port, listening_ports())

    def test_server_exits_when_its_parent_dies(self) -> None:
        # A middle process starts a server, prints its pid and is SIGKILLed (no teardown, no atexit).
        code = (
            "import sys; sys.path.append(%r); import _loopback_http as l; h = l.start_server();"
            "print(h.pid, flush=True); import time; time.sleep(60)" % WORKLOADS
        )
        middle = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        try:
            assert middle.stdout is not None
            server_pid = int(middle.stdout.readline())
            self.assertTrue(pid_exists(server_pid))
            middle.send_signal(signal.SIGKILL)
            middle.wait()
            deadline = time.monotonic() + 5.0
            while pid_exists(server_pid) and time.monotonic() < deadline:
                time.sleep(0.02)
            self.assertFalse(pid_exists(server_pid), "server outlived its parent")
        finally:
            if middle.poll() is None:
                middle.kill()
                middle.wait()
            if middle.stdout is not None:
                middle.stdout.close()


class DirectTest(NoLeftoversMixin, unittest.TestCase):
    """The workload's stages called directly."""

    def test_fetch_and_afetch_return_the_body_digest(self) -> None:
        mod = load("http_fetch")
        params: Dict[str, Any] = {"tasks": 3, "delay_ms": 1, "body_kb": 4}
        ctx = mod.setup(params)
        try:
            self.assertEqual(sorted(ctx), ["host", "pid", "port"])
            for i in range(3):
                self.assertEqual(mod.fetch(i, params, ctx), mod.expected(i, params))
                self.assertEqual(asyncio.run(mod.afetch(i, params, ctx)), mod.expected(i, params))
            self.assertNotEqual(mod.expected(0, params), mod.expected(1, params))
        finally:
            mod.teardown(ctx)
        self.assertFalse(pid_exists(ctx["pid"]))
        self.assertNoChildren()


class HarnessTest(NoLeftoversMixin, unittest.TestCase):
    """Every mode through the harness: one checksum, clean-up, unsupported modes."""

    PARAMS: Dict[str, Any] = {"tasks": 6, "delay_ms": 2, "body_kb": 2}

    def run_mode(self, mode: str, workers: int = 3) -> Dict[str, Any]:
        return run_mode("http_fetch", "http-fetch", mode, workers, self.PARAMS)

    def test_every_supported_mode_gives_the_same_checksum(self) -> None:
        mod = load("http_fetch")
        want = checksum_of([mod.expected(i, self.PARAMS) for i in range(self.PARAMS["tasks"])])
        for mode in SUPPORTED:
            with self.subTest(mode=mode):
                reply = self.run_mode(mode)
                self.assertEqual(reply["status"], "ok", reply.get("error"))
                self.assertEqual(reply["checksum"], want)
                self.assertEqual(reply["tasks"], self.PARAMS["tasks"])
                self.assertNoChildren()

    def test_modes_without_their_stages_fail(self) -> None:
        for mode in STAGE_MISMATCH:
            with self.subTest(mode=mode):
                reply = self.run_mode(mode)
                self.assertEqual(reply["status"], "failed")
                self.assertIn("the scenario declares %s but" % mode, reply["reason"])
                self.assertNoChildren()

    def test_a_failing_sample_still_stops_the_server(self) -> None:
        with mock.patch.object(loopback, "fetch_blocking", side_effect=RuntimeError("boom")):
            reply = self.run_mode("sequential")
        self.assertEqual(reply["status"], "failed")
        self.assertIn("boom", reply["reason"])
        self.assertNoChildren()


if __name__ == "__main__":
    unittest.main()
