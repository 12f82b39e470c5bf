"""Choice rules (JSONPath form): comparison operators, And/Or/Not.

Type rules, as recorded against AWS (shared/conformance/asl/choice, 472
operator-by-type cases): a comparison whose Variable has the wrong type is
simply false, never an error (StringEquals on 0, NumericEquals on "1" or on
true, BooleanEquals on 0, TimestampEquals on a non-timestamp string ...).
Numbers compare by value (0 equals 0.0). A Variable path that matches
nothing fails the state with States.Runtime, except under IsPresent.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from compiler.asl.errors import RUNTIME, StatesError
from compiler.asl.jsonpath import is_number, parse_path

__all__ = [
    "COMPARISON_OPERATORS",
    "Timestamp",
    "evaluate_rule",
    "parse_timestamp",
    "select_next",
]


class Timestamp(NamedTuple):
    """An instant with nanosecond precision (AWS accepts up to 9 digits)."""

    epoch_seconds: int
    nanos: int

    def to_datetime(self) -> datetime:
        base = datetime(1970, 1, 1, tzinfo=UTC)
        return base + timedelta(seconds=self.epoch_seconds, microseconds=self.nanos // 1000)


# RFC 3339 as AWS checks it: a 'T' between date and time and a zone
# designator are required (recorded: Wait rejects "2016-12-05 21:29:29Z" and
# "2016-12-05T21:29:29").
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})\Z"
)


@functools.lru_cache(maxsize=4096)
def parse_timestamp(text: str) -> Timestamp | None:
    """Parse an RFC 3339 timestamp; None if AWS would not accept it."""
    m = _TIMESTAMP.match(text)
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None  # month 13, hour 25, Feb 30 ...
    zone = m.group(8)
    offset = 0
    if zone != "Z":
        zh, zm = int(zone[1:3]), int(zone[4:6])
        if zh > 23 or zm > 59:
            return None
        offset = (zh * 3600 + zm * 60) * (1 if zone[0] == "+" else -1)
    nanos = int((m.group(7) or "").ljust(9, "0"))
    return Timestamp(int(moment.timestamp()) - offset, nanos)



def _utf16(s: str) -> bytes:
    # Java compares strings by UTF-16 code units; so do we (differs from
    # Python's code-point order only for characters beyond U+FFFF).
    return s.encode("utf-16-be", "surrogatepass")


@functools.lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    # StringMatches: '*' matches any run of characters; '\*' is a literal
    # star and '\\' a literal backslash.
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if c == "*" else re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _ordered(cmp: str, a: Any, b: Any) -> bool:
    if cmp == "Equals":
        return bool(a == b)
    if cmp == "LessThan":
        return bool(a < b)
    if cmp == "GreaterThan":
        return bool(a > b)
    if cmp == "LessThanEquals":
        return bool(a <= b)
    return bool(a >= b)


def _string(cmp: str, a: Any, b: Any) -> bool:
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    if cmp == "Matches":
        return _glob(b).fullmatch(a) is not None
    return _ordered(cmp, _utf16(a), _utf16(b))


def _numeric(cmp: str, a: Any, b: Any) -> bool:
    return is_number(a) and is_number(b) and _ordered(cmp, a, b)


def _boolean(cmp: str, a: Any, b: Any) -> bool:
    return isinstance(a, bool) and isinstance(b, bool) and a == b


def _timestamp(cmp: str, a: Any, b: Any) -> bool:
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    ta, tb = parse_timestamp(a), parse_timestamp(b)
    return ta is not None and tb is not None and _ordered(cmp, ta, tb)


_TYPED: dict[str, Callable[[str, Any, Any], bool]] = {
    "String": _string,
    "Numeric": _numeric,
    "Boolean": _boolean,
    "Timestamp": _timestamp,
}
_CMPS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")

# operator -> (type family, comparison, operand is a path)
_OPERATORS: dict[str, tuple[str, str, bool]] = {}
for _family in _TYPED:
    _cmps = ("Equals",) if _family == "Boolean" else _CMPS
    for _cmp in _cmps + (("Matches",) if _family == "String" else ()):
        _OPERATORS[f"{_family}{_cmp}"] = (_family, _cmp, False)
        if _cmp != "Matches":
            _OPERATORS[f"{_family}{_cmp}Path"] = (_family, _cmp, True)

_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda v: v is None,
    "IsNumeric": is_number,
    "IsString": lambda v: isinstance(v, str),
    "IsBoolean": lambda v: isinstance(v, bool),
    "IsTimestamp": lambda v: isinstance(v, str) and parse_timestamp(v) is not None,
}

COMPARISON_OPERATORS: frozenset[str] = frozenset(_OPERATORS) | frozenset(_TYPE_TESTS) | {"IsPresent"}


def evaluate_rule(rule: dict[str, Any], data: Any, context: Any = None) -> bool:
    """Evaluate one Choice rule (a top-level choice or a nested one).

    ``Next`` is ignored. Raises StatesError("States.Runtime") when a
    Variable or ``...Path`` operand matches nothing.
    """
    if "And" in rule:
        return all(evaluate_rule(r, data, context) for r in rule["And"])
    if "Or" in rule:
        return any(evaluate_rule(r, data, context) for r in rule["Or"])
    if "Not" in rule:
        return not evaluate_rule(rule["Not"], data, context)
    op = _operator_of(rule)
    variable = parse_path(rule["Variable"])
    expected = rule[op]
    if op == "IsPresent":
        return variable.exists(data, context) == expected
    value = variable.evaluate(data, context)
    test = _TYPE_TESTS.get(op)
    if test is not None:
        return test(value) == expected
    family, cmp, is_path = _OPERATORS[op]
    operand = parse_path(expected).evaluate(data, context) if is_path else expected
    return _TYPED[family](cmp, value, operand)


def _operator_of(rule: dict[str, Any]) -> str:
    found = [key for key in rule if key in COMPARISON_OPERATORS]
    if len(found) != 1 or "Variable" not in rule:
        # The validator reports this statically; at run time it is fatal.
        raise StatesError(RUNTIME, f"Invalid Choice rule: {sorted(rule)}")
    return found[0]


def select_next(choice_state: dict[str, Any], data: Any, context: Any = None) -> str | None:
    """Name of the next state: the first matching rule's Next, else Default.

    Returns None when no rule matches and there is no Default; the caller
    then fails the state with ``States.NoChoiceMatched`` (it knows the state
    name that AWS puts in the cause).
    """
    for rule in choice_state.get("Choices", ()):
        if evaluate_rule(rule, data, context):
            nxt: str = rule["Next"]
            return nxt
    default: str | None = choice_state.get("Default")
    return default
