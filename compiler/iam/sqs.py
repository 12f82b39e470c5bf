"""Amazon SQS: ``sqs:sendMessage`` (request-response, ``.waitForTaskToken``) on the queue of
``QueueUrl`` (a literal URL, ``${queue.url}`` of a spec queue, or a spec parameter)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, WAIT, Call

SERVICE = "sqs"
CALLS = {"sendMessage": Call(("sqs:SendMessage",), (RR, WAIT))}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx) + calls.kms_for(task, ctx, "QueueUrl", ("kms:GenerateDataKey", "kms:Decrypt"))
