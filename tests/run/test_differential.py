"""Differential property test: our runner against moto's Step Functions interpreter.

Generated machines of Pass, Choice, Parallel, Map, Fail and Succeed states must
end the same way in both (status, output, error, cause). The generator stays
clear of the places where moto departs from AWS (TOOLCHAIN.md): multi-key
``$['a','b']`` and ``$.a[0].b`` selections (moto returns lists) and ResultPath
into a non-object (moto says States.Runtime, AWS States.ResultPathMatchFailure).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import time
from collections.abc import Iterator
from typing import Any

import moto
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.run import execute
from tests.fuzz import examples

ROLE = "arn:aws:iam::123456789012:role/local"
_names = itertools.count()

small_text = st.text(alphabet="abcxyz", min_size=0, max_size=3)
scalars = st.one_of(st.integers(-5, 5), small_text, st.booleans(), st.none())
results = st.one_of(scalars, st.dictionaries(st.sampled_from(["u", "v", "w"]), scalars, max_size=2))
inputs = st.fixed_dictionaries(
    {
        "n": st.integers(0, 10),
        "s": small_text,
        "arr": st.lists(st.integers(0, 9), max_size=4),
        "obj": st.fixed_dictionaries({"k": st.integers(0, 3)}),
    }
)


@st.composite
def pass_state(draw: st.DrawFn, index: int) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Pass"}
    shape = draw(st.sampled_from(["plain", "result", "parameters", "input_path"]))
    if shape == "result":
        state["Result"] = draw(results)
        state["ResultPath"] = draw(st.sampled_from([f"$.r{index}", None]))
    elif shape == "parameters":
        state["Parameters"] = {"x.$": "$.n", "lit": draw(scalars), "o.$": "$.obj", "k.$": "$.obj.k"}
        state["ResultPath"] = f"$.p{index}"
    elif shape == "input_path":
        state["InputPath"] = "$.obj"
        state["ResultPath"] = f"$.q{index}"
    return state


@st.composite
def choice_state(draw: st.DrawFn, index: int, last: int) -> dict[str, Any]:
    target = f"S{index + 1}"
    skip = f"S{min(index + 2, last)}"
    rule = draw(
        st.sampled_from(
            [
                {"Variable": "$.n", "NumericGreaterThan": draw(st.integers(0, 10))},
                {"Variable": "$.n", "NumericEquals": draw(st.integers(0, 10))},
                {"Variable": "$.s", "StringEquals": draw(small_text)},
                {"Not": {"Variable": "$.n", "NumericLessThanEquals": draw(st.integers(0, 10))}},
                {"And": [{"Variable": "$.n", "IsPresent": True}, {"Variable": "$.s", "IsString": True}]},
            ]
        )
    )
    return {"Type": "Choice", "Choices": [{**rule, "Next": skip}], "Default": target}


@st.composite
def parallel_state(draw: st.DrawFn, index: int) -> dict[str, Any]:
    count = draw(st.integers(1, 2))
    branches = [
        {"StartAt": f"B{index}_{b}", "States": {f"B{index}_{b}": {**draw(pass_state(100 + b)), "End": True}}}
        for b in range(count)
    ]
    return {"Type": "Parallel", "Branches": branches, "ResultPath": f"$.par{index}"}


@st.composite
def map_state(draw: st.DrawFn, index: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"Type": "Pass", "End": True}
    if draw(st.booleans()):
        inner["Result"] = draw(results)
    state: dict[str, Any] = {
        "Type": "Map",
        "ItemsPath": "$.arr",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": f"I{index}",
                          "States": {f"I{index}": inner}},
        "ResultPath": f"$.map{index}",
    }
    if draw(st.booleans()):
        state["ItemSelector"] = {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index", "n.$": "$.n"}
    if draw(st.booleans()):
        state["MaxConcurrency"] = 1
    return state


@st.composite
def machines(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 5))
    last = count - 1
    states: dict[str, Any] = {}
    for i in range(count):
        if i == last:
            kind = draw(st.sampled_from(["pass", "parallel", "map", "fail", "succeed"]))
        else:
            kind = draw(st.sampled_from(["pass", "choice", "parallel", "map"]))
        if kind == "choice":
            states[f"S{i}"] = draw(choice_state(i, last))
            continue
        if kind == "fail":
            # Non-empty: moto's DescribeExecution drops an empty cause altogether.
            states[f"S{i}"] = {"Type": "Fail", "Error": "Generated", "Cause": "c" + draw(small_text)}
            continue
        if kind == "succeed":
            states[f"S{i}"] = {"Type": "Succeed"}
            continue
        state = {"pass": pass_state, "parallel": parallel_state, "map": map_state}[kind](i)
        states[f"S{i}"] = {**draw(state), **({"End": True} if i == last else {"Next": f"S{i + 1}"})}
    return {"StartAt": "S0", "States": states}


@pytest.fixture(scope="module")
def sfn() -> Iterator[Any]:
    import boto3

    # moto logs every failing state at ERROR level; the failures are the point here.
    logging.getLogger("moto.stepfunctions").setLevel(logging.CRITICAL)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_EC2_METADATA_DISABLED": "true", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ.setdefault(name, value)
    with moto.mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        yield boto3.client("stepfunctions", region_name="us-east-1")


def run_in_moto(client: Any, definition: dict[str, Any], data: Any) -> dict[str, Any]:
    n = next(_names)
    machine = client.create_state_machine(name=f"gen{n}", definition=json.dumps(definition), roleArn=ROLE)
    arn = client.start_execution(stateMachineArn=machine["stateMachineArn"], name=f"run{n}",
                                 input=json.dumps(data))["executionArn"]
    deadline = time.monotonic() + 20
    while True:
        described = client.describe_execution(executionArn=arn)
        if described["status"] != "RUNNING" or time.monotonic() > deadline:
            return described
        time.sleep(0.002)  # moto runs the execution on its own thread


@settings(max_examples=examples(0.25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(definition=machines(), data=inputs)
def test_same_outcome_as_moto(sfn: Any, definition: dict[str, Any], data: dict[str, Any]) -> None:
    theirs = run_in_moto(sfn, definition, data)
    ours = execute(definition, data)
    context = json.dumps(definition)
    assert ours.status == theirs["status"], context
    if ours.status == "SUCCEEDED":
        assert ours.output == json.loads(theirs["output"]), context
    else:
        assert (ours.error, ours.cause) == (theirs.get("error"), theirs.get("cause")), context
