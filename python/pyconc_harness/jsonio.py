"""JSON in and out through the C accelerator `_json` that the json package itself uses.

`import json` also imports re, enum and friends: several milliseconds of every sample's start-up,
on an interpreter that otherwise imports almost nothing. The output is byte-for-byte what
json.dumps/json.loads give (json.dumps builds the same C encoder). `_json` is private: its
scanner reads a decoder's attributes (3.15 added `array_hook`) and its encoder takes
json.JSONEncoder's arguments, both of which a release may change. So each is checked once, on
first use, against a sample whose result is known; where `_json` is missing, refuses the
arguments or answers otherwise, the json package takes over (`paths()` says which is in use).
Checked on CPython 3.9, 3.10, 3.11, 3.12, 3.13, 3.14 and 3.15.
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds per sample; annotations are never evaluated
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Optional, Tuple

try:
    from _json import encode_basestring_ascii, make_encoder, make_scanner
except ImportError:  # an interpreter without the accelerator
    make_encoder = make_scanner = None  # type: ignore[misc,assignment]

_WHITESPACE = " \t\n\r"

# One value of every kind JSON has, its text (as json.dumps(..., sort_keys=True, separators=(",",
# ":")) writes it) and its repr: the check a shortcut passes before it is used.
_SAMPLE = {"b": [1, -2.5, "\u00e9\n", True, False, None, 10**20], "a": {}}
_SAMPLE_TEXT = '{"a":{},"b":[1,-2.5,"\\u00e9\\n",true,false,null,100000000000000000000]}'
_SAMPLE_REPR = repr({"a": {}, "b": [1, -2.5, "\u00e9\n", True, False, None, 10**20]})


class _ScanContext:
    """The attributes the C scanner reads from a json.JSONDecoder, with json.loads' defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    array_hook = None  # read from 3.15 on
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity

    def __getattr__(self, name: str) -> Any:
        # A hook a newer json adds: unset, as json.loads leaves it. Anything else is not known here.
        if name.endswith("_hook"):
            return None
        raise AttributeError(name)


_scan: Any = None  # the checked C scanner, False when json.loads must do, None until first use
_encoder_ok: Optional[bool] = None  # whether the C encoder passed its check, None until first use


def _checked_scanner() -> Any:
    """The C scanner over a `_ScanContext`, if it reads `_SAMPLE_TEXT` as json.loads does; else False."""
    if make_scanner is None:
        return False
    try:
        scan = make_scanner(_ScanContext())  # type: ignore[arg-type]  # duck-typed JSONDecoder
        value, end = scan(_SAMPLE_TEXT, 0)
    except Exception:  # a scanner that wants what the context lacks, or fails on the sample
        return False
    return scan if end == len(_SAMPLE_TEXT) and repr(value) == _SAMPLE_REPR else False


def loads(text: str) -> Any:
    """json.loads(text) for a str."""
    global _scan
    if _scan is None:
        _scan = _checked_scanner()
    if _scan is False:
        import json

        return json.loads(text)
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


def _c_encode(
    value: Any, default: Callable[[Any], Any], separators: Tuple[str, str], sort_keys: bool, allow_nan: bool
) -> str:
    item_separator, key_separator = separators
    # The arguments json.JSONEncoder.iterencode passes: markers, default, encoder, indent, …, allow_nan.
    encoder = make_encoder(
        {}, default, encode_basestring_ascii, None, key_separator, item_separator, sort_keys, False, allow_nan
    )
    return "".join(encoder(value, 0))


def _c_encoder_works() -> bool:
    """Whether the C encoder writes `_SAMPLE` as json.dumps does (checked once)."""
    global _encoder_ok
    if _encoder_ok is None:
        try:
            _encoder_ok = make_encoder is not None and _c_encode(_SAMPLE, repr, (",", ":"), True, True) == _SAMPLE_TEXT
        except Exception:  # a CPython whose C encoder takes other arguments
            _encoder_ok = False
    return _encoder_ok


def _encode(
    value: Any, default: Callable[[Any], Any], separators: Tuple[str, str], sort_keys: bool, allow_nan: bool
) -> str:
    if _c_encoder_works():
        return _c_encode(value, default, separators, sort_keys, allow_nan)
    import json

    return json.dumps(value, default=default, separators=separators, sort_keys=sort_keys, allow_nan=allow_nan)


def dumps(value: Any) -> str:
    """json.dumps(value, allow_nan=False): strict JSON, as the reply must be."""
    return _encode(value, _not_serializable, (", ", ": "), False, False)


def canonical(value: Any) -> str:
    """json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr): the checksum's form."""
    return _encode(value, repr, (",", ":"), True, True)


def paths() -> Dict[str, str]:
    """Which way each direction goes on this interpreter: "_json" (the checked shortcut) or "json"."""
    global _scan
    if _scan is None:
        _scan = _checked_scanner()
    return {"loads": "json" if _scan is False else "_json", "dumps": "_json" if _c_encoder_works() else "json"}
