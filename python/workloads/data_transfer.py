"""data-transfer: what a process pool pays to move each task's payload, pickled or through shared memory.

Task ``i`` has a payload of ``size_kb`` KiB: deterministic bytes that ``setup`` makes in the
parent, outside the timed region (the program's data, already in memory). The task makes one
light pass over it, its CRC-32 (``zlib.crc32``, which releases the GIL for buffers above 5 KiB),
then ``spin`` rounds of pure-Python arithmetic seeded by that CRC: the same work whatever the
payload's size, so a process pool has something to win when moving the payload is cheap. Its
value, ``"<crc32 hex>:<spin result>"``, is the same in every mode.

What differs is how the payload reaches the pass:

- ``sequential`` and ``threading`` read it where it lies (``fetch`` hands over the parent's bytes
  object, ``compute`` is the pass): no copy at all, whatever the size.
- ``multiprocessing`` (a ``multiprocessing.Pool``) and ``async-processes`` (a
  ``ProcessPoolExecutor`` driven from an event loop) run the pass in worker processes and move
  the payload by the ``transport`` param:

  ``pickle``: as the task's argument. The parent pickles it (a copy), the pool writes it through
  a pipe (the kernel copies it in and out, in pipe-sized pieces) and the worker unpickles it
  (another copy), every byte through the parent's one pipe.

  ``shm``: through one ``multiprocessing.shared_memory`` segment of ``SLOTS_PER_WORKER ×
  workers`` payload-sized slots, made and its pages touched while the pool starts (setup: a
  program keeps such a buffer). For each task the parent copies the payload into a free slot (one
  ``memcpy``) and sends the slot's number; the worker, attached to the segment once at its start,
  passes over the slot in place (a memoryview, no copy). A slot is reused once the task before it
  has returned. The segment is unlinked when the run ends, fails or is stopped (SIGTERM unwinds
  the harness), and ``teardown`` unlinks whatever a run could not.

Per-task latency is the pass in the worker (or the thread); moving the payload is in the wall and
work times only.
"""
from __future__ import annotations

import os
import sys
import zlib
from time import perf_counter_ns
from typing import Any, Dict, List, Optional, Tuple

from pyconc_harness import toolkit

TRANSPORTS = ("pickle", "shm")
#: Shared-memory slots per pool worker: one being read, one being filled.
SLOTS_PER_WORKER = 2
_SEED = 20261201
_BLOCK = 1 << 16  # the random block a payload repeats (its first bytes carry the task's index)
_MASK = 0xFFFFFFFF


class Sizes:
    """The params, checked once."""

    def __init__(self, params: Dict[str, Any]) -> None:
        self.tasks, self.spin = int(params["tasks"]), int(params["spin"])
        self.size = int(float(params["size_kb"]) * 1024)
        self.transport = str(params.get("transport", "pickle"))
        if self.tasks < 0 or self.spin < 0 or self.size < 1:
            raise ValueError("need tasks >= 0, spin >= 0 and size_kb > 0; got %r" % ({k: params.get(k) for k in ("tasks", "spin", "size_kb")},))
        if self.transport not in TRANSPORTS:
            raise ValueError("transport must be one of %s, got %r" % (", ".join(TRANSPORTS), self.transport))


def task_count(params: Dict[str, Any]) -> int:
    return Sizes(params).tasks


