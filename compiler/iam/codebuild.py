"""AWS CodeBuild: builds and build batches of a project (``ProjectName``)."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "codebuild"
CALLS = {
    "startBuild": Call(("codebuild:StartBuild",), (RR, SYNC),
                       sync=("codebuild:StopBuild", "codebuild:BatchGetBuilds"),
                       rule="StepFunctionsGetEventForCodeBuildStartBuildRule"),
    "stopBuild": Call(("codebuild:StopBuild",)),
    "batchDeleteBuilds": Call(("codebuild:BatchDeleteBuilds",)),
    "batchGetReports": Call(("codebuild:BatchGetReports",)),
    "startBuildBatch": Call(("codebuild:StartBuildBatch",), (RR, SYNC),
                            sync=("codebuild:StopBuildBatch", "codebuild:BatchGetBuildBatches"),
                            rule="StepFunctionsGetEventForCodeBuildStartBuildBatchRule"),
    "stopBuildBatch": Call(("codebuild:StopBuildBatch",)),
    "retryBuildBatch": Call(("codebuild:RetryBuildBatch",), (RR, SYNC),
                            sync=("codebuild:StopBuildBatch", "codebuild:BatchGetBuildBatches"),
                            rule="StepFunctionsGetEventForCodeBuildStartBuildBatchRule"),
    "deleteBuildBatch": Call(("codebuild:DeleteBuildBatch",)),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
