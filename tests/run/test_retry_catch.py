"""Retry back-off on the virtual clock, Catch, Parallel and Map failures."""

from __future__ import annotations

import itertools
import time

import pytest

from compiler.run import execute
from tests.run.helpers import START, event_times, flaky, machine

FLAKY = "arn:aws:states:::local:flaky"


def _retrying(retrier: dict[str, object], failures: int) -> tuple[dict[str, object], dict[str, object]]:
    definition = machine(("T", {"Type": "Task", "Resource": FLAKY, "Retry": [retrier], "End": True}))
    return definition, {FLAKY: flaky(failures)}


def test_backoff_advances_the_virtual_clock_without_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    definition, mocks = _retrying({"ErrorEquals": ["Boom"], "IntervalSeconds": 2, "BackoffRate": 3}, failures=3)

    def no_sleep(seconds: float) -> None:
        raise AssertionError(f"the runner slept {seconds} s in real time")

    monkeypatch.setattr(time, "sleep", no_sleep)
    execution = execute(definition, {}, mocks=mocks, start_time=START)
    assert execution.status == "SUCCEEDED"
    # 2, 6, 18 seconds between the attempts.
    assert event_times(execution, "TaskScheduled") == [0, 2, 8, 26]
    assert event_times(execution, "ExecutionSucceeded") == [26]
    assert execution.stop_time - execution.start_time == 26


def test_max_delay_caps_the_backoff() -> None:
    retrier = {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxDelaySeconds": 5}
    definition, mocks = _retrying(retrier, failures=3)
    execution = execute(definition, {}, mocks=mocks, start_time=START)
    assert event_times(execution, "TaskScheduled") == [0, 2, 7, 12]


def test_exhausted_retries_fail_with_the_last_error() -> None:
    definition, mocks = _retrying({"ErrorEquals": ["Boom"], "MaxAttempts": 2}, failures=5)
    execution = execute(definition, {}, mocks=mocks, start_time=START)
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Boom", "failure 3")
    assert len(event_times(execution, "TaskFailed")) == 3


def test_max_attempts_zero_never_retries() -> None:
    definition, mocks = _retrying({"ErrorEquals": ["Boom"], "MaxAttempts": 0}, failures=1)
    assert execute(definition, {}, mocks=mocks).error == "Boom"


def test_full_jitter_is_seeded() -> None:
    retrier = {"ErrorEquals": ["Boom"], "IntervalSeconds": 10, "BackoffRate": 2, "JitterStrategy": "FULL"}

    def times(seed: int) -> list[float]:
        definition, mocks = _retrying(retrier, failures=3)
        return event_times(execute(definition, {}, mocks=mocks, seed=seed, start_time=START), "TaskScheduled")

    first = times(1)
    assert first == times(1)
    assert first != times(2)
    delays = [b - a for a, b in itertools.pairwise(first)]
    assert all(0 <= d <= limit for d, limit in zip(delays, (10, 20, 40), strict=True))


def test_retry_count_is_in_the_context_object() -> None:
    definition = machine(
        (
            "T",
            {
                "Type": "Task",
                "Resource": FLAKY,
                "Parameters": {"attempt.$": "$$.State.RetryCount"},
                "Retry": [{"ErrorEquals": ["Boom"]}],
                "End": True,
            },
        )
    )
    seen: list[object] = []
    inner = flaky(2)

    def task(parameters: object, context: object) -> object:
        seen.append(parameters)
        return inner(parameters, context)  # type: ignore[arg-type]

    execute(definition, {}, mocks={FLAKY: task})
    assert seen == [{"attempt": 0}, {"attempt": 1}, {"attempt": 2}]


def test_states_all_does_not_catch_runtime_errors() -> None:
    definition = machine(
        ("P", {"Type": "Pass", "InputPath": "$.missing", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}],
               "End": True}),
        ("C", {"Type": "Pass", "End": True}),
    )
    execution = execute(definition, {})
    assert execution.error == "States.Runtime"


@pytest.mark.parametrize(
    ("result_path", "expected"),
    [
        ("$.error", {"keep": 1, "error": {"Error": "Boom", "Cause": "failure 1"}}),
        (None, {"keep": 1}),
        ("$", {"Error": "Boom", "Cause": "failure 1"}),
    ],
)
def test_catch_result_path(result_path: str | None, expected: dict[str, object]) -> None:
    catcher: dict[str, object] = {"ErrorEquals": ["Boom"], "Next": "Handled"}
    if result_path != "$":
        catcher["ResultPath"] = result_path
    definition = machine(
        ("T", {"Type": "Task", "Resource": FLAKY, "Catch": [catcher], "End": True}),
        ("Handled", {"Type": "Pass", "End": True}),
    )
    execution = execute(definition, {"keep": 1}, mocks={FLAKY: flaky(1)})
    assert execution.status == "SUCCEEDED"
    assert execution.output == expected
    # The caught state still exits, with the catcher's output.
    assert next((s.name, s.exited, s.exited_output) for s in execution.states) == ("T", True, expected)


