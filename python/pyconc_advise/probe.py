"""The probe of `pyconc advise`: a few seconds of measurements of the user's function, each sent as it
is taken, one JSON object a line on the reply fd (which the user's code cannot write to by accident):

    started      the interpreter is up (pyconc times its start-up from this)
    import       the module's import (and the twin's look-up)
    setup        the user's --setup, when given
    first-call   the first call, on task 0's input (cold: caches, lazy imports)
    calls        further calls: per call wall and CPU time (the waiting share), and whether two calls
                 of the same input agreed (determinism)
    threads      two threads calling it at once: CPU time / wall (above ~1.5: it releases the GIL)
    payload      the pickled size and time of an input and a result, and whether the function pickles
    handover     what handing one task to a thread pool costs here
    processes    a one-process pool of the default start method: start-up with the function loaded,
                 one call there, and a task's round trip
    interpreters the same with a subinterpreter (Python 3.14+)
    done         everything above in one object (what pyconc reads)
    error        the target cannot be used: kind, message, the user's last frames

Timing: perf_counter_ns for wall, process_time_ns for CPU (every thread of the process). Calls faster
than BATCH_NS are timed in batches of the same input, so a sub-microsecond call still has a figure.

A loaded machine makes a computing function look as if it waited: its wall time grows while it sits
in the run queue. Where Linux says how long the calling thread sat there (/proc/thread-self/schedstat),
that time is reported (`callQueuedNs`) and counted as CPU the function asked for, not as waiting.
The two-thread test counts run-queue time the same way (see `Probe.threads`).
"""
from __future__ import annotations

import os
import pickle
import sys
from time import perf_counter_ns, process_time_ns

from .target import Calls, TargetError, describe_exception, frames_of, is_async, load, read_inputs, unstable_reason

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple

#: Wall time the further calls may take (at least MIN_CALLS of them are made whatever it costs).
CALLS_BUDGET_NS = 300_000_000
MIN_CALLS = 2
MAX_CALLS = 20
#: A call faster than this is timed in batches of about this length.
BATCH_NS = 1_000_000
#: Wall time each of the two threads may spend calling the function.
THREADS_BUDGET_NS = 250_000_000
#: Above this a call is too slow to be made once more in a pool's child just to check it works there.
CHILD_CALL_MAX_NS = 200_000_000
#: How long a pool or a subinterpreter may take to start and call the function once.
CHILD_TIMEOUT_S = 60.0


