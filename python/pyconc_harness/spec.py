"""Validation of the sample spec: the one place that checks what Node sends."""
from __future__ import annotations

import os

from . import PROTOCOL
from .errors import SpecError

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Dict

#: The modes the harness composes from a workload's stages; other names run only as `run_<mode>`.
MODES = (
    "sequential",
    "threading",
    "multiprocessing",
    "asyncio",
    "async-threads",
    "async-processes",
    "process-loops",
    "interpreters",
)
START_METHODS = ("fork", "spawn", "forkserver")

_REQUIRED = ("protocol", "workload", "mode", "workers", "params")
_OPTIONAL = ("scenario", "startMethod", "tmpDir", "chunksize", "values")


def validate(spec: Any) -> Dict[str, Any]:
    """Check `spec` and return it normalised: optional keys present (None when absent), chunksize
    None for "auto", values 1 when absent."""
    if not isinstance(spec, dict):
        raise SpecError("spec: expected a JSON object, got %s" % type(spec).__name__)
    unknown = sorted(set(spec) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise SpecError("spec: unknown key(s) %s" % ", ".join(repr(k) for k in unknown))
    missing = [k for k in _REQUIRED if k not in spec]
    if missing:
        raise SpecError("spec: missing key(s) %s" % ", ".join(repr(k) for k in missing))

    if spec["protocol"] != PROTOCOL:
        raise SpecError("spec.protocol: expected %r, got %r" % (PROTOCOL, spec["protocol"]))
    workload = spec["workload"]
    if not isinstance(workload, str) or not os.path.isabs(workload):
        raise SpecError("spec.workload: expected an absolute path to a .py file, got %r" % (workload,))
    mode = spec["mode"]
    if not _is_mode_name(mode):
        raise SpecError("spec.mode: expected a mode name such as 'threading', got %r" % (mode,))
    workers = spec["workers"]
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise SpecError("spec.workers: expected an integer >= 1, got %r" % (workers,))
    if not isinstance(spec["params"], dict):
        raise SpecError("spec.params: expected an object, got %r" % (spec["params"],))
    for key in spec["params"]:
        if not isinstance(key, str) or key.startswith("_"):
            raise SpecError("spec.params.%s: names starting with '_' are reserved for the harness" % (key,))

    scenario = spec.get("scenario")
    if scenario is not None and not isinstance(scenario, str):
        raise SpecError("spec.scenario: expected a string or null, got %r" % (scenario,))
    start_method = spec.get("startMethod")
    if start_method is not None and start_method not in START_METHODS:
        raise SpecError(
            "spec.startMethod: expected null or one of %s, got %r" % (", ".join(START_METHODS), start_method)
        )
    tmp_dir = spec.get("tmpDir")
    if tmp_dir is not None and (not isinstance(tmp_dir, str) or not os.path.isabs(tmp_dir)):
        raise SpecError("spec.tmpDir: expected an absolute path or null, got %r" % (tmp_dir,))

    chunksize = spec.get("chunksize")
    if chunksize is not None and chunksize != "auto" and not _is_positive_int(chunksize):
        raise SpecError("spec.chunksize: expected an integer >= 1, 'auto' or null, got %r" % (chunksize,))
    values = spec.get("values")
    if values is not None and not _is_positive_int(values):
        raise SpecError("spec.values: expected an integer >= 1 or null, got %r" % (values,))

    normalised = dict(spec)
    for key in _OPTIONAL:
        normalised.setdefault(key, None)
    if normalised["chunksize"] == "auto":
        normalised["chunksize"] = None
    if normalised["values"] is None:
        normalised["values"] = 1
    return normalised


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _is_mode_name(name: Any) -> bool:
    """Lower-case words joined by single dashes, like `async-threads` (no regex: re is slow to import)."""
    if not isinstance(name, str) or not name or not name[0].isalpha():
        return False
    words = name.split("-")
    return all(word and word.isascii() and word.isalnum() and word == word.lower() for word in words)
