from __future__ import annotations

import unittest
from typing import Dict, List, Tuple

from pyconc_harness.errors import SpecError
from pyconc_harness.run import run_spec
from pyconc_harness.spec import validate

from tests.support import make_spec


class ValidateTest(unittest.TestCase):
    def good(self) -> dict:
        return make_spec("cpu_pure", "threading", {"tasks": 2, "span": 10})

    def assert_rejected(self, spec: object, fragment: str) -> None:
        with self.assertRaises(SpecError) as caught:
            validate(spec)
        self.assertIn(fragment, str(caught.exception))

    def test_accepts_the_documented_shape_and_fills_optional_keys(self) -> None:
        spec = self.good()
        for key in ("scenario", "startMethod", "tmpDir"):
            del spec[key]
        normalised = validate(spec)
        self.assertIsNone(normalised["startMethod"])
        self.assertIsNone(normalised["tmpDir"])
        self.assertEqual(normalised["workers"], 2)

    def test_chunksize_and_values_are_optional(self) -> None:
        normalised = validate(self.good())
        self.assertEqual((normalised["chunksize"], normalised["values"]), (None, 1))
        normalised = validate(dict(self.good(), chunksize="auto", values=None))
        self.assertEqual((normalised["chunksize"], normalised["values"]), (None, 1))
        normalised = validate(dict(self.good(), chunksize=10, values=5))
        self.assertEqual((normalised["chunksize"], normalised["values"]), (10, 5))

    def test_rejects_unknown_keys(self) -> None:
        spec = dict(self.good(), timeout=3)
        self.assert_rejected(spec, "unknown key(s) 'timeout'")

    def test_rejects_missing_keys(self) -> None:
        spec = self.good()
        del spec["params"]
        self.assert_rejected(spec, "missing key(s) 'params'")

    def test_rejects_bad_workers(self) -> None:
        for workers in (0, -1, "2", 1.5, True, None):
            with self.subTest(workers=workers):
                self.assert_rejected(dict(self.good(), workers=workers), "spec.workers")

    def test_rejects_other_bad_fields(self) -> None:
        cases: List[Tuple[Dict[str, object], str]] = [
            ({"protocol": "pyconc/harness@2"}, "spec.protocol"),
            ({"workload": "relative/path.py"}, "spec.workload"),
            ({"mode": "Thread Pool"}, "spec.mode"),
            ({"mode": "async--threads"}, "spec.mode"),
            ({"mode": "3d"}, "spec.mode"),
            ({"mode": ""}, "spec.mode"),
            ({"params": [1]}, "spec.params"),
            ({"params": {"_tmpdir": "/x"}}, "reserved"),
            ({"startMethod": "vfork"}, "spec.startMethod"),
            ({"tmpDir": "rel"}, "spec.tmpDir"),
            ({"scenario": 3}, "spec.scenario"),
            ({"chunksize": 0}, "spec.chunksize"),
            ({"chunksize": "x"}, "spec.chunksize"),
            ({"chunksize": True}, "spec.chunksize"),
            ({"chunksize": 2.5}, "spec.chunksize"),
            ({"values": 0}, "spec.values"),
            ({"values": "auto"}, "spec.values"),
        ]
        for change, fragment in cases:
            with self.subTest(change=change):
                self.assert_rejected(dict(self.good(), **change), fragment)
        self.assert_rejected([1], "JSON object")

    def test_a_bad_spec_is_a_failed_reply_not_an_exception(self) -> None:
        reply = run_spec(dict(self.good(), workers=0))
        self.assertEqual(reply["status"], "failed")
        self.assertEqual(reply["error"]["type"], "SpecError")
        self.assertTrue(reply["reason"].startswith("SpecError: spec.workers"))


if __name__ == "__main__":
    unittest.main()
