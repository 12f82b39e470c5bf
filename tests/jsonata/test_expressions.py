"""compiler.asl.jsonata: expressions, templates, $states bindings, AWS functions, error names."""

from __future__ import annotations

import random
from typing import Any

import pytest

from compiler.asl.jsonata import (
    QUERY_EVALUATION_ERROR,
    JsonataBindings,
    JsonataError,
    evaluate_expression,
    evaluate_template,
    free_variables,
    is_expression,
    iter_expressions,
    parse_errors,
    require_type,
    states_fields,
)

INPUT = {"a": 1, "n": None, "items": [0, 1, 2], "s": "x"}


def bind(**kw: Any) -> JsonataBindings:
    kw.setdefault("states_input", INPUT)
    return JsonataBindings(**kw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{% 1 %}", True),
        ("{%1%}", True),
        (" {% 1 %}", False),  # AWS needs the delimiters at the very ends
        ("{% 1 %} ", False),
        ("{% 1", False),
        ("plain", False),
        (1, False),
    ],
)
def test_is_expression(value: object, expected: bool) -> None:
    assert is_expression(value) is expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("{% $states.input.a + 1 %}", 2),
        ("{% $states.input.n %}", None),  # JSON null is a value, not "nothing"
        ("{% [1, null] %}", [1, None]),
        ("{% $states.input.items[1] %}", 1),
        ("{% 3.0 %}", 3),
        ("{% $merge([{'a': 1}, {'b': 2}]) %}", {"a": 1, "b": 2}),
        ("{% $variable := 1 %}", 1),  # a top-level bind is allowed (recorded: MaxConcurrency)
        ("{% $partition([0, 1, 2], 2) %}", [[0, 1], [2]]),
        ("{% $partition([0], 2) %}", [[0]]),
        ("{% $range(0, 10, 3) %}", [0, 3, 6, 9]),
        ("{% $range(1, 9, 9) %}", 1),  # a one-item sequence collapses, as recorded
        ("{% $parse('-0') %}", 0),
        ("{% $parse('{\"Arg1\": 1, \"Arg2\": []}') %}", {"Arg1": 1, "Arg2": []}),
        ("{% $hash('a', 'MD5') %}", "0cc175b9c0f1b6a831c399e269772661"),
    ],
)
def test_evaluate_expression(expr: str, expected: Any) -> None:
    assert evaluate_expression(expr, bind()) == expected


def test_states_bindings() -> None:
    bindings = bind(states_result={"r": 2}, states_context={"State": {"Name": "S"}})
    assert evaluate_expression("{% $states.result.r %}", bindings) == 2
    assert evaluate_expression("{% $states.context.State.Name %}", bindings) == "S"
    caught = bind().with_error_output({"Error": "E", "Cause": "c"})
    assert evaluate_expression("{% $states.errorOutput.Error %}", caught) == "E"


def test_variables_are_bound() -> None:
    assert evaluate_expression("{% $x.y & $s %}", bind(variables={"x": {"y": "a"}, "s": "b"})) == "ab"


def test_random_and_uuid_follow_the_rng() -> None:
    first = evaluate_expression("{% $uuid() %}", bind(rng=random.Random(7)))
    again = evaluate_expression("{% $uuid() %}", bind(rng=random.Random(7)))
    assert first == again and len(first) == 36
    assert evaluate_expression("{% $random(4) %}", bind()) == evaluate_expression("{% $random(4) %}", bind())


@pytest.mark.parametrize(
    ("expr", "field", "cause"),
    [
        ("{% $doesNotExist %}", "Output",
         "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined)."),
        ("{% $randomSeeded(1) %}", "Output/FunctionResult",
         "The JSONata expression '$randomSeeded(1)' specified for the field 'Output/FunctionResult' threw an error "
         "during evaluation. T1006: Attempted to invoke a non-function"),
        ("{% $fn := function($x){$x} %}", "Items",
         "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported "
         "result type."),
    ],
)
def test_errors_are_query_evaluation_errors(expr: str, field: str, cause: str) -> None:
    with pytest.raises(JsonataError) as info:
        evaluate_expression(expr, bind(), field)
    assert info.value.error == QUERY_EVALUATION_ERROR
    assert info.value.cause == cause


def test_python_level_failures_become_query_evaluation_errors() -> None:
    with pytest.raises(JsonataError, match="D1001"):
        evaluate_expression("{% 1/0 %}", bind())


def test_template_is_recursive_and_names_the_field() -> None:
    template = {"a": "{% $states.input.a %}", "list": ["x", "{% 2 %}"], "lit": "{% not closed", "n": None}
    assert evaluate_template(template, bind()) == {"a": 1, "list": ["x", 2], "lit": "{% not closed", "n": None}
    with pytest.raises(JsonataError, match="'Output/result'"):
        evaluate_template({"result": "{% $doesNotExist %}"}, bind())
    with pytest.raises(JsonataError, match="'Assign/result'"):
        evaluate_template({"result": "{% $doesNotExist %}"}, bind(), field="Assign")


def test_require_type_words_like_aws() -> None:
    assert require_type([1], "array", "{% x %}", "Items") == [1]
    with pytest.raises(JsonataError) as info:
        require_type({"foo": "bar"}, "array", "{% $ItemsVar %}", "Items")
    assert info.value.cause == (
        "The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. "
        "Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"
    )


def test_parse_errors_give_offsets() -> None:
    assert parse_errors("$states.input.a") == []
    [(message, offset)] = parse_errors("$states.input.a + ")
    assert message.startswith("S0207") and offset == 17
    assert parse_errors("")[0][0] == "empty JSONata expression"


def test_free_variables_skip_local_bindings_and_builtins() -> None:
    text = "($x := 1; $y + $x + $sum($states.input.a) ~> $f; function($p){$p + $q}(2))"
    assert free_variables(text) == [("y", 10), ("f", 45), ("q", 67)]
    assert free_variables("$uuid() & $partition([1], 1)") == []
    assert free_variables("syntax error (") == []


def test_states_fields() -> None:
    text = "$states.input.a & $states.result & $string($states) & $states.errorOutput.Cause & $states.foo"
    assert [name for name, _ in states_fields(text)] == ["input", "result", "", "errorOutput", "foo"]


def test_iter_expressions() -> None:
    value = {"a": "{% 1 %}", "b": ["x", {"c": "{% 2 %}"}]}
    assert list(iter_expressions(value)) == [(("a",), "{% 1 %}"), (("b", 1, "c"), "{% 2 %}")]


def test_a_cached_expression_does_not_time_out_later(monkeypatch: pytest.MonkeyPatch) -> None:
    # jsonata-python starts its 5 s timeout when the expression is compiled; we restart it per evaluation.
    from jsonata import timebox

    assert evaluate_expression("{% $states.input.a + 41 %}", bind()) == 42
    real = timebox.Timebox.current_milli_time
    monkeypatch.setattr(timebox.Timebox, "current_milli_time", staticmethod(lambda: real() + 60_000))
    assert evaluate_expression("{% $states.input.a + 41 %}", bind()) == 42


def test_failed_evaluations_do_not_exhaust_the_depth_limit() -> None:
    # A failing evaluation leaves jsonata-python's depth count raised; hundreds of them must not add up.
    for _ in range(600):
        with pytest.raises(JsonataError, match="T1006"):
            evaluate_expression("{% $randomSeeded(1) %}", bind())
    with pytest.raises(JsonataError, match="T1006"):
        evaluate_expression("{% $randomSeeded(1) %}", bind())
