"""Implementations of the AWS intrinsic functions (runtime semantics only).

Each takes the already-evaluated argument values and returns a JSON value or
raises StatesError("States.Runtime", ...). AWS's own wording for argument
errors is not in the conformance corpus; messages here name the function,
the argument and the offending value so a user can act on them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from compiler.asl.errors import RUNTIME, StatesError
from compiler.asl.jsonpath import is_number, json_equal, to_json

# Documented AWS limits.
MAX_RANGE_ITEMS = 1000
MAX_ENCODE_CHARS = 10000
HASH_ALGORITHMS = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def _fail(fn: str, message: str) -> StatesError:
    return StatesError(RUNTIME, f"Invalid arguments in {fn}: {message}")



def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _want(fn: str, pos: int, value: Any, kind: str) -> None:
    ok = {
        "string": isinstance(value, str),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
        "number": is_number(value),
        "boolean": isinstance(value, bool),
    }[kind]
    if not ok:
        raise _fail(fn, f"argument {pos} must be a {kind}, but was {_type_name(value)}: {to_json(value)}")


def _want_int(fn: str, pos: int, value: Any) -> int:
    _want(fn, pos, value, "number")
    if isinstance(value, float):
        if not value.is_integer():
            raise _fail(fn, f"argument {pos} must be an integer, but was {to_json(value)}")
        return int(value)
    return int(value)


def java_round(number: float) -> int:
    """Java's Math.round: half rounds up (towards +inf), -1.5 -> -1."""
    return math.floor(number + 0.5)


# ----------------------------------------------------------------- rendering


def java_double(number: float) -> str:
    """Double.toString: plain between 1e-3 and 1e7, else d.dddEn."""
    if number == 0 or 1e-3 <= abs(number) < 1e7:
        return repr(number)
    sign, digits, exp = Decimal(repr(number)).as_tuple()
    assert isinstance(exp, int)
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    exponent = len(digits) - 1 + exp
    mantissa = ds[0] + "." + (ds[1:] or "0")
    return ("-" if sign else "") + f"{mantissa}E{exponent}"


