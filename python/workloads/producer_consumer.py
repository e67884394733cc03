"""producer-consumer: items through a bounded queue from one producer to a pool of consumers.

One producer makes ``items`` items, each a small deterministic payload (``payload_bytes`` bytes
derived from its index), and puts them on a bounded queue (``QUEUE_PER_CONSUMER`` slots per
consumer, so a fast producer feels back-pressure). ``workers`` consumers take items off the queue;
each folds the payload into a 32-bit value (``work`` rounds of pure-Python arithmetic) and then
waits ``wait_ms`` milliseconds, as if handing the result to a slow service, before taking the next
item. A consumer returns ``(index, value)``; the run sorts them back into index order, so the
checksum does not depend on which consumer got which item.

The queue is the one each model offers: ``queue.Queue`` between threads, ``asyncio.Queue``
between coroutines (the work inline; ``async-threads`` / ``async-processes`` hand each item's work
and wait to a thread / process pool), ``multiprocessing.Queue`` between processes (every item and
result pickled through a pipe). Besides the timings the run reports ``items_per_s`` (items over
the time from the first put to the last result, consumer start-up excluded) and per-item latency
from the put to the end of its processing. Under ``forkserver`` the consumer processes report
their own CPU time too (``child_cpu_ns``): they are the fork server's children, whose CPU
``RUSAGE_CHILDREN`` never sees.
"""
from __future__ import annotations

import os
import queue
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from time import perf_counter_ns
from typing import Any, Callable, Dict, List, Optional, Tuple

# Sibling helper modules: the harness puts this folder on sys.path before loading a workload.
import _mp_support

QUEUE_PER_CONSUMER = 4
#: How long a pool's warm-up waits for its siblings to start.
START_TIMEOUT_S = 120.0
MASK = 0xFFFFFFFF

#: (index, payload, put time in perf_counter_ns) — perf_counter is system-wide on Linux, macOS and
#: Windows, so a put time taken in the producer can be compared with a time taken in a consumer.
Item = Tuple[int, bytes, int]
#: (index, value, latency ns)
Done = Tuple[int, int, int]


class Sizes:
    """The params, checked once."""

    def __init__(self, params: Dict[str, Any]) -> None:
        self.items = int(params["items"])
        self.payload = int(params["payload_bytes"])
        self.work = int(params["work"])
        self.wait_s = float(params["wait_ms"]) / 1000.0
        if self.items < 0 or self.payload < 1 or self.work < 0 or self.wait_s < 0:
            raise ValueError("need items >= 0, payload_bytes >= 1, work >= 0, wait_ms >= 0; got %r" % (params,))


def task_count(params: Dict[str, Any]) -> int:
    return Sizes(params).items


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    return {"helpers": _mp_support.helpers_running()}


def teardown(ctx: Dict[str, Any]) -> None:
    _mp_support.stop_helpers_started_since(ctx["helpers"])


