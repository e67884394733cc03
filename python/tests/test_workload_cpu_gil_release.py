"""Tests of the cpu-gil-release workload: its values, and one checksum across every mode."""
from __future__ import annotations

import hashlib
import unittest
import zlib
from typing import Any, Dict

from tests._workload_samples import MODES, LeftoverCheck, load_workload


def _params(**overrides: Any) -> Dict[str, Any]:
    params: Dict[str, Any] = {"tasks": 3, "op": "sha256", "chunk_kb": 1024, "sha256_mb": 2, "zlib_mb": 0.25}
    params.update(overrides)
    return params


class DirectTest(unittest.TestCase):
    def setUp(self) -> None:
        self.mod = load_workload("cpu_gil_release")

    def test_chunks_cover_the_cyclic_block_exactly(self) -> None:
        block = self.mod._BLOCK
        self.assertEqual(len(block), self.mod.BLOCK)
        total = 2 * len(block) + 1000
        pieces = list(self.mod.chunks(total, 3000))
        self.assertTrue(all(len(p) <= 3000 for p in pieces))
        self.assertEqual(b"".join(pieces), (block * 3)[:total])

    def test_block_is_deterministic_and_compressible(self) -> None:
        self.assertEqual(self.mod._make_block(), self.mod._BLOCK)
        self.assertLess(len(zlib.compress(self.mod._BLOCK, 1)), 0.8 * len(self.mod._BLOCK))

    def test_sha256_value_is_the_digest_of_prefix_and_bytes(self) -> None:
        params = _params(sha256_mb=1.5)
        total = int(1.5 * (1 << 20))
        data = (self.mod._BLOCK * 2)[:total]
        expected = hashlib.sha256((5).to_bytes(8, "little") + data).hexdigest()
        self.assertEqual(self.mod.compute(5, params), expected)

    def test_chunk_size_changes_the_calls_not_the_value(self) -> None:
        for op in ("sha256", "zlib"):
            big = self.mod.compute(1, _params(op=op, chunk_kb=1024))
            tiny = self.mod.compute(1, _params(op=op, chunk_kb=1))
            self.assertEqual(big, tiny, op)
            self.assertNotEqual(big, self.mod.compute(2, _params(op=op)), op)

    def test_zlib_value_is_size_and_crc_of_the_stream(self) -> None:
        params = _params(op="zlib", zlib_mb=0.5, chunk_kb=64)
        size, crc = self.mod.compute(0, params).split(":")
        comp = zlib.compressobj(self.mod.ZLIB_LEVEL)
        stream = comp.compress((0).to_bytes(8, "little")) + comp.compress(self.mod._BLOCK[: 1 << 19]) + comp.flush()
        self.assertEqual((int(size), crc), (len(stream), "%08x" % zlib.crc32(stream)))

    def test_bad_params_are_rejected(self) -> None:
        with self.assertRaises(ValueError):
            self.mod.compute(0, _params(op="md5"))
        with self.assertRaises(ValueError):
            self.mod.compute(0, _params(chunk_kb=0))


class HarnessTest(LeftoverCheck):
    def test_checksum_agrees_across_all_modes(self) -> None:
        for op in ("sha256", "zlib"):
            sums = self.checksums("cpu_gil_release", MODES, _params(op=op, chunk_kb=1))
            self.assertEqual(len(set(sums.values())), 1, "%s: %s" % (op, sums))

    def test_spawned_pool_agrees(self) -> None:
        sums = self.checksums(
            "cpu_gil_release", ("sequential", "multiprocessing"), _params(tasks=2), start_method="spawn", fresh_interpreter=True
        )
        self.assertEqual(len(set(sums.values())), 1, sums)


if __name__ == "__main__":
    unittest.main()
