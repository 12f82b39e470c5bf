"""Amazon SageMaker AI: jobs (``.sync`` with their managed rules), models and endpoints.

Every call also gets ``sagemaker:ListTags``, as the Step Functions guide's SageMaker policies give
it ("IAM policies for Amazon SageMaker"), but on the resource the call makes rather than ``*``;
``sagemaker:AddTags`` only when the request carries ``Tags`` (tagging on create), on that resource too.
"""

from __future__ import annotations

from compiler.iam import calls
from compiler.iam.base import Context, Statement, Task
from compiler.iam.calls import RR, SYNC, Call

SERVICE = "sagemaker"
_ROLE = (("RoleArn",),)
_TO = "sagemaker.amazonaws.com"
CALLS = {
    "createTrainingJob": Call(("sagemaker:CreateTrainingJob",), (RR, SYNC),
                              sync=("sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"),
                              rule="StepFunctionsGetEventsForSageMakerTrainingJobsRule", pass_role=_ROLE, passed_to=_TO),
    "createTransformJob": Call(("sagemaker:CreateTransformJob",), (RR, SYNC),
                               sync=("sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"),
                               rule="StepFunctionsGetEventsForSageMakerTransformJobsRule"),
    "createProcessingJob": Call(("sagemaker:CreateProcessingJob",), (RR, SYNC),
                                sync=("sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob"),
                                rule="StepFunctionsGetEventsForSageMakerProcessingJobsRule", pass_role=_ROLE, passed_to=_TO),
    "createHyperParameterTuningJob": Call(
        ("sagemaker:CreateHyperParameterTuningJob",), (RR, SYNC),
        sync=("sagemaker:DescribeHyperParameterTuningJob", "sagemaker:StopHyperParameterTuningJob",
              "sagemaker:ListTrainingJobsForHyperParameterTuningJob"),
        rule="StepFunctionsGetEventsForSageMakerHyperParameterTuningJobsRule", pass_role=(("TrainingJobDefinition", "RoleArn"),), passed_to=_TO),
    "createLabelingJob": Call(("sagemaker:CreateLabelingJob",), (RR, SYNC),
                              sync=("sagemaker:DescribeLabelingJob", "sagemaker:StopLabelingJob"),
                              rule="StepFunctionsGetEventsForSageMakerLabelingJobsRule", pass_role=_ROLE, passed_to=_TO),
    "createModel": Call(("sagemaker:CreateModel",), pass_role=(("ExecutionRoleArn",),), passed_to=_TO),
    "createEndpoint": Call(("sagemaker:CreateEndpoint",)),
    "createEndpointConfig": Call(("sagemaker:CreateEndpointConfig",)),
    "updateEndpoint": Call(("sagemaker:UpdateEndpoint",)),
}
ACTIONS = calls.patterns(CALLS)
# The resource type each call makes or changes (the one its tags are read from and written to).
MADE = {
    "createTrainingJob": "training-job", "createTransformJob": "transform-job", "createProcessingJob": "processing-job",
    "createHyperParameterTuningJob": "hyper-parameter-tuning-job", "createLabelingJob": "labeling-job",
    "createModel": "model", "createEndpoint": "endpoint", "createEndpointConfig": "endpoint-config",
}


def statements(task: Task, ctx: Context) -> list[Statement]:
    out = calls.statements(CALLS[task.action], task, ctx)
    if task.action not in MADE:  # UpdateEndpoint makes nothing: the guide's policy is the call alone
        return out
    made = (MADE[task.action],)
    out.append(calls.action_statement("sagemaker:ListTags", task, ctx, made))
    if task.get("Tags") is not None:
        out.append(calls.action_statement("sagemaker:AddTags", task, ctx, made))
    return out
