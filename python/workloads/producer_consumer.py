"""producer-consumer: items through a bounded queue from one producer to a pool of consumers.

One producer puts ``items`` items (a deterministic ``payload_bytes``-byte payload each) on a
bounded queue (``QUEUE_PER_CONSUMER`` slots per consumer); ``workers`` consumers fold each payload
(``work`` rounds of pure-Python arithmetic), wait ``wait_ms`` ms (a slow downstream service) and
return ``(index, value)``, sorted back into index order. The queue is each model's own:
``queue.Queue`` (threads), ``asyncio.Queue`` (coroutines; ``async-threads`` / ``async-processes``
hand the work to a pool), ``multiprocessing.Queue`` (processes, everything pickled). Metrics:
``items_per_s`` (first put to last result) and each item's latency from its put.
"""
from __future__ import annotations

import queue
import sys
import threading
import time
from time import perf_counter_ns
from typing import Any, Dict, List, Optional, Tuple

from pyconc_harness import toolkit

QUEUE_PER_CONSUMER = 4
MASK = 0xFFFFFFFF
setup, teardown = toolkit.note_helpers, toolkit.stop_new_helpers  # stop helpers spawn/forkserver started

Item = Tuple[int, bytes, int]  # (index, payload, put time: perf_counter_ns is system-wide)
Done = Tuple[int, int, int]  # (index, value, latency ns)


class Sizes:
    """The params, checked once."""

    def __init__(self, params: Dict[str, Any]) -> None:
        self.items, self.payload, self.work = int(params["items"]), int(params["payload_bytes"]), int(params["work"])
        self.wait_s = float(params["wait_ms"]) / 1000.0
        if self.items < 0 or self.payload < 1 or self.work < 0 or self.wait_s < 0:
            raise ValueError("need items >= 0, payload_bytes >= 1, work >= 0, wait_ms >= 0; got %r" % (params,))

    def item(self, i: int) -> Item:
        return i, payload(i, self.payload), perf_counter_ns()


def task_count(params: Dict[str, Any]) -> int:
    return Sizes(params).items


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


def handle_in_worker(item: Item, work: int, wait_s: float) -> tuple:
    """`handle` in a pool worker: (done,) + the worker's own usage."""
    return (handle(item, work, wait_s),) + toolkit.own_usage()


def _finish(done: List[Done], items: int, t0: int, t1: int, setup_ns: int = 0) -> Dict[str, Any]:
    """The override's reply: values in index order, put-to-done latencies, items per second."""
    done.sort()
    if [d[0] for d in done] != list(range(items)):
        raise RuntimeError("%d items came back for %d, duplicated or missing" % (len(done), items))
    seconds = (t1 - t0) / 1e9
    metrics = {"items_per_s": items / seconds if seconds > 0 else 0.0}
    return {"results": [d[1] for d in done], "latencies_ns": [max(0, d[2]) for d in done], "metrics": metrics,
            "setup_ns": setup_ns}


