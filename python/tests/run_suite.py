"""Runs the harness's unittest suite (or one group of it) on this interpreter, for CI's matrix.

    python3 python/tests/run_suite.py [--group all|core|workloads] [--progress FILE] [--summary FILE] [--limit SECONDS]

As `python3 -m unittest discover -s python/tests -t python`, plus what a matrix of interpreters
needs: the id of each test as it starts goes to `--progress` (so whoever stops a hanging suite can
name the test), a JSON summary (counts, seconds, seconds per test module) to `--summary`, and
after `--limit` seconds faulthandler prints every thread's stack and ends the process.

Groups: `workloads` is the catalogue workloads' tests (test_workload_*), `core` everything else
(the harness, its modes, the toolkit, the probe, the private details).
"""
from __future__ import annotations

import argparse
import faulthandler
import json
import os
import sys
import time
import unittest
from typing import Any, Dict, Iterator, List, Optional, TextIO

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(TESTS_DIR)
GROUPS = ("all", "core", "workloads")


def in_group(test_id: str, group: str) -> bool:
    is_workload = test_id.split(".")[1].startswith("test_workload_") if test_id.count(".") > 1 else False
    return group == "all" or (group == "workloads") == is_workload


def flatten(suite: Any) -> Iterator[unittest.TestCase]:
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from flatten(item)
        else:
            yield item


class ProgressResult(unittest.TextTestResult):
    """A text result that also names each test as it starts and times each test module."""

    progress: Optional[TextIO] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.module_seconds: Dict[str, float] = {}
        self._started = 0.0

    def startTest(self, test: unittest.TestCase) -> None:
        if self.progress is not None:
            self.progress.write(test.id() + "\n")
            self.progress.flush()
        self._started = time.monotonic()
        super().startTest(test)

    def stopTest(self, test: unittest.TestCase) -> None:
        super().stopTest(test)
        module = test.id().rsplit(".", 2)[0]
        self.module_seconds[module] = self.module_seconds.get(module, 0.0) + time.monotonic() - self._started


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=GROUPS, default="all")
    parser.add_argument("--progress", help="file that gets each test's id as it starts")
    parser.add_argument("--summary", help="file that gets the JSON summary")
    parser.add_argument("--limit", type=float, help="seconds before faulthandler dumps the stacks and exits")
    args = parser.parse_args(argv)
    if PYTHON_DIR not in sys.path:
        sys.path.insert(0, PYTHON_DIR)
    if args.limit:
        faulthandler.dump_traceback_later(args.limit, exit=True)
    loader = unittest.TestLoader()
    tests = [t for t in flatten(loader.discover(TESTS_DIR, top_level_dir=PYTHON_DIR)) if in_group(t.id(), args.group)]
    progress = open(args.progress, "w", encoding="utf-8") if args.progress else None
    ProgressResult.progress = progress
    started = time.monotonic()
    try:
        runner = unittest.TextTestRunner(resultclass=ProgressResult, verbosity=1)
        result = runner.run(unittest.TestSuite(tests))
    finally:
        if progress is not None:
            progress.close()
    summary = {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "group": args.group,
        "run": result.testsRun,
        "failures": len(result.failures) + len(result.unexpectedSuccesses),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
        "seconds": round(time.monotonic() - started, 1),
        "modules": {name: round(s, 1) for name, s in sorted(result.module_seconds.items())},  # type: ignore[attr-defined]
    }
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as f:
            json.dump(summary, f)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