def test_task_failed_matches_task_errors_but_not_timeouts() -> None:
    definition = machine(
        ("T", {"Type": "Task", "Resource": FLAKY, "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "H"}],
               "End": True}),
        ("H", {"Type": "Pass", "End": True}),
    )
    assert execute(definition, {}, mocks={FLAKY: flaky(1, error="Custom")}).status == "SUCCEEDED"


def _parallel(branches: list[dict[str, object]], **extra: object) -> dict[str, object]:
    return machine(("Par", {"Type": "Parallel", "Branches": branches, "End": True, **extra}),
                   ("Handled", {"Type": "Pass", "End": True}))


OK_BRANCH = machine(("A", {"Type": "Pass", "Result": "a", "End": True}))
FAIL_BRANCH = machine(("F", {"Type": "Fail", "Error": "BranchBoom", "Cause": "from branch"}))


def test_parallel_output_is_the_list_of_branch_outputs() -> None:
    execution = execute(_parallel([OK_BRANCH, machine(("B", {"Type": "Pass", "End": True}))]), {"x": 1})
    assert execution.output == ["a", {"x": 1}]


def test_a_failing_branch_fails_the_parallel_state() -> None:
    execution = execute(_parallel([OK_BRANCH, FAIL_BRANCH]), {})
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "BranchBoom", "from branch")
    types = [e.type for e in execution.events]
    assert "ParallelStateFailed" in types and "ParallelStateExited" not in types


def test_a_failing_branch_is_catchable() -> None:
    catch = [{"ErrorEquals": ["BranchBoom"], "ResultPath": "$.err", "Next": "Handled"}]
    execution = execute(_parallel([OK_BRANCH, FAIL_BRANCH], Catch=catch), {"x": 1})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"x": 1, "err": {"Error": "BranchBoom", "Cause": "from branch"}}


def test_parallel_branches_wait_concurrently_on_the_virtual_clock() -> None:
    waits = [machine((f"W{n}", {"Type": "Wait", "Seconds": n, "End": True})) for n in (5, 30, 10)]
    execution = execute(_parallel(waits), {}, start_time=START)
    assert execution.stop_time - execution.start_time == 30


def _distributed_map(**extra: object) -> dict[str, object]:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Check",
        "States": {
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 2, "Next": "Bad"}],
                      "Default": "Good"},
            "Bad": {"Type": "Fail", "Error": "TooBig", "Cause": "item > 2"},
            "Good": {"Type": "Pass", "End": True},
        },
    }
    return machine(("M", {"Type": "Map", "ItemProcessor": processor, "End": True, **extra}))


def test_map_within_tolerated_failure_count_succeeds() -> None:
    execution = execute(_distributed_map(ToleratedFailureCount=2), [1, 2, 3, 4])
    assert execution.status == "SUCCEEDED"
    assert execution.output[:2] == [1, 2]
    assert execution.output[2] == {"Error": "TooBig", "Cause": "item > 2"}
    (run,) = execution.map_runs
    assert (run.succeeded, run.failed) == (2, 2)
    # The iterations are child executions: not in the parent's states or history.
    assert [s.name for s in execution.states] == ["M"]
    assert {s.name for s in run.records} == {"Check", "Bad", "Good"}


def test_map_over_tolerated_failures_fails() -> None:
    execution = execute(_distributed_map(ToleratedFailureCount=1), [1, 2, 3, 4])
    assert execution.error == "States.ExceedToleratedFailureThreshold"
    assert "MapRunFailed" in [e.type for e in execution.events]


@pytest.mark.parametrize(("percentage", "status"), [(50, "SUCCEEDED"), (49.9, "FAILED")])
def test_map_tolerated_failure_percentage(percentage: float, status: str) -> None:
    assert execute(_distributed_map(ToleratedFailurePercentage=percentage), [1, 2, 3, 4]).status == status


def test_inline_map_fails_at_the_first_failing_iteration() -> None:
    execution = execute(_distributed_map(), [1, 3, 2])
    assert execution.error == "States.ExceedToleratedFailureThreshold"
    inline = _distributed_map()
    inline["States"]["M"]["ItemProcessor"]["ProcessorConfig"] = {"Mode": "INLINE"}  # type: ignore[index]
    execution = execute(inline, [1, 3, 2])
    assert (execution.error, execution.cause) == ("TooBig", "item > 2")
    assert [s.entered_input for s in execution.states if s.name == "Check"] == [1, 3]


def test_map_max_concurrency_schedules_on_the_virtual_clock() -> None:
    processor = {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}}
    definition = machine(("M", {"Type": "Map", "ItemProcessor": processor, "MaxConcurrency": 2, "End": True}))
    execution = execute(definition, [10, 10, 10, 5], start_time=START)
    # Two slots: 10+10 in parallel, then 10 and 5 -> 20 seconds in all.
    assert execution.stop_time - execution.start_time == 20
    unbounded = machine(("M", {"Type": "Map", "ItemProcessor": processor, "End": True}))
    assert execute(unbounded, [10, 10, 10, 5], start_time=START).stop_time - START.timestamp() == 10
