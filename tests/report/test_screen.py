"""The terminal view on runs made for it: retries, a Catch, a Map with a failed item, nested executions."""

from __future__ import annotations

from typing import Any

from compiler.local.screen import ScreenOptions, render
from compiler.report.trace import trace_run
from compiler.run import TaskFailure, execute

QUEUE = "arn:aws:states:::sqs:sendMessage"
FLAKY: dict[str, Any] = {
    "StartAt": "Send",
    "States": {
        "Send": {"Type": "Task", "Resource": QUEUE, "Parameters": {"QueueUrl": "q", "MessageBody": "m"},
                 "Retry": [{"ErrorEquals": ["SQS.Throttled"], "IntervalSeconds": 1, "BackoffRate": 2,
                            "MaxAttempts": 3}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Items", "ResultPath": "$.error"}],
                 "Next": "Items"},
        "Items": {"Type": "Pass", "Result": [1, 2, 3, 4], "ResultPath": "$.items", "Next": "Each"},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": True,
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}],
                 "ItemProcessor": {"StartAt": "Check", "States": {
                     "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 3, "Next": "Bad"}],
                               "Default": "Good"},
                     "Bad": {"Type": "Fail", "Error": "Item.Bad", "Cause": "三は悪い"},
                     "Good": {"Type": "Pass", "End": True}}}},
        "Done": {"Type": "Succeed"},
    },
}


def _screen(definition: dict[str, Any], mocks: dict[str, Any], **options: Any) -> list[str]:
    execution = execute(definition, {}, mocks=mocks, state_machine_name="flaky")
    traces = trace_run(execution, {"flaky": definition})
    return render(traces, "flaky.asl.json", None, "", ScreenOptions(width=100, **options)).splitlines()


def _failing_then(times: int, result: Any) -> Any:
    calls: list[int] = []

    def mock(parameters: Any, context: Any) -> Any:
        calls.append(1)
        return TaskFailure("SQS.Throttled", "slow down") if len(calls) <= times else result

    return mock


def test_a_retried_task_shows_its_attempt_and_back_off() -> None:
    lines = _screen(FLAKY, {QUEUE: _failing_then(2, {"MessageId": "m1"})})
    assert lines[1] == '  ↻ Send  retried attempt 3/4 after 2 s back-off  → {"MessageId": "m1"}'


def test_a_task_caught_after_its_retries_names_its_catch() -> None:
    lines = _screen(FLAKY, {QUEUE: TaskFailure("SQS.Throttled", "slow down")})
    assert lines[1] == '  ↪ Send  caught attempt 4/4 after 4 s back-off · SQS.Throttled "slow down" → Items'


def test_a_map_is_summarised_with_its_first_failed_item() -> None:
    lines = _screen(FLAKY, {QUEUE: {}})
    assert lines[3] == '  ↪ Each  caught Item.Bad "三は悪い" → Done'
    # An inline Map stops at the first failed item: 3 of the 4 ran.
    assert lines[4] == '    3 of 4 items run: 1 failed, 2 succeeded; first failed: item 2, Bad: Item.Bad "三は悪い"'
    assert lines[5].startswith("  ✓ Done  → ")
    assert not any("Check" in line for line in lines)  # iterations are summarised, not listed


def test_verbose_and_history_add_blocks_under_each_state() -> None:
    plain = _screen(FLAKY, {QUEUE: {}})
    verbose = _screen(FLAKY, {QUEUE: {}}, verbose=True)
    history = _screen(FLAKY, {QUEUE: {}}, history=True)
    assert "      input:" in verbose and "      output:" in verbose and "      input:" not in plain
    send = history.index(next(line for line in history if line.startswith("  ✓ Send")))
    assert [line.split()[2] for line in history[send + 1:send + 6]] == [
        "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"]


def test_a_failed_run_ends_with_its_error_and_cause() -> None:
    definition = {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "E", "Cause": '{"a": 1}'}}}
    lines = _screen(definition, {})
    assert lines[1] == '  ✗ Boom  failed E "{\\"a\\": 1}"'
    assert lines[-7:] == ["", "status: FAILED", "error: E", "cause:", "  {", '    "a": 1', "  }"]


def test_colour_only_when_asked() -> None:
    coloured = _screen(FLAKY, {QUEUE: {}}, colour=True)
    assert "\033[32m✓\033[0m Send" in "\n".join(coloured)
    assert "\033[" not in "\n".join(_screen(FLAKY, {QUEUE: {}}))
