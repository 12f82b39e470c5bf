"""Intrinsic functions: parser, static checks, runtime behaviour."""

from __future__ import annotations

import string
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.asl import (
    INTRINSICS,
    PathNotFoundError,
    PathSyntaxError,
    StatesError,
    check_intrinsic,
    evaluate_intrinsic,
    is_intrinsic,
    parse_intrinsic,
)
from compiler.asl.intrinsics import Call, ConstArg, PathArg, StrArg
from tests.fuzz import examples

DATA: dict[str, Any] = {
    "s": "a,b,,c",
    "n": 3,
    "arr": [1, 2, 2, {"k": 1}, {"k": 1}, True, 1.0],
    "obj": {"Arg1": 1, "Arg2": [], "s": "x"},
    "o2": {"Arg2": [1], "z": None},
}
CTX = {"StateMachine": {"Name": "my-machine-name"}, "Execution": {"Input": {"v": "x,y"}}}


def test_all_aws_intrinsics_are_known() -> None:
    names = {
        "Format", "StringToJson", "JsonToString", "Array", "ArrayPartition", "ArrayContains",
        "ArrayRange", "ArrayGetItem", "ArrayLength", "ArrayUnique", "Base64Encode",
        "Base64Decode", "Hash", "JsonMerge", "MathRandom", "MathAdd", "StringSplit", "UUID",
    }
    assert set(INTRINSICS) == {f"States.{n}" for n in names}


def test_parse_tree() -> None:
    call = parse_intrinsic("States.Format('a \\'{}\\' b', $.n, 1.5, -2, true, null, States.UUID())")
    assert call.name == "States.Format"
    s, p, f, i, t, nul, inner = call.args
    assert isinstance(s, StrArg) and s.value == "a '{}' b" and s.raw == "a \\'{}\\' b"
    assert isinstance(p, PathArg) and p.path.text == "$.n"
    assert [f, i, t, nul] == [ConstArg(1.5, f.offset), ConstArg(-2, i.offset), ConstArg(True, t.offset),
                              ConstArg(None, nul.offset)]
    assert isinstance(inner, Call) and inner.name == "States.UUID" and inner.args == ()


