"""Choice rules: every operator, type mismatches, nesting, missing variables."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.asl import COMPARISON_OPERATORS, StatesError, evaluate_rule, parse_timestamp, select_next

DATA: dict[str, Any] = {
    "s": "banana",
    "n": 5,
    "f": 5.0,
    "b": True,
    "t": "2024-03-01T12:00:00Z",
    "t2": "2024-03-01T13:00:00+01:00",  # the same instant as t
    "null": None,
    "star": "a*b",
    "other_s": "apple",
    "other_n": 7,
}


def rule(op: str, value: Any, var: str = "$.s") -> dict[str, Any]:
    return {"Variable": var, op: value, "Next": "X"}


@pytest.mark.parametrize(
    ("op", "var", "value", "expected"),
    [
        ("StringEquals", "$.s", "banana", True),
        ("StringEquals", "$.n", "5", False),  # type mismatch is false, not an error
        ("StringLessThan", "$.s", "cherry", True),
        ("StringGreaterThan", "$.s", "apple", True),
        ("StringLessThanEquals", "$.s", "banana", True),
        ("StringGreaterThanEquals", "$.s", "bananas", False),
        ("StringMatches", "$.s", "b*na", True),
        ("StringMatches", "$.s", "*x*", False),
        ("StringMatches", "$.star", "a\\*b", True),  # escaped star is literal
        ("StringMatches", "$.s", "a\\*b", False),
        ("StringEqualsPath", "$.s", "$.s", True),
        ("StringLessThanPath", "$.other_s", "$.s", True),
        ("StringGreaterThanPath", "$.other_s", "$.s", False),
        ("StringLessThanEqualsPath", "$.s", "$.s", True),
        ("StringGreaterThanEqualsPath", "$.s", "$.other_s", True),
        ("NumericEquals", "$.n", 5, True),
        ("NumericEquals", "$.f", 5, True),  # 5.0 == 5
        ("NumericEquals", "$.b", 1, False),  # true is not a number
        ("NumericEquals", "$.s", 5, False),
        ("NumericLessThan", "$.n", 5.5, True),
        ("NumericGreaterThan", "$.n", 4, True),
        ("NumericLessThanEquals", "$.n", 5, True),
        ("NumericGreaterThanEquals", "$.n", 6, False),
        ("NumericEqualsPath", "$.n", "$.f", True),
        ("NumericLessThanPath", "$.n", "$.other_n", True),
        ("NumericGreaterThanPath", "$.n", "$.other_n", False),
        ("NumericLessThanEqualsPath", "$.n", "$.f", True),
        ("NumericGreaterThanEqualsPath", "$.other_n", "$.n", True),
        ("NumericEqualsPath", "$.n", "$.s", False),
        ("BooleanEquals", "$.b", True, True),
        ("BooleanEquals", "$.n", True, False),
        ("BooleanEqualsPath", "$.b", "$.b", True),
        ("TimestampEquals", "$.t", "2024-03-01T12:00:00Z", True),
        ("TimestampEquals", "$.t2", "2024-03-01T12:00:00Z", True),  # offsets are honoured
        ("TimestampEquals", "$.s", "2024-03-01T12:00:00Z", False),
        ("TimestampLessThan", "$.t", "2024-03-01T12:00:00.000000001Z", True),  # nanoseconds
        ("TimestampGreaterThan", "$.t", "2024-03-01T11:59:59Z", True),
        ("TimestampLessThanEquals", "$.t", "2024-03-01T12:00:00Z", True),
        ("TimestampGreaterThanEquals", "$.t", "2024-03-01T12:00:01Z", False),
        ("TimestampEqualsPath", "$.t", "$.t2", True),
        ("TimestampLessThanPath", "$.t", "$.t2", False),
        ("TimestampGreaterThanPath", "$.t", "$.t2", False),
        ("TimestampLessThanEqualsPath", "$.t", "$.t2", True),
        ("TimestampGreaterThanEqualsPath", "$.t", "$.t2", True),
        ("IsNull", "$.null", True, True),
        ("IsNull", "$.s", True, False),
        ("IsNumeric", "$.f", True, True),
        ("IsNumeric", "$.b", True, False),
        ("IsString", "$.s", True, True),
        ("IsString", "$.n", False, True),
        ("IsBoolean", "$.b", True, True),
        ("IsTimestamp", "$.t", True, True),
        ("IsTimestamp", "$.s", True, False),
        ("IsPresent", "$.s", True, True),
        ("IsPresent", "$.missing", True, False),
        ("IsPresent", "$.missing", False, True),
        ("IsPresent", "$.null", True, True),
    ],
)
def test_operators(op: str, var: str, value: Any, expected: bool) -> None:
    assert op in COMPARISON_OPERATORS
    assert evaluate_rule(rule(op, value, var), DATA) is expected


def test_every_operator_is_covered() -> None:
    assert len(COMPARISON_OPERATORS) == 5 * 2 * 3 + 1 + 2 + 1 + 5  # 4 families, Matches, BooleanEquals(Path), Is*


def test_boolean_composition() -> None:
    yes = rule("StringEquals", "banana")
    no = rule("NumericEquals", 1, "$.n")
    assert evaluate_rule({"And": [yes, yes], "Next": "X"}, DATA)
    assert not evaluate_rule({"And": [yes, no]}, DATA)
    assert evaluate_rule({"Or": [no, yes]}, DATA)
    assert evaluate_rule({"Not": no}, DATA)
    assert evaluate_rule({"And": [{"Or": [no, {"Not": no}]}, yes]}, DATA)


def test_missing_variable_is_a_runtime_error() -> None:
    with pytest.raises(StatesError) as info:
        evaluate_rule(rule("StringEquals", "x", "$.missing"), DATA)
    assert info.value.error == "States.Runtime"
    assert "$['missing']" in info.value.cause
    with pytest.raises(StatesError):
        evaluate_rule(rule("NumericEqualsPath", "$.missing", "$.n"), DATA)


def test_context_variable() -> None:
    ctx = {"Execution": {"Input": {"input-value": 0}}}
    assert evaluate_rule(rule("NumericLessThanEquals", 0, "$$.Execution.Input.input-value"), {}, ctx)


def test_invalid_rule() -> None:
    with pytest.raises(StatesError):
        evaluate_rule({"Variable": "$.s", "Next": "X"}, DATA)


def test_select_next() -> None:
    state = {
        "Type": "Choice",
        "Choices": [rule("StringEquals", "nope") | {"Next": "A"}, rule("StringEquals", "banana") | {"Next": "B"}],
        "Default": "D",
    }
    assert select_next(state, DATA) == "B"
    assert select_next(state, {"s": "other"}) == "D"
    del state["Default"]
    assert select_next(state, {"s": "other"}) is None  # caller raises States.NoChoiceMatched


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2016-03-14T01:59:00Z", True),
        ("2016-03-14T01:59:00.123456789Z", True),
        ("2016-03-14T01:59:00-07:30", True),
        ("2016-03-14T01:59:00", False),  # no zone
        ("2016-03-14 01:59:00Z", False),  # no T
        ("2016-13-05T21:29:29Z", False),  # month 13
        ("2016-12-05T25:29:29Z", False),  # hour 25
        ("05-12-2016T21:29:29Z", False),
        ("2023-02-24", False),
    ],
)
def test_parse_timestamp(text: str, ok: bool) -> None:
    assert (parse_timestamp(text) is not None) is ok


def test_timestamp_order() -> None:
    a = parse_timestamp("2024-03-01T13:00:00+01:00")
    b = parse_timestamp("2024-03-01T12:00:00Z")
    assert a == b and a is not None
    assert a.to_datetime().isoformat() == "2024-03-01T12:00:00+00:00"
