"""Nested executions (states:startExecution) and the seed system end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compiler.run import LambdaFunction, execute
from tests.run.helpers import START, machine

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"
CHILD_ARN = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:Child"
CHILD = machine(
    ("Work", {"Type": "Wait", "Seconds": 30, "Next": "Decide"}),
    ("Decide", {"Type": "Choice", "Default": "Done", "Choices": [
        {"And": [{"Variable": "$.fail", "IsPresent": True}, {"Variable": "$.fail", "BooleanEquals": True}],
         "Next": "Boom"}]}),
    ("Boom", {"Type": "Fail", "Error": "ChildError", "Cause": "asked to fail"}),
    ("Done", {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": True}),
)


def _parent(resource: str, **extra: Any) -> dict[str, Any]:
    return machine(("Start", {"Type": "Task", "Resource": resource, "End": True,
                              "Parameters": {"StateMachineArn": CHILD_ARN, "Input.$": "$", **extra}}))


def test_fire_and_forget_returns_at_once_and_the_child_still_runs() -> None:
    execution = execute(_parent("arn:aws:states:::states:startExecution", Name="kid"), {"n": 2},
                        state_machines={CHILD_ARN: CHILD}, start_time=START)
    assert execution.status == "SUCCEEDED"
    assert execution.output["ExecutionArn"] == f"arn:aws:states:us-east-1:{ACCOUNT}:execution:Child:kid"
    assert execution.output["StartDate"] == int(START.timestamp() * 1000)
    assert execution.stop_time == execution.start_time  # did not wait for the child
    (child,) = execution.children
    assert (child.name, child.status, child.output) == ("kid", "SUCCEEDED", {"doubled": 4})
    assert child.stop_time - child.start_time == 30
    assert child.parent_arn == execution.execution_arn


def test_sync2_returns_the_child_output_as_json() -> None:
    execution = execute(_parent("arn:aws:states:::states:startExecution.sync:2"), {"n": 5},
                        state_machines={CHILD_ARN: CHILD}, start_time=START)
    out = execution.output
    assert out["Output"] == {"doubled": 10}
    assert out["Input"] == {"n": 5}
    assert out["Status"] == "SUCCEEDED"
    assert out["StateMachineArn"] == CHILD_ARN
    assert out["StopDate"] - out["StartDate"] == 30_000
    assert execution.stop_time - execution.start_time == 30  # waited for the child
    assert "TaskSubmitted" in [e.type for e in execution.events]


def test_sync_returns_the_child_output_as_text() -> None:
    execution = execute(_parent("arn:aws:states:::states:startExecution.sync"), {"n": 1},
                        state_machines={"Child": CHILD})
    assert execution.output["Output"] == '{"doubled":2}'
    assert execution.output["Input"] == '{"n":1}'


def test_a_failing_child_fails_a_sync_task_with_task_failed() -> None:
    execution = execute(_parent("arn:aws:states:::states:startExecution.sync:2"), {"n": 1, "fail": True},
                        state_machines={CHILD_ARN: CHILD})
    assert execution.error == "States.TaskFailed"
    cause = json.loads(execution.cause or "")
    assert (cause["Status"], cause["Error"], cause["Cause"]) == ("FAILED", "ChildError", "asked to fail")
    assert execution.children[0].status == "FAILED"


def test_nested_nested_and_unknown_machines() -> None:
    middle = _parent("arn:aws:states:::states:startExecution.sync:2")
    middle_arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:Middle"
    top = machine(("Start", {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                             "Parameters": {"StateMachineArn": middle_arn, "Input.$": "$"}, "End": True}))
    execution = execute(top, {"n": 3}, state_machines={middle_arn: middle, CHILD_ARN: CHILD})
    assert execution.output["Output"]["Output"] == {"doubled": 6}
    assert [e.state_machine_name for e in execution.all_executions()] == ["LocalStateMachine", "Middle", "Child"]
    missing = execute(top, {}, state_machines={})
    assert missing.error == "StepFunctions.StateMachineDoesNotExistException"


def test_a_machine_starting_itself_is_stopped() -> None:
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:Self"
    me = machine(("Again", {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                            "Parameters": {"StateMachineArn": arn}, "End": True}))
    execution = execute(me, {}, state_machines={arn: me})
    assert execution.status == "FAILED"


# ---------------------------------------------------------------- the seed


def _fn(name: str) -> str:
    return f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}"


SUB_ARN = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:sfn_sub_state_machine"
CATCH_ALL = [{"ErrorEquals": ["States.ALL"], "Next": "Error Task"}]
SUB = machine(
    ("Second Task", {
        "Type": "Task", "Resource": _fn("sfn_second_lambda"),
        "InputPath": "$['first_result','parallel_no','message','context_name','const_value']",
        "ResultPath": "$.second_result", "OutputPath": "$['second_result','parallel_no']",
        "Catch": CATCH_ALL, "Next": "Third Task",
    }),
    ("Third Task", {"Type": "Task", "Resource": _fn("sfn_third_lambda"), "ResultPath": "$",
                    "Catch": CATCH_ALL, "End": True}),
    ("Error Task", {"Type": "Task", "Resource": _fn("sfn_error_lambda"), "End": True}),
)


def _sub_task(i: int) -> dict[str, Any]:
    return machine((f"Sub Task {i}", {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "End": True,
        "Parameters": {"StateMachineArn": SUB_ARN, "Input": {
            "parallel_no": i, "first_result.$": "$", "message.$": "$.message", "context_name.$": "$$.State.Name",
            "const_value": "ham", "ignore_value": "ignore",
        }},
    }))


MAIN = machine(
    ("S3 Lambda Task", {"Type": "Task", "Resource": _fn("sfn_first_lambda"),
                        "Parameters": {"message": "Hello world"}, "Next": "Parallel Task"}),
    ("Parallel Task", {"Type": "Parallel", "Branches": [_sub_task(i) for i in (1, 2, 3)], "End": True}),
)


@pytest.fixture
def s3_bucket() -> Iterator[Any]:
    import boto3
    import moto

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="sfn-bucket-by-aws-cdk")
        yield client


def _error_output(message: str) -> dict[str, Any]:
    frame = f"  File \"/var/task/lambda_function.py\", line 3, in lambda_handler\n    raise Exception('{message}')\n"
    return {"error_message": {"errorMessage": message, "errorType": "Exception", "stackTrace": [frame]}}


def test_the_seed_runs_offline_as_the_post_shows(s3_bucket: Any) -> None:
    handlers = REPO / "handlers"
    functions = {
        _fn("sfn_first_lambda"): LambdaFunction(handlers / "first", environment={"BUCKET_NAME": "sfn-bucket-by-aws-cdk"},
                                                timeout=10),
        _fn("sfn_second_lambda"): LambdaFunction(handlers / "second"),
        _fn("sfn_third_lambda"): LambdaFunction(handlers / "third"),
        _fn("sfn_error_lambda"): LambdaFunction(handlers / "error"),
    }
    execution = execute(MAIN, {}, functions=functions, state_machines={SUB_ARN: SUB})
    assert execution.status == "SUCCEEDED", execution.cause
    first = execution.states[0].exited_output
    assert first["message"] == "Hello world"
    assert first["body"].startswith("Hello world \n value: ")
    body = s3_bucket.get_object(Bucket="sfn-bucket-by-aws-cdk", Key="sfn_first.txt")["Body"].read().decode()
    assert body == first["body"]

    children = {child.input["parallel_no"]: child for child in execution.children}
    assert sorted(children) == [1, 2, 3]
    for i, child in children.items():
        assert child.status == "SUCCEEDED"
        assert child.input["context_name"] == f"Sub Task {i}"
        assert "ignore_value" in child.input
    states = {i: {s.name: s for s in child.states} for i, child in children.items()}
    second_in = {"first_result": first, "parallel_no": 3, "message": "Hello world",
                 "context_name": "Sub Task 3", "const_value": "ham"}
    scheduled = next(e for e in children[3].events if e.type == "LambdaFunctionScheduled")
    assert scheduled.details is not None and scheduled.details["input"] == second_in
    assert states[3]["Second Task"].exited_output == {
        "second_result": {"message": "Hello world", "const_value": "ham"}, "parallel_no": 3}
    assert states[3]["Third Task"].exited_output == "only 3rd message."
    assert states[2]["Error Task"].exited_output == _error_output("偶数です")
    assert states[1]["Error Task"].exited_output == _error_output("強制的にエラーとします")
    assert children[2].states[0].error == "Exception"


def test_start_execution_wait_for_task_token() -> None:
    definition = _parent("arn:aws:states:::states:startExecution.waitForTaskToken")
    definition["States"]["Start"]["Parameters"]["Input"] = {"n": 1, "token.$": "$$.Task.Token"}
    del definition["States"]["Start"]["Parameters"]["Input.$"]
    answers: dict[str, Any] = {}

    def answer(token: str, parameters: Any) -> Any:
        answers[token] = parameters["Input"]["token"]
        return {"answered": True}

    execution = execute(definition, {}, state_machines={CHILD_ARN: CHILD}, task_answers=answer)
    assert execution.output == {"answered": True}
    ((token, passed),) = answers.items()
    assert token == passed
    assert execution.children[0].input == {"n": 1, "token": token}
