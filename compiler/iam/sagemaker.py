"""Amazon SageMaker AI: jobs (``.sync`` with their managed rules), models and endpoints."""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "sagemaker"
_ROLE = (("RoleArn",),)
_TO = "sagemaker.amazonaws.com"
CALLS = {
    "createTrainingJob": Call(("sagemaker:CreateTrainingJob", "sagemaker:AddTags"), (RR, SYNC),
                              sync=("sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"),
                              rule="StepFunctionsGetEventsForSageMakerTrainingJobsRule", pass_role=_ROLE, passed_to=_TO),
    "createTransformJob": Call(("sagemaker:CreateTransformJob", "sagemaker:AddTags"), (RR, SYNC),
                               sync=("sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"),
                               rule="StepFunctionsGetEventsForSageMakerTransformJobsRule"),
    "createProcessingJob": Call(("sagemaker:CreateProcessingJob", "sagemaker:AddTags"), (RR, SYNC),
                                sync=("sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob"),
                                rule="StepFunctionsGetEventsForSageMakerProcessingJobsRule", pass_role=_ROLE, passed_to=_TO),
    "createHyperParameterTuningJob": Call(
        ("sagemaker:CreateHyperParameterTuningJob", "sagemaker:AddTags"), (RR, SYNC),
        sync=("sagemaker:DescribeHyperParameterTuningJob", "sagemaker:StopHyperParameterTuningJob",
              "sagemaker:ListTrainingJobsForHyperParameterTuningJob"),
        rule="StepFunctionsGetEventsForSageMakerHyperParameterTuningJobsRule", pass_role=(("TrainingJobDefinition", "RoleArn"),), passed_to=_TO),
    "createLabelingJob": Call(("sagemaker:CreateLabelingJob", "sagemaker:AddTags"), (RR, SYNC),
                              sync=("sagemaker:DescribeLabelingJob", "sagemaker:StopLabelingJob"),
                              rule="StepFunctionsGetEventsForSageMakerLabelingJobsRule", pass_role=_ROLE, passed_to=_TO),
    "createModel": Call(("sagemaker:CreateModel", "sagemaker:AddTags"), pass_role=(("ExecutionRoleArn",),), passed_to=_TO),
    "createEndpoint": Call(("sagemaker:CreateEndpoint", "sagemaker:AddTags")),
    "createEndpointConfig": Call(("sagemaker:CreateEndpointConfig", "sagemaker:AddTags")),
    "updateEndpoint": Call(("sagemaker:UpdateEndpoint",)),
}
ACTIONS = calls.patterns(CALLS)


def statements(task: Task, ctx: Context) -> list[Statement]:
    return calls.statements(CALLS[task.action], task, ctx)