def run_sequential(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    t0 = perf_counter_ns()
    done = [handle(s.item(i), s.work, s.wait_s) for i in range(s.items)]
    return _finish(done, s.items, t0, perf_counter_ns())


def run_threading(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s = Sizes(params)
    items: "queue.Queue[Optional[Item]]" = queue.Queue(QUEUE_PER_CONSUMER * workers)
    done: List[Done] = []  # list.append is atomic
    errors: List[BaseException] = []

    def consumer() -> None:
        for item in iter(items.get, None):
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
            items.put(s.item(i))
    finally:
        for thread in threads:
            items.put(None)
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return _finish(done, s.items, t0, perf_counter_ns(), t0 - t_setup)


def run_asyncio(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    return _on_loop(params, workers, None)


def run_async_threads(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    return _on_loop(params, workers, "threads")


def run_async_processes(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    return _on_loop(params, workers, "processes")


def _on_loop(params: Dict[str, Any], workers: int, pool_kind: Optional[str]) -> Dict[str, Any]:
    """asyncio.Queue between coroutines: each consumer folds and waits inline, or hands the item to
    a pool of ``pool_kind`` (started before the clock) through run_in_executor, whose worker
    reports its usage with each item."""
    import asyncio

    s, usage, done, errors = Sizes(params), toolkit.ChildUsage(), [], []  # type: ignore[var-annotated]
    method = toolkit.mp_context(params).get_start_method() if pool_kind == "processes" else None
    t_setup = perf_counter_ns()
    pool = toolkit.start_pool(pool_kind, workers, params, sys.modules[__name__], usage) if pool_kind else None

    async def consume(item: Item) -> Done:
        if pool is not None:
            row = await asyncio.get_running_loop().run_in_executor(pool, handle_in_worker, item, s.work, s.wait_s)
            usage.note(*row[1:])
            return row[0]  # type: ignore[no-any-return]
        i, data, put_ns = item
        value = fold(i, data, s.work)
        if s.wait_s:
            await asyncio.sleep(s.wait_s)
        return i, value, perf_counter_ns() - put_ns

    async def consumer(items: Any) -> None:
        while True:
            item = await items.get()
            if item is None:
                return
            try:
                done.append(await consume(item))
            except Exception as exc:  # keep draining, or the producer waits on a full queue
                errors.append(exc)

    async def main() -> Tuple[int, int]:
        items: Any = asyncio.Queue(QUEUE_PER_CONSUMER * workers)
        tasks = [asyncio.ensure_future(consumer(items)) for _ in range(workers)]
        t0 = perf_counter_ns()
        for i in range(s.items):
            await items.put(s.item(i))
        for _ in tasks:
            await items.put(None)
        await asyncio.gather(*tasks)
        return t0, perf_counter_ns()

    try:  # asyncio.run: creating the loop is setup; on a failure it cancels the consumers
        t0, t1 = asyncio.run(main())
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    if errors:
        raise errors[0]
    return dict(_finish(done, s.items, t0, t1, t0 - t_setup), **usage.fields(method))


def consumer_process(conn: Any, items: Any, results: Any, work: int, wait_s: float) -> None:
    """A consumer process: ready on its pipe, items until the None sentinel (results, or its
    error, on the results queue), then its own usage on its pipe."""
    conn.send(("ready",))
    try:
        for item in iter(items.get, None):
            results.put(handle(item, work, wait_s))
    except Exception as exc:  # reported to the parent, which fails the sample with it
        results.put(toolkit.error_message(exc))
        return
    conn.send(("usage",) + toolkit.own_usage())


def run_multiprocessing(params: Dict[str, Any], workers: int, ctx: Any) -> Dict[str, Any]:
    s, mp, usage = Sizes(params), toolkit.mp_context(params), toolkit.ChildUsage()
    t_setup = perf_counter_ns()
    items, results = mp.Queue(QUEUE_PER_CONSUMER * workers), mp.Queue()
    args = [(items, results, s.work, s.wait_s)] * workers
    done: List[Done] = []
    clean, stop, producer = False, threading.Event(), None

    def produce() -> None:  # the items, then a None sentinel per consumer; `stop`: they failed
        for i in range(s.items + workers):
            if not toolkit.queue_put(items, s.item(i) if i < s.items else None, stop):
                return

    try:
        with toolkit.Children(mp, toolkit.child(sys.modules[__name__], "consumer_process"), args, "consumer") as consumers:
            consumers.receive()  # ("ready",) from each
            t0 = perf_counter_ns()
            # The producer runs in a thread of its own, so that this thread drains the results meanwhile
            # (consumers blocked on a full results pipe would otherwise stall the producer for good).
            producer = threading.Thread(target=produce, daemon=True)
            producer.start()
            while len(done) < s.items:
                done.append(toolkit.queue_get(results, consumers.processes, "consumer"))
            t1 = perf_counter_ns()
            producer.join()
            for report in consumers.receive():  # each consumer's usage, after its sentinel
                usage.note(*report[1:])
            consumers.join()
        clean = True
    finally:
        stop.set()
        if producer is not None:
            producer.join()
        toolkit.close_queues((items, results), drained=clean)
    return dict(_finish(done, s.items, t0, t1, t0 - t_setup), **usage.fields(mp.get_start_method()))