def test_path_arguments_may_contain_commas_and_parens() -> None:
    call = parse_intrinsic("States.Array($['a,b'], $.x[?(@.y == 'q)')], 1)")
    assert [a.path.text for a in call.args if isinstance(a, PathArg)] == ["$['a,b']", "$.x[?(@.y == 'q)')]"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Format('Formatting argument {}.', $.obj)", "Formatting argument {Arg1=1, Arg2=[], s=x}."),
        ("States.Format('{} and {}', $.n, $.arr)", "3 and [1, 2, 2, {k=1}, {k=1}, true, 1.0]"),
        ("States.Format('{}', $.o2.z)", "null"),
        ("States.Format('\\{\\} is literal, {} is not', 'x')", "{} is literal, x is not"),
        ("States.Format('Hi {}', $$.StateMachine.Name)", "Hi my-machine-name"),
        ("States.StringToJson('{\"a\": [1, 2]}')", {"a": [1, 2]}),
        ("States.StringToJson('')", None),
        ("States.StringToJson('  ')", None),
        ("States.JsonToString($.obj)", '{"Arg1":1,"Arg2":[],"s":"x"}'),
        ("States.Array()", []),
        ("States.Array($.n, 'x', null)", [3, "x", None]),
        ("States.ArrayPartition(States.Array(1, 2, 3, 4, 5), 2)", [[1, 2], [3, 4], [5]]),
        ("States.ArrayContains($.arr, $.obj)", False),
        ("States.ArrayContains($.arr, 1)", True),
        ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
        ("States.ArrayRange(9, 0, -3)", [9, 6, 3, 0]),
        ("States.ArrayRange(42, 41, 42)", []),
        ("States.ArrayGetItem($.arr, 3)", {"k": 1}),
        ("States.ArrayLength($.arr)", 7),
        # true is not 1 in JSON; 1 and 1.0 are the same number.
        ("States.ArrayUnique($.arr)", [1, 2, {"k": 1}, True]),
        ("States.Base64Encode('Data to encode')", "RGF0YSB0byBlbmNvZGU="),
        ("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "Data to encode"),
        ("States.Hash('input data', 'MD5')", "812f45842bc6d66ee14572ce20db8e86"),
        ("States.Hash('input data', 'SHA-1')", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("States.JsonMerge($.obj, $.o2, false)", {"Arg1": 1, "Arg2": [1], "s": "x", "z": None}),
        ("States.MathAdd(1.49, 1.5)", 3),  # each argument rounded like Java
        ("States.MathAdd(-1.5, 0)", -1),
        ("States.MathAdd(-2.5, 0)", -2),
        ("States.MathAdd($.n, -1)", 2),
        ("States.StringSplit($.s, ',')", ["a", "b", "c"]),
        ("States.StringSplit('This.is+a,test', '.+,')", ["This", "is", "a", "test"]),
        ("States.StringSplit($$.Execution.Input.v, ',')", ["x", "y"]),
        (
            "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
            "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
            "name",
        ),
    ],
)
def test_evaluate(text: str, expected: Any) -> None:
    assert evaluate_intrinsic(text, DATA, CTX) == expected


def test_random_and_uuid() -> None:
    for _ in range(50):
        assert 1 <= evaluate_intrinsic("States.MathRandom(1, 4)", DATA) < 4  # type: ignore[operator]
    seeded = {evaluate_intrinsic("States.MathRandom(0, 1000, 7)", DATA) for _ in range(3)}
    assert len(seeded) == 1
    value = evaluate_intrinsic("States.UUID()", DATA)
    assert isinstance(value, str) and uuid.UUID(value).version == 4


@pytest.mark.parametrize(
    "text",
    [
        "States.Format('{} {}', 1)",
        "States.Format($.n)",
        "States.StringToJson('{nope')",
        "States.ArrayRange(0, 1000, 1)",  # 1001 items: AWS's limit is 1000
        "States.ArrayRange(0, 10, 0)",
        "States.ArrayGetItem($.arr, 7)",
        "States.ArrayGetItem($.arr, -1)",
        "States.ArrayPartition($.arr, 0)",
        "States.ArrayLength($.obj)",
        "States.Hash('x', 'SHA-3')",
        "States.JsonMerge($.obj, $.o2, true)",
        "States.MathAdd('1', 2)",
        "States.MathRandom(5, 5)",
        "States.Base64Decode('%%%')",
        "States.Nope(1)",
        "States.UUID(1)",
    ],
)
def test_runtime_errors(text: str) -> None:
    with pytest.raises(StatesError) as info:
        evaluate_intrinsic(text, DATA, CTX)
    assert info.value.error == "States.Runtime"


def test_missing_path_argument() -> None:
    with pytest.raises(PathNotFoundError, match=r"No results for path: \$\['missing'\]"):
        evaluate_intrinsic("States.Array($.missing)", DATA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Format('{}', $.a)", []),
        ("States.Fromat('{}', $.a)", [("unknown intrinsic function 'States.Fromat'; did you mean 'States.Format'?", 0)]),
        ("Format('{}', $.a)", [("unknown intrinsic function 'Format'; did you mean 'States.Format'?", 0)]),
        ("States.Array(States.UUID(1))", [("States.UUID takes 0 argument(s), got 1", 13)]),
        ("States.MathAdd(1)", [("States.MathAdd takes 2 argument(s), got 1", 0)]),
        ("States.MathRandom(1, 2, 3, 4)", [("States.MathRandom takes 2 to 3 argument(s), got 4", 0)]),
        ("States.Format()", [("States.Format takes at least 1 argument(s), got 0", 0)]),
        ("States.Format('{} {}', $.a)", [("States.Format template has 2 '{}' placeholder(s) but 1 value(s)", 14)]),
        ("States.Array(1", [("missing ')' to close States.Array(", 0)]),
        ("States.Array(1) x", [("unexpected text after the closing ')': 'x'", 16)]),
        ("States.Array(\"x\")", [("string literals in intrinsic functions use single quotes", 13)]),
        ("States.Array('x)", [("unterminated string literal (missing closing ')", 13)]),
        ("States.Array($.a[)", [("unexpected character ')' after '['", 17)]),
    ],
)
def test_check_intrinsic(text: str, expected: list[tuple[str, int]]) -> None:
    assert check_intrinsic(text) == expected


