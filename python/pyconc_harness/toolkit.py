"""The toolkit for workloads that implement a mode themselves (their `run_<mode>` overrides).

A workload imports it as ``from pyconc_harness import toolkit``: the harness puts its own folder
on ``sys.path``, in its own process and in every child it starts (fork, spawn, forkserver). The
harness's own process modes use the same pieces, so a workload's pool starts as the harness's does.
Importing this module is cheap: multiprocessing, threading and concurrent.futures are imported by
the functions that need them.

Children and the workload module
    ``target(module, "name")``: a picklable callable running ``module.name(*args)`` in any child.
    The harness registers a workload as ``pyconc_workload_<stem>``, a name no spawned or
    forkserver child can import; this loads the module by path there (a forked child has it).
    ``mp_context(params)``: the multiprocessing context of the spec's start method.

Starting processes (a dead child is a quick failure, never a hang)
    ``process_pool(mp_ctx, workers, ...)``: a ``ProcessPoolExecutor`` (or a
    ``multiprocessing.Pool``) whose every worker has started, run its initialiser and reported
    its usage once over a pipe of its own; the parent waits on those pipes together with the
    workers' sentinels (no multiprocessing Barrier, which a worker killed while waiting would
    leave the parent stuck on). ``Children(mp_ctx, target, args)``: one process per argument
    tuple, each with a pipe for a ready/go handshake and its report (``ready_then_go`` in the
    child, ``receive``/``send`` in the parent). ``thread_pool(workers)``: a ThreadPoolExecutor
    with every thread started. ``start_pool("threads" | "processes", ...)``: either.

What children report
    ``own_usage()`` in a child: ``(pid, peak RSS KiB, user ns, sys ns)``. ``ChildUsage`` collects
    those reports in the parent and gives an override's ``child_max_rss_kb`` and, under
    ``forkserver`` only, ``child_cpu_ns`` (the fork server's children are not ours:
    RUSAGE_CHILDREN never sees their CPU; fork and spawn children are counted already).
    ``error_message(exc)`` in a child, ``check(message)`` in the parent: the child's exception
    type, message and traceback in the sample's error (``ChildError``). ``queue_get``,
    ``queue_put`` and ``close_queues``: multiprocessing Queues that do not hang when a child dies.
    ``pool_processes(pool)``: a pool's workers as they are now (for ``pool_result``);
    ``kill_pool``/``close_pool``: stop a pool now, or once its tasks are done.

A loopback server in a process of its own
    ``loopback_server(handler=None, concurrency=64, params=None)``: an HTTP server on 127.0.0.1 in
    a process (and a GIL) of its own, listening with a backlog of at least ``concurrency``, for a
    workload's ``setup``; ``.host``, ``.port``, ``.url``, ``.stop()`` (in ``teardown``). A server in
    a thread of the process under test would take the tasks' GIL and CPUs.

Odds and ends
    ``percentile(sorted_values, p)``: nearest rank.
    ``rss_kb()``, ``uss_kb(*pids)``: memory now (Linux). ``note_helpers``/``stop_new_helpers``: a
    workload's ``setup``/``teardown`` stopping the helper processes multiprocessing started
    meanwhile (the resource tracker, the fork server).
"""
from __future__ import annotations

import os
import sys
from time import monotonic

from .errors import ChildError, Unsupported, WorkerDied, describe
from .measure import ChildStats, nearest_rank, own_usage
from .termination import default_sigterm

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

__all__ = [
    "LOOPBACK_MIN_BACKLOG", "LoopbackServer", "START_TIMEOUT_S", "ChildError", "ChildUsage", "Children", "Unsupported",
    "check", "child", "children_since", "close_pool", "close_queues", "error_message", "helpers_running", "kill_pool",
    "loopback_server", "max_listen_backlog", "module_at", "mp_context", "note_helpers", "own_usage", "percentile",
    "pool_processes", "pool_result", "process_pool", "queue_get", "queue_put",
    "ready_then_go", "receive_all", "rss_kb", "shared", "start_pool", "stop_helpers_started_since",
    "stop_new_helpers", "target", "thread_pool", "uss_kb",
]

#: How long starting a pool or a child (or a child's report) may take before the sample fails.
START_TIMEOUT_S = 120.0
#: How often a wait on a multiprocessing.Pool result checks whether one of its workers died.
POLL_S = 0.1

percentile = nearest_rank


# --- the workload module in any child ---------------------------------------------------------


