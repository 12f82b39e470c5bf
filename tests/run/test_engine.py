"""The execution loop, limits, history shape, context object and determinism."""

from __future__ import annotations

import json

import pytest

from compiler.run import NO_ANSWER, DefinitionError, ExecutionCannotFinish, TaskFailure, TaskOutcome, execute
from tests.run.helpers import START, event_times, machine

LOOP = machine(("A", {"Type": "Pass", "Next": "B"}), ("B", {"Type": "Pass", "Next": "A"}))
TASK = "arn:aws:states:::local:task"


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        (machine(("A", {"Type": "Bogus", "End": True})), "state 'A': unknown state type 'Bogus'"),
        (machine(("A", {"Type": "Pass", "Next": "Nowhere"})), "state 'A': transition to 'Nowhere'"),
        (machine(("A", {"Type": "Pass"})), "state 'A': a state needs exactly one of Next or End"),
        ({"StartAt": "X", "States": {"A": {"Type": "Succeed"}}}, "StartAt 'X' is not one of its states"),
        (machine(("C", {"Type": "Choice", "Choices": [{"Next": "Gone"}]})), "state 'C': transition to 'Gone'"),
        (
            machine(("P", {"Type": "Parallel", "Branches": [machine(("In", {"Type": "Nope", "End": True}))],
                           "End": True})),
            "state 'In': unknown state type 'Nope'",
        ),
        (machine(("A", {"Type": "Pass", "End": True}), QueryLanguage="JSONPAth"), "QueryLanguage must be"),
        (machine(("A", {"Type": "Pass", "Assign": ["x"], "End": True})), "state 'A': Assign must be an object"),
    ],
)
def test_bad_definitions_are_reported_with_the_state_name(definition: dict[str, object], message: str) -> None:
    with pytest.raises(DefinitionError, match=message.replace("(", r"\(")):
        execute(definition, {})


def test_the_loop_guard_stops_an_endless_machine() -> None:
    execution = execute(LOOP, {}, max_transitions=1000)
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"
    assert "more than 1000 states" in (execution.cause or "")
    assert "loops forever" in (execution.cause or "")


