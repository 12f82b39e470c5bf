"""Amazon SNS: ``sns:publish`` (request-response, ``.waitForTaskToken``) on ``TopicArn`` or
``TargetArn``; a ``PhoneNumber`` (SMS) has no resource to scope, so it takes ``*``. A spec topic
encrypted with a spec ``key`` also needs ``kms:GenerateDataKey`` and ``kms:Decrypt`` on that key
(SNS developer guide, "Encryption at rest": permissions of publishers to encrypted topics)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.arns import Resources, fill
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, WAIT, Call

SERVICE = "sns"
CALLS = {"publish": Call(("sns:Publish",), (RR, WAIT))}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    target = task.get("TopicArn") or task.get("TargetArn")
    if target is None:
        found = Resources(["*"], [f"state '{task.name}': an SMS to a PhoneNumber has no resource to scope"])
    else:
        aliased = Task(task.name, task.resource, {**task.payload, **_as_topic(task, target.name)})
        found = fill(aliased, "sns", "topic", ctx) or Resources(["*"], [task.runtime(target.name)], [target.name])
    kms = calls.kms_for(task, ctx, target.name, KMS) if target is not None else []
    return [calls.statement(("sns:Publish",), found), *kms]


KMS = ("kms:Decrypt", "kms:GenerateDataKey")


def _as_topic(task: Task, key: str) -> dict[str, object]:
    return {f"TopicArn{suffix}": task.payload[f"{key}{suffix}"] for suffix in ("", ".$") if f"{key}{suffix}" in task.payload}
