"""``compiler run --mock-error KEY=ERROR[:CAUSE]``: a task fails with a chosen error, so Retry and Catch run locally."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.local.conftest import Ran

INVOKE = "arn:aws:states:::lambda:invoke"
SCORE = {
    "Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "scorer", "Payload.$": "$"},
    "Retry": [{"ErrorEquals": ["Custom.Flaky"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 2}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Handled"}],
    "Next": "Done",
}
DEFINITION = {
    "StartAt": "Score",
    "States": {"Score": SCORE, "Handled": {"Type": "Pass", "End": True}, "Done": {"Type": "Succeed"}},
}


@pytest.fixture
def asl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "flaky.asl.json"
    path.write_text(json.dumps(DEFINITION), "utf-8")
    return path


def _seconds(event: dict[str, Any]) -> float:
    return datetime.fromisoformat(event["timestamp"]).timestamp()


def test_a_retried_error_waits_on_the_virtual_clock_then_is_caught(run_cli: Callable[..., Ran], asl: Path) -> None:
    ran = run_cli(str(asl), "--mock-error", "scorer=Custom.Flaky:try: again", "--input", '{"n": 1}',
                  "--format", "json")
    assert ran.code == 0, ran.err
    doc = ran.json()
    # The cause runs to the end (it may hold ':'); the catcher's ResultPath keeps the input.
    assert doc["output"] == {"n": 1, "failure": {"Error": "Custom.Flaky", "Cause": "try: again"}}
    events = doc["executions"][0]["events"]
    scheduled = [_seconds(e) for e in events if e["type"] == "TaskScheduled"]
    # Three attempts: IntervalSeconds 2, then 2 * BackoffRate 2 — virtual seconds, nobody slept.
    assert [round(t - scheduled[0]) for t in scheduled] == [0, 2, 6]
    failed = [e["taskFailedEventDetails"] for e in events if e["type"] == "TaskFailed"]
    assert failed == [{"resourceType": "lambda", "resource": "invoke", "error": "Custom.Flaky",
                       "cause": "try: again"}] * 3
    states = [s["name"] for s in doc["executions"][0]["states"]]
    assert states == ["Score", "Handled"]


def test_an_error_no_retrier_takes_is_caught_at_once(run_cli: Callable[..., Ran], asl: Path) -> None:
    ran = run_cli(str(asl), "--mock-error", "scorer=Lambda.ServiceException", "--format", "json")
    assert ran.code == 0, ran.err
    doc = ran.json()
    # No cause given: an empty one, as SendTaskFailure without a cause.
    assert doc["output"]["failure"] == {"Error": "Lambda.ServiceException", "Cause": ""}
    assert sum(e["type"] == "TaskScheduled" for e in doc["executions"][0]["events"]) == 1


def test_an_uncaught_error_fails_the_run_in_the_text_view(run_cli: Callable[..., Ran], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "send.asl.json"
    path.write_text(json.dumps({"StartAt": "Send", "States": {"Send": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": True,
        "Parameters": {"QueueUrl": "q", "MessageBody": "m"}}}}), "utf-8")
    ran = run_cli(str(path), "--mock-error", "arn:aws:states:::sqs:*=SQS.QueueDoesNotExist:no queue q")
    assert ran.code == 1
    assert '✗ Send  failed SQS.QueueDoesNotExist "no queue q"\n' in ran.out
    assert ran.out.rstrip().endswith("status: FAILED\nerror: SQS.QueueDoesNotExist\ncause: no queue q\n\n"
                                     "S3 objects (embedded emulator): none")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--mock-error", "scorer"], "--mock-error expects KEY=ERROR[:CAUSE]"),
        (["--mock-error", "scorer=:no error name"], "--mock-error scorer: expected ERROR[:CAUSE]"),
        (["--mock", "scorer={}", "--mock-error", "scorer=E"], "scorer already has a result from --mock"),
    ],
)
def test_usage_errors_exit_2(run_cli: Callable[..., Ran], asl: Path, argv: list[str], message: str) -> None:
    ran = run_cli(str(asl), *argv)
    assert ran.code == 2, ran.err
    assert message in ran.err and "Traceback" not in ran.err


def test_help_documents_the_flag(run_cli: Callable[..., Ran]) -> None:
    ran = run_cli("--help")
    assert ran.code == 0
    assert "--mock-error ARN_OR_NAME=ERROR[:CAUSE]" in ran.out and "Retry and Catch" in ran.out
