"""AWS SDK integrations: ``arn:aws:states:::aws-sdk:SERVICE:ACTION[.waitForTaskToken]``.

The IAM action is ``service:Action`` (the SDK's service name mapped to its IAM prefix where they
differ). The resource comes from the parameters for the services whose ARNs can be built from
them; otherwise it is ``*``, the resource the Step Functions guide documents for SDK integrations.
The action is always one specific action, never a wildcard.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from compiler.emit.iam.base import Context, Statement, Task, Value, arn
from compiler.emit.iam.lambda_invoke import function_resources
from compiler.emit.iam.s3_common import bucket_arn, object_arn
from compiler.emit.iam.start_execution import machine_resources

SDK = re.compile(r"^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)(\.waitForTaskToken)?$")

# SDK service names whose IAM prefix differs.
SERVICE_PREFIX = {
    "sfn": "states",
    "cloudwatchlogs": "logs",
    "cloudwatchevents": "events",
    "eventbridge": "events",
    "efs": "elasticfilesystem",
    "elasticloadbalancingv2": "elasticloadbalancing",
    "emrserverless": "emr-serverless",
    "emrcontainers": "emr-containers",
    "sesv2": "ses",
    "apigatewayv2": "apigateway",
    "acmpca": "acm-pca",
    "opensearch": "es",
}
# (IAM prefix, SDK action) whose IAM action has another name.
ACTION_NAME = {
    ("s3", "listObjectsV2"): "ListBucket",
    ("s3", "listObjects"): "ListBucket",
    ("s3", "headObject"): "GetObject",
    ("s3", "headBucket"): "ListBucket",
    ("s3", "copyObject"): "PutObject",
    ("s3", "getObjectAttributes"): "GetObject",
    ("s3", "deleteObjects"): "DeleteObject",
}
S3_BUCKET_LEVEL = {"ListBucket", "ListBucketVersions", "ListBucketMultipartUploads", "GetBucketLocation"}


def matches(task: Task, ctx: Context) -> bool:
    return bool(SDK.match(task.resource))


def statements(task: Task, ctx: Context) -> list[Statement]:
    match = SDK.match(task.resource)
    assert match is not None
    service, sdk_action = match.group(1), match.group(2)
    prefix = SERVICE_PREFIX.get(service, service)
    action = ACTION_NAME.get((prefix, sdk_action), sdk_action[:1].upper() + sdk_action[1:])
    finder = RESOURCES.get(prefix)
    resources = finder(task, action, ctx) if finder is not None else None
    return [Statement((f"{prefix}:{action}",), tuple(resources or ["*"]))]


def _s3(task: Task, action: str, ctx: Context) -> list[str] | None:
    bucket = task.get("Bucket")
    if bucket is None:
        return None
    if action in S3_BUCKET_LEVEL or (task.get("Key") is None and action.startswith(("List", "GetBucket", "PutBucket"))):
        return [bucket_arn(bucket, ctx)]
    return [object_arn(bucket, task.get("Key"), ctx)]


def _dynamodb(task: Task, action: str, ctx: Context) -> list[str] | None:
    table = task.get("TableName")
    return [table_arn(table)] if table is not None else None


def table_arn(table: Value) -> str:
    if table.template is None:
        return arn("dynamodb", "table/*")
    if table.template.startswith("arn:"):
        return table.template
    return arn("dynamodb", f"table/{table.template}")


def _lambda(task: Task, action: str, ctx: Context) -> list[str] | None:
    target = task.get("FunctionName")
    return function_resources(target, ctx) if target is not None else None


def _states(task: Task, action: str, ctx: Context) -> list[str] | None:
    target = task.get("StateMachineArn")
    if target is None:
        return None
    return [machine_resources(target, ctx)[0]]


def _sns(task: Task, action: str, ctx: Context) -> list[str] | None:
    topic = task.get("TopicArn")
    if topic is None:
        return None
    return [topic.template if topic.template is not None else arn("sns", "*")]


def _secrets(task: Task, action: str, ctx: Context) -> list[str] | None:
    secret = task.get("SecretId")
    if secret is None or secret.template is None:
        return None
    if secret.template.startswith("arn:"):
        return [secret.template]
    # A name: the service appends a random 6-character suffix to the ARN.
    return [arn("secretsmanager", f"secret:{secret.template}-??????")]


RESOURCES: dict[str, Callable[[Task, str, Context], list[str] | None]] = {
    "s3": _s3,
    "dynamodb": _dynamodb,
    "lambda": _lambda,
    "states": _states,
    "sns": _sns,
    "secretsmanager": _secrets,
}
