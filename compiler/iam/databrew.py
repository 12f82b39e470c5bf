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
    # DataBrew names the job ``Name``; its ARN format calls it ``${ResourceId}``.
    named = Task(task.name, task.resource, {**task.payload, **_alias(task)}, task.service, task.action, task.pattern)
    return calls.statements(CALLS[task.action], named, ctx)


def _alias(task: Task) -> dict[str, object]:
    for key in ("Name", "Name.$"):
        if key in task.payload:
            return {key.replace("Name", "ResourceId"): task.payload[key]}
    return {}
