"""Amazon EMR Serverless: applications and job runs (request-response and ``.sync``)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "emr-serverless"
_APP = ("emr-serverless:GetApplication",)
CALLS = {
    "createApplication": Call(("emr-serverless:CreateApplication",), (RR, SYNC), sync=_APP),
    "startApplication": Call(("emr-serverless:StartApplication",), (RR, SYNC), sync=_APP),
    "stopApplication": Call(("emr-serverless:StopApplication",), (RR, SYNC), sync=_APP),
    "deleteApplication": Call(("emr-serverless:DeleteApplication",), (RR, SYNC), sync=_APP),
    "startJobRun": Call(("emr-serverless:StartJobRun",), (RR, SYNC),
                        sync=("emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"),
                        pass_role=(("ExecutionRoleArn",),)),
    "cancelJobRun": Call(("emr-serverless:CancelJobRun",), (RR, SYNC), sync=("emr-serverless:GetJobRun",)),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
