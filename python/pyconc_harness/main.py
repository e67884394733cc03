"""The harness's command line: `run SPEC_JSON [--reply-fd N]` | `probe`, and writing the reply.

The sample itself is `run.run_spec` (re-exported here for in-process callers); the reply's shape
is `reply`.
"""
from __future__ import annotations

import os
import sys

from . import termination
from .errors import SpecError, Terminated
from .jsonio import dumps, loads
from .reply import failed
from .run import run_spec

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, TextIO, Tuple

__all__ = ["main", "run_spec", "write_reply", "exit_without_teardown"]

USAGE = "usage: harness.py run SPEC_JSON [--reply-fd N] | harness.py probe"
REPLY_PREFIX = "PYCONC-REPLY "


def main(argv: List[str]) -> int:
    """`run SPEC_JSON [--reply-fd N]` or `probe`; returns the exit code."""
    if argv == ["probe"]:
        from .probe import probe
        from .selfcheck import self_check

        self_check()  # what breaks here would break every sample: pyconc refuses the interpreter
        print(dumps(probe()))
        return 0
    try:
        spec_text, reply_fd = _parse_run_args(argv)
    except ValueError as exc:
        print("harness.py: %s\n%s" % (exc, USAGE), file=sys.stderr)
        return 2
    stream = open_reply_stream(reply_fd) if reply_fd is not None else None
    termination.install()
    try:
        try:
            try:
                spec = loads(spec_text)
            except ValueError as exc:
                reply = failed(SpecError("spec: not valid JSON: %s" % exc))
            else:
                reply = run_spec(spec)
        finally:
            # Processes the workload moved out of the harness's process group escape pyconc's group kill.
            termination.kill_escaped_descendants()
        write_reply(reply, stream)
    except Terminated:
        return 128 + 15
    return 0


def exit_without_teardown(code: int) -> None:
    """End the process once the reply is out, skipping the interpreter's own teardown.

    Tearing down every imported module costs a sample 10-20 ms on a slow machine (more after
    asyncio), all of it after the measurement and before pyconc can start the next sample. The
    harness has already run the workload's teardown, reaped its pools and removed the scratch
    directory by now; what Python would still do at exit that matters is kept: the atexit
    functions (multiprocessing's reaping of children, a workload's own clean-up) and flushing
    stdout and stderr. Threads still running are not waited for: the sample is over.

    Running the atexit functions without exiting has no public API: `atexit._run_exitfuncs` is
    used where it exists (CPython 3.9, 3.11, 3.13, 3.14 and 3.15 have it); elsewhere the process
    exits the ordinary way (`sys.exit`, with the interpreter's whole teardown).
    """
    import atexit

    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if not callable(run_exitfuncs):
        sys.exit(code)
    try:
        run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # a closed or broken pipe: nothing left to say
                pass
        os._exit(code)


def _parse_run_args(argv: List[str]) -> Tuple[str, Optional[int]]:
    if not argv or argv[0] != "run":
        raise ValueError("expected 'run' or 'probe'")
    rest = argv[1:]
    spec_text: Optional[str] = None
    reply_fd: Optional[int] = None
    while rest:
        arg = rest.pop(0)
        if arg == "--reply-fd" or arg.startswith("--reply-fd="):
            value = arg.split("=", 1)[1] if "=" in arg else (rest.pop(0) if rest else "")
            if not value.isdigit():
                raise ValueError("--reply-fd expects a file descriptor number, got %r" % value)
            reply_fd = int(value)
        elif spec_text is None and not arg.startswith("--"):
            spec_text = arg
        else:
            raise ValueError("unexpected argument %r" % arg)
    if spec_text is None:
        raise ValueError("missing SPEC_JSON")
    return spec_text, reply_fd


def open_reply_stream(fd: int) -> TextIO:
    """The reply pipe, opened at once and kept out of exec'd children (forked ones close nothing)."""
    os.set_inheritable(fd, False)
    return os.fdopen(fd, "w", encoding="utf-8")


def write_reply(reply: Dict[str, Any], stream: Optional[TextIO] = None) -> None:
    """The reply as one JSON object on `stream` (then closed), else as stdout's last line."""
    text = dumps(reply)
    if stream is None:
        sys.stdout.flush()
        sys.stdout.write("\n" + REPLY_PREFIX + text + "\n")  # on a line of its own, whatever came before
        sys.stdout.flush()
    else:
        stream.write(text)
        stream.close()
