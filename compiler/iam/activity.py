"""Activities: ``arn:aws:states:REGION:ACCOUNT:activity:NAME`` (or ``${act.arn}``) as the Resource.

Running one takes no ``states:`` permission of the machine's role: workers poll the activity with
their own credentials (``states:GetActivityTask`` on their role). An activity encrypted with a
spec ``key`` is different: Step Functions encrypts the task's input with it, on behalf of the
machine's role, so the role needs ``kms:Decrypt`` and ``kms:GenerateDataKey`` on that key, for that
activity only (Step Functions developer guide, "Data at rest encryption": the encryption context
``aws:states:activityArn``; CDK's StepFunctionsInvokeActivity grants the same).
"""

from __future__ import annotations

from compiler.iam.base import Context, Statement, Task, Value

KMS = ("kms:Decrypt", "kms:GenerateDataKey")
CONTEXT_KEY = "kms:EncryptionContext:aws:states:activityArn"


def is_activity(resource: str, ctx: Context) -> bool:
    """``${act.arn}`` of a spec activity (a literal activity ARN is matched by the caller)."""
    ref = Value(resource).ref
    return ctx.kind(ref) == "activity" and ref is not None and ref.attr == "arn"


def misnamed(resource: str, ctx: Context) -> str | None:
    """``${act.arn}`` when ``resource`` is another attribute of a spec activity (``${act.name}``)."""
    ref = Value(resource).ref
    return f"${{{ref.key}.arn}}" if ref is not None and ctx.kind(ref) == "activity" and ref.attr != "arn" else None


def statements(task: Task, ctx: Context) -> list[Statement]:
    ref = Value(task.resource).ref
    if ref is None or ref.is_parameter or ref.key not in ctx.keys:
        return []  # an AWS-owned key (or an activity of another stack): nothing to grant
    key = ctx.keys[ref.key]
    return [Statement(KMS, (f"${{{key}.arn}}",), (("StringEquals", CONTEXT_KEY, (task.resource,)),))]
