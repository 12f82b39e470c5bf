"""AWS Glue DataBrew: ``databrew:startJobRun`` (request-response, ``.sync``) on the job ``Name``."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "databrew"
CALLS = {
    "startJobRun": Call(("databrew:StartJobRun",), (RR, SYNC), sync=("databrew:ListJobRuns", "databrew:StopJobRun")),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    # The job ``Name`` is its ARN's ``${ResourceId}`` (``arns.KIND_ALIASES``), so a name chosen at
    # run time is reported as ``Name``, the field the user wrote.
    return calls.statements(CALLS[task.action], task, ctx)
