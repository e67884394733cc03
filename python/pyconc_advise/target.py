"""The user's function as a target names it: loading it (by file path or module name), calling it
(sync or `async def`), its inputs, and the forms its results are compared in.

A target is `path/to/file.py:function` or `package.module:function` (the function may be a dotted
path, `Class.method`). A file is imported under its own stem when that name is free, with its folder
appended to sys.path, as `import file` would find it from a script beside it; so its functions pickle
by reference the way they would in the user's program, and every process (pool workers, spawned or
forked, and subinterpreters) loads it the same way. A module is imported from the user's working
directory, put first on sys.path as `python -m` does.
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any, Callable, Dict, List, Optional, Tuple

#: Frames of a traceback shown for an error in the user's code.
FRAMES_SHOWN = 3
#: A private module name prefix, for a file whose stem is taken (a standard-library name, say).
PRIVATE_PREFIX = "pyconc_target_"
_OUR_FILES = ("pyconc_advise", "pyconc_harness", "importlib", "<frozen ")


class TargetError(Exception):
    """The target cannot be used. `kind`: not-found, syntax, import, attribute, not-callable,
    twin, call; `frames`: the last frames of the user's code as dicts (file, line, function)."""

    def __init__(self, kind: str, message: str, frames: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.frames = frames or []

    def as_dict(self) -> Dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "frames": self.frames}


def split_target(text: str) -> Tuple[str, str]:
    """`where:attr` → (where, attr); where is a file path or a dotted module name."""
    where, sep, attr = text.rpartition(":")
    if not sep or not where or not attr:
        raise TargetError("not-found", "target %r: expected path/to/file.py:function or package.module:function" % text)
    return where, attr


def is_file(where: str) -> bool:
    """A target names a file when it ends in .py or holds a path separator."""
    return where.endswith(".py") or os.sep in where or (os.altsep is not None and os.altsep in where)


def frames_of(exc: BaseException, limit: int = FRAMES_SHOWN) -> List[Dict[str, Any]]:
    """The last `limit` frames of `exc`'s traceback that are the user's (not pyconc's, not importlib's)."""
    import traceback

    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if any(part in frame.filename for part in _OUR_FILES):
            continue
        frames.append({"file": frame.filename, "line": frame.lineno, "function": frame.name, "code": (frame.line or "").strip()})
    return frames[-limit:]


def describe_exception(exc: BaseException) -> str:
    """`Type: message` on one line."""
    message = " ".join(str(exc).split())
    return "%s: %s" % (type(exc).__name__, message) if message else type(exc).__name__


def _stdlib_names() -> Any:
    names = getattr(sys, "stdlib_module_names", None)  # 3.10+
    return names if names is not None else frozenset(sys.builtin_module_names)


