"""Event-loop plumbing shared by the asyncio modes and the process-loop children."""
from __future__ import annotations

import asyncio

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Awaitable, Iterable, List


def new_loop() -> asyncio.AbstractEventLoop:
    """A fresh loop, also made the current one (as asyncio.run does) for workloads that ask."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop


def close_loop(loop: asyncio.AbstractEventLoop) -> None:
    """asyncio.run's shutdown: cancel what is left, finish async generators and the executor."""
    try:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def gather_or_cancel(aws: Iterable[Awaitable[Any]]) -> List[Any]:
    """gather(), but the first failure cancels the others (and waits for them) before raising."""
    tasks = [asyncio.ensure_future(aw) for aw in aws]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
