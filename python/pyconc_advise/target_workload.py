"""The adapter: the user's function as a plain workload (python/README.md's interface).

Each task is one call: `fn(i)` with `--tasks`, `fn(inputs[i])` with `--inputs`. The harness loads one
of the three thin modules in `workloads/` (which stages exist must be known before setup): a sync
function is the blocking stage `fetch`, an `async def` one the native stage `afetch`, twins both.

What crosses a process boundary is charged: the harness's pools send task indexes only, where a
user's `pool.map(fn, inputs)` pickles each input, so a task that runs on the far side of a boundary
(a pool's process, a subinterpreter) pickles and unpickles its input first. The context knows which
side it is on: the copy a pool's worker or a subinterpreter gets has been through pickle, and only
its path, not the inputs, travelled (each side reads the file itself, in the pool's start-up).
Results travel back through the pool as they are. With `check=type` a task returns its result's
type name instead of the value: results that differ from run to run (clocks, the network) are
checked by count and type only.
"""
from __future__ import annotations

import pickle

from .target import load, read_inputs, type_token

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Optional

#: The params the adapter reads (every value a string or a number, as the harness's params are).
CONFIG_KEYS = ("target", "cwd", "inputs", "sync", "async", "check", "teardown")


class Context:
    """What every task needs: the functions and the inputs. Pickles as its configuration alone."""

    def __init__(self, config: Dict[str, Any], crossed: bool = False) -> None:
        self.config = config
        self.crossed = crossed  # unpickled on the far side of a process or interpreter boundary
        self.by_type = config.get("check") == "type"
        cwd = config.get("cwd") or None
        sync_name, async_name = config.get("sync") or None, config.get("async") or None
        self.sync_fn: Optional[Callable[..., Any]] = None
        self.async_fn: Optional[Callable[..., Any]] = None
        main = load(config["target"], cwd)
        from .target import is_async

        if is_async(main):
            self.async_fn = main
            self.sync_fn = load(config["target"], cwd, sync_name) if sync_name else None
        else:
            self.sync_fn = main
            self.async_fn = load(config["target"], cwd, async_name) if async_name else None
        path = config.get("inputs") or None
        self.inputs = read_inputs(path) if path else None
        self.run = self._fast_path()

    def _fast_path(self) -> Optional[Callable[[int], Any]]:
        """The sync task at its cheapest when nothing needs doing around the call (task indexes, no
        crossing, values as they are): a tiny function's call must not be dwarfed by the adapter."""
        if self.inputs is None and not self.crossed and not self.by_type:
            return self.sync_fn
        return None

    def __getstate__(self) -> Dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(state["config"], crossed=True)  # type: ignore[misc]

    def arg(self, i: int) -> Any:
        value = i if self.inputs is None else self.inputs[i]
        if self.crossed:  # what a pool's hand-over of this input costs
            value = pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        return value

    def value(self, result: Any) -> Any:
        return type_token(result) if self.by_type else result


def config_of(params: Dict[str, Any]) -> Dict[str, Any]:
    return {key: params.get(key) for key in CONFIG_KEYS}


def task_count(params: Dict[str, Any]) -> int:
    return int(params["tasks"])


def setup(params: Dict[str, Any]) -> Context:
    """The user's --setup (once, in this process), then the function and the inputs loaded."""
    hook = params.get("setup") or None
    if hook:
        load(hook, params.get("cwd") or None)()
    return Context(config_of(params))


def teardown(ctx: Context) -> None:
    hook = ctx.config.get("teardown") or None
    if hook:
        load(hook, ctx.config.get("cwd") or None)()


def fetch(i: int, params: Dict[str, Any], ctx: Context) -> Any:
    """One task, blocking: the sync function (or twin) on task i's input."""
    run = ctx.run
    if run is not None:
        return run(i)
    assert ctx.sync_fn is not None, "the adapter's sync stage needs a sync function or --sync twin"
    return ctx.value(ctx.sync_fn(ctx.arg(i)))


async def afetch(i: int, params: Dict[str, Any], ctx: Context) -> Any:
    """One task on an event loop: the `async def` function (or twin) awaited."""
    assert ctx.async_fn is not None, "the adapter's async stage needs an async def function or --async twin"
    return ctx.value(await ctx.async_fn(ctx.arg(i)))
