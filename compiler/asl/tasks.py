"""Task integrations: what a Task state calls, classified once from its Resource.

    arn:aws:states:::lambda:invoke.waitForTaskToken  lambda / invoke / waitForTaskToken, target FunctionName
    arn:aws:states:::states:startExecution.sync:2    states / startExecution / sync:2, target StateMachineArn
    arn:aws:states:::aws-sdk:s3:getObject            aws-sdk:s3 / getObject / request-response
    arn:aws:lambda:us-east-1:123456789012:function:f lambda / function (the function ARN as Resource)
    arn:aws:states:us-east-1:123456789012:activity:a activity / activity (the activity ARN as Resource)

The lowering records it for every Task of a spec (``compiler.ir.Task``); the local pre-run check,
graph and diff read the same classification, for ASL files too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

Pattern = Literal["request-response", "sync", "sync:2", "waitForTaskToken"]
PATTERN_SUFFIX: dict[Pattern, str] = {
    "request-response": "", "sync": ".sync", "sync:2": ".sync:2", "waitForTaskToken": ".waitForTaskToken",
}

# The argument naming the resource a service integration acts on (what IAM scopes, what a local
# run must serve). Integrations not listed name no single target (aws-sdk calls, events, ...).
TARGET_FIELDS: dict[tuple[str, str], str] = {
    ("lambda", "invoke"): "FunctionName",
    ("states", "startExecution"): "StateMachineArn",
    ("sqs", "sendMessage"): "QueueUrl",
    ("sns", "publish"): "TopicArn",
    ("dynamodb", "getItem"): "TableName",
    ("dynamodb", "putItem"): "TableName",
    ("dynamodb", "updateItem"): "TableName",
    ("dynamodb", "deleteItem"): "TableName",
    ("glue", "startJobRun"): "JobName",
    ("batch", "submitJob"): "JobQueue",
    ("ecs", "runTask"): "TaskDefinition",
}

_OPTIMIZED = re.compile(r"^arn:aws[a-z-]*:states:::(?P<rest>.+)$")
_DIRECT = re.compile(r"^arn:aws[a-z-]*:(?P<service>lambda|states):[^:]*:[^:]*:(?P<kind>function|activity):.+$")


class Integration(NamedTuple):
    """What one Task's Resource says it calls."""

    resource: str
    service: str  # "lambda", "states", "sqs", "aws-sdk:s3", "activity"; "" when the Resource is not an ARN we read
    action: str  # "invoke", "startExecution", "getObject"; "function"/"activity" for an ARN used as the Resource
    pattern: Pattern

    @property
    def target_field(self) -> str | None:
        """Where the target is named: "Resource" for a function or activity ARN, else an argument."""
        if self.action in ("function", "activity"):
            return "Resource"
        return TARGET_FIELDS.get((self.service, self.action))

    @property
    def is_lambda_function(self) -> bool:
        """A function ARN as the Resource (the legacy form: the handler's result is the task's)."""
        return self.service == "lambda" and self.action == "function"

    @property
    def starts_execution(self) -> bool:
        return self.service == "states" and self.action == "startExecution"


def classify(resource: str) -> Integration:
    direct = _DIRECT.match(resource)
    if direct:
        kind = direct.group("kind")
        return Integration(resource, "lambda" if kind == "function" else "activity", kind, "request-response")
    optimized = _OPTIMIZED.match(resource)
    if not optimized:
        return Integration(resource, "", "", "request-response")
    rest = optimized.group("rest")
    pattern: Pattern = "request-response"
    for candidate in ("sync:2", "sync", "waitForTaskToken"):
        if rest.endswith(PATTERN_SUFFIX[candidate]):
            pattern = candidate
            break
    rest = rest[: len(rest) - len(PATTERN_SUFFIX[pattern])]
    service, _, action = rest.rpartition(":")
    return Integration(resource, service, action, pattern)


def arguments(state: Mapping[str, Any]) -> Mapping[str, Any]:
    """A Task's Parameters (JSONPath) or Arguments (JSONata); empty when it has neither."""
    args = state.get("Parameters", state.get("Arguments"))
    return args if isinstance(args, Mapping) else {}


def target_text(state: Mapping[str, Any], integration: Integration) -> tuple[str | None, bool]:
    """``(value, chosen at run time)`` of the integration's target as the state writes it.

    ``(None, False)`` when the integration names no target or the state does not give it;
    ``(path or expression, True)`` for ``FunctionName.$`` or a JSONata ``{% ... %}``.
    """
    field = integration.target_field
    if field is None:
        return None, False
    if field == "Resource":
        return integration.resource, False
    args = arguments(state)
    if isinstance(args.get(field + ".$"), str):
        return args[field + ".$"], True
    value = args.get(field)
    if not isinstance(value, str):
        return None, False
    if value.strip().startswith("{%"):
        return value, True
    return value, False
