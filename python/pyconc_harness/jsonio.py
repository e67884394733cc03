"""JSON in and out through the C accelerator `_json` that the json package itself uses.

`import json` also imports re, enum and friends: several milliseconds of every sample's start-up,
on an interpreter that otherwise imports almost nothing. The output is byte-for-byte what
json.dumps/json.loads give (json.dumps builds the same C encoder); where `_json` is missing or
its signature differs, the json package takes over.
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Callable, Optional, Tuple

try:
    from _json import encode_basestring_ascii, make_encoder, make_scanner
except ImportError:  # pragma: no cover - an interpreter without the accelerator
    make_encoder = make_scanner = None  # type: ignore[misc,assignment]

_WHITESPACE = " \t\n\r"


class _ScanContext:
    """The attributes the C scanner reads from a json.JSONDecoder, with json.loads' defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity


_scan: Optional[Callable[[str, int], Any]] = None


def loads(text: str) -> Any:
    """json.loads(text) for a str."""
    global _scan
    if _scan is None:
        if make_scanner is None:
            import json

            return json.loads(text)
        _scan = make_scanner(_ScanContext())  # type: ignore[arg-type]  # duck-typed JSONDecoder
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        value, end = _scan(text, start)
    except Exception:  # StopIteration, or a SystemError: _json reports errors only if json is loaded
        end = -1
    if end != len(text.rstrip(_WHITESPACE)):
        import json

        return json.loads(text)  # raises the precise JSONDecodeError
    return value


def _not_serializable(value: Any) -> Any:
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def _encode(
    value: Any, default: Callable[[Any], Any], separators: Tuple[str, str], sort_keys: bool, allow_nan: bool
) -> str:
    item_separator, key_separator = separators
    if make_encoder is not None:
        try:  # the arguments json.JSONEncoder.iterencode passes: markers, default, …, allow_nan
            encoder = make_encoder(
                {}, default, encode_basestring_ascii, None, key_separator, item_separator, sort_keys, False, allow_nan
            )
        except TypeError:  # pragma: no cover - a CPython whose C encoder takes other arguments
            pass
        else:
            return "".join(encoder(value, 0))
    import json

    return json.dumps(value, default=default, separators=separators, sort_keys=sort_keys, allow_nan=allow_nan)


def dumps(value: Any) -> str:
    """json.dumps(value, allow_nan=False): strict JSON, as the reply must be."""
    return _encode(value, _not_serializable, (", ", ": "), False, False)


def canonical(value: Any) -> str:
    """json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr): the checksum's form."""
    return _encode(value, repr, (",", ":"), True, True)
