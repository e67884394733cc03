"""The harness's command line and its in-process core, `run_spec(spec) -> reply`."""
from __future__ import annotations

import os
import sys

from . import PROTOCOL, termination
from .errors import SpecError, Terminated, Unsupported, describe, reason_of
from .job import Job, Outcome
from .jsonio import dumps, loads
from .measure import checksum, percentiles, self_max_rss_kb
from .probe import environment
from .spec import MODES, validate
from .workload import Workload, load

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, TextIO, Tuple
    from .job import Runner

USAGE = "usage: harness.py run SPEC_JSON [--reply-fd N] | harness.py probe"
REPLY_PREFIX = "PYCONC-REPLY "

# Imported only when asked for: a sample pays for its own mode's imports alone.
_MODE_MODULES = {
    "sequential": "mode_sequential",
    "threading": "mode_threads",
    "multiprocessing": "mode_processes",
    "process-loops": "mode_processes",
    "asyncio": "mode_asyncio",
    "async-threads": "mode_asyncio",
    "async-processes": "mode_asyncio",
}


def main(argv: List[str]) -> int:
    """`run SPEC_JSON [--reply-fd N]` or `probe`; returns the exit code."""
    if argv == ["probe"]:
        from .probe import probe

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
                reply = _reply("failed", error=describe(SpecError("spec: not valid JSON: %s" % exc)))
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
    """
    import atexit

    try:
        atexit._run_exitfuncs()
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


def run_spec(spec: Dict[str, Any]) -> Dict[str, Any]:
    """Run one sample described by `spec` (the parsed spec JSON) and return the reply dict.

    Never raises for a bad spec or a failing workload (those are replies); only KeyboardInterrupt
    and Terminated (SIGTERM during a process mode) get through.
    """
    try:
        spec = validate(spec)
    except SpecError as exc:
        return _reply("failed", error=describe(exc))
    try:
        tmp = _TmpDir(spec["tmpDir"])
    except Exception as exc:
        return _reply("failed", error=describe(exc), start_method=spec["startMethod"])
    try:
        return _run(spec, tmp.path)
    finally:
        tmp.cleanup()


def _run(spec: Dict[str, Any], tmp_path: str) -> Dict[str, Any]:
    mode, start_method = spec["mode"], spec["startMethod"]
    try:
        workload = load(spec["workload"])
        override = workload.override(mode)
        runner = None if override is not None else _prepare(mode, workload, start_method)
        params = dict(spec["params"], _tmpdir=tmp_path, _start_method=start_method)
        job = Job(workload, mode, params, None, workload.task_count(params), spec["workers"], start_method)
        job.ctx = workload.setup(params) if workload.setup is not None else None
        try:
            if override is not None:
                from .overrides import run_override

                outcome = run_override(override, job)
            else:
                outcome = runner(job)  # type: ignore[misc]
        except BaseException:
            _teardown_quietly(workload, job.ctx)
            raise
        if workload.teardown is not None:
            workload.teardown(job.ctx)
        return _ok_reply(job, outcome)
    except Unsupported as exc:
        return _reply("unsupported", reason=exc.reason, start_method=start_method)
    except (KeyboardInterrupt, Terminated):
        raise
    except BaseException as exc:  # SystemExit from a workload is a failure like any other
        return _reply("failed", error=describe(exc), start_method=start_method)


def _prepare(mode: str, workload: Workload, start_method: Optional[str]) -> Runner:
    module_name = _MODE_MODULES.get(mode)
    if module_name is None:
        raise Unsupported(
            "the harness composes only the modes %s, and the workload has no run_%s()"
            % (", ".join(MODES), mode.replace("-", "_"))
        )
    import importlib

    module = importlib.import_module("." + module_name, __package__)
    return module.prepare(mode, workload, start_method)  # type: ignore[no-any-return]


def _teardown_quietly(workload: Workload, ctx: Any) -> None:
    """Teardown after a failure: the first error is the one to report."""
    if workload.teardown is None:
        return
    try:
        workload.teardown(ctx)
    except Exception as exc:
        print("pyconc harness: teardown failed after an earlier error: %r" % (exc,), file=sys.stderr)


def _ok_reply(job: Job, out: Outcome) -> Dict[str, Any]:
    if len(out.results) != job.tasks:
        raise ValueError("the mode returned %d results for %d tasks" % (len(out.results), job.tasks))
    digest = checksum(out.results)
    iv = job.interval
    user_ns = iv.usage1[0] - iv.usage0[0]
    sys_ns = iv.usage1[1] - iv.usage0[1]
    if out.add_child_cpu:
        child_user, child_sys = out.children.cpu()
        user_ns += child_user
        sys_ns += child_sys
    user_ns += out.extra_child_cpu_ns[0]  # children an override started that this process never reaps
    sys_ns += out.extra_child_cpu_ns[1]
    child_rss = out.children.peaks() + out.extra_child_rss_kb
    reply = _reply("ok", start_method=out.start_method, child_rss=child_rss)
    reply.update(
        checksum=digest,
        tasks=job.tasks,
        setupNs=iv.t1 - iv.t0,
        workNs=iv.t2 - iv.t1,
        shutdownNs=iv.t3 - iv.t2,
        wallNs=iv.t3 - iv.t0,
        cpuUserNs=user_ns,
        cpuSysNs=sys_ns,
        ctxVoluntary=iv.usage1[2] - iv.usage0[2],
        ctxInvoluntary=iv.usage1[3] - iv.usage0[3],
        latency=percentiles(out.latencies_ns),
        metrics=out.metrics,
    )
    return reply


def _reply(
    status: str,
    reason: Optional[str] = None,
    error: Optional[Dict[str, Any]] = None,
    start_method: Optional[str] = None,
    child_rss: Optional[List[int]] = None,
) -> Dict[str, Any]:
    """A reply with every key present; measurements stay null unless the sample ran."""
    self_rss = self_max_rss_kb()
    children = child_rss or []
    return {
        "protocol": PROTOCOL,
        "status": status,
        "reason": reason_of(error) if error is not None else reason,
        "error": error,
        "checksum": None,
        "tasks": None,
        "setupNs": None,
        "workNs": None,
        "shutdownNs": None,
        "wallNs": None,
        "cpuUserNs": None,
        "cpuSysNs": None,
        "maxRssKb": self_rss + sum(children),
        "selfMaxRssKb": self_rss,
        "childMaxRssKb": children,
        "ctxVoluntary": None,
        "ctxInvoluntary": None,
        "latency": None,
        "metrics": {},
        "env": environment(start_method),
    }


class _TmpDir:
    """The sample's scratch directory: created if missing, removed only if created here."""

    def __init__(self, path: Optional[str]) -> None:
        if path is None:
            import tempfile

            self.path, self.created = tempfile.mkdtemp(prefix="pyconc-"), True
        else:
            self.created = not os.path.isdir(path)
            if self.created:
                os.makedirs(path)
            self.path = path

    def cleanup(self) -> None:
        if not self.created:
            return
        try:
            os.rmdir(self.path)  # the common case, without importing shutil
        except OSError:
            import shutil

            shutil.rmtree(self.path, ignore_errors=True)
