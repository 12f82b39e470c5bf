"""Every MockConfigFile feature on the interpreter: ranges, a missing attempt, Throw into Retry and
Catch, invocations counted across Map iterations, Parallel branches, .sync and .waitForTaskToken,
JSONata states."""

from __future__ import annotations

from typing import Any

from compiler.run import execute
from compiler.testing.responses import MockedAttempt, MockedResponse
from compiler.testing.state_mocks import CaseMocks

MACHINE = "M"
QUEUE = "arn:aws:states:::sqs:sendMessage"


def ok(first: int, last: int, value: Any) -> MockedAttempt:
    return MockedAttempt(first, last, value)


def throw(first: int, last: int, error: str, cause: str = "") -> MockedAttempt:
    return MockedAttempt(first, last, error=error, cause=cause)


def run(definition: dict[str, Any], mocks: dict[str, tuple[MockedAttempt, ...]], data: Any = None) -> Any:
    responses = {state: MockedResponse(f"R-{state}", attempts) for state, attempts in mocks.items()}
    return execute(definition, data, state_machine_name=MACHINE, state_mocks=CaseMocks({MACHINE: responses}))


def task(**more: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": QUEUE, "Parameters": {"MessageBody": "x"}, **more}


RETRY = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 1}]


def test_a_range_answers_each_invocation_in_it() -> None:
    definition = {"StartAt": "T", "States": {"T": task(Retry=RETRY, End=True)}}
    execution = run(definition, {"T": (throw(0, 2, "Boom"), ok(3, 3, {"n": 3}))})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"n": 3}
    assert execution.states[0].retried == [0, 0, 0]


def test_a_missing_attempt_fails_the_execution_even_with_retry_and_catch() -> None:
    definition = {"StartAt": "T", "States": {
        "T": task(Retry=RETRY, Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], End=True),
        "Caught": {"Type": "Pass", "End": True}}}
    execution = run(definition, {"T": (throw(0, 1, "Boom"),)})
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"
    assert "no mocked response for its invocation 2" in execution.cause
    assert "covers invocations 0-1" in execution.cause
    assert [s.name for s in execution.states] == ["T"]


def test_throw_goes_through_retry_then_catch() -> None:
    definition = {"StartAt": "T", "States": {
        "T": task(Retry=[{"ErrorEquals": ["Lambda.TimeoutException"], "MaxAttempts": 1}],
                  Catch=[{"ErrorEquals": ["Other"], "Next": "Wrong"},
                         {"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err", "Next": "Caught"}],
                  End=True),
        "Wrong": {"Type": "Fail"},
        "Caught": {"Type": "Pass", "End": True}}}
    execution = run(definition, {"T": (throw(0, 1, "Lambda.TimeoutException", "slow"),)}, {"k": 1})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"k": 1, "err": {"Error": "Lambda.TimeoutException", "Cause": "slow"}}
    assert execution.states[0].retried == [0]
    assert execution.states[0].caught_by == 1
    types = [e.type for e in execution.events]
    assert types.count("TaskFailed") == 2


def test_map_iterations_count_invocations_of_one_state() -> None:
    definition = {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "End": True,
        "ItemProcessor": {"StartAt": "Send", "States": {"Send": task(End=True)}}}}}
    execution = run(definition, {"Send": (ok(0, 1, "first two"), ok(2, 2, "third"))}, {"items": [1, 2, 3]})
    assert execution.status == "SUCCEEDED"
    assert execution.output == ["first two", "first two", "third"]


def test_map_iterations_run_out_of_invocations() -> None:
    definition = {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemsPath": "$.items", "End": True,
        "ItemProcessor": {"StartAt": "Send", "States": {"Send": task(End=True)}}}}}
    execution = run(definition, {"Send": (ok(0, 1, "x"),)}, {"items": [1, 2, 3]})
    assert execution.status == "FAILED"
    assert "invocation 2" in execution.cause


def test_parallel_branches_each_take_their_state_s_response() -> None:
    definition = {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "A", "States": {"A": task(End=True)}},
        {"StartAt": "B", "States": {"B": task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "BFailed"}], End=True),
                                    "BFailed": {"Type": "Pass", "Result": "b caught", "End": True}}}]}}}
    execution = run(definition, {"A": (ok(0, 0, "a"),), "B": (throw(0, 0, "SQS.Boom"),)})
    assert execution.status == "SUCCEEDED"
    assert execution.output == ["a", "b caught"]


def test_sync_and_wait_for_task_token_complete_with_return() -> None:
    definition = {"StartAt": "Job", "States": {
        "Job": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"},
                "ResultSelector": {"out.$": "$.Output"}, "ResultPath": "$.job", "Next": "Callback"},
        "Callback": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                     "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                     "TimeoutSeconds": 5, "ResultPath": "$.answer", "End": True}}}
    execution = run(definition, {"Job": (ok(0, 0, {"Output": {"done": True}, "Status": "SUCCEEDED"}),),
                                 "Callback": (ok(0, 0, {"approved": True}),)})
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == {"job": {"out": {"done": True}}, "answer": {"approved": True}}
    # No child execution ran and no token was awaited.
    assert execution.children == []


def test_wait_for_task_token_mocked_with_throw_fails_the_task() -> None:
    definition = {"StartAt": "Callback", "States": {
        "Callback": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                     "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": True}}}
    execution = run(definition, {"Callback": (throw(0, 0, "Rejected", "no"),)})
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Rejected", "no")


def test_jsonata_states_use_the_mocked_result() -> None:
    definition = {"QueryLanguage": "JSONata", "StartAt": "Invoke", "States": {
        "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
                   "Output": "{% $states.result.Payload.total * 2 %}",
                   "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}], "End": True}}}
    execution = run(definition, {"Invoke": (throw(0, 0, "Lambda.ServiceException"),
                                            ok(1, 1, {"StatusCode": 200, "Payload": {"total": 21}}))})
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == 42


def test_unmocked_states_and_other_machines_run_as_usual() -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "Next": "T"}, "T": task(End=True)}}
    responses = {"T": MockedResponse("R", (ok(0, 0, "mocked"),))}
    other = execute(definition, None, state_machine_name="Other", state_mocks=CaseMocks({MACHINE: responses}),
                    mocks={QUEUE: "resource mock"})
    assert other.output == "resource mock"
    mine = execute(definition, None, state_machine_name=MACHINE, state_mocks=CaseMocks({MACHINE: responses}),
                   mocks={QUEUE: "resource mock"})
    assert mine.output == "mocked"
