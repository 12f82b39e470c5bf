"""AWS's documented LambdaSQSIntegration example runs through ``compiler run --mock-config --test-case``.

The documented results: HappyPath gives the SQS mock as output after one Lambda call; RetryPath
fails the Lambda task three times (ResourceNotReady, then TimeoutException twice), retries after
2, 4 and 8 seconds (IntervalSeconds 2, BackoffRate 2) and succeeds with the fourth attempt;
HybridPath mocks only LambdaState, so SQSState calls the service: here the embedded SQS, where
the example's queue does not exist (AWS's error), or the --mock given for it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

from tests.testing.conftest import AWS_EXAMPLE, Ran

ASL = str(AWS_EXAMPLE / "LambdaSQSIntegration.asl.json")
CONFIG = str(AWS_EXAMPLE / "MockConfigFile.json")
SQS_RESULT = {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
              "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}
LAMBDA_RESULT = {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}


def _run(cli: Callable[..., Ran], case: str, *more: str) -> Ran:
    return cli("run", ASL, "--mock-config", CONFIG, "--test-case", case, "--format", "json", *more)


def _events(doc: dict, kind: str) -> list[dict]:
    return [e for e in doc["executions"][0]["events"] if e["type"] == kind]


def test_happy_path(cli: Callable[..., Ran]) -> None:
    ran = _run(cli, "HappyPath")
    assert ran.code == 0, ran.err
    doc = ran.json()
    assert doc["status"] == "SUCCEEDED"
    assert doc["output"] == SQS_RESULT
    # lambda:invoke's Return is the whole Invoke response: it is SQSState's input.
    entered = [e for e in doc["executions"][0]["states"] if e["name"] == "SQSState"]
    assert entered[0]["input"] == LAMBDA_RESULT
    assert len(_events(doc, "TaskScheduled")) == 2


def test_retry_path_retries_three_times_with_backoff_on_the_virtual_clock(cli: Callable[..., Ran]) -> None:
    ran = _run(cli, "RetryPath")
    assert ran.code == 0, ran.err
    doc = ran.json()
    assert doc["status"] == "SUCCEEDED"
    assert doc["output"] == SQS_RESULT
    failed = _events(doc, "TaskFailed")
    assert [e["taskFailedEventDetails"]["error"] for e in failed] == [
        "Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException"]
    lambda_attempts = [e for e in _events(doc, "TaskScheduled") if e["taskScheduledEventDetails"]["resource"] == "invoke"]
    times = [datetime.fromisoformat(e["timestamp"]) for e in lambda_attempts]
    assert len(times) == 4
    assert [(b - a).total_seconds() for a, b in itertools.pairwise(times)] == [2.0, 4.0, 8.0]


def test_hybrid_path_sends_to_the_embedded_sqs(cli: Callable[..., Ran]) -> None:
    ran = _run(cli, "HybridPath")
    assert ran.code == 1
    doc = ran.json()
    assert doc["error"] == "SQS.QueueDoesNotExistException"
    assert "(Service: AmazonSQS; Status Code: 400; Error Code: QueueDoesNotExist;" in doc["cause"]
    failed = _events(doc, "TaskFailed")
    assert failed[-1]["taskFailedEventDetails"]["resourceType"] == "sqs"


def test_hybrid_path_runs_sqs_state_as_usual(cli: Callable[..., Ran]) -> None:
    ran = _run(cli, "HybridPath", "--mock", 'arn:aws:states:::sqs:sendMessage={"MessageId": "real"}')
    assert ran.code == 0, ran.err
    assert ran.json()["output"] == {"MessageId": "real"}


def test_an_unknown_test_case_is_a_usage_error(cli: Callable[..., Ran]) -> None:
    ran = _run(cli, "HapyPath")
    assert ran.code == 2
    assert "did you mean 'HappyPath'?" in ran.err


def test_test_case_without_mock_config_is_a_usage_error(cli: Callable[..., Ran]) -> None:
    ran = cli("run", ASL, "--test-case", "HappyPath")
    assert ran.code == 2
    assert "--mock-config" in ran.err
