"""`harness.py probe`'s check that this interpreter can run the harness at all.

A sample's start-up path, run in the probing process: every module a sample may import (each
mode's), a spec through the JSON codec, a tiny workload (`selfcheck_workload.py`) run in the
sequential mode with its checksum compared to the known one, and the reply written on a pipe as
on a sample's reply fd, read back and decoded. A CPython that breaks any of it is refused before
the run, in one line (pyconc: "the harness cannot run on it"), not reported as failed cells.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Dict

#: The checksum of selfcheck_workload's three values, as every working interpreter computes it.
EXPECTED_CHECKSUM = "c77b2897987811c1"
#: Harness modules a sample may import besides the modes' (children's and overrides' helpers).
OTHER_MODULES = ("main", "pool_worker", "toolkit", "interpreter_worker")


def self_check() -> None:
    """Return quietly when this interpreter runs a sample from spec to reply; else raise what broke."""
    import importlib

    from . import PROTOCOL
    from .jsonio import dumps, loads
    from .run import _MODE_MODULES, run_spec

    for name in sorted(set(_MODE_MODULES.values())) + list(OTHER_MODULES):
        importlib.import_module("pyconc_harness." + name)
    spec = loads(dumps({
        "protocol": PROTOCOL,
        "workload": os.path.join(os.path.dirname(os.path.abspath(__file__)), "selfcheck_workload.py"),
        "scenario": "self-check", "mode": "sequential", "workers": 1, "params": {"tasks": 3},
        "startMethod": None, "tmpDir": None,
    }))
    reply = run_spec(spec)
    if reply["status"] != "ok":
        raise RuntimeError("the self-check sample %s: %s" % (reply["status"], reply["reason"]))
    if reply["checksum"] != EXPECTED_CHECKSUM:
        raise RuntimeError("the self-check sample's checksum is %s, expected %s" % (reply["checksum"], EXPECTED_CHECKSUM))
    echoed = _through_reply_channel(reply)
    if echoed != reply:
        raise RuntimeError("the reply read back differs from the reply written")


def _through_reply_channel(reply: Dict[str, Any]) -> Any:
    """`reply` written as a sample writes it on its reply fd (a pipe here), read back and decoded."""
    from .main import open_reply_stream, write_reply

    read_fd, write_fd = os.pipe()
    try:
        write_reply(reply, open_reply_stream(write_fd))  # closes write_fd
        write_fd = -1
        chunks = []
        while True:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)
    from .jsonio import loads

    return loads(b"".join(chunks).decode("utf-8"))