def payloads(tasks: int, size: int) -> List[bytes]:
    """Each task's payload: its index (8 bytes, little-endian), then a seeded random block repeated."""
    import random

    block = random.Random(_SEED).randbytes(min(size, _BLOCK))
    body = memoryview(block * (size // len(block) + 1))  # sliced without copies below
    return [(i.to_bytes(8, "little") + body[8:size])[:size] for i in range(tasks)]


def light_pass(data: Any, spin: int) -> str:
    """The task's work on its payload (bytes or a memoryview): CRC-32, then `spin` rounds seeded by it."""
    crc = zlib.crc32(data) & _MASK
    x = crc
    for _ in range(spin):
        x = (x * 1103515245 + 12345) & _MASK
    return "%08x:%d" % (crc, x)


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    s = Sizes(params)
    # "helpers": multiprocessing's helper processes running before a process mode started any.
    return {"payloads": payloads(s.tasks, s.size), "segments": [], "helpers": None}


def teardown(ctx: Dict[str, Any]) -> None:
    for name in list(ctx["segments"]):
        _unlink(name, ctx)
    if ctx["helpers"] is not None:
        toolkit.stop_helpers_started_since(ctx["helpers"])  # the resource tracker shared memory started


def fetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> bytes:
    """The payload where it lies: the parent's bytes object, not a copy (sequential, threading)."""
    return ctx["payloads"][i]  # type: ignore[no-any-return]


def compute(data: Any, params: Dict[str, Any]) -> str:
    return light_pass(data, int(params["spin"]))


# --- the worker side of the process modes -----------------------------------------------------

_spin = 0
_slot_bytes = 0
_segment: Any = None


def init_worker(spin: int, segment: Optional[str], slot_bytes: int) -> None:
    """Pool initialiser: the spin count and, for shm, the segment attached once."""
    global _spin, _slot_bytes, _segment
    _spin, _slot_bytes = spin, slot_bytes
    _segment = _attach(segment) if segment is not None else None


def pickled_task(payload: bytes) -> Tuple[Any, ...]:
    """The pass over a payload that came pickled: (value, pass ns) + usage."""
    t0 = perf_counter_ns()
    value = light_pass(payload, _spin)
    return (value, perf_counter_ns() - t0) + toolkit.own_usage()


def slot_task(slot: int, length: int) -> Tuple[Any, ...]:
    """The pass over a payload in shared-memory slot `slot`, in place: (value, pass ns) + usage."""
    t0 = perf_counter_ns()
    start = slot * _slot_bytes
    with _segment.buf[start : start + length] as view:
        value = light_pass(view, _spin)
    return (value, perf_counter_ns() - t0) + toolkit.own_usage()


def _attach(name: str) -> Any:
    from multiprocessing import shared_memory

    if sys.version_info >= (3, 13):  # the creator tracks it; a second registration would only be noise
        return shared_memory.SharedMemory(name=name, track=False)
    # Before 3.13 attaching registers the name with the resource tracker too; a pool worker
    # shares its parent's tracker, which keeps one entry per name, dropped by the parent's unlink.
    return shared_memory.SharedMemory(name=name)


# --- the parent side ----------------------------------------------------------------------------


class Slots:
    """A shared-memory segment of `count` slots of `size` bytes, its pages touched; `close` unlinks it."""

    def __init__(self, count: int, size: int, ctx: Dict[str, Any]) -> None:
        from multiprocessing import shared_memory

        self.count, self.size, self.ctx = count, size, ctx
        _check_room(count * size)
        _note_helpers(ctx)  # creating the segment starts the resource tracker
        self.shm = shared_memory.SharedMemory(create=True, size=count * size)
        ctx["segments"].append(self.shm.name)  # teardown's, should close never run
        try:
            self.shm.buf[: count * size] = bytes(count * size)  # page faults now, not in the timed work
        except BaseException:
            self.close()
            raise

    @property
    def name(self) -> str:
        return self.shm.name  # type: ignore[no-any-return]

    def fill(self, slot: int, payload: bytes) -> None:
        start = slot * self.size
        self.shm.buf[start : start + len(payload)] = payload

    def close(self) -> None:
        try:
            self.shm.unlink()  # also drops the resource tracker's entry
        finally:
            self.ctx["segments"].remove(self.shm.name)
            self.shm.close()


def _note_helpers(ctx: Dict[str, Any]) -> None:
    """Which of multiprocessing's helpers ran before this sample started any (teardown stops the others)."""
    if ctx["helpers"] is None:
        ctx["helpers"] = toolkit.helpers_running()


def _check_room(needed: int) -> None:
    """Unsupported where /dev/shm cannot hold the segment: a full tmpfs would kill the writer with SIGBUS."""
    try:
        st = os.statvfs("/dev/shm")
    except (OSError, AttributeError):
        return
    free = st.f_bavail * st.f_frsize
    if free < needed:
        raise _unsupported("shared memory needs %d MiB and /dev/shm has %d MiB free" % (needed >> 20, free >> 20))


def _unsupported(reason: str) -> BaseException:
    try:
        from pyconc_harness.errors import Unsupported
    except ImportError:  # loaded outside the harness
        return ValueError(reason)
    return Unsupported(reason)


def _unlink(name: str, ctx: Dict[str, Any]) -> None:
    """Unlink a segment this run made (gone already is fine) and forget it."""
    from multiprocessing import shared_memory

    try:
        segment = shared_memory.SharedMemory(name=name)
    except FileNotFoundError:
        pass
    else:
        segment.close()
        segment.unlink()  # also drops the resource tracker's entry
    if name in ctx["segments"]:
        ctx["segments"].remove(name)


def run_multiprocessing(params: Dict[str, Any], workers: int, ctx: Dict[str, Any]) -> Dict[str, Any]:
    return _run(params, workers, ctx, on_loop=False)


def run_async_processes(params: Dict[str, Any], workers: int, ctx: Dict[str, Any]) -> Dict[str, Any]:
    return _run(params, workers, ctx, on_loop=True)


def _run(params: Dict[str, Any], workers: int, ctx: Dict[str, Any], on_loop: bool) -> Dict[str, Any]:
    """A process pool (a multiprocessing.Pool, or a ProcessPoolExecutor fed from an event loop)
    running the pass, the payloads moved by the `transport` param."""
    t_setup = perf_counter_ns()  # the harness's clock started with the call: all up to the first task is setup
    s, mp, usage = Sizes(params), toolkit.mp_context(params), toolkit.ChildUsage()
    _note_helpers(ctx)
    slots = Slots(min(max(s.tasks, 1), SLOTS_PER_WORKER * workers), s.size, ctx) if s.transport == "shm" else None
    pool = None
    try:
        initargs = (s.spin, slots.name if slots else None, s.size)
        pool, reports = toolkit.process_pool(mp, workers, "init_worker", initargs, module=sys.modules[__name__], executor=on_loop)
        for report in reports:
            usage.note(*report)
        setup_ns = perf_counter_ns() - t_setup
        feed = _feed_loop if on_loop else _feed_pool
        rows = feed(pool, ctx["payloads"], slots)
        t_shutdown = perf_counter_ns()
        toolkit.close_pool(pool)
        pool = None
    finally:
        if slots is not None:  # first: a pool that hangs on its way down (then killed) keeps no segment
            slots.close()
        if pool is not None:
            toolkit.kill_pool(pool)
    for row in rows:
        usage.note(*row[2:])
    done = {"results": [row[0] for row in rows], "latencies_ns": [row[1] for row in rows]}
    return dict(
        done, setup_ns=setup_ns, shutdown_ns=perf_counter_ns() - t_shutdown,
        **usage.fields(mp.get_start_method()),
    )


def _feed_pool(pool: Any, data: List[bytes], slots: Optional[Slots]) -> List[Any]:
    """Every task through a multiprocessing.Pool, in order; a dead worker fails at once."""
    processes = toolkit.pool_processes(pool)
    if slots is None:
        return list(toolkit.pool_result(pool.map_async(pickled_task, data, chunksize=1), processes))
    pending: List[Any] = []
    for i, payload in enumerate(data):
        if i >= slots.count:
            toolkit.pool_result(pending[i - slots.count], processes)  # its slot is free again
        slots.fill(i % slots.count, payload)
        pending.append(pool.apply_async(slot_task, (i % slots.count, len(payload))))
    return [toolkit.pool_result(result, processes) for result in pending]


def _feed_loop(pool: Any, data: List[bytes], slots: Optional[Slots]) -> List[Any]:
    """Every task through a ProcessPoolExecutor from an event loop, all in flight (shm: as slots free up)."""
    import asyncio

    async def main() -> List[Any]:
        loop = asyncio.get_running_loop()
        futures: List[Any] = []
        try:
            for i, payload in enumerate(data):
                if slots is None:
                    futures.append(loop.run_in_executor(pool, pickled_task, payload))
                    continue
                if i >= slots.count:
                    await futures[i - slots.count]  # its slot is free again
                slots.fill(i % slots.count, payload)
                futures.append(loop.run_in_executor(pool, slot_task, i % slots.count, len(payload)))
            return list(await asyncio.gather(*futures))
        except BaseException:
            for future in futures:
                future.cancel()
            raise

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()
