"""Amazon DynamoDB's optimized item calls (request-response only) on the table of ``TableName``."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import Call

SERVICE = "dynamodb"
CALLS = {
    "getItem": Call(("dynamodb:GetItem",)),
    "putItem": Call(("dynamodb:PutItem",)),
    "updateItem": Call(("dynamodb:UpdateItem",)),
    "deleteItem": Call(("dynamodb:DeleteItem",)),
}
ACTIONS = calls.patterns(CALLS)
KMS = {"getItem": ("kms:Decrypt",)}


def statements(task: Task, ctx: Context) -> list[Statement]:
    kms = KMS.get(task.action, ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"))
    return calls.statements(CALLS[task.action], task, ctx) + calls.kms_for(task, ctx, "TableName", kms)