def render(value: Any) -> str:
    """How States.Format prints a value (Java toString of the parsed JSON).

    Recorded: an object prints as ``{Arg1=1, Arg2=[]}``, null as ``null``.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, list):
        return "[" + ", ".join(render(x) for x in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={render(x)}" for k, x in value.items()) + "}"
    return str(value)


def _split_template(template: str, literal: bool) -> list[str | None]:
    """Pieces of a Format template; None marks a ``{}`` placeholder."""
    parts: list[str | None] = []
    buf: list[str] = []
    i = 0
    while i < len(template):
        c = template[i]
        if literal and c == "\\" and i + 1 < len(template):
            buf.append(template[i + 1])
            i += 2
            continue
        if c == "{" and template[i + 1 : i + 2] == "}":
            parts.append("".join(buf))
            buf = []
            parts.append(None)
            i += 2
            continue
        buf.append(c)
        i += 1
    parts.append("".join(buf))
    return parts


def format_template_placeholders(template: str, literal: bool) -> int:
    return sum(1 for p in _split_template(template, literal) if p is None)


def states_format(template: Any, args: list[Any], literal: bool) -> str:
    fn = "States.Format"
    _want(fn, 1, template, "string")
    parts = _split_template(template, literal)
    holes = sum(1 for p in parts if p is None)
    if holes != len(args):
        raise _fail(fn, f"the template has {holes} placeholder(s) but {len(args)} value(s) were given")
    values = iter(args)
    return "".join(render(next(values)) if p is None else p for p in parts)


# ----------------------------------------------------------------- functions


def _string_to_json(args: list[Any]) -> Any:
    _want("States.StringToJson", 1, args[0], "string")
    if not args[0].strip():
        return None  # recorded: "" and " " give null
    try:
        return json.loads(args[0])
    except ValueError:
        raise _fail("States.StringToJson", f"the string is not valid JSON: {args[0]!r}") from None


def _array_partition(args: list[Any]) -> Any:
    fn = "States.ArrayPartition"
    _want(fn, 1, args[0], "array")
    size = _want_int(fn, 2, args[1])
    if size <= 0:
        raise _fail(fn, f"the chunk size must be positive, but was {size}")
    return [args[0][i : i + size] for i in range(0, len(args[0]), size)]


def _array_range(args: list[Any]) -> Any:
    fn = "States.ArrayRange"
    start, end, step = (_want_int(fn, i + 1, value) for i, value in enumerate(args))
    if step == 0:
        raise _fail(fn, "the step must not be 0")
    count = max(0, (end - start) // step + 1)
    if count > MAX_RANGE_ITEMS:
        raise _fail(fn, f"the result would have {count} items; at most {MAX_RANGE_ITEMS} are allowed")
    return [start + i * step for i in range(count)]


def _array_get_item(args: list[Any]) -> Any:
    fn = "States.ArrayGetItem"
    _want(fn, 1, args[0], "array")
    idx = _want_int(fn, 2, args[1])
    if not 0 <= idx < len(args[0]):
        raise _fail(fn, f"index {idx} is out of bounds for an array of length {len(args[0])}")
    return args[0][idx]


def _array_unique(args: list[Any]) -> Any:
    _want("States.ArrayUnique", 1, args[0], "array")
    out: list[Any] = []
    for item in args[0]:
        if not any(json_equal(item, seen) for seen in out):
            out.append(item)
    return out


def _base64_encode(args: list[Any]) -> Any:
    fn = "States.Base64Encode"
    _want(fn, 1, args[0], "string")
    if len(args[0]) > MAX_ENCODE_CHARS:
        raise _fail(fn, f"the input has more than {MAX_ENCODE_CHARS} characters")
    return base64.b64encode(args[0].encode()).decode("ascii")


def _base64_decode(args: list[Any]) -> Any:
    fn = "States.Base64Decode"
    _want(fn, 1, args[0], "string")
    if len(args[0]) > MAX_ENCODE_CHARS:
        raise _fail(fn, f"the input has more than {MAX_ENCODE_CHARS} characters")
    try:
        return base64.b64decode(args[0], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise _fail(fn, f"the input is not valid base64: {args[0]!r}") from None


def _hash(args: list[Any]) -> Any:
    fn = "States.Hash"
    _want(fn, 1, args[0], "string")
    _want(fn, 2, args[1], "string")
    algo = HASH_ALGORITHMS.get(args[1])
    if algo is None:
        raise _fail(fn, f"unknown algorithm {args[1]!r}; use one of {', '.join(HASH_ALGORITHMS)}")
    if len(args[0]) > MAX_ENCODE_CHARS:
        raise _fail(fn, f"the input has more than {MAX_ENCODE_CHARS} characters")
    return hashlib.new(algo, args[0].encode()).hexdigest()


def _json_merge(args: list[Any]) -> Any:
    fn = "States.JsonMerge"
    _want(fn, 1, args[0], "object")
    _want(fn, 2, args[1], "object")
    _want(fn, 3, args[2], "boolean")
    if args[2]:
        # AWS supports only the shallow merge; the flag must be false.
        raise _fail(fn, "deep merging is not supported; the third argument must be false")
    return {**args[0], **args[1]}


def _math_random(args: list[Any], source: random.Random) -> Any:
    fn = "States.MathRandom"
    _want(fn, 1, args[0], "number")
    _want(fn, 2, args[1], "number")
    # Recorded: fractional bounds (12.5, 44.51) are accepted.
    start, end = java_round(args[0]), java_round(args[1])
    if end <= start:
        raise _fail(fn, f"the end ({end}) must be greater than the start ({start})")
    rng = random.Random(_want_int(fn, 3, args[2])) if len(args) == 3 else source
    return rng.randrange(start, end)


def _uuid(args: list[Any], source: random.Random) -> Any:
    return str(uuid.UUID(int=source.getrandbits(128), version=4))


def _math_add(args: list[Any]) -> Any:
    _want("States.MathAdd", 1, args[0], "number")
    _want("States.MathAdd", 2, args[1], "number")
    # Recorded: each argument is rounded on its own (1.49 + 1.5 = 1 + 2 = 3).
    return java_round(args[0]) + java_round(args[1])


def _string_split(args: list[Any]) -> Any:
    _want("States.StringSplit", 1, args[0], "string")
    _want("States.StringSplit", 2, args[1], "string")
    # Recorded: every character of the delimiter splits, empty parts vanish.
    parts = [args[0]]
    for d in args[1]:
        parts = [piece for p in parts for piece in p.split(d)]
    return [p for p in parts if p]


def _array_contains(args: list[Any]) -> Any:
    _want("States.ArrayContains", 1, args[0], "array")
    return any(json_equal(item, args[1]) for item in args[0])


def _array_length(args: list[Any]) -> Any:
    _want("States.ArrayLength", 1, args[0], "array")
    return len(args[0])


FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    # States.Format is dispatched to states_format (it needs the raw template).
    "States.Format": lambda args: states_format(args[0], args[1:], literal=False),
    "States.StringToJson": _string_to_json,
    "States.JsonToString": lambda args: to_json(args[0]),
    "States.Array": lambda args: list(args),
    "States.ArrayPartition": _array_partition,
    "States.ArrayContains": _array_contains,
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _array_length,
    "States.ArrayUnique": _array_unique,
    "States.Base64Encode": _base64_encode,
    "States.Base64Decode": _base64_decode,
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    # Needs a random source: see RANDOM_FUNCTIONS.
    "States.MathRandom": lambda args: _math_random(args, random.Random()),
    "States.MathAdd": _math_add,
    "States.StringSplit": _string_split,
    "States.UUID": lambda args: _uuid(args, random.Random()),
}

# The functions that draw random numbers, given the caller's source (a local run passes its
# seeded one, so the same seed gives the same UUIDs and numbers).
RANDOM_FUNCTIONS: dict[str, Callable[[list[Any], random.Random], Any]] = {
    "States.MathRandom": _math_random,
    "States.UUID": _uuid,
}
