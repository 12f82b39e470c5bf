"""compiler.asl.variables: scopes and Assign evaluation in both query languages."""

from __future__ import annotations

import pytest

from compiler.asl.jsonata import JsonataError
from compiler.asl.variables import VariableScope, evaluate_assign


def test_inner_scopes_read_outer_and_do_not_leak() -> None:
    outer = VariableScope()
    outer.assign({"x": 42, "items": [1, 2, 3]})
    inner = outer.child()
    assert inner["x"] == 42 and "items" in inner
    inner.assign({"innerX": 42, "x": 1})
    assert inner.visible() == {"x": 1, "items": [1, 2, 3], "innerX": 42}
    # BASE_SCOPE_MAP / BASE_SCOPE_PARALLEL: nothing assigned inside is seen outside.
    assert outer.visible() == {"x": 42, "items": [1, 2, 3]}
    assert "innerX" not in outer
    with pytest.raises(KeyError):
        outer["innerX"]
    assert outer.get("innerX") is None


def test_assign_sees_old_values_and_applies_together() -> None:
    scope = VariableScope()
    scope.assign({"a": 1, "b": 2})
    # A swap works only if every value is evaluated against the old ones.
    values = evaluate_assign({"a": "{% $b %}", "b": "{% $a %}"}, jsonata=True, variables=scope.visible())
    scope.assign(values)
    assert scope.visible() == {"a": 2, "b": 1}


def test_jsonata_assign_sees_states_result_and_input() -> None:
    values = evaluate_assign(
        {"r": "{% $states.result.v %}", "i": "{% $states.input.k %}", "lit": [1, "two"]},
        jsonata=True, variables={}, states_input={"k": "in"}, states_result={"v": 5},
    )
    assert values == {"r": 5, "i": "in", "lit": [1, "two"]}


def test_jsonata_assign_undefined_is_an_error_naming_the_field() -> None:
    with pytest.raises(JsonataError, match="field 'Assign/result' returned nothing"):
        evaluate_assign({"result": "{% $doesNotExist %}"}, jsonata=True, variables={}, states_input={})


def test_jsonpath_assign_paths_context_variables() -> None:
    # BASE_PATHS and BASE_EVALUATION_ORDER_PASS_STATE, without the intrinsic.
    values = evaluate_assign(
        {"root.$": "$", "field.$": "$.input_value", "ctx.$": "$$.State.Name", "var.$": "$x", "answer": 42},
        jsonata=False, variables={"x": {"deep": 1}}, data={"input_value": "v"},
        context={"State": {"Name": "State0"}},
    )
    assert values == {"root": {"input_value": "v"}, "field": "v", "ctx": "State0", "var": {"deep": 1}, "answer": 42}