class Probe:
    """One probe: the spec, the reply stream, and what has been measured so far."""

    def __init__(self, spec: Dict[str, Any], send: Callable[[Dict[str, Any]], None]) -> None:
        self.spec = spec
        self.send = send
        self.cwd: Optional[str] = spec.get("cwd") or None
        self.label: str = spec.get("label") or spec["target"]  # the target as the user wrote it
        self.found: Dict[str, Any] = {}
        self.inputs: Optional[List[Any]] = None
        self.fn: Any = None
        self.twin: Any = None
        self.calls: Any = None

    def emit(self, event: str, **values: Any) -> None:
        self.found.update(values)
        self.send(dict(values, event=event))

    def arg(self, i: int) -> Any:
        return i if self.inputs is None else self.inputs[i % len(self.inputs)]

    def task_count(self) -> Optional[int]:
        if self.inputs is not None:
            return len(self.inputs)
        tasks = self.spec.get("tasks")
        return int(tasks) if tasks else None

    def run(self) -> Dict[str, Any]:
        self.load()
        try:
            self.setup()
            self.first_and_further_calls()
            self.threads()
            self.payload()
            self.handover()
            self.processes()
            self.interpreters()
        finally:
            if self.calls is not None:
                self.calls.close()
            self.teardown()
        return self.found

    # --- loading -------------------------------------------------------------------------------

    def load(self) -> None:
        t0 = perf_counter_ns()
        self.fn = load(self.spec["target"], self.cwd)
        import_ns = perf_counter_ns() - t0
        coroutine = is_async(self.fn)
        twin_name = self.spec.get("sync") if coroutine else self.spec.get("async")
        other = self.spec.get("async") if coroutine else self.spec.get("sync")
        if other:
            want = "an async def" if coroutine else "a sync"
            raise TargetError("twin", "--%s %s: the target %s is already %s function; name the other kind's twin" % (
                "async" if coroutine else "sync", other, self.label, want))
        if twin_name:
            self.twin = load(self.spec["target"], self.cwd, twin_name)
            if is_async(self.twin) == coroutine:
                kind = "an async def" if coroutine else "a sync"
                raise TargetError("twin", "twin %s is %s function like the target; it must be the other kind" % (twin_name, kind))
        asyncio_ns = 0
        if (coroutine or self.twin is not None) and "asyncio" not in sys.modules:
            t1 = perf_counter_ns()
            import asyncio  # noqa: F401  (what an event-loop mode's sample imports)

            asyncio_ns = perf_counter_ns() - t1
        self.emit("import", importNs=import_ns, isAsync=coroutine, hasTwin=self.twin is not None, asyncioImportNs=asyncio_ns)

    def setup(self) -> None:
        hook = self.spec.get("setup")
        if hook:
            t0 = perf_counter_ns()
            try:
                load(hook, self.cwd)()
            except TargetError:
                raise
            except Exception as exc:
                raise TargetError("setup", "--setup %s raised %s" % (hook, describe_exception(exc)), frames_of(exc)) from None
            self.emit("setup", setupNs=perf_counter_ns() - t0)
        path = self.spec.get("inputs")
        if path:
            self.inputs = read_inputs(path)
        # The sync function (or twin) is the one the GIL questions are about; an async-only one runs on a loop per thread.
        main = self.twin if is_async(self.fn) and self.twin is not None else self.fn
        self.calls = Calls(main)

    def teardown(self) -> None:
        hook = self.spec.get("teardown")
        if hook:
            try:
                load(hook, self.cwd)()
            except Exception as exc:  # reported, not fatal: the measurements stand
                self.found["teardownError"] = "--teardown %s raised %s" % (hook, describe_exception(exc))

    # --- calls ---------------------------------------------------------------------------------

    def call(self, i: int, repeat: int = 1) -> Tuple[Any, int, int, int]:
        """`repeat` calls on task i's input: (last result, wall, CPU, run-queue ns, each per call)."""
        arg = self.arg(i)
        try:
            q0 = _queued_ns(_THREAD_SCHEDSTAT)
            w0, c0 = perf_counter_ns(), process_time_ns()
            for _ in range(repeat):
                result = self.calls(arg)
            wall, cpu = perf_counter_ns() - w0, process_time_ns() - c0
            queued = _queued_ns(_THREAD_SCHEDSTAT) - q0
        except Exception as exc:
            which = "its first call" if i == 0 and "firstCallWallNs" not in self.found else "task %d" % i
            raise TargetError("call", "%s raised %s on %s (input %s)" % (
                self.label, describe_exception(exc), which, _short(arg)), frames_of(exc)) from None
        return result, wall // repeat, cpu // repeat, max(0, queued) // repeat

    def first_and_further_calls(self) -> None:
        first, wall, cpu, _ = self.call(0)
        self.emit("first-call", firstCallWallNs=wall, firstCallCpuNs=cpu)
        self.results: List[Tuple[Any, Any]] = [(self.arg(0), first)]
        quick = min(self.call(0)[1] for _ in range(3)) if wall < BATCH_NS * 10 else wall
        repeat = max(1, BATCH_NS // max(quick, 1)) if quick < BATCH_NS else 1
        again, wall, cpu, queued = self.call(0, repeat)
        walls, cpus, queues = [wall], [cpu], [queued]
        unstable = unstable_reason(first, again)
        n = self.task_count()
        started = perf_counter_ns()
        k = 1
        while len(walls) < MAX_CALLS and (len(walls) < MIN_CALLS + 1 or perf_counter_ns() - started < CALLS_BUDGET_NS):
            i = k if n is None else (k * max(1, n // MAX_CALLS)) % n
            result, wall, cpu, queued = self.call(i, repeat)
            walls.append(wall)
            cpus.append(cpu)
            queues.append(queued)
            if len(self.results) < 5:
                self.results.append((self.arg(i), result))
            k += 1
        if self.twin is not None:
            self.check_twin(first, unstable is None)
        walls_sorted, cpus_sorted = sorted(walls), sorted(cpus)
        self.emit(
            "calls",
            calls=len(walls) * repeat,
            batch=repeat,
            callWallNs=walls_sorted[len(walls) // 2],
            callCpuNs=cpus_sorted[len(cpus) // 2],
            callQueuedNs=sorted(queues)[len(queues) // 2],
            meanCallWallNs=sum(walls) // len(walls),
            deterministic=unstable is None,
            nondeterminism=unstable,
        )

    def check_twin(self, first: Any, deterministic: bool) -> None:
        """The twin the calls above did not make, once on task 0's input: it must run, and compute the same."""
        other = self.fn if self.calls.fn is not self.fn else self.twin
        name = getattr(other, "__name__", "the twin")
        twin_calls = Calls(other)
        try:
            value = twin_calls(self.arg(0))
        except Exception as exc:
            raise TargetError("call", "the twin %s raised %s on its first call (input %s)" % (
                name, describe_exception(exc), _short(self.arg(0))), frames_of(exc)) from None
        finally:
            twin_calls.close()
        from .target import canonical, type_token

        same = canonical(value) == canonical(first) if deterministic else type_token(value) == type_token(first)
        if not same:
            raise TargetError("twin", "the twins compute different results for input %s: %s gives %s, %s gives %s" % (
                _short(self.arg(0)), getattr(self.calls.fn, "__name__", "?"), _short(first), name, _short(value)))

    def threads(self) -> None:
        """Two threads calling the function at once: the CPUs they used or were ready to use, per
        second of wall time. Each thread counts its own CPU time and its run-queue time (a loaded
        machine delays both threads alike; what matters is whether both are ready at once). With
        the GIL held only one of the two is ever ready, so the switch interval is made long for the
        test: the thread waiting for the GIL then sleeps instead of waking every 5 ms to ask for it."""
        import threading
        from time import thread_time_ns

        try:
            cpus = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cpus = os.cpu_count() or 1
        if cpus < 2:
            self.emit("threads", twoThreadsCpuPerWall=None, twoThreadsSpeedup=None)
            return
        per_call = max(1, self.found["callWallNs"])
        repeat = self.found["batch"]
        rounds = max(1, min(40, THREADS_BUDGET_NS // (per_call * repeat)))
        barrier = threading.Barrier(3)
        failures: List[BaseException] = []
        busy: List[int] = []

        calls = self.calls
        args = [self.arg(k + r) for k in (1, 2) for r in range(rounds)]

        def worker(offset: int) -> None:
            barrier.wait()
            c0, q0 = thread_time_ns(), _queued_ns(_THREAD_SCHEDSTAT)
            try:  # nothing but the calls: any I/O here would hand the GIL over
                for arg in args[offset * rounds:(offset + 1) * rounds]:
                    for _ in range(repeat):
                        calls(arg)
            except BaseException as exc:  # reported below, in the main thread
                failures.append(exc)
            busy.append(thread_time_ns() - c0 + max(0, _queued_ns(_THREAD_SCHEDSTAT) - q0))

        interval = sys.getswitchinterval()
        sys.setswitchinterval(10.0)
        try:
            threads = [threading.Thread(target=worker, args=(k,)) for k in (0, 1)]
            for thread in threads:
                thread.start()
            barrier.wait()
            w0 = perf_counter_ns()
            for thread in threads:
                thread.join()
            wall = perf_counter_ns() - w0
        finally:
            sys.setswitchinterval(interval)
        if failures:
            raise failures[0]
        self.emit("threads", twoThreadsCpuPerWall=sum(busy) / max(wall, 1), twoThreadsSpeedup=2 * rounds * repeat * per_call / max(wall, 1))

    # --- what crosses a boundary ---------------------------------------------------------------

    def payload(self) -> None:
        args = [_pickled(arg) for arg, _ in self.results]
        results = [_pickled(result) for _, result in self.results]
        fn_error = _pickle_error(self.fn)
        if fn_error is None and self.twin is not None:
            fn_error = _pickle_error(self.twin)
        self.emit(
            "payload",
            argPickleBytes=_median([a[0] for a in args if a[3] is None]),
            argPickleNs=_median([a[1] + a[2] for a in args if a[3] is None]),
            resultPickleBytes=_median([r[0] for r in results if r[3] is None]),
            resultPickleNs=_median([r[1] + r[2] for r in results if r[3] is None]),
            argPickleError=next((a[3] for a in args if a[3] is not None), None),
            resultPickleError=next((r[3] for r in results if r[3] is not None), None),
            functionPickleError=fn_error,
        )

    def handover(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from .probe_child import noop

        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(noop).result()
            times = []
            for _ in range(50):
                t0 = perf_counter_ns()
                pool.submit(noop).result()
                times.append(perf_counter_ns() - t0)
        self.emit("handover", threadHandoverNs=_median(times))

    def crossing_blocked(self) -> Optional[str]:
        return self.found.get("functionPickleError") or self.found.get("argPickleError") or self.found.get("resultPickleError")

    def child_config(self) -> Dict[str, Any]:
        spec = self.spec
        return {"target": spec["target"], "cwd": self.cwd, "inputs": spec.get("inputs"), "sync": spec.get("sync"), "async": spec.get("async"), "check": "value"}

    def processes(self) -> None:
        if self.crossing_blocked() is not None:
            self.emit("processes", processStartNs=None, processHandoverNs=None, processError=None, startMethod=None)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .probe_child import load_and_call, noop

        ctx = multiprocessing.get_context()
        call = self.found["callWallNs"] <= CHILD_CALL_MAX_NS
        t0 = perf_counter_ns()
        pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        handover: Optional[int] = None
        try:
            report = pool.submit(load_and_call, self.child_config(), call).result(timeout=CHILD_TIMEOUT_S)
            start = perf_counter_ns() - t0 - (self.found["firstCallWallNs"] if call else 0)
            if report["ok"]:
                times = []
                for _ in range(20):
                    t1 = perf_counter_ns()
                    pool.submit(noop).result(timeout=CHILD_TIMEOUT_S)
                    times.append(perf_counter_ns() - t1)
                handover = _median(times)
        except BaseException as exc:
            report, start = {"ok": False, "error": describe_exception(exc)}, None
        finally:
            _stop_pool(pool)
        self.emit("processes", processStartNs=max(0, start) if start is not None else None, processHandoverNs=handover,
                  processError=None if report["ok"] else report["error"], startMethod=ctx.get_start_method())

    def interpreters(self) -> None:
        import concurrent.futures

        pool_class = getattr(concurrent.futures, "InterpreterPoolExecutor", None)
        if pool_class is None or self.crossing_blocked() is not None:
            self.emit("interpreters", interpreterStartNs=None, interpreterError=None)
            return
        from .probe_child import load_and_call

        call = self.found["callWallNs"] <= CHILD_CALL_MAX_NS
        t0 = perf_counter_ns()
        pool = pool_class(max_workers=1)
        try:
            report = pool.submit(load_and_call, self.child_config(), call).result(timeout=CHILD_TIMEOUT_S)
            start: Optional[int] = perf_counter_ns() - t0 - (self.found["firstCallWallNs"] if call else 0)
        except BaseException as exc:
            report, start = {"ok": False, "error": describe_exception(exc)}, None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        self.emit("interpreters", interpreterStartNs=max(0, start) if start is not None and report["ok"] else None,
                  interpreterError=None if report["ok"] else report["error"])


_THREAD_SCHEDSTAT = "/proc/thread-self/schedstat"


def _queued_ns(where: str) -> int:
    """Run-queue time (ns) in a schedstat file (the calling thread's); 0 without one."""
    try:
        with open(where) as handle:
            return int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _stop_pool(pool: Any) -> None:
    """Shut a probe's process pool down; a worker that does not stop is killed."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()


def _median(values: List[int]) -> Optional[int]:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _pickle_error(value: Any) -> Optional[str]:
    try:
        pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        return describe_exception(exc)
    return None


def _round_trip(value: Any) -> Tuple[int, int]:
    """(bytes, ns) of pickle.dumps then pickle.loads of `value`: the best of three."""
    best = 0
    blob = b""
    for attempt in range(3):
        t0 = perf_counter_ns()
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        pickle.loads(blob)
        took = perf_counter_ns() - t0
        best = took if attempt == 0 else min(best, took)
    return len(blob), best


def _pickled(value: Any) -> Tuple[int, int, int, Optional[str]]:
    """(bytes, ns, 0, error) of a value's pickle round trip beyond an empty one's: the cost a value adds
    to a hand-over (the fixed cost of a call to pickle is amortised over a chunk; the value's is not)."""
    try:
        size, took = _round_trip(value)
    except Exception as exc:
        return 0, 0, 0, describe_exception(exc)
    return size, max(0, took - _round_trip(None)[1]), 0, None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def main(argv: List[str]) -> int:
    """`SPEC_JSON --reply-fd N`: probe, every event a line on fd N; exit 0 once the last line is out."""
    import json  # the probe runs once, not per sample: the stdlib's json, whatever the harness does to save its imports

    if len(argv) != 3 or argv[1] != "--reply-fd" or not argv[2].isdigit():
        print("usage: advise_probe.py SPEC_JSON --reply-fd N", file=sys.stderr)
        return 2
    fd = int(argv[2])
    os.set_inheritable(fd, False)
    stream = os.fdopen(fd, "w", encoding="utf-8")

    def send(event: Dict[str, Any]) -> None:
        stream.write(json.dumps(event, allow_nan=False) + "\n")
        stream.flush()

    import platform

    send({"event": "started", "version": platform.python_version()})
    probe = Probe(json.loads(argv[0]), send)
    try:
        found = probe.run()
    except TargetError as exc:
        send(dict(exc.as_dict(), event="error"))
    else:
        send(dict(found, event="done"))
    stream.close()
    return 0
