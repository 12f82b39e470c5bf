"""Activity tasks locally: the worker's answer by state name or token (``task_answers``), a mock of
the activity's ARN, a state mock; without any, the task waits as in AWS (Activity* events)."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.run import ExecutionCannotFinish, TaskContext, TaskFailure, execute
from tests.run.helpers import START, event_times, machine

ARN = "arn:aws:states:us-east-1:123456789012:activity:approve-order"


def _approve(**extra: Any) -> dict[str, Any]:
    return machine(("Approve", {"Type": "Task", "Resource": ARN, "Parameters": {"order.$": "$.id"}, "End": True,
                                **extra}))


def _types(execution: Any) -> list[str]:
    return [e.type for e in execution.events]


def test_the_workers_answer_by_state_name_is_the_tasks_result_with_activity_events() -> None:
    run = execute(_approve(), {"id": 7}, task_answers={"Approve": {"approved": True}}, start_time=START)
    assert run.status == "SUCCEEDED" and run.output == {"approved": True}
    assert _types(run)[2:5] == ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"]
    scheduled = run.history()[2]["activityScheduledEventDetails"]
    assert scheduled == {"resource": ARN, "input": '{"order":7}', "inputDetails": {"truncated": False}}


def test_the_worker_gets_a_token_the_answer_may_name_and_the_context_has_none() -> None:
    seen: dict[str, Any] = {}

    def worker(token: str, parameters: Any) -> Any:
        seen["token"], seen["parameters"] = token, parameters
        return {"done": True}

    definition = _approve(ResultSelector={"done.$": "$.done", "token.$": "$$.Task"})
    run = execute(definition, {"id": 1}, task_answers=worker, start_time=START)
    assert seen["parameters"] == {"order": 1} and len(seen["token"]) == 64
    # $$.Task.Token exists only for .waitForTaskToken: an activity's token goes to its worker.
    assert run.status == "FAILED" and run.error == "States.Runtime"


def test_a_failure_from_the_worker_fails_the_task_with_activity_failed() -> None:
    run = execute(_approve(), {"id": 7}, mocks={ARN: TaskFailure("Rejected", "out of stock")}, start_time=START)
    assert run.status == "FAILED" and (run.error, run.cause) == ("Rejected", "out of stock")
    assert _types(run)[2:5] == ["ActivityScheduled", "ActivityStarted", "ActivityFailed"]


def test_without_a_worker_the_task_times_out_at_its_heartbeat_and_nobody_started_it() -> None:
    definition = _approve(TimeoutSeconds=3600, HeartbeatSeconds=60)
    run = execute(definition, {"id": 7}, start_time=START)
    assert run.status == "FAILED" and run.error == "States.Timeout"
    assert "ActivityStarted" not in _types(run)
    assert event_times(run, "ActivityTimedOut") == [60.0]
    assert run.history()[2]["activityScheduledEventDetails"]["heartbeatInSeconds"] == 60


def test_a_worker_answering_too_late_took_the_task_but_it_times_out() -> None:
    from compiler.run import TaskOutcome

    def slow(parameters: Any, context: TaskContext) -> Any:
        return TaskOutcome({"approved": True}, duration=120.0)

    run = execute(_approve(TimeoutSeconds=100), {"id": 7}, mocks={ARN: slow}, start_time=START)
    assert run.error == "States.Timeout"
    assert _types(run)[2:5] == ["ActivityScheduled", "ActivityStarted", "ActivityTimedOut"]


def test_without_a_worker_or_any_timeout_the_run_says_how_to_answer() -> None:
    with pytest.raises(ExecutionCannotFinish) as never:
        execute(_approve(), {"id": 7}, start_time=START)
    message = str(never.value)
    assert "the state 'Approve' waits for an activity worker that never answers" in message
    assert "--task-answer STATE=JSON (CLI)" in message
