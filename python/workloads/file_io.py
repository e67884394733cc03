"""file-io: synced file writes against page-cache reads in the sample's temporary directory.

Each task owns one file of ``file_kb`` KiB. With ``op = write-fsync`` the task creates its file,
writes it in 64 KiB chunks and ``os.fsync``s it before closing, so the task waits for the storage
device; its value is the number of bytes written. With ``op = read-cached`` the files are written
in ``setup`` (so they sit in the page cache) and the task reads its file back in 64 KiB chunks,
folding them into a CRC-32; its value is that digest. Both values depend only on the task index
and the parameters, never on the mode.

The blocking calls (``os.write``, ``os.fsync``, ``readinto``) and ``zlib.crc32`` on large buffers
release the GIL. The standard library has no asynchronous file API, so ``afetch`` offloads the
blocking call to a thread with ``asyncio.to_thread``: under ``asyncio`` the waits overlap only
because of that hidden thread pool (the loop's default executor).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zlib
from typing import Any, Dict

OPS = ("write-fsync", "read-cached")
CHUNK = 64 * 1024
SUBDIR = "file-io"


def _size(params: Dict[str, Any]) -> int:
    size = int(params["file_kb"]) * 1024
    if size <= 0:
        raise ValueError(f"file_kb must be positive, got {params['file_kb']!r}")
    return size


def _op(params: Dict[str, Any]) -> str:
    op = str(params["op"])
    if op not in OPS:
        raise ValueError(f"op must be one of {', '.join(OPS)}, got {op!r}")
    return op


def _block(i: int) -> bytes:
    """The 64 KiB pattern that fills task ``i``'s file: cheap to make, different per task."""
    seed = hashlib.sha256(f"pyconc-file-io-{i}".encode()).digest()
    return seed * (CHUNK // len(seed))


def _write_file(path: str, i: int, size: int, sync: bool) -> int:
    block = memoryview(_block(i))
    written = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        while written < size:
            want = min(CHUNK, size - written)
            # os.write may write less than asked; loop on the rest of the chunk.
            done = 0
            while done < want:
                done += os.write(fd, block[done:want])
            written += want
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)
    return written


def _read_crc(path: str) -> str:
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    crc = 0
    with open(path, "rb", buffering=0) as f:
        while True:
            n = f.readinto(buf)
            if not n:
                break
            crc = zlib.crc32(view[:n], crc)
    return f"{crc:08x}"


def _path(ctx: Dict[str, Any], prefix: str, i: int) -> str:
    return os.path.join(ctx["dir"], f"{prefix}-{i}.bin")


def setup(params: Dict[str, Any]) -> Dict[str, Any]:
    """Create our own directory; for reads, pre-write every task's file (left in the page cache)."""
    op = _op(params)
    size = _size(params)
    root = os.path.join(params["_tmpdir"], SUBDIR)
    os.mkdir(root)
    ctx = {"dir": root, "op": op, "size": size}
    try:
        if op == "read-cached":
            for i in range(int(params["tasks"])):
                # Not synced: the reads must come from the page cache, not the device.
                _write_file(_path(ctx, "r", i), i, size, sync=False)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return ctx


def teardown(ctx: Dict[str, Any]) -> None:
    shutil.rmtree(ctx["dir"], ignore_errors=True)


def fetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    """Write-and-fsync task ``i``'s file (value: bytes written) or read it back (value: CRC-32)."""
    if ctx["op"] == "write-fsync":
        return _write_file(_path(ctx, "w", i), i, ctx["size"], sync=True)
    return _read_crc(_path(ctx, "r", i))


async def afetch(i: int, params: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    """No native async file I/O in the stdlib: run the blocking call in the loop's thread pool."""
    import asyncio  # here, not at the top: samples of the blocking modes need not pay ~40 ms for it

    return await asyncio.to_thread(fetch, i, params, ctx)
