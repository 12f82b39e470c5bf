"""Task integrations are classified from the Resource: service, action, pattern and target field."""

from __future__ import annotations

import pytest

from compiler.asl.tasks import classify, target_text


@pytest.mark.parametrize(
    ("resource", "service", "action", "pattern", "field"),
    [
        ("arn:aws:states:::lambda:invoke", "lambda", "invoke", "request-response", "FunctionName"),
        ("arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda", "invoke", "waitForTaskToken", "FunctionName"),
        ("arn:aws:states:::states:startExecution", "states", "startExecution", "request-response", "StateMachineArn"),
        ("arn:aws:states:::states:startExecution.sync", "states", "startExecution", "sync", "StateMachineArn"),
        ("arn:aws:states:::states:startExecution.sync:2", "states", "startExecution", "sync:2", "StateMachineArn"),
        ("arn:aws-cn:states:::states:startExecution.sync:2", "states", "startExecution", "sync:2", "StateMachineArn"),
        ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "sqs", "sendMessage", "waitForTaskToken", "QueueUrl"),
        ("arn:aws:states:::glue:startJobRun.sync", "glue", "startJobRun", "sync", "JobName"),
        ("arn:aws:states:::aws-sdk:s3:getObject", "aws-sdk:s3", "getObject", "request-response", None),
        ("arn:aws:states:::events:putEvents", "events", "putEvents", "request-response", None),
        ("arn:aws:lambda:us-east-1:123456789012:function:f", "lambda", "function", "request-response", "Resource"),
        ("arn:aws:lambda:us-east-1:123456789012:function:f:live", "lambda", "function", "request-response", "Resource"),
        ("arn:aws:states:us-east-1:123456789012:activity:a", "activity", "activity", "request-response", "Resource"),
        ("${first_arn}", "", "", "request-response", None),
        ("arn:aws:lambda:us-east-1:123456789012:layer:l:1", "", "", "request-response", None),
    ],
)
def test_classify(resource: str, service: str, action: str, pattern: str, field: str | None) -> None:
    integration = classify(resource)
    assert (integration.service, integration.action, integration.pattern) == (service, action, pattern)
    assert integration.target_field == field
    assert integration.resource == resource


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"Parameters": {"FunctionName": "arn:f", "Payload.$": "$"}}, ("arn:f", False)),
        ({"Parameters": {"FunctionName.$": "$.fn"}}, ("$.fn", True)),
        ({"Arguments": {"FunctionName": "{% $states.input.fn %}"}}, ("{% $states.input.fn %}", True)),
        ({"Arguments": {"FunctionName": "arn:f"}}, ("arn:f", False)),
        ({"Parameters": {"Payload.$": "$"}}, (None, False)),
        ({}, (None, False)),
    ],
)
def test_target_text(state: dict[str, object], expected: tuple[str | None, bool]) -> None:
    assert target_text({"Resource": "arn:aws:states:::lambda:invoke", **state},
                       classify("arn:aws:states:::lambda:invoke")) == expected


def test_a_function_arn_resource_is_its_own_target() -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
    assert target_text({"Resource": arn}, classify(arn)) == (arn, False)
