"""AWS SDK integrations: ``arn:aws:states:::aws-sdk:SERVICE:ACTION[.waitForTaskToken]``.

Resolved from AWS's data, not a hand list: the IAM prefix is the SDK service's signing name
(``sfn`` -> ``states``, ``cloudwatchlogs`` -> ``logs``), the IAM action is the API operation's own
name or, where IAM names it differently, the action whose documentation is that operation's page
(S3's ``listObjectsV2`` -> ``s3:ListBucket``). S3's HEAD and copy operations are documented on the
S3 API pages ("Permissions" of HeadObject, HeadBucket, CopyObject, DeleteObjects, ListObjects)
rather than in the authorization data: those few are the table below, each checked against the
data like every other action. Resources come from the action's resource types
(``compiler.iam.arns``).
"""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.arns import Resources, for_action
from compiler.iam.base import Context, Statement, Task, UnsupportedIntegration
from compiler.iam.data import Action, index

# (IAM prefix, API operation) -> IAM actions, from the operation's "Permissions" section.
DOCUMENTED = {
    ("s3", "HeadObject"): ("GetObject",),
    ("s3", "HeadBucket"): ("ListBucket",),
    ("s3", "ListObjects"): ("ListBucket",),
    ("s3", "CopyObject"): ("GetObject", "PutObject"),
    ("s3", "DeleteObjects"): ("DeleteObject",),
    ("s3", "SelectObjectContent"): ("GetObject",),
    ("s3", "UploadPartCopy"): ("GetObject", "PutObject"),
    ("s3", "CompleteMultipartUpload"): ("PutObject",),
    ("s3", "CreateMultipartUpload"): ("PutObject",),
    ("s3", "UploadPart"): ("PutObject",),
    # DynamoDB's transactions need the item actions they contain (DynamoDB developer guide,
    # "Using IAM with DynamoDB transactions").
    ("dynamodb", "TransactWriteItems"): ("ConditionCheckItem", "DeleteItem", "PutItem", "UpdateItem"),
    ("dynamodb", "TransactGetItems"): ("GetItem",),
}
# Roles a call hands to a service: (IAM prefix, operation) -> parameter paths (iam:PassRole).
PASSES_ROLE = {
    ("scheduler", "CreateSchedule"): (("Target", "RoleArn"),),
    ("scheduler", "UpdateSchedule"): (("Target", "RoleArn"),),
    ("states", "CreateStateMachine"): (("RoleArn",),),
    ("lambda", "CreateFunction"): (("Role",),),
    ("glue", "CreateJob"): (("Role",),),
    ("glue", "CreateCrawler"): (("Role",),),
    ("events", "PutTargets"): (("Targets", "RoleArn"),),
    ("ecs", "RunTask"): (("Overrides", "TaskRoleArn"), ("Overrides", "ExecutionRoleArn")),
}


def resolve(sdk_service: str, sdk_action: str) -> list[Action]:
    """The IAM actions an ``aws-sdk:SERVICE:ACTION`` call needs; [] if the data knows none."""
    data = index()
    prefix = data.sdk_prefix(sdk_service)
    if prefix is None:
        return []
    operation = sdk_action[:1].upper() + sdk_action[1:]
    documented = DOCUMENTED.get((prefix, operation))
    if documented is not None:
        return [a for name in documented if (a := data.action(f"{prefix}:{name}")) is not None]
    found = data.api_action(prefix, operation)
    return [found] if found is not None else []


def statements(task: Task, ctx: Context) -> list[Statement]:
    sdk_service = task.service.split(":", 1)[1]
    actions = resolve(sdk_service, task.action)
    if not actions:
        raise UnsupportedIntegration(task.name, task.resource, *_why(sdk_service, task.action))
    out = []
    for action in actions:
        found: Resources = _nested_tables(task, action, ctx) or for_action(task, action, ctx)
        out.append(calls.statement((str(action),), found))
    operation = task.action[:1].upper() + task.action[1:]
    for path in PASSES_ROLE.get((actions[0].prefix, operation), ()):
        passed = calls.pass_role(task, path)
        if passed is not None:
            out.append(passed)
    kms = KMS_CALLS.get((actions[0].prefix, operation))
    if kms is not None:
        out.extend(calls.kms_for(task, ctx, *kms))
    return out


# Calls that read or write a value encrypted with the resource's KMS key: when the parameter
# names a spec resource with a spec ``key``, the call needs these on that key (Secrets Manager
# user guide, "Secret encryption and decryption in AWS Secrets Manager").
KMS_CALLS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("secretsmanager", "GetSecretValue"): ("SecretId", ("kms:Decrypt",)),
    ("secretsmanager", "PutSecretValue"): ("SecretId", ("kms:Decrypt", "kms:GenerateDataKey")),
}


def _why(sdk_service: str, sdk_action: str) -> tuple[str, str | None]:
    import difflib

    data = index()
    prefix = data.sdk_prefix(sdk_service)
    if prefix is None:
        close = difflib.get_close_matches(sdk_service.lower(), data.sdk_names(), n=1)
        return f"AWS's data knows no SDK service '{sdk_service}'", (f"aws-sdk:{close[0]}" if close else None)
    names = {a[:1].lower() + a[1:]: a for a in data.actions_of(prefix)}
    close = difflib.get_close_matches(sdk_action, list(names), n=1)
    suggestion = f"aws-sdk:{sdk_service}:{close[0]}" if close else None
    return f"'{prefix}' has no IAM action for the operation '{sdk_action}'", suggestion


def _nested_tables(task: Task, action: Action, ctx: Context) -> Resources | None:
    """DynamoDB calls that name their tables inside the request (transactions, batches)."""
    if action.prefix != "dynamodb" or task.get("TableName") is not None:
        return None
    names: list[Task] = []
    _tables(task.payload, task, names)
    if not names:
        return None
    out = Resources()
    for named in names:
        out.add(for_action(named, action, ctx))
    return out


def _tables(value: object, task: Task, out: list[Task]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("TableName", "TableName.$"):
                out.append(Task(task.name, task.resource, {key: item}))
            elif key == "RequestItems" and isinstance(item, dict):
                out.extend(Task(task.name, task.resource, {"TableName": table}) for table in item)
            else:
                _tables(item, task, out)
    elif isinstance(value, list):
        for item in value:
            _tables(item, task, out)
