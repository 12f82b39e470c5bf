"""Amazon EMR on EKS (``emr-containers``): job runs and virtual clusters.

A job run's ``ExecutionRoleArn`` is not passed with ``iam:PassRole``: StartJobRun has no such
dependent action in the Service Authorization Reference; the role is bounded instead by the
condition key ``emr-containers:ExecutionRoleArn``, which we set when the role is a literal ARN. The
``.sync`` job-run actions are on that cluster's job runs (``virtualclusters/ID/jobruns/*``).
"""

from __future__ import annotations

from dataclasses import replace

from compiler.iam import calls
from compiler.iam.base import ACCOUNT, PARTITION, Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "emr-containers"
CALLS = {
    "startJobRun": Call(("emr-containers:StartJobRun",), (RR, SYNC),
                        sync=("emr-containers:DescribeJobRun", "emr-containers:CancelJobRun")),
    "createVirtualCluster": Call(("emr-containers:CreateVirtualCluster",)),
    "deleteVirtualCluster": Call(("emr-containers:DeleteVirtualCluster",), (RR, SYNC),
                                 sync=("emr-containers:DescribeVirtualCluster",)),
}
ACTIONS = calls.patterns(CALLS)
# The service-linked role the first virtual cluster of an account creates ("IAM policies for
# Amazon EMR on EKS", CreateVirtualCluster).
LINKED_ROLE = Statement(
    ("iam:CreateServiceLinkedRole",),
    (f"arn:{PARTITION}:iam::{ACCOUNT}:role/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers",),
    (("StringLike", "iam:AWSServiceName", ("emr-containers.amazonaws.com",)),))


def statements(task: Task, ctx: Context) -> list[Statement]:
    out = calls.statements(CALLS[task.action], task, ctx)
    if task.action == "createVirtualCluster":
        out.append(LINKED_ROLE)
    role = task.get("ExecutionRoleArn")
    literal = role is not None and role.template is not None and role.template.startswith("arn:") and "${" not in role.template
    if task.action == "startJobRun" and literal:
        assert role is not None and role.template is not None
        condition = ("ArnEquals", "emr-containers:ExecutionRoleArn", (role.template,))
        out[0] = replace(out[0], conditions=(*out[0].conditions, condition))
    return out
