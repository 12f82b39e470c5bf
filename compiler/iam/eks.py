"""Amazon EKS: clusters, Fargate profiles, node groups; ``runJob``/``call`` reach the cluster's
Kubernetes API, authorized by the cluster's own access entries (no IAM action on the role)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "eks"
CALLS = {
    "createCluster": Call(("eks:CreateCluster",), (RR, SYNC), sync=("eks:DescribeCluster", "eks:DeleteCluster"),
                          pass_role=(("RoleArn",),), passed_to="eks.amazonaws.com"),
    "deleteCluster": Call(("eks:DeleteCluster",), (RR, SYNC), sync=("eks:DescribeCluster",)),
    "createFargateProfile": Call(("eks:CreateFargateProfile",), (RR, SYNC),
                                 sync=("eks:DescribeFargateProfile", "eks:DeleteFargateProfile"),
                                 pass_role=(("PodExecutionRoleArn",),)),
    "deleteFargateProfile": Call(("eks:DeleteFargateProfile",), (RR, SYNC), sync=("eks:DescribeFargateProfile",)),
    "createNodegroup": Call(("eks:CreateNodegroup",), (RR, SYNC),
                            sync=("eks:DescribeNodegroup", "eks:DeleteNodegroup"), pass_role=(("NodeRole",),)),
    "deleteNodegroup": Call(("eks:DeleteNodegroup",), (RR, SYNC), sync=("eks:DescribeNodegroup",)),
    "runJob": Call((), (RR, SYNC)),
    "call": Call(()),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