def test_nesting_limit() -> None:
    inner = "States.UUID()"
    for _ in range(10):
        inner = f"States.Array({inner})"
    problems = check_intrinsic(inner)
    assert problems and "at most 10" in problems[0][0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Format('x')", True),
        ("  States.UUID()", True),
        ("States.UUID ()", False),
        ("State.Fromat('x')", True),
        ("$.a", False),
        ("States.Format", False),
        ("hello (world)", False),
        (42, False),
    ],
)
def test_is_intrinsic(text: Any, expected: bool) -> None:
    assert is_intrinsic(text) is expected


# --------------------------------------------------------------- properties

_ALPHABET = string.ascii_letters[:8] + "States.Format(),'$[]{}\\ 0123-@?*\""


@settings(max_examples=examples(5), deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=50))
def test_parser_only_raises_path_syntax_error(text: str) -> None:
    try:
        parse_intrinsic(text)
    except PathSyntaxError as exc:
        assert 0 <= exc.offset <= len(text)
    # check_intrinsic never raises; every problem points inside the text.
    for _msg, offset in check_intrinsic(text):
        assert 0 <= offset <= len(text)


_literal_text = st.text(alphabet=string.printable, max_size=12)


def _quote(s: str) -> str:
    return "'" + "".join("\\" + c if c in "'{}\\" else c for c in s) + "'"


@settings(max_examples=examples(3), deadline=None)
@given(st.lists(_literal_text | st.integers(-99, 99) | st.booleans() | st.none(), max_size=5))
def test_generated_array_calls_round_trip(values: list[Any]) -> None:
    def lit(v: Any) -> str:
        if isinstance(v, str):
            return _quote(v)
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    text = "States.Array(" + ", ".join(lit(v) for v in values) + ")"
    assert check_intrinsic(text) == []
    assert evaluate_intrinsic(text, {}) == values
    # Format with an escaped literal template reproduces the text exactly.
    for v in values:
        if isinstance(v, str):
            assert evaluate_intrinsic(f"States.Format({_quote(v)})", {}) == v


def test_variable_arguments() -> None:
    variables = {"a": 2, "tpl": "{} and {}", "obj": {"list": [5, 6]}}
    assert evaluate_intrinsic("States.MathAdd($a, 1)", DATA, CTX, variables) == 3
    assert evaluate_intrinsic("States.Format($tpl, $obj.list[1], $.n)", DATA, CTX, variables) == "6 and 3"
    call = parse_intrinsic("States.MathAdd($obj.list[0], $.n)")
    var, path = call.args
    assert isinstance(var, PathArg) and var.variable == "obj" and var.path.text == "$.list[0]"
    assert isinstance(path, PathArg) and path.variable is None
    assert check_intrinsic("States.MathAdd($a, 1)") == []
    with pytest.raises(StatesError, match=r"The variable '\$b'"):
        evaluate_intrinsic("States.MathAdd($b, 1)", DATA, CTX, variables)


def test_a_bad_path_after_a_variable_points_at_it() -> None:
    assert check_intrinsic("States.MathAdd($a.[, 1)") == [("unexpected character ',' after '['", 19)]


def test_random_functions_use_the_given_source() -> None:
    import random

    def run(seed: int) -> tuple[object, object]:
        rng = random.Random(seed)
        return (evaluate_intrinsic("States.UUID()", DATA, rng=rng),
                evaluate_intrinsic("States.MathRandom(0, 1000000)", DATA, rng=rng))

    assert run(1) == run(1) != run(2)
    # An explicit seed argument still wins over the source.
    assert evaluate_intrinsic("States.MathRandom(0, 1000, 7)", DATA, rng=random.Random(1)) == \
        evaluate_intrinsic("States.MathRandom(0, 1000, 7)", DATA, rng=random.Random(2))
