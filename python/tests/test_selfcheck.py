"""The probe's self-check: a sample's start-up path (imports, JSON codec, reply channel) in the probing process."""
from __future__ import annotations

import json
import subprocess
import sys
import unittest
from unittest import mock

from pyconc_harness import jsonio, selfcheck
from tests.support import HARNESS


class SelfCheckTest(unittest.TestCase):
    def test_passes_here_and_the_probe_answers(self) -> None:
        selfcheck.self_check()
        proc = subprocess.run([sys.executable, HARNESS, "probe"], capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["executable"], sys.executable)

    def test_a_broken_reply_channel_is_raised(self) -> None:
        with mock.patch("os.set_inheritable", side_effect=OSError(9, "Bad file descriptor")):
            with self.assertRaises(OSError):
                selfcheck.self_check()

    def test_a_codec_that_reads_otherwise_is_raised(self) -> None:
        with mock.patch.object(jsonio, "loads", lambda text: json.loads(text.replace('"tasks": 3', '"tasks": 2'))):
            with self.assertRaisesRegex(RuntimeError, "checksum is [0-9a-f]{16}, expected c77b2897987811c1"):
                selfcheck.self_check()

    def test_a_json_that_cannot_read_at_all_fails_the_probe(self) -> None:
        # As a CPython whose _json wants what no decoder has: json itself cannot be imported.
        code = (
            "import _json, runpy, sys\n"
            "def make_scanner(context):\n"
            "    return context.parse_decimal\n"
            "_json.make_scanner = make_scanner\n"
            "sys.argv = [sys.argv[1], 'probe']\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n"
        )
        proc = subprocess.run([sys.executable, "-c", code, HARNESS], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("AttributeError: 'JSONDecoder' object has no attribute 'parse_decimal'", proc.stderr)
        self.assertEqual(proc.stdout, "")


if __name__ == "__main__":
    unittest.main()
