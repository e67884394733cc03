"""Exceptions the harness raises on purpose, and how any exception becomes the reply's `error`."""
from __future__ import annotations

TRACEBACK_LINES = 40
REASON_CHARS = 300


class SpecError(ValueError):
    """The spec is malformed: a bug on the caller's side, reported as a failed sample."""


class Unsupported(Exception):
    """The workload cannot be run under the requested mode; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StageMismatch(Exception):
    """The workload lacks the stages a mode the scenario declares needs: a failed sample.

    Unlike `Unsupported` (what this interpreter or platform cannot do), this is a contradiction
    between the scenario file, which lists the mode, and the workload's code.
    """

    def __init__(self, mode: str, missing: str) -> None:
        super().__init__("the scenario declares %s but the workload %s" % (mode, missing))
        self.mode = mode


class ValuesDiffer(Exception):
    """A repeated run of the tasks (spec.values > 1) computed another checksum than the first."""


class ChildError(Exception):
    """An exception raised in a child process, carried back as text (type, message, traceback)."""

    def __init__(self, type_name: str, message: str, traceback_text: str = "") -> None:
        super().__init__(message)
        self.type_name = type_name
        self.message = message
        self.traceback_text = traceback_text


class WorkerDied(RuntimeError):
    """A child process exited without delivering its result."""


class Terminated(BaseException):
    """SIGTERM arrived: unwind (so that `finally` blocks reap the children) and exit 143."""


def describe(exc: BaseException) -> dict:
    """The reply's `error` object for `exc`: type, message and the last lines of the traceback."""
    if isinstance(exc, ChildError):
        type_name, message, text = exc.type_name, exc.message, exc.traceback_text
    else:
        type_name, message, text = type(exc).__name__, str(exc), _traceback_text(exc)
    lines = text.rstrip("\n").splitlines()[-TRACEBACK_LINES:]
    return {"type": type_name, "message": message, "traceback": "\n".join(lines)}


def reason_of(error: dict) -> str:
    """One line, at most REASON_CHARS characters: `ExceptionType: message`."""
    message = " ".join(str(error.get("message") or "").split())
    line = "%s: %s" % (error["type"], message) if message else str(error["type"])
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1] + "\u2026"


def _traceback_text(exc: BaseException) -> str:
    import traceback

    cause = exc.__cause__
    # Pools re-raise a child's exception with the child's formatted traceback as its cause;
    # that text is where the workload's frames are.
    if cause is not None and type(cause).__name__ in ("RemoteTraceback", "_RemoteTraceback"):
        remote = str(cause).strip().strip('"').strip("\n")
        return remote
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