def _module_name_for(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    taken = sys.modules.get(stem)
    if stem.isidentifier() and stem not in _stdlib_names() and (taken is None or getattr(taken, "__file__", None) == path):
        return stem
    return PRIVATE_PREFIX + "".join(c if c.isalnum() or c == "_" else "_" for c in stem)


def _import_file(path: str) -> ModuleType:
    from importlib.util import module_from_spec, spec_from_file_location

    if not os.path.isfile(path):
        raise TargetError("not-found", "file not found: %s" % path)
    name = _module_name_for(path)
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", None) == path:
        return loaded
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.append(folder)
    spec = spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise TargetError("import", "cannot load %s as a Python module" % path)
    module = module_from_spec(spec)
    sys.modules[name] = module  # before executing it: its functions must pickle by this name
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _import_module(name: str, cwd: Optional[str]) -> ModuleType:
    import importlib

    if cwd is not None and cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing == name or name.startswith(missing + "."):
            raise TargetError("not-found", "module %s not found (looked in %s and on sys.path)" % (name, cwd or os.getcwd())) from None
        raise


def load_module(where: str, cwd: Optional[str] = None) -> ModuleType:
    """The module a target's `where` names, imported once per process; TargetError when it cannot be."""
    try:
        if is_file(where):
            path = where if os.path.isabs(where) or cwd is None else os.path.join(cwd, where)
            return _import_file(os.path.abspath(path))
        return _import_module(where, cwd)
    except TargetError:
        raise
    except SyntaxError as exc:
        where_at = "%s:%s" % (exc.filename, exc.lineno) if exc.filename else where
        raise TargetError("syntax", "%s: %s" % (where_at, exc.msg), frames_of(exc)) from None
    except BaseException as exc:  # anything the module raises while it is imported
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise TargetError("import", "importing %s raised %s" % (where, describe_exception(exc)), frames_of(exc)) from None


def _callables(module: ModuleType) -> List[str]:
    return sorted(name for name, value in vars(module).items() if callable(value) and not name.startswith("_") and getattr(value, "__module__", None) == module.__name__)


def resolve(module: ModuleType, attr: str, what: str = "function") -> Callable[..., Any]:
    """`module.attr` (dotted), which must be callable."""
    value: Any = module
    for part in attr.split("."):
        if not hasattr(value, part):
            known = _callables(module)
            hint = " (it defines %s)" % ", ".join(known[:8]) if known else ""
            raise TargetError("attribute", "%s has no %s %s%s" % (module.__name__, what, attr, hint))
        value = getattr(value, part)
    if not callable(value):
        raise TargetError("not-callable", "%s.%s is not a function but a value of type %s" % (module.__name__, attr, type(value).__name__))
    return value  # type: ignore[no-any-return]


def is_async(fn: Any) -> bool:
    """Whether calling `fn` gives a coroutine (an `async def`, also behind functools.partial)."""
    import inspect

    while hasattr(fn, "func") and not inspect.isfunction(fn):  # functools.partial
        fn = fn.func
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))


_cache: Dict[Tuple[str, str, Optional[str]], Callable[..., Any]] = {}


def load(text: str, cwd: Optional[str] = None, attr: Optional[str] = None) -> Callable[..., Any]:
    """The function `text` names (or, with `attr`, another function of the same module), cached."""
    key = (text, attr or "", cwd)
    fn = _cache.get(key)
    if fn is None:
        where, own = split_target(text)
        module = load_module(where, cwd)
        fn = resolve(module, attr or own, "function" if attr is None else "twin")
        _cache[key] = fn
    return fn


def read_inputs(path: str) -> List[Any]:
    """One JSON value per non-blank line (JSON Lines); pyconc has checked the file already."""
    import json

    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class Calls:
    """Calls the user's function on one argument, sync or `async def`: a coroutine function runs on an
    event loop of the calling thread's own, kept for the thread's life (each call is one
    `run_until_complete`), so two threads can call it at once."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.coroutine = is_async(fn)
        import threading

        self._local = threading.local()

    def __call__(self, arg: Any) -> Any:
        if not self.coroutine:
            return self.fn(arg)
        loop = getattr(self._local, "loop", None)
        if loop is None:
            import asyncio

            loop = self._local.loop = asyncio.new_event_loop()
        return loop.run_until_complete(self.fn(arg))

    def close(self) -> None:
        loop = getattr(self._local, "loop", None)
        if loop is not None:
            loop.close()
            self._local.loop = None


def canonical(value: Any) -> str:
    """The form the harness's checksum hashes (canonical JSON, repr for the rest)."""
    from pyconc_harness.jsonio import canonical as harness_canonical

    return harness_canonical(value)


def type_token(value: Any) -> str:
    """What a nondeterministic result is checked by: its type's qualified name."""
    kind = type(value)
    return "%s.%s" % (kind.__module__, kind.__qualname__)


def unstable_reason(first: Any, second: Any) -> Optional[str]:
    """Why two results of the same input cannot be compared by value across processes, or None."""
    try:
        a, b = canonical(first), canonical(second)
    except Exception as exc:  # a dict with keys of mixed types, say
        return "its results cannot be written as canonical JSON (%s)" % describe_exception(exc)
    if a != b:
        return "two calls with the same input returned different values"
    if " object at 0x" in a:
        return "its results print with a memory address, which differs between processes"
    return None
