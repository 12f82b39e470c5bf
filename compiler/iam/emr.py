"""Amazon EMR (``elasticmapreduce``): clusters and steps; ``.sync`` uses managed rules."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "elasticmapreduce"
CALLS = {
    "createCluster": Call(("elasticmapreduce:RunJobFlow", "elasticmapreduce:DescribeCluster",
                           "elasticmapreduce:TerminateJobFlows"), (RR, SYNC),
                          rule="StepFunctionsGetEventForEMRRunJobFlowRule",
                          pass_role=(("ServiceRole",), ("JobFlowRole",), ("AutoScalingRole",))),
    "setClusterTerminationProtection": Call(("elasticmapreduce:SetTerminationProtection",)),
    "terminateCluster": Call(("elasticmapreduce:TerminateJobFlows",), (RR, SYNC),
                             sync=("elasticmapreduce:DescribeCluster",),
                             rule="StepFunctionsGetEventForEMRTerminateJobFlowsRule"),
    "addStep": Call(("elasticmapreduce:AddJobFlowSteps",), (RR, SYNC),
                    sync=("elasticmapreduce:DescribeStep", "elasticmapreduce:CancelSteps"),
                    rule="StepFunctionsGetEventForEMRAddJobFlowStepsRule"),
    "cancelStep": Call(("elasticmapreduce:CancelSteps",)),
    "modifyInstanceFleetByName": Call(("elasticmapreduce:ModifyInstanceFleet", "elasticmapreduce:ListInstanceFleets")),
    "modifyInstanceGroupByName": Call(("elasticmapreduce:ModifyInstanceGroups", "elasticmapreduce:ListInstanceGroups")),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
