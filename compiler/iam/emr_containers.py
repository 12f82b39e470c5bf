"""Amazon EMR on EKS (``emr-containers``): job runs and virtual clusters."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "emr-containers"
CALLS = {
    "startJobRun": Call(("emr-containers:StartJobRun",), (RR, SYNC),
                        sync=("emr-containers:DescribeJobRun", "emr-containers:CancelJobRun"),
                        pass_role=(("ExecutionRoleArn",),)),
    "createVirtualCluster": Call(("emr-containers:CreateVirtualCluster",)),
    "deleteVirtualCluster": Call(("emr-containers:DeleteVirtualCluster",), (RR, SYNC),
                                 sync=("emr-containers:DescribeVirtualCluster",)),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
