"""Optimized integrations seen in workflows: SNS publish, SQS send, DynamoDB items, EventBridge.

Each maps to one IAM action on the resource named by its parameters, or on every resource of
that kind in the stack's account and region when the parameter is decided at run time.
"""

from __future__ import annotations

import re

from compiler.emit.iam.aws_sdk import table_arn
from compiler.emit.iam.base import Context, Statement, Task, Value, arn

OPTIMIZED = re.compile(r"^arn:aws[a-z-]*:states:::(sns|sqs|dynamodb|events):([A-Za-z]+)(\.waitForTaskToken)?$")
ACTIONS = {
    ("sns", "publish"): "sns:Publish",
    ("sqs", "sendMessage"): "sqs:SendMessage",
    ("dynamodb", "getItem"): "dynamodb:GetItem",
    ("dynamodb", "putItem"): "dynamodb:PutItem",
    ("dynamodb", "updateItem"): "dynamodb:UpdateItem",
    ("dynamodb", "deleteItem"): "dynamodb:DeleteItem",
    ("events", "putEvents"): "events:PutEvents",
}
QUEUE_URL = re.compile(r"^https://sqs\.([a-z0-9-]+)\.amazonaws\.com[^/]*/(\d{12})/([A-Za-z0-9_.-]+)$")


def matches(task: Task, ctx: Context) -> bool:
    match = OPTIMIZED.match(task.resource)
    return match is not None and (match.group(1), match.group(2)) in ACTIONS


def statements(task: Task, ctx: Context) -> list[Statement]:
    match = OPTIMIZED.match(task.resource)
    assert match is not None
    service, name = match.group(1), match.group(2)
    action = ACTIONS[(service, name)]
    if service == "sns":
        resources = [_topic(task.get("TopicArn") or task.get("TargetArn"))]
    elif service == "sqs":
        resources = [_queue(task.get("QueueUrl"))]
    elif service == "dynamodb":
        table = task.get("TableName")
        resources = [table_arn(table if table is not None else Value(None))]
    else:
        resources = _event_buses(task)
    return [Statement((action,), tuple(resources))]


def _topic(topic: Value | None) -> str:
    if topic is None or topic.template is None:
        return arn("sns", "*")
    return topic.template


def _queue(url: Value | None) -> str:
    if url is None or url.template is None:
        return arn("sqs", "*")
    match = QUEUE_URL.match(url.template)
    if match:
        return f"arn:${{AWS::Partition}}:sqs:{match.group(1)}:{match.group(2)}:{match.group(3)}"
    return arn("sqs", "*")


def _event_buses(task: Task) -> list[str]:
    entries = task.payload.get("Entries")
    if not isinstance(entries, list) or not entries:
        return [arn("events", "event-bus/*")]
    buses: set[str] = set()
    for entry in entries:
        bus = entry.get("EventBusName") if isinstance(entry, dict) else None
        if (isinstance(entry, dict) and "EventBusName.$" in entry) or not isinstance(bus, str | None):
            return [arn("events", "event-bus/*")]
        name = bus or "default"
        buses.add(name if name.startswith("arn:") or name.startswith("${") else arn("events", f"event-bus/{name}"))
    return sorted(buses)
