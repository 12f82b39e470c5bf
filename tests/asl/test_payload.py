"""Payload templates (Parameters, ResultSelector, ItemSelector)."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.asl import StatesError, evaluate_payload, evaluate_value_expression

DATA = {"message": "Hello world", "n": 2, "list": [{"id": 1}, {"id": 2}]}
CTX = {"State": {"Name": "Sub Task 1"}, "Execution": {"Input": {"x": 1}}}


def test_seed_branch_input() -> None:
    # The seed's Parallel branch input for the sub machine.
    template = {
        "parallel_no": 1,
        "first_result.$": "$",
        "message.$": "$.message",
        "context_name.$": "$$.State.Name",
        "const_value": "ham",
        "ignore_value": "ignore",
    }
    assert evaluate_payload(template, DATA, CTX) == {
        "parallel_no": 1,
        "first_result": DATA,
        "message": "Hello world",
        "context_name": "Sub Task 1",
        "const_value": "ham",
        "ignore_value": "ignore",
    }


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ({"a": {"b.$": "$.n"}}, {"a": {"b": 2}}),
        ({"l": [{"v.$": "$.n"}, "lit", 3]}, {"l": [{"v": 2}, "lit", 3]}),
        ({"ids.$": "$.list[*].id"}, {"ids": [1, 2]}),
        ({"f.$": "States.Format('{}!', $.message)"}, {"f": "Hello world!"}),
        ({"x.$": "$$.Execution.Input.x"}, {"x": 1}),
        ({"literal": "$.not_a_path"}, {"literal": "$.not_a_path"}),  # no .$: literal
        ({"num.$": 5}, {"num.$": 5}),  # .$ with a non-string stays literal
        ("scalar", "scalar"),
    ],
)
def test_templates(template: Any, expected: Any) -> None:
    assert evaluate_payload(template, DATA, CTX) == expected


def test_template_is_not_mutated() -> None:
    template = {"a.$": "$.n", "b": {"c.$": "$.message"}}
    copy = {"a.$": "$.n", "b": {"c.$": "$.message"}}
    evaluate_payload(template, DATA)
    assert template == copy


def test_missing_path_names_the_field() -> None:
    with pytest.raises(StatesError) as info:
        evaluate_payload({"value.$": "$.no_such_jsonpath"}, {"int-literal": 0})
    assert info.value.error == "States.Runtime"
    assert info.value.cause == (
        "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found "
        "in the input '{\"int-literal\":0}'"
    )


def test_missing_path_inside_intrinsic_keeps_its_own_cause() -> None:
    with pytest.raises(StatesError, match=r"Invalid path '\$\.nope'"):
        evaluate_payload({"v.$": "States.Array($.nope)"}, DATA)


def test_not_a_path_nor_intrinsic() -> None:
    with pytest.raises(StatesError):
        evaluate_payload({"v.$": "just text"}, DATA)


def test_variables_hook() -> None:
    variables = {"myVar": {"k": [10, 20]}, "plain": 3}
    assert evaluate_payload({"a.$": "$myVar.k[1]", "b.$": "$plain"}, DATA, CTX, variables) == {"a": 20, "b": 3}
    with pytest.raises(StatesError, match="not defined"):
        evaluate_payload({"a.$": "$unknown"}, DATA, CTX, variables)


def test_error_and_cause_path_wording() -> None:
    with pytest.raises(StatesError) as info:
        evaluate_value_expression("$.ErrorX", {"a": 1}, field="ErrorPath")
    assert info.value.cause == (
        "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"a\":1}'"
    )