def test_the_loop_guard_cannot_be_caught() -> None:
    looping_branch = machine(("A", {"Type": "Pass", "Next": "A"}))
    definition = machine(
        ("P", {"Type": "Parallel", "Branches": [looping_branch], "Next": "Done",
               "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}]}),
        ("Done", {"Type": "Succeed"}),
    )
    assert execute(definition, {}, max_transitions=500).error == "States.Runtime"


def test_payloads_over_256_kib_fail_with_data_limit_exceeded() -> None:
    big = machine(("Big", {"Type": "Pass", "Result": "x" * (256 * 1024), "End": True}))
    execution = execute(big, {})
    assert execution.error == "States.DataLimitExceeded"
    assert execution.cause == (
        "The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit."
    )
    fits = machine(("Fits", {"Type": "Pass", "Result": "x" * (256 * 1024 - 2), "End": True}))
    assert execute(fits, {}).status == "SUCCEEDED"
    # Multi-byte characters count by their UTF-8 size.
    wide = machine(("Wide", {"Type": "Pass", "Result": "é" * (128 * 1024), "End": True}))
    assert execute(wide, {}).error == "States.DataLimitExceeded"


def test_a_task_result_over_the_limit_fails_the_task() -> None:
    definition = machine(("T", {"Type": "Task", "Resource": TASK, "End": True}))
    execution = execute(definition, {}, mocks={TASK: ["y" * 1000] * 300})
    assert execution.error == "States.DataLimitExceeded"
    assert [e.type for e in execution.events][-2:] == ["TaskFailed", "ExecutionFailed"]


def test_an_oversized_input_is_refused() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        execute(machine(("A", {"Type": "Succeed"})), {"a": "z" * 300_000})


def test_history_has_the_get_execution_history_shape() -> None:
    definition = machine(
        ("P", {"Type": "Pass", "Next": "T"}),
        ("T", {"Type": "Task", "Resource": TASK, "TimeoutSeconds": 30, "End": True}),
    )
    execution = execute(definition, {"a": 1}, mocks={TASK: {"r": 2}}, start_time=START)
    history = execution.history()
    assert [e["type"] for e in history] == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled",
        "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
    ]
    assert [e["id"] for e in history] == list(range(1, 10))
    # AWS links the first state to 0; afterwards each event to the one before.
    assert [e["previousEventId"] for e in history] == [0, 0, 2, 3, 4, 5, 6, 7, 8]
    assert history[0]["timestamp"] == "2025-01-01T00:00:00.000Z"
    assert history[1]["stateEnteredEventDetails"] == {"name": "P", "input": '{"a":1}', "inputDetails": {"truncated": False}}
    assert history[4]["taskScheduledEventDetails"] == {
        "resourceType": "local", "resource": "task", "region": "us-east-1", "parameters": '{"a":1}',
        "timeoutInSeconds": 30,
    }
    assert history[6]["taskSucceededEventDetails"]["output"] == '{"r":2}'
    assert json.loads(history[-1]["executionSucceededEventDetails"]["output"]) == {"r": 2}
    parsed = execution.history(json_text=False)
    assert parsed[7]["stateExitedEventDetails"]["output"] == {"r": 2}


def test_the_same_seed_gives_the_same_execution() -> None:
    definition = machine(
        ("U", {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name"},
               "End": True})
    )
    first = execute(definition, {}, seed=7, start_time=START)
    again = execute(definition, {}, seed=7, start_time=START)
    other = execute(definition, {}, seed=8, start_time=START)
    assert first.output == again.output
    assert first.history() == again.history()
    assert first.output != other.output
    assert first.execution_arn == f"arn:aws:states:us-east-1:123456789012:execution:LocalStateMachine:{first.name}"


def test_context_object() -> None:
    definition = machine(("S", {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": True}))
    execution = execute(definition, {"in": 1}, name="run-1", state_machine_name="Machine", start_time=START)
    assert execution.output == {
        "ctx": {
            "Execution": {
                "Id": "arn:aws:states:us-east-1:123456789012:execution:Machine:run-1",
                "Input": {"in": 1},
                "StartTime": "2025-01-01T00:00:00.000Z",
                "Name": "run-1",
                "RoleArn": "arn:aws:iam::123456789012:role/StepFunctionsLocalRole",
                "RedriveCount": 0,
            },
            "StateMachine": {"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:Machine", "Name": "Machine"},
            "State": {"Name": "S", "EnteredTime": "2025-01-01T00:00:00.000Z"},
        }
    }


def test_wait_moves_the_clock_and_entered_time_follows() -> None:
    definition = machine(
        ("W", {"Type": "Wait", "Seconds": 90, "Next": "T"}),
        ("T", {"Type": "Wait", "Timestamp": "2025-01-01T01:00:00Z", "Next": "S"}),
        ("S", {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime"}, "End": True}),
    )
    execution = execute(definition, {}, start_time=START)
    assert execution.output == {"at": "2025-01-01T01:00:00.000Z"}
    assert event_times(execution, "WaitStateExited") == [90, 3600]


def test_unknown_resource_fails_with_a_message_naming_it() -> None:
    execution = execute(machine(("T", {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                                       "End": True})), {})
    assert execution.error == "States.Runtime"
    assert "arn:aws:states:::sqs:sendMessage" in (execution.cause or "")


def test_task_timeout_on_the_virtual_clock() -> None:
    slow = machine(("T", {"Type": "Task", "Resource": TASK, "TimeoutSeconds": 60, "End": True}))
    execution = execute(slow, {}, mocks={TASK: lambda p, c: TaskOutcome("late", duration=61)}, start_time=START)
    assert (execution.status, execution.error) == ("FAILED", "States.Timeout")
    assert event_times(execution, "TaskTimedOut") == [60]
    fast = execute(slow, {}, mocks={TASK: lambda p, c: TaskOutcome("ok", duration=59)}, start_time=START)
    assert (fast.output, fast.stop_time - fast.start_time) == ("ok", 59)
    heartbeat = machine(("T", {"Type": "Task", "Resource": TASK, "HeartbeatSeconds": 5, "End": True}))
    assert execute(heartbeat, {}, mocks={TASK: lambda p, c: TaskOutcome(1, 6)}).error == "States.Timeout"


def test_timeout_is_retriable() -> None:
    definition = machine(("T", {"Type": "Task", "Resource": TASK, "TimeoutSeconds": 1, "End": True,
                                "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1}]}))
    outcomes = iter([TaskOutcome(None, 5), TaskOutcome("second", 0)])
    execution = execute(definition, {}, mocks={TASK: lambda p, c: next(outcomes)})
    assert execution.output == "second"


CALLBACK = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"


def _callback_machine(**extra: object) -> dict[str, object]:
    return machine(("Wait for it", {"Type": "Task", "Resource": CALLBACK, "End": True,
                                    "Parameters": {"token.$": "$$.Task.Token"}, **extra}))


def test_wait_for_task_token_takes_the_answer_from_a_callback() -> None:
    seen: dict[str, object] = {}

    def answer(token: str, parameters: object) -> object:
        seen["token"], seen["parameters"] = token, parameters
        return {"approved": True}

    execution = execute(_callback_machine(), {}, mocks={CALLBACK: "sent"}, task_answers=answer)
    assert execution.output == {"approved": True}
    assert seen["parameters"] == {"token": seen["token"]}
    by_state = execute(_callback_machine(), {}, mocks={CALLBACK: "sent"}, task_answers={"Wait for it": 42})
    assert by_state.output == 42


def test_wait_for_task_token_failure_and_timeout() -> None:
    failed = execute(_callback_machine(), {}, mocks={CALLBACK: None},
                     task_answers=lambda t, p: TaskFailure("Rejected", "no"))
    assert (failed.error, failed.cause) == ("Rejected", "no")
    silent = execute(_callback_machine(TimeoutSeconds=300), {}, mocks={CALLBACK: None},
                     task_answers=lambda t, p: NO_ANSWER, start_time=START)
    assert silent.error == "States.Timeout"
    assert silent.stop_time - silent.start_time == 300


def test_execution_timeout_seconds() -> None:
    definition = machine(("W", {"Type": "Wait", "Seconds": 100, "Next": "S"}), ("S", {"Type": "Succeed"}),
                         TimeoutSeconds=50)
    execution = execute(definition, {})
    assert (execution.status, execution.error) == ("TIMED_OUT", "States.Timeout")
    assert execution.events[-1].type == "ExecutionTimedOut"


def test_a_bad_value_in_the_definition_is_a_runtime_error_not_a_traceback() -> None:
    execution = execute(machine(("W", {"Type": "Wait", "Seconds": "soon", "End": True})), {})
    assert execution.error == "States.Runtime"
    assert "'W'" in (execution.cause or "")


def test_states_are_recorded_with_input_and_output() -> None:
    definition = machine(("A", {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "F"}),
                         ("F", {"Type": "Fail", "Error": "E", "Cause": "C"}))
    execution = execute(definition, {})
    a, f = execution.states
    assert (a.name, a.entered_input, a.exited, a.exited_output) == ("A", {}, True, {"a": 1})
    assert (f.name, f.entered_input, f.exited, f.error, f.cause) == ("F", {"a": 1}, False, "E", "C")


def test_values_are_not_mutated_between_states() -> None:
    definition = machine(("A", {"Type": "Pass", "Result": 1, "ResultPath": "$.x.y", "Next": "B"}),
                         ("B", {"Type": "Pass", "Result": 2, "ResultPath": "$.x.z", "End": True}))
    execution = execute(definition, {"x": {}})
    assert [s.entered_input for s in execution.states] == [{"x": {}}, {"x": {"y": 1}}]
    assert execution.output == {"x": {"y": 1, "z": 2}}


def test_a_custom_invoker_exception_fails_the_task() -> None:
    from compiler.run import FunctionInvoker

    def broken(resource: str, parameters: object, context: object) -> object:
        raise ConnectionError("endpoint unreachable")

    definition = machine(("T", {"Type": "Task", "Resource": TASK, "End": True}))
    execution = execute(definition, {}, invokers={TASK: FunctionInvoker(broken)})
    assert (execution.error, execution.cause) == ("ConnectionError", "endpoint unreachable")


def test_mocks_win_over_the_built_in_invokers() -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:not_here"
    execution = execute(machine(("T", {"Type": "Task", "Resource": arn, "End": True})), {}, mocks={arn: {"ok": 1}})
    assert execution.output == {"ok": 1}


def test_summary_lists_states_and_children() -> None:
    definition = machine(("A", {"Type": "Pass", "Result": 1, "Next": "F"}),
                         ("F", {"Type": "Fail", "Error": "E", "Cause": "C"}))
    summary = execute(definition, {"x": 1}).summary()
    assert summary["status"] == "FAILED"
    assert (summary["error"], summary["cause"]) == ("E", "C")
    assert summary["states"] == [
        {"name": "A", "type": "Pass", "input": {"x": 1}, "output": 1},
        {"name": "F", "type": "Fail", "input": 1, "error": "E", "cause": "C"},
    ]


def test_an_unanswered_callback_waits_as_in_aws() -> None:
    """No answer at all (no task_answers): the task waits for its TimeoutSeconds, then States.Timeout."""
    timed = execute(_callback_machine(TimeoutSeconds=300), {}, mocks={CALLBACK: None}, start_time=START)
    assert (timed.status, timed.error) == ("FAILED", "States.Timeout")
    assert timed.stop_time - timed.start_time == 300
    beat = execute(_callback_machine(HeartbeatSeconds=60), {}, mocks={CALLBACK: None}, start_time=START)
    assert beat.error == "States.Timeout" and beat.stop_time - beat.start_time == 60


def test_an_unanswered_callback_without_any_timeout_cannot_finish() -> None:
    with pytest.raises(ExecutionCannotFinish, match="would stay RUNNING"):
        execute(_callback_machine(), {}, mocks={CALLBACK: None}, start_time=START)
    definition = _callback_machine()
    definition["TimeoutSeconds"] = 3600  # the machine's own limit ends it
    execution = execute(definition, {}, mocks={CALLBACK: None}, start_time=START)
    assert (execution.status, execution.error) == ("TIMED_OUT", "States.Timeout")
    assert execution.stop_time - execution.start_time == 3600
