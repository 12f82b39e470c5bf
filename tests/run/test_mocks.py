"""Mocks: by resource, by function name for both Lambda task styles, and TaskFailure to fail a task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.run import (
    ExecutionCannotFinish,
    LambdaFunction,
    TaskContext,
    TaskFailure,
    execute,
    find_function,
)
from tests.run.helpers import START, event_times, machine

ARN = "arn:aws:lambda:us-east-1:123456789012:function:scorer"
INVOKE = "arn:aws:states:::lambda:invoke"
HANDLER = "def lambda_handler(event, context):\n    return {'from': 'handler'}\n"


def _invoke(function_name: str, **extra: Any) -> dict[str, Any]:
    return machine(("Score", {"Type": "Task", "Resource": INVOKE, "End": True,
                              "Parameters": {"FunctionName": function_name, "Payload.$": "$"}, **extra}))


def _function(tmp_path: Path) -> LambdaFunction:
    (tmp_path / "lambda_function.py").write_text(HANDLER, "utf-8")
    return LambdaFunction(code_dir=tmp_path)


# ------------------------------------------------------------- find_function


@pytest.mark.parametrize("target", [
    "scorer",
    "scorer:prod",
    ARN,
    f"{ARN}:$LATEST",
    "arn:aws:lambda:eu-west-1:111111111111:function:scorer",  # any account and region
    "123456789012:function:scorer",  # a partial ARN
    "123456789012:function:scorer:prod",
])
def test_find_function_takes_every_form_of_function_name(target: str) -> None:
    assert find_function({"scorer": 1}, target) == "scorer"
    assert find_function({ARN: 1}, target) == ARN


def test_find_function_by_the_configured_function_name() -> None:
    functions = {"arn:aws:lambda:us-east-1:123456789012:function:key": LambdaFunction(".", function_name="real")}
    assert find_function(functions, "real") == next(iter(functions))
    assert find_function(functions, "other") is None


def test_find_function_ignores_keys_that_are_not_functions() -> None:
    # A service ARN or a glob is the dispatcher's business, even when its last part looks like a name.
    table = {"arn:aws:states:::sqs:sendMessage": 1, "arn:aws:lambda:*": 2, "score*": 3}
    assert find_function(table, "sendMessage") is None
    assert find_function(table, "score*") is None
    assert find_function(table, ARN) is None


# ------------------------------------------------------ mocks by function name


@pytest.mark.parametrize("function_name", ["scorer", ARN, f"{ARN}:prod", "123456789012:function:scorer"])
def test_a_name_mock_answers_lambda_invoke_as_invoke_response(function_name: str) -> None:
    execution = execute(_invoke(function_name), {"a": 1}, mocks={"scorer": {"score": 7}})
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == {"ExecutedVersion": "$LATEST", "Payload": {"score": 7}, "StatusCode": 200}


def test_a_name_mock_answers_the_function_arn_with_the_raw_result() -> None:
    for resource in (ARN, f"{ARN}:$LATEST", "arn:aws:lambda:eu-west-1:111111111111:function:scorer"):
        definition = machine(("Score", {"Type": "Task", "Resource": resource, "End": True}))
        execution = execute(definition, {}, mocks={"scorer": {"score": 7}})
        assert execution.output == {"score": 7}, resource
        assert [e.type for e in execution.events][2:5] == [
            "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"]


def test_a_mock_wins_over_the_function(tmp_path: Path) -> None:
    functions = {ARN: _function(tmp_path)}
    ran = execute(_invoke("scorer"), {}, functions=functions)
    assert ran.output["Payload"] == {"from": "handler"}
    mocked = execute(_invoke("scorer"), {}, functions=functions, mocks={ARN: {"from": "mock"}})
    assert mocked.output["Payload"] == {"from": "mock"}


def test_a_callable_mock_gets_the_invoke_parameters() -> None:
    seen: list[Any] = []

    def score(parameters: Any, context: TaskContext) -> Any:
        seen.append((parameters, context.state_name))
        return {"score": parameters["Payload"]["a"] * 2}

    execution = execute(_invoke("scorer"), {"a": 4}, mocks={"scorer": score})
    assert execution.output["Payload"] == {"score": 8}
    assert seen == [({"FunctionName": "scorer", "Payload": {"a": 4}}, "Score")]


def test_an_unmocked_function_is_still_not_found() -> None:
    execution = execute(_invoke("other"), {}, mocks={"scorer": {}})
    assert execution.error == "Lambda.ResourceNotFoundException"


# ------------------------------------------------------- TaskFailure as a mock


def test_a_task_failure_mock_fails_the_task_with_its_error_and_cause() -> None:
    for resource, key in ((ARN, "scorer"), ("arn:aws:states:::sqs:sendMessage", "arn:aws:states:::sqs:*")):
        definition = machine(("T", {"Type": "Task", "Resource": resource, "End": True}))
        execution = execute(definition, {}, mocks={key: TaskFailure("Custom.Broken", "it broke")})
        assert (execution.status, execution.error, execution.cause) == ("FAILED", "Custom.Broken", "it broke")
    failed = next(e for e in execution.events if e.type == "TaskFailed")
    assert failed.details == {"resourceType": "sqs", "resource": "sendMessage", "error": "Custom.Broken",
                              "cause": "it broke"}


def test_a_task_failure_mock_is_retried_and_caught() -> None:
    definition = _invoke(
        "scorer",
        Retry=[{"ErrorEquals": ["Custom.Flaky"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 2}],
        Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
    )
    del definition["States"]["Score"]["End"]
    definition["States"]["Score"]["Next"] = "Handled"
    definition["States"]["Handled"] = {"Type": "Pass", "End": True}
    calls: list[int] = []

    def flaky(parameters: Any, context: TaskContext) -> Any:
        calls.append(1)
        return TaskFailure("Custom.Flaky", f"attempt {len(calls)}")

    execution = execute(definition, {}, mocks={"scorer": flaky}, start_time=START)
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"Error": "Custom.Flaky", "Cause": "attempt 3"}
    assert event_times(execution, "TaskScheduled") == [0, 2, 6]


# ------------------------------------------- messages for CLI and API users alike


def test_what_to_give_is_said_for_the_cli_and_the_api() -> None:
    sqs = machine(("Send", {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": True}))
    unserved = execute(sqs, {}).cause or ""
    assert "'arn:aws:states:::sqs:sendMessage' of the state 'Send'" in unserved
    assert "--mock " in unserved and "--mock-error " in unserved and "mocks=" in unserved
    assert "execute()" not in unserved

    callback = machine(("Ask", {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                                "End": True, "Parameters": {"token.$": "$$.Task.Token"}}))
    with pytest.raises(ExecutionCannotFinish) as never:
        execute(callback, {}, mocks={"arn:aws:states:::sqs:*": {}})
    unanswered = str(never.value)
    assert "the state 'Ask' waits for a task token that nobody sends" in unanswered
    assert "--task-answer STATE=JSON (CLI)" in unanswered and "task_answers= (API)" in unanswered

    start = machine(("Start", {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                               "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:Nope"},
                               "End": True}))
    unknown = execute(start, {})
    assert unknown.error == "StepFunctions.StateMachineDoesNotExistException"
    assert "--mock" in (unknown.cause or "") and "state_machines= (API)" in (unknown.cause or "")