def payload(i: int, size: int) -> bytes:
    """Item i's payload: its index, little-endian, repeated to `size` bytes."""
    seed = (i * 2654435761 & MASK).to_bytes(4, "little")
    return (seed * (size // 4 + 1))[:size]


def fold(i: int, data: bytes, work: int) -> int:
    """The consumer's CPU work: `work` rounds of an FNV-style fold over the payload."""
    h = (2166136261 ^ i) & MASK
    n = len(data)
    for k in range(work):
        h = ((h ^ data[k % n]) * 16777619) & MASK
    return h


def handle(item: Item, work: int, wait_s: float) -> Done:
    """A blocking consumer's whole job for one item: fold, then wait."""
    i, data, put_ns = item
    value = fold(i, data, work)
    if wait_s:
        time.sleep(wait_s)
    return i, value, perf_counter_ns() - put_ns


def _finish(done: List[Done], items: int, t0: int, t1: int, setup_ns: int = 0) -> Dict[str, Any]:
    """The override's reply: values in index order, put-to-done latencies, items per second."""
    if len(done) != items:
        raise RuntimeError("%d of %d items came back" % (len(done), items))
    done.sort()
    if [d[0] for d in done] != list(range(items)):
        raise RuntimeError("items came back duplicated or missing")
    seconds = (t1 - t0) / 1e9
    return {
        "results": [d[1] for d in done],
        "latencies_ns": [max(0, d[2]) for d in done],
        "metrics": {"items_per_s": items / seconds if seconds > 0 else 0.0},
        "setup_ns": setup_ns,
    }


# --- sequential: no queue, one loop ------------------------------------------------------------


def run_sequential(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    done: List[Done] = []
    t0 = perf_counter_ns()
    for i in range(s.items):
        done.append(handle((i, payload(i, s.payload), perf_counter_ns()), s.work, s.wait_s))
    return _finish(done, s.items, t0, perf_counter_ns())


# --- threading: queue.Queue --------------------------------------------------------------------


def run_threading(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    items: "queue.Queue[Optional[Item]]" = queue.Queue(QUEUE_PER_CONSUMER * workers)
    done: List[Done] = []  # list.append is atomic
    errors: List[BaseException] = []

    def consumer() -> None:
        while True:
            item = items.get()
            if item is None:
                return
            try:
                done.append(handle(item, s.work, s.wait_s))
            except BaseException as exc:  # keep draining, or the producer blocks on a full queue
                errors.append(exc)

    t_setup = perf_counter_ns()
    threads = [threading.Thread(target=consumer, name="consumer-%d" % k, daemon=True) for k in range(workers)]
    for thread in threads:
        thread.start()
    t0 = perf_counter_ns()
    try:
        for i in range(s.items):
            items.put((i, payload(i, s.payload), perf_counter_ns()))
    finally:
        for _ in threads:
            items.put(None)
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return _finish(done, s.items, t0, perf_counter_ns(), t0 - t_setup)


# --- asyncio and its pool variants: asyncio.Queue ----------------------------------------------


async def _produce_consume(s: Sizes, workers: int, consume: Callable[[Item], Any]) -> Tuple[List[Done], int]:
    """One producer coroutine and `workers` consumer coroutines around an asyncio.Queue."""
    import asyncio
    items: "asyncio.Queue[Optional[Item]]" = asyncio.Queue(QUEUE_PER_CONSUMER * workers)
    done: List[Done] = []
    errors: List[BaseException] = []

    async def consumer() -> None:
        while True:
            item = await items.get()
            if item is None:
                return
            try:
                done.append(await consume(item))
            except Exception as exc:  # keep draining, or the producer waits on a full queue
                errors.append(exc)

    tasks = [asyncio.ensure_future(consumer()) for _ in range(workers)]
    t0 = perf_counter_ns()
    try:
        for i in range(s.items):
            await items.put((i, payload(i, s.payload), perf_counter_ns()))
        for _ in tasks:
            await items.put(None)
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if errors:
        raise errors[0]
    return done, t0


def run_asyncio(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    import asyncio
    s = Sizes(params)

    async def consume(item: Item) -> Done:
        i, data, put_ns = item
        value = fold(i, data, s.work)
        if s.wait_s:
            await asyncio.sleep(s.wait_s)
        return i, value, perf_counter_ns() - put_ns

    t_setup = perf_counter_ns()
    loop = asyncio.new_event_loop()
    try:
        done, t0 = loop.run_until_complete(_produce_consume(s, workers, consume))
        t1 = perf_counter_ns()
    finally:
        loop.close()
    return _finish(done, s.items, t0, t1, t0 - t_setup)


def _run_with_pool(
    params: Dict[str, Any],
    workers: int,
    pool: Any,
    warm: Callable[[], Any],
    fn: Callable[..., Any],
    t_setup: int,
    start_method: Optional[str] = None,
) -> Dict[str, Any]:
    """asyncio.Queue whose consumers hand each item to `pool` through run_in_executor.

    `fn(item, work, wait_s)` returns `(done, pid, peak RSS KB, [user_ns, sys_ns])`: the pid, peak
    and CPU time so far of the worker that ran it, so that a process pool's children count in the
    sample's peak RSS and, under a fork server (`start_method`, the one really used), its CPU time.
    """
    import asyncio
    s = Sizes(params)
    peaks: Dict[int, int] = {}
    cpu: Dict[int, List[int]] = {}
    loop = asyncio.new_event_loop()
    try:
        # Start every worker before the clock: `warm` holds each until all of them hold one.
        loop.run_until_complete(asyncio.gather(*(loop.run_in_executor(pool, warm) for _ in range(workers))))

        async def consume(item: Item) -> Done:
            done, pid, peak, times = await loop.run_in_executor(pool, fn, item, s.work, s.wait_s)
            peaks[pid] = max(peak, peaks.get(pid, 0))
            cpu[pid] = max(times, cpu.get(pid, [0, 0]), key=sum)  # a worker's CPU time only grows
            return done  # type: ignore[no-any-return]

        done, t0 = loop.run_until_complete(_produce_consume(s, workers, consume))
        t1 = perf_counter_ns()
    finally:
        loop.close()
        pool.shutdown(wait=True)
    out = _finish(done, s.items, t0, t1, t0 - t_setup)
    if os.getpid() not in peaks:  # a process pool: its children's peaks (threads share ours)
        out["child_max_rss_kb"] = list(peaks.values())
    if start_method is not None:
        out.update(_mp_support.unreaped_child_cpu(start_method, cpu.values()))
    return out


def handle_in_worker(item: Item, work: int, wait_s: float) -> Tuple[Done, int, int, List[int]]:
    """`handle` in a pool worker, with the worker's pid, peak RSS (KiB on Linux) and CPU time."""
    return handle(item, work, wait_s), os.getpid(), *_mp_support.own_usage()


def run_async_threads(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    t_setup = perf_counter_ns()
    barrier = threading.Barrier(workers)
    warm = lambda: barrier.wait(START_TIMEOUT_S)  # noqa: E731
    return _run_with_pool(params, workers, ThreadPoolExecutor(workers), warm, handle_in_worker, t_setup)


def run_async_processes(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    mp_ctx = _mp_context(params)
    module = sys.modules[__name__]
    t_setup = perf_counter_ns()
    barrier = mp_ctx.Barrier(workers)
    init = _mp_support.target(module, "keep_barrier")
    pool = ProcessPoolExecutor(workers, mp_context=mp_ctx, initializer=init, initargs=(barrier,))
    warm = _mp_support.target(module, "wait_barrier")
    fn = _mp_support.target(module, "handle_in_worker")
    return _run_with_pool(params, workers, pool, warm, fn, t_setup, mp_ctx.get_start_method())


_barrier: Any = None


def keep_barrier(barrier: Any) -> None:
    """Process pool initialiser: keep the pool's start barrier (it can only travel this way)."""
    global _barrier
    _barrier = barrier


def wait_barrier() -> int:
    """A process pool's warm-up call, held until every worker has taken one."""
    _barrier.wait(START_TIMEOUT_S)
    return os.getpid()


# --- multiprocessing: multiprocessing.Queue ----------------------------------------------------


def _mp_context(params: Dict[str, Any]) -> Any:
    import multiprocessing

    return multiprocessing.get_context(params.get("_start_method") or None)


def consumer_process(items: Any, results: Any, work: int, wait_s: float) -> None:
    """A consumer process: says it is ready, handles items until the None sentinel, then reports
    its own peak RSS and CPU time."""
    results.put(("ready", os.getpid()))
    try:
        while True:
            item = items.get()
            if item is None:
                break
            results.put(handle(item, work, wait_s))
    except Exception as exc:  # reported to the parent, which fails the sample with it
        results.put(("error", _mp_support.describe_error(exc)))
        return
    results.put(("usage", *_mp_support.own_usage()))


def run_multiprocessing(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    mp_ctx = _mp_context(params)
    t_setup = perf_counter_ns()
    items = mp_ctx.Queue(QUEUE_PER_CONSUMER * workers)
    results = mp_ctx.Queue()
    run = _mp_support.target(sys.modules[__name__], "consumer_process")
    procs = [mp_ctx.Process(target=run, args=(items, results, s.work, s.wait_s), name="consumer-%d" % k) for k in range(workers)]
    done: List[Done] = []
    usage: List[Any] = []  # ("usage", peak RSS KiB, [user_ns, sys_ns]) of each consumer
    clean = False
    stop = threading.Event()
    producer: Optional[threading.Thread] = None
    try:
        for proc in procs:
            proc.start()
        _expect(results, procs, "ready", workers)
        t0 = perf_counter_ns()
        # The producer runs in a thread of its own, so that this thread drains the results meanwhile
        # (consumers blocked on a full results pipe would otherwise stall the producer for good).
        producer = threading.Thread(target=_produce_to, args=(items, s, workers, stop), daemon=True)
        producer.start()
        # A consumer that got its sentinel reports its usage while others still work.
        while len(done) < s.items:
            message = _get(results, procs)
            if message[0] == "usage":
                usage.append(message)
            else:
                done.append(message)
        t1 = perf_counter_ns()
        producer.join()
        usage += _expect(results, procs, "usage", workers - len(usage))
        for proc in procs:
            proc.join()
        clean = True
    finally:
        stop.set()
        if producer is not None:
            producer.join()
        for proc in procs:
            if proc.pid is not None:
                if proc.exitcode is None:
                    proc.terminate()
                proc.join()
        for q in (items, results):
            if not clean:  # nobody will read what is still buffered: do not wait to flush it
                q.cancel_join_thread()
            q.close()
            q.join_thread()
    out = _finish(done, s.items, t0, t1, t0 - t_setup)
    out["child_max_rss_kb"] = [int(u[1]) for u in usage]
    out.update(_mp_support.unreaped_child_cpu(mp_ctx.get_start_method(), (u[2] for u in usage)))
    return out


def _produce_to(items: Any, s: Sizes, workers: int, stop: threading.Event) -> None:
    """The producer thread of the multiprocessing mode; `stop` ends it if the consumers fail."""

    def put(item: Optional[Item]) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    for i in range(s.items):
        if not put((i, payload(i, s.payload), perf_counter_ns())):
            return
    for _ in range(workers):
        if not put(None):
            return


def _get(results: Any, procs: List[Any]) -> Any:
    """The next result; a consumer that died or failed raises instead of hanging."""
    while True:
        try:
            message = results.get(timeout=0.2)
        except queue.Empty:
            dead = [p for p in procs if p.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError("consumer pid %s exited with code %s" % (dead[0].pid, dead[0].exitcode)) from None
            continue
        if message[0] == "error":
            raise _mp_support.child_error(message[1])
        return message


def _expect(results: Any, procs: List[Any], kind: str, count: int) -> List[Any]:
    """The next `count` messages, each of which must be a `kind` one."""
    got = []
    for _ in range(count):
        message = _get(results, procs)
        if message[0] != kind:
            raise RuntimeError("expected %r from a consumer, got %r" % (kind, message[:1]))
        got.append(message)
    return got
