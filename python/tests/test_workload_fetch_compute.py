"""Tests of the fetch-compute workload: the pure-Python parser against a plain reference, the
stages against the loopback server, and one checksum across all seven modes with nothing left
running afterwards."""
from __future__ import annotations

import asyncio
import unittest
from typing import Any, Dict, List, Tuple
from unittest import mock

from tests._loopback_support import MODES, NoLeftoversMixin, checksum_of, load, pid_exists, run_mode

import _loopback_client as loopback  # noqa: E402  (on sys.path through _loopback_support)


def reference_tokenise(data: bytes, seed: int) -> Tuple[int, int]:
    """The same fold as the workload's tokenise, written the obvious (slow-to-read-wrong) way."""
    acc = seed
    words = [w for w in data.replace(b"\n", b" ").split(b" ") if w]
    for word in words:
        h = 2166136261 ^ seed
        for x in word:
            h = ((h ^ x) * 16777619) & 0xFFFFFFFF
        acc = (acc * 31 + h) & 0xFFFFFFFF
    return acc, len(words)


class ComputeTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load("fetch_compute")

    def test_tokenise_matches_the_reference(self) -> None:
        for data in (b"", b"a", b"ab cd\nab", b"  lead and trail  \n\n", loopback.body_for("/doc/3", 3000)):
            for seed in (0, 1, 7):
                self.assertEqual(self.mod.tokenise(data, seed), reference_tokenise(data, seed), (data[:20], seed))

    def test_compute_depends_on_rounds_and_body_only(self) -> None:
        body = loopback.body_for("/doc/1", 2048)
        one = self.mod.compute(body, {"rounds": 1})
        self.assertEqual(one, self.mod.compute(bytes(body), {"rounds": 1}))
        self.assertNotEqual(one, self.mod.compute(body, {"rounds": 2}))
        self.assertRegex(one, r"^[0-9a-f]{8}:\d+$")
        words = reference_tokenise(body, 0)[1]
        self.assertEqual(self.mod.compute(body, {"rounds": 3}).split(":")[1], str(3 * words))


class DirectTest(NoLeftoversMixin, unittest.TestCase):
    def test_fetch_and_afetch_return_the_document(self) -> None:
        mod = load("fetch_compute")
        params: Dict[str, Any] = {"tasks": 2, "delay_ms": 1, "body_kb": 3, "rounds": 1}
        ctx = mod.setup(params)
        try:
            for i in range(2):
                body = mod.fetch(i, params, ctx)
                self.assertEqual(body, loopback.body_for("/doc/%d" % i, 3 * 1024))
                self.assertEqual(asyncio.run(mod.afetch(i, params, ctx)), body)
                self.assertEqual(mod.compute(body, params), mod.expected(i, params))
        finally:
            mod.teardown(ctx)
        self.assertFalse(pid_exists(ctx["pid"]))
        self.assertNoChildren()


class HarnessTest(NoLeftoversMixin, unittest.TestCase):
    PARAMS: Dict[str, Any] = {"tasks": 5, "delay_ms": 2, "body_kb": 2, "rounds": 2}

    def test_every_mode_gives_the_same_checksum(self) -> None:
        mod = load("fetch_compute")
        values: List[Any] = [mod.expected(i, self.PARAMS) for i in range(self.PARAMS["tasks"])]
        want = checksum_of(values)
        for mode in MODES:
            with self.subTest(mode=mode):
                reply = run_mode("fetch_compute", "fetch-compute", mode, 2, self.PARAMS)
                self.assertEqual(reply["status"], "ok", reply.get("error"))
                self.assertEqual(reply["checksum"], want)
                self.assertNoChildren()

    def test_spawned_workers_give_the_same_checksum(self) -> None:
        mod = load("fetch_compute")
        want = checksum_of([mod.expected(i, self.PARAMS) for i in range(self.PARAMS["tasks"])])
        reply = run_mode("fetch_compute", "fetch-compute", "async-processes", 2, self.PARAMS, start_method="spawn")
        self.assertEqual(reply["status"], "ok", reply.get("error"))
        self.assertEqual(reply["checksum"], want)
        self.assertNoChildren()

    def test_a_failing_sample_still_stops_the_server(self) -> None:
        with mock.patch.object(loopback, "fetch_async", side_effect=RuntimeError("boom")):
            reply = run_mode("fetch_compute", "fetch-compute", "asyncio", 2, self.PARAMS)
        self.assertEqual(reply["status"], "failed")
        self.assertIn("boom", reply["reason"])
        self.assertNoChildren()


if __name__ == "__main__":
    unittest.main()
