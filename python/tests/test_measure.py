from __future__ import annotations

import hashlib
import json
import unittest

from pyconc_harness import jsonio
from pyconc_harness.errors import describe, reason_of
from pyconc_harness.measure import ChildStats, checksum, percentiles


class PercentilesTest(unittest.TestCase):
    def test_nearest_rank(self) -> None:
        # Nearest rank: the value at rank ceil(p/100 * n), 1-based.
        self.assertEqual(
            percentiles(list(range(10, 0, -1))), {"count": 10, "p50Ns": 5, "p90Ns": 9, "p99Ns": 10, "maxNs": 10}
        )
        self.assertEqual(percentiles([7]), {"count": 1, "p50Ns": 7, "p90Ns": 7, "p99Ns": 7, "maxNs": 7})
        got = percentiles(list(range(1, 201)))
        assert got is not None
        self.assertEqual((got["p50Ns"], got["p90Ns"], got["p99Ns"]), (100, 180, 198))

    def test_none_when_nothing_was_measured(self) -> None:
        self.assertIsNone(percentiles(None))
        self.assertIsNone(percentiles([]))


class ChecksumTest(unittest.TestCase):
    def test_matches_the_documented_definition(self) -> None:
        values = [1, {"b": [1, 2], "a": None}, "x", 2.5]
        lines = "".join(json.dumps(v, sort_keys=True, separators=(",", ":")) + "\n" for v in values)
        self.assertEqual(checksum(values), hashlib.sha256(lines.encode()).hexdigest()[:16])
        self.assertEqual(len(checksum([])), 16)

    def test_depends_on_order_and_boundaries(self) -> None:
        self.assertNotEqual(checksum([1, 2]), checksum([2, 1]))
        self.assertNotEqual(checksum(["1", "23"]), checksum(["12", "3"]))
        self.assertEqual(checksum([(1, 2)]), checksum([[1, 2]]))  # tuples are JSON arrays

    def test_unknown_objects_use_repr(self) -> None:
        self.assertEqual(checksum([{1, 2} - {2}]), checksum([repr({1})]))


class JsonioTest(unittest.TestCase):
    """The C-accelerator shortcut must agree with the json package byte for byte."""

    VALUES = [
        0, -1, 2**100, 1.5, -0.0, 1e300, float("nan"), float("inf"), True, None, "", "é\u2028\x00\"\\",
        [1, (2, 3)], {"b": 1, "a": {"z": None, "y": [True, False]}}, {True: 1, 2: "x"}, {1, 2}, object,
    ]

    def test_canonical_matches_json_dumps(self) -> None:
        for value in self.VALUES:
            with self.subTest(value=value):
                expected = json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr)
                self.assertEqual(jsonio.canonical(value), expected)

    def test_dumps_is_strict_json(self) -> None:
        reply = {"a": [1, None, "x"], "b": 1.5, "c": {"d": True}}
        self.assertEqual(jsonio.dumps(reply), json.dumps(reply))
        with self.assertRaises(ValueError):
            jsonio.dumps({"x": float("nan")})
        with self.assertRaises(TypeError):
            jsonio.dumps({"x": object()})

    def test_loads_matches_json_loads(self) -> None:
        for text in ('{"a": [1, 2.5, "x", null, true, {"b": -1e5}]}', ' \n{"a":1}\t', '"\\u00e9"', "3", "[NaN]"):
            with self.subTest(text=text):
                self.assertEqual(repr(jsonio.loads(text)), repr(json.loads(text)))
        for bad in ("", "{", '{"a":1} x', "[1,]", "tru"):
            with self.subTest(bad=bad):
                self.assertRaises(ValueError, json.loads, bad)
                self.assertRaises(ValueError, jsonio.loads, bad)


class ChildStatsTest(unittest.TestCase):
    def test_keeps_each_childs_peak_and_latest_cpu(self) -> None:
        stats = ChildStats()
        stats.add(10, 100, 5, 1)
        stats.add(10, 90, 8, 2)
        stats.add(11, 50, 1, 1)
        self.assertEqual(stats.peaks(), [100, 50])
        self.assertEqual(stats.cpu(), (9, 3))


class DescribeTest(unittest.TestCase):
    def test_error_and_one_line_reason(self) -> None:
        try:
            raise ValueError("line one\nline two " + "x" * 400)
        except ValueError as exc:
            error = describe(exc)
        self.assertEqual(error["type"], "ValueError")
        self.assertIn("raise ValueError", error["traceback"])
        reason = reason_of(error)
        self.assertTrue(reason.startswith("ValueError: line one line two xx"))
        self.assertLessEqual(len(reason), 300)
        self.assertNotIn("\n", reason)


if __name__ == "__main__":
    unittest.main()