def target(module: ModuleType, function: str) -> Callable[..., Any]:
    """A picklable callable that runs ``module.<function>(*args)`` in any process."""
    import functools

    return functools.partial(call, module.__name__, os.path.abspath(module.__file__ or ""), function)


def call(name: str, path: str, function: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(module_at(name, path), function)(*args, **kwargs)


def module_at(name: str, path: str) -> ModuleType:
    """The module loaded from ``path`` under ``name``: inherited (fork) or imported here once."""
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__file__", None) == path:
        return module
    from .workload import load

    return load(path).module


def mp_context(method: Any = None) -> Any:
    """multiprocessing's context for ``method``: a start method, None (the platform's default) or
    a workload's params (their ``_start_method``). Unsupported where the method does not exist."""
    import multiprocessing

    if isinstance(method, dict):
        method = method.get("_start_method") or None
    try:
        return multiprocessing.get_context(method)
    except ValueError:
        raise Unsupported("start method %r is not available on this platform" % method) from None


# --- errors and usage from children -----------------------------------------------------------


def error_message(exc: BaseException) -> Tuple[str, Dict[str, str]]:
    """What a child sends instead of its result: ``("error", {type, message, traceback})``."""
    return ("error", describe(exc))


def check(message: Any) -> Any:
    """``message`` itself, unless it is a child's ``error_message``: then its ChildError is raised."""
    if isinstance(message, tuple) and message and message[0] == "error":
        error = message[1]
        raise ChildError(error["type"], error["message"], error["traceback"])
    return message


class ChildUsage(ChildStats):
    """What children report about themselves (``own_usage()``), per pid; this process's own
    reports (a thread pool's workers) are left out."""

    def note(self, pid: int, rss_kb: int, user_ns: int, sys_ns: int) -> None:
        if pid != os.getpid():
            self.add(pid, rss_kb, user_ns, sys_ns)

    def fields(self, start_method: Optional[str]) -> Dict[str, Any]:
        """An override's ``child_max_rss_kb`` and, under forkserver, ``child_cpu_ns``."""
        out: Dict[str, Any] = {}
        if self.rss_kb:
            out["child_max_rss_kb"] = self.peaks()
        if start_method == "forkserver":
            out["child_cpu_ns"] = [list(self.cpu_ns[pid]) for pid in sorted(self.cpu_ns)]
        return out


# --- one message from every child, or a quick failure -----------------------------------------


def receive_all(conns: Sequence[Any], processes: Any, timeout: Optional[float] = None, what: str = "child") -> List[Any]:
    """One message from each of ``conns``, in their order; a child's error raises its ChildError.

    ``processes`` is either the list of children, ``conns[k]`` being child k's pipe (a child may
    exit right after replying: only a silent exit is a death), or a callable returning the
    processes that must not exit at all meanwhile (a pool's workers). A death raises WorkerDied
    at once, and so does ``timeout`` seconds without the last message.
    """
    from multiprocessing.connection import wait

    paired = not callable(processes)
    replies: List[Any] = [None] * len(conns)
    pending = {conn: k for k, conn in enumerate(conns)}
    deadline = None if timeout is None else monotonic() + timeout
    # A pool's workers as seen so far: a broken ProcessPoolExecutor forgets its dead workers (its
    # `_processes` empties), and a worker that died without replying must still be noticed.
    seen: Dict[int, Any] = {}
    empty_since: Optional[float] = None
    while pending:
        if paired:
            procs = [processes[k] for k in pending.values()]
        else:
            for proc in processes():
                seen.setdefault(proc.pid, proc)
            procs = list(seen.values())
            dead = [proc for proc in procs if proc.exitcode is not None]
            if dead:
                raise WorkerDied(_died(what, dead[0]))
            if not procs:
                # None started yet, or all gone before being seen and not yet replaced: wait a little.
                empty_since = monotonic() if empty_since is None else empty_since
                if monotonic() - empty_since > 2.0:
                    raise WorkerDied("%s: the pool has no worker left to reply" % what)
        watched = {p.sentinel: p for p in procs}
        left = None if deadline is None else max(0.0, deadline - monotonic())
        # Unpaired, the pool may start or forget workers meanwhile: look again every 0.2 s.
        ready = wait(list(pending) + list(watched), left if paired else (0.2 if left is None else min(0.2, left)))
        if not ready:
            if paired or (deadline is not None and monotonic() >= deadline):
                raise WorkerDied("%s sent nothing within %ss" % (what, timeout))
            continue
        for obj in ready:
            k = None if isinstance(obj, int) else pending.pop(obj, None)
            if k is None:
                continue
            try:
                message = obj.recv()
            except EOFError:  # its last end closed: the child is gone
                raise WorkerDied(_died(what, processes[k] if paired else None)) from None
            replies[k] = check(message)
        for obj in ready:
            proc = watched.get(obj) if isinstance(obj, int) else None
            if proc is None:
                continue
            if paired:
                conn = conns[processes.index(proc)]
                if conn not in pending or conn.poll():
                    continue
            raise WorkerDied(_died(what, proc))
    return replies


def _died(what: str, proc: Any) -> str:
    if proc is None:
        return "%s closed its pipe without replying" % what
    return "%s pid %s exited with code %s before replying" % (what, proc.pid, _exit_code(proc))


def _first_death(processes: Callable[[], List[Any]], what: str, wait_s: float = 2.0) -> Optional[str]:
    """What ``_died`` says of the first of ``processes()`` found dead within ``wait_s``, or None."""
    from time import sleep

    deadline = monotonic() + wait_s
    while True:
        dead = [p for p in processes() if p.exitcode is not None]
        if dead or monotonic() >= deadline:
            return _died(what, dead[0]) if dead else None
        sleep(0.01)


def _exit_code(proc: Any) -> Any:
    """The exit code of a child that is gone, once known: a pool's own thread may be reaping it
    at the same moment (then our waitpid fails and the code shows up a moment later)."""
    deadline = monotonic() + 2.0
    proc.join(1.0)
    while proc.exitcode is None and monotonic() < deadline:
        from time import sleep

        sleep(0.01)
    return proc.exitcode


class Children:
    """One process per tuple of ``args``, each started as ``target(conn, *args)`` with a pipe of
    its own: for a ready/go handshake (``ready_then_go`` in the child) and its report.

    Use it as a context manager: leaving it stops and reaps whatever still runs (``close``, after
    ``grace`` seconds for those that were told to go).
    """

    def __init__(
        self, mp_ctx: Any, target: Callable[..., Any], args: Iterable[Sequence[Any]], name: str = "child", grace: float = 0.0
    ) -> None:
        self.name, self.grace = name, grace
        self.processes: List[Any] = []
        self.conns: List[Any] = []
        try:
            for k, extra in enumerate(args):
                mine, theirs = mp_ctx.Pipe()
                self.conns.append(mine)
                proc = mp_ctx.Process(target=target, args=(theirs,) + tuple(extra), name="%s-%d" % (name, k))
                self.processes.append(proc)
                proc.start()
                theirs.close()  # only the child holds its end: its death is EOF here
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "Children":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close(self.grace)

    def receive(self, timeout: Optional[float] = None) -> List[Any]:
        """One message from every child (see ``receive_all``)."""
        return receive_all(self.conns, self.processes, timeout, self.name)

    def send(self, message: Any) -> None:
        for conn in self.conns:
            conn.send(message)

    def join(self) -> None:
        for proc in self.processes:
            proc.join()

    def close(self, grace: float = 0.0) -> None:
        """Tell children still waiting for "go" to stop, give the others ``grace`` seconds, then
        terminate (and kill) what is left; every child is reaped and every pipe closed."""
        running = [(p, c) for p, c in zip(self.processes, self.conns) if p.pid is not None and p.exitcode is None]
        for _, conn in running:
            try:
                conn.send("stop")
            except (OSError, ValueError):
                pass
        deadline = monotonic() + grace
        for proc, _ in running:
            proc.join(max(0.0, deadline - monotonic()))
            if proc.exitcode is None:
                proc.terminate()
                proc.join(5.0)
            if proc.exitcode is None:
                proc.kill()
                proc.join()
        for proc in self.processes:
            if proc.pid is not None:
                proc.join()
        for conn in self.conns:
            conn.close()


def ready_then_go(conn: Any, message: Any = ("ready",)) -> bool:
    """In a child: say ``message`` and wait for the parent; True when it says "go"."""
    conn.send(message)
    return bool(conn.recv() == "go")


def _run_child(name: str, path: str, function: str, conn: Any, *args: Any) -> None:
    """A ``Children`` target for a workload's function ``function(conn, *args)``: its exception
    goes to the parent as an ``error_message``; the pipe is closed at the end."""
    try:
        call(name, path, function, conn, *args)
    except BaseException as exc:
        try:
            conn.send(error_message(exc))
        except BaseException:
            pass  # the parent is gone or the pipe is broken: exiting is all that is left
    finally:
        conn.close()


def child(module: ModuleType, function: str) -> Callable[..., Any]:
    """A picklable ``Children`` target running ``module.<function>(conn, *args)`` in the child,
    whose exception is sent to the parent (``check`` raises it there)."""
    import functools

    return functools.partial(_run_child, module.__name__, os.path.abspath(module.__file__ or ""), function)


# --- multiprocessing queues between a parent and its children ---------------------------------


def queue_get(q: Any, processes: Sequence[Any], what: str = "child", poll_s: float = 0.2) -> Any:
    """The next message on a multiprocessing Queue fed by ``processes``: a child's
    ``error_message`` raises its ChildError, and a child that died raises WorkerDied, instead of
    waiting forever."""
    import queue

    while True:
        try:
            return check(q.get(timeout=poll_s))
        except queue.Empty:
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead:
                raise WorkerDied("%s pid %s exited with code %s" % (what, dead[0].pid, dead[0].exitcode)) from None


def queue_put(q: Any, item: Any, stop: Any, poll_s: float = 0.1) -> bool:
    """Put ``item`` on a bounded multiprocessing Queue, unless ``stop`` (a threading.Event) is set
    meanwhile, as when its consumers failed: then False."""
    import queue

    while not stop.is_set():
        try:
            q.put(item, timeout=poll_s)
            return True
        except queue.Full:
            continue
    return False


def close_queues(queues: Iterable[Any], drained: bool) -> None:
    """Close multiprocessing Queues; unless ``drained``, without waiting to flush what nobody
    will read any more (their feeder thread would wait for ever)."""
    for q in queues:
        if not drained:
            q.cancel_join_thread()
        q.close()
        q.join_thread()


# --- warm pools -------------------------------------------------------------------------------


class _Gate:
    """The warm-up pipes a ``process_pool``'s initargs carry, one a worker.

    Under spawn and forkserver a multiprocessing.Pool pickles its initargs again for every worker
    it starts in place of a dead one. The pipes are closed once the pool is up, and pickling a
    closed pipe raised in the pool's worker handler thread, which died of it; ``Pool.terminate()``
    then waited for ever (no stop sentinel ever reached the idle workers). Once any pipe is
    closed, the gate pickles as an empty one: a replacement worker starts, and takes no warm-up.
    """

    def __init__(self, conns: Sequence[Any]) -> None:
        self.conns = list(conns)

    def __getitem__(self, k: int) -> Any:
        return self.conns[k]

    def __reduce__(self) -> Tuple[Any, Tuple[List[Any]]]:
        return (_Gate, ([] if any(conn.closed for conn in self.conns) else self.conns,))


_gate: Any = _Gate([])
_init_error: Optional[BaseException] = None
_shared: Tuple[Any, ...] = ()


def shared() -> Tuple[Any, ...]:
    """In a ``process_pool`` worker: the ``shared`` objects the pool was started with."""
    return _shared


def process_pool(
    mp_ctx: Any,
    workers: int,
    initializer: Any = None,
    initargs: Sequence[Any] = (),
    module: Optional[ModuleType] = None,
    executor: bool = True,
    timeout: float = START_TIMEOUT_S,
    shared: Sequence[Any] = (),
) -> Tuple[Any, List[Tuple[int, int, int, int]]]:
    """A started process pool and each worker's first ``own_usage()`` report.

    A ``ProcessPoolExecutor`` (``executor=False``: a ``multiprocessing.Pool``) of ``workers``
    processes; each loads ``module`` first when given (so that its plain functions, and objects
    of its classes, unpickle under spawn and forkserver), then runs ``initializer(*initargs)``
    (a callable, or the name of a function of ``module``). ``shared``: objects that can reach a
    worker only when it starts (a multiprocessing Value, Lock or Queue), ``shared()`` there.
    Every worker takes exactly one warm-up
    call, which reports in over a pipe of its own and waits there until all have: the pool is
    then fully up. A worker that dies or fails to initialise meanwhile fails the start at once.
    """
    pipes = [mp_ctx.Pipe() for _ in range(workers)]
    mine = [a for a, _ in pipes]
    ref = (module.__name__, os.path.abspath(module.__file__ or "")) if module is not None else None
    if ref is not None and sys.modules.get(ref[0]) is not module:
        raise RuntimeError("module %r is not importable by its name, so pool workers could not run its "
                           "functions (load it as the harness does)" % ref[0])
    args = (_Gate([b for _, b in pipes]), ref, initializer, tuple(initargs), tuple(shared))
    pool: Any = None
    before = _children()
    # The workers as they are now: a Pool replaces dead ones silently, a broken executor forgets
    # them, and receive_all keeps watching every worker it has seen, replaced or not.
    processes = lambda: pool_processes(pool)  # noqa: E731
    try:
        if executor:
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(workers, mp_context=mp_ctx, initializer=_pool_init, initargs=args)
            _started_after()[pool] = before
            try:
                warm: Any = [pool.submit(_pool_warm, k) for k in range(workers)]
            except RuntimeError as exc:  # BrokenProcessPool: a worker died at once (fork starts them all)
                raise WorkerDied(_first_death(processes, "pool worker") or str(exc)) from None
        else:
            pool = mp_ctx.Pool(workers, initializer=_pool_init, initargs=args)
            _started_after()[pool] = before
            warm = pool.map_async(_pool_warm, range(workers), chunksize=1)
        reports = [r[1] for r in receive_all(mine, processes, timeout, "pool worker")]
        for conn in mine:
            conn.send("go")
        if executor:
            for future in warm:
                future.result()
        else:
            pool_result(warm, processes())
    except BaseException:
        if pool is not None:
            kill_pool(pool)
            pool = warm = None  # the traceback keeps this frame: let the pool's semaphores go now
        raise
    finally:
        for a, b in pipes:
            a.close()
            b.close()
    return pool, reports


def start_pool(kind: str, workers: int, params: Any = None, module: Optional[ModuleType] = None,
               usage: Optional[ChildUsage] = None, **options: Any) -> Any:
    """A started pool of ``kind``: "threads" (``thread_pool``) or "processes" (``process_pool`` of
    the start method in ``params``, loading ``module``, ``options`` passed on), whose workers'
    first reports go to ``usage``."""
    if kind == "threads":
        return thread_pool(workers)
    pool, reports = process_pool(mp_context(params), workers, module=module, **options)
    for report in reports if usage is not None else ():
        usage.note(*report)
    return pool


def _pool_init(gate: _Gate, ref: Any, initializer: Any, initargs: Tuple[Any, ...], objects: Tuple[Any, ...]) -> None:
    """A ``process_pool`` worker's initialiser; its error waits for the warm-up call (raising
    here would have the pool respawn the worker forever)."""
    global _gate, _init_error, _shared
    _shared = objects
    try:  # a forked child inherits the harness's SIGTERM handler: die of it instead
        default_sigterm()
    except (ValueError, OSError):
        pass
    _gate = gate
    try:
        module = module_at(*ref) if ref is not None else None
        if isinstance(initializer, str):
            initializer = getattr(module, initializer)
        if initializer is not None:
            initializer(*initargs)
    except BaseException as exc:
        _init_error = exc


def _pool_warm(k: int) -> int:
    """Warm-up call k: report in on pipe k (usage, or the initialiser's error), wait for "go"."""
    conn = _gate[k]
    conn.send(error_message(_init_error) if _init_error is not None else ("ready", own_usage()))
    conn.recv()
    return k


def pool_result(result: Any, processes: List[Any]) -> Any:
    """``AsyncResult.get()`` of a multiprocessing.Pool, but a dead worker raises WorkerDied
    instead of hanging (the Pool would replace it and wait forever)."""
    while not result.ready():
        result.wait(POLL_S)
        if result.ready():
            break
        for process in processes:
            code = process.exitcode
            if code is not None:
                raise WorkerDied("pool worker pid %s exited with code %s before returning its task" % (process.pid, code))
    return result.get()


def _children() -> List[Any]:
    """This process's running multiprocessing children (``active_children``, which reaps the dead)."""
    import multiprocessing

    return multiprocessing.active_children()


_started: Any = None


def _started_after() -> Any:
    """Each pool ``process_pool`` started (weakly held) → the children this process had just before."""
    global _started
    if _started is None:
        import weakref

        _started = weakref.WeakKeyDictionary()
    return _started


def pool_processes(pool: Any) -> List[Any]:
    """The worker processes of a ProcessPoolExecutor or a multiprocessing.Pool, as they are now.

    Neither pool has a public list of its workers. Their own lists are read where they are as
    expected (``_processes``, a dict by pid, of an executor; ``_pool``, a list, of a Pool: so on
    CPython 3.9 to 3.15); otherwise the multiprocessing children started since ``process_pool``
    started the pool (``active_children``, public, which leaves out the dead ones), or for a pool
    made elsewhere every multiprocessing child of this process.
    """
    if pool is None:  # not started yet
        return []
    workers = getattr(pool, "_pool" if hasattr(pool, "terminate") else "_processes", ())
    if workers is None:  # an executor after shutdown: no workers any more
        return []
    if isinstance(workers, dict):
        workers = list(workers.values())
    if isinstance(workers, list) and all(hasattr(p, "exitcode") and hasattr(p, "sentinel") for p in workers):
        return list(workers)
    return children_since(_started_after().get(pool))


def children_since(before: Optional[Sequence[Any]]) -> List[Any]:
    """The running multiprocessing children of this process not in ``before`` (None: all of them):
    ``pool_processes``'s public way."""
    return [p for p in _children() if before is None or p not in before]


#: How long ``kill_pool`` waits for ``Pool.terminate()`` before it kills the workers itself (a
#: terminate that works takes well under a second; one that waits for ever is the case this bounds).
TERMINATE_WAIT_S = 10.0
#: How long ``kill_pool`` then goes on killing the workers of a terminate that has not ended.
KILL_WAIT_S = 5.0


def kill_pool(pool: Any) -> None:
    """Stop a ProcessPoolExecutor or a multiprocessing.Pool now, without waiting for its tasks."""
    if hasattr(pool, "terminate"):  # multiprocessing.Pool
        _terminate(pool)
        return
    for process in pool_processes(pool):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _terminate(pool: Any) -> None:
    """``pool.terminate()`` and ``pool.join()``, but never for ever.

    ``Pool.terminate()`` takes its task queue's read lock, held by an idle worker until the pool's
    worker handler thread has it sent a stop sentinel; when that thread has died (as it did when a
    replacement worker could not be started), terminate waits for ever. After
    ``TERMINATE_WAIT_S`` the workers are killed here and the stuck thread (a daemon) is left.
    """
    import threading

    workers = pool_processes(pool)
    raised: List[BaseException] = []

    def terminate_and_join() -> None:
        try:
            pool.terminate()
            pool.join()
        except BaseException as exc:
            raised.append(exc)

    stopper = threading.Thread(target=terminate_and_join, name="pyconc-pool-terminate", daemon=True)
    stopper.start()
    stopper.join(TERMINATE_WAIT_S)
    if not stopper.is_alive():
        if raised:
            raise raised[0]
        return
    # Kill every worker, and any replacement the pool's worker handler may still start, until the
    # terminate ends (a slow one, on a loaded machine, does once its workers are gone) or
    # KILL_WAIT_S pass:
    # a worker left running would outlive the harness.
    before = _started_after().get(pool)
    deadline = monotonic() + KILL_WAIT_S
    while stopper.is_alive() and monotonic() < deadline:
        for process in workers + pool_processes(pool) + (children_since(before) if before is not None else []):
            if process.exitcode is None:
                process.kill()
                process.join(1.0)
        stopper.join(0.2)


def close_pool(pool: Any) -> None:
    """Shut down a pool whose tasks are done: ``close`` and ``join`` a multiprocessing.Pool,
    ``shutdown(wait=True)`` an executor."""
    if hasattr(pool, "terminate"):
        pool.close()
        pool.join()
    else:
        pool.shutdown(wait=True)


def thread_pool(workers: int, prefix: str = "pyconc") -> Any:
    """A ThreadPoolExecutor with all ``workers`` threads started: each has held one warm-up call
    until every thread had one."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=prefix)
    barrier = threading.Barrier(workers)
    try:
        for future in [pool.submit(barrier.wait, START_TIMEOUT_S) for _ in range(workers)]:
            future.result()
    except BaseException:
        barrier.abort()
        pool.shutdown(wait=True)
        raise
    return pool


# --- memory now (Linux /proc; None elsewhere) -------------------------------------------------


def rss_kb() -> Optional[int]:
    """This process's resident set now, in KiB (``/proc/self/statm``)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def uss_kb(*pids: int) -> Optional[int]:
    """The private memory (Private_Clean + Private_Dirty of ``/proc/<pid>/smaps_rollup``) of the
    processes ``pids`` together, in KiB: what the machine gets back when they exit."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid, "rb") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith((b"Private_Clean:", b"Private_Dirty:")))
        except (OSError, ValueError, IndexError):
            return None
    return total


# --- multiprocessing's helper processes -------------------------------------------------------


#: Each helper: its multiprocessing module, that module's singleton and the singleton's pid attribute.
_HELPERS = {
    "forkserver": ("forkserver", "_forkserver", "_forkserver_pid"),
    "resource_tracker": ("resource_tracker", "_resource_tracker", "_pid"),
}


def _helper(name: str) -> Any:
    """The singleton that runs helper ``name``, or None where this CPython has no such object."""
    module, singleton, _ = _HELPERS[name]
    return getattr(__import__("multiprocessing." + module, fromlist=[singleton]), singleton, None)


def helpers_running() -> Dict[str, bool]:
    """Which of multiprocessing's helper processes this process has running now.

    No public API tells, nor stops one: the helpers' singletons and their pid attributes and
    ``_stop()`` are private (the same on CPython 3.9, 3.11, 3.13, 3.14 and 3.15). Where a release
    changes them, a helper reads as not running and is left alone: it exits with this process.
    """
    running: Dict[str, bool] = {}
    for name, (_, _, pid_attribute) in _HELPERS.items():
        pid = getattr(_helper(name), pid_attribute, None)
        running[name] = isinstance(pid, int)
    return running


def stop_helpers_started_since(before: Dict[str, bool]) -> None:
    """Stop the helper processes that were not running at ``before`` (private API: see ``helpers_running``)."""
    for name, running in helpers_running().items():
        stop = getattr(_helper(name), "_stop", None)
        if running and not before.get(name) and callable(stop):
            stop()


def note_helpers(params: Any = None) -> Dict[str, Any]:
    """A workload's ``setup``: the ctx ``{"helpers": helpers_running()}``."""
    return {"helpers": helpers_running()}


def stop_new_helpers(ctx: Dict[str, Any]) -> None:
    """A workload's ``teardown`` after ``note_helpers``."""
    stop_helpers_started_since(ctx["helpers"])


# --- a loopback server in a process of its own ------------------------------------------------
# One self-contained block: everything it needs is imported inside its functions.

#: The listen backlog ``loopback_server`` asks for at the least, whatever the concurrency.
LOOPBACK_MIN_BACKLOG = 128

# The servers this process started: pid -> (its Process, our end of its pipe, the starting pid).
_loopback: Dict[int, Tuple[Any, Any, int]] = {}


class LoopbackServer(tuple):  # type: ignore[type-arg]
    """Where a ``loopback_server`` listens: ``host``, ``port``, ``pid`` (its process), ``backlog``
    (the listen backlog it got) and ``url``. A plain tuple underneath, so it pickles into pool
    workers with a workload's ctx; ``stop()`` does something only in the process that started it."""

    __slots__ = ()

    def __new__(cls, host: str, port: int, pid: int, backlog: int) -> "LoopbackServer":
        return tuple.__new__(cls, (host, port, pid, backlog))

    def __getnewargs__(self) -> Tuple[Any, ...]:
        return tuple(self)

    def __repr__(self) -> str:
        return "LoopbackServer(host=%r, port=%d, pid=%d, backlog=%d)" % tuple(self)

    host = property(lambda self: self[0])
    port = property(lambda self: self[1])
    pid = property(lambda self: self[2])
    backlog = property(lambda self: self[3])
    url = property(lambda self: "http://%s:%d" % (self[0], self[1]))

    def stop(self) -> None:
        """Stop the server and reap its process (safe to call twice, a no-op in other processes)."""
        entry = _loopback.get(self.pid)
        if entry is None or entry[2] != os.getpid():
            return
        del _loopback[self.pid]
        _stop_loopback(*entry[:2])


def max_listen_backlog() -> Optional[int]:
    """The kernel's cap on a listen backlog (Linux ``net.core.somaxconn``), or None where unknown."""
    try:
        with open("/proc/sys/net/core/somaxconn") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def loopback_server(
    handler: Any = None,
    concurrency: int = 64,
    params: Any = None,
    host: str = "127.0.0.1",
    delay_ms: float = 0.0,
    body_bytes: int = 1024,
    timeout: float = START_TIMEOUT_S,
) -> LoopbackServer:
    """Start an HTTP server on ``host`` (a free port) in a process of its own; return once it accepts.

    A server in a thread of the process under test shares its GIL and CPUs with the tasks: threads
    and asyncio then lose to the process modes for the server's sake. Here it has a process (and a
    GIL) to itself, and its listen backlog is at least ``concurrency``: a smaller one drops the
    connections beyond it, which the client's kernel retries a second later. ``handler``: an
    ``http.server.BaseHTTPRequestHandler`` subclass at module level (a workload's own will do), one
    thread per connection (``ThreadingHTTPServer``, ``TCP_NODELAY`` on each); None answers every ``GET <path>`` after
    ``delay_ms`` with ``body_bytes`` bytes of the path repeated (``?delay_ms=``, ``?size=`` override
    them). ``params``: a workload's params (their start method), or a start method, or None. Raises
    ValueError when the kernel caps the backlog below ``concurrency`` (raise ``net.core.somaxconn``).
    Call ``.stop()`` on the result in ``teardown``; servers left running stop when this process exits.
    """
    cap = max_listen_backlog()
    backlog = max(int(concurrency), LOOPBACK_MIN_BACKLOG) if cap is None else min(max(int(concurrency), LOOPBACK_MIN_BACKLOG), cap)
    if backlog < concurrency:
        raise ValueError("the kernel caps a listen backlog at %d (net.core.somaxconn), below the concurrency %d: "
                         "connections beyond it would wait a second for a retry" % (backlog, concurrency))
    ref = None if handler is None else (handler.__module__, os.path.abspath(getattr(sys.modules.get(handler.__module__), "__file__", "") or ""), handler.__qualname__)
    ctx = mp_context(params)
    mine, theirs = ctx.Pipe()
    proc = ctx.Process(target=_serve_loopback, args=(theirs, ref, host, backlog, float(delay_ms), int(body_bytes)), name="pyconc-loopback-server", daemon=True)
    proc.start()
    theirs.close()
    try:
        reply = receive_all([mine], [proc], timeout, "loopback server")[0]
    except BaseException:
        _stop_loopback(proc, mine)
        raise
    _loopback[proc.pid] = (proc, mine, os.getpid())
    return LoopbackServer(host, int(reply[1]), int(proc.pid), int(reply[2]))


def _stop_loopback(proc: Any, conn: Any) -> None:
    """Tell the server to stop (closing its pipe does too), then terminate and kill what is left."""
    try:
        conn.send("stop")
    except (OSError, ValueError):
        pass
    conn.close()
    proc.join(2.0)
    if proc.exitcode is None:
        proc.terminate()
        proc.join(2.0)
    if proc.exitcode is None:
        proc.kill()
        proc.join()


def _resolve_handler(ref: Tuple[str, str, str]) -> Any:
    """The handler class ``(module, file, qualname)`` names: imported, or loaded by path for a
    workload module (registered under a name no fresh child can import)."""
    name, path, qualname = ref
    module = sys.modules.get(name)
    if module is None:
        if name.startswith("pyconc_workload_") and path:
            module = module_at(name, path)
        else:
            import importlib

            module = importlib.import_module(name)
    obj: Any = module
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _default_handler(delay_ms: float, body_bytes: int) -> Any:
    from http.server import BaseHTTPRequestHandler
    from time import sleep
    from urllib.parse import parse_qs, urlsplit

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            delay = float(query.get("delay_ms", [delay_ms])[0])
            size = int(query.get("size", [body_bytes])[0])
            if delay > 0:
                sleep(delay / 1000.0)
            path = (url.path or "/").encode("utf-8")
            body = (path * (size // len(path) + 1))[:size]
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's name)
            pass  # one line on stderr per request would flood the sample's output

    return Handler


def _serve_loopback(conn: Any, ref: Any, host: str, backlog: int, delay_ms: float, body_bytes: int) -> None:
    """The server's process: bind, report (``("ready", port, backlog)``), serve until told to stop
    or until its parent's end of the pipe closes."""
    import socket
    import threading
    from http.server import ThreadingHTTPServer

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = backlog  # what server_activate passes to listen()

        def get_request(self) -> Tuple[Any, Any]:
            # No Nagle: a handler writing its headers and body apart would wait for the client's
            # delayed ACK (40 ms) before the body, for every request.
            sock, address = super().get_request()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock, address

    try:
        import signal

        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked child inherits the harness's handler
        handler = _default_handler(delay_ms, body_bytes) if ref is None else _resolve_handler(ref)
        server = Server((host, 0), handler)
    except BaseException as exc:
        conn.send(error_message(exc))
        conn.close()
        return

    def watch() -> None:
        try:
            conn.recv()  # "stop", or EOF when the parent is gone
        except (EOFError, OSError):
            pass
        server.shutdown()

    conn.send(("ready", server.server_address[1], backlog))
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
        conn.close()


def _stop_loopback_at_exit() -> None:
    for pid, (proc, conn, owner) in list(_loopback.items()):
        if owner == os.getpid():
            del _loopback[pid]
            _stop_loopback(proc, conn)


def _register_loopback_exit() -> None:
    import atexit

    atexit.register(_stop_loopback_at_exit)


_register_loopback_exit()
