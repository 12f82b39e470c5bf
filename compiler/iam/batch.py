"""AWS Batch: ``batch:submitJob`` (request-response, ``.sync``, ``.waitForTaskToken``) on the job
definition and queue; ``.sync`` learns of the job's end through a managed EventBridge rule (as
CDK's ``BatchSubmitJob`` grants: no describe or terminate of jobs)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, WAIT, Call

SERVICE = "batch"
CALLS = {
    "submitJob": Call(("batch:SubmitJob",), (RR, SYNC, WAIT),
                      rule="StepFunctionsGetEventsForBatchJobsRule",
                      scope={"batch:SubmitJob": ("job-definition", "job-queue")}),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
