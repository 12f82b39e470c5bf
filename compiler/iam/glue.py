"""AWS Glue: ``glue:startJobRun`` (request-response, ``.sync``, ``.waitForTaskToken``) on the job."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, WAIT, Call

SERVICE = "glue"
CALLS = {
    "startJobRun": Call(("glue:StartJobRun",), (RR, SYNC, WAIT), sync=("glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun")),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
