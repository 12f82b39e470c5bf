"""AWS Elemental MediaConvert: ``mediaconvert:createJob`` (request-response, ``.sync``)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "mediaconvert"
CALLS = {
    "createJob": Call(("mediaconvert:CreateJob",), (RR, SYNC), sync=("mediaconvert:GetJob", "mediaconvert:CancelJob"),
                      rule="StepFunctionsGetEventsForMediaConvertJobRule", pass_role=(("Role",),),
                      passed_to="mediaconvert.amazonaws.com"),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
