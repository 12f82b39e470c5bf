"""Which Task integrations a local run executes against the emulator, and AWS's names for them.

Optimized integrations (``arn:aws:states:::dynamodb:putItem``) and ``aws-sdk:<service>:<action>``
calls go to boto3 (so to the embedded moto, or ``--endpoint-url``). Services whose work moto does not
do (it accepts a Batch job or an ECS task but never runs it, and it has no model of a Bedrock answer
or an HTTP endpoint) are not served: the pre-run check asks for a mock for each state using one.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.asl.tasks import Integration, classify

# Optimized integrations served by the emulator (service -> actions), besides lambda:invoke and
# states:startExecution, which the runner serves itself.
OPTIMIZED: dict[str, frozenset[str]] = {
    "dynamodb": frozenset({"getItem", "putItem", "updateItem", "deleteItem"}),
    "sqs": frozenset({"sendMessage"}),
    "sns": frozenset({"publish"}),
    "events": frozenset({"putEvents"}),
}

# Services a local run cannot execute: moto either lacks them or records the request without doing
# the work (a job that never runs, a model that never answers). Names as they appear after
# ``arn:aws:states:::`` or ``aws-sdk:``.
NOT_RUNNABLE = frozenset({
    "ecs", "batch", "glue", "athena", "elasticmapreduce", "emr", "emr-serverless", "emr-containers",
    "sagemaker", "bedrock", "bedrockruntime", "bedrock-runtime", "bedrockagent", "bedrockagentruntime",
    "http", "apigateway", "codebuild", "eks", "mediaconvert", "glue-databrew", "databrew", "states:activity",
})

# The SDK's service name (as Step Functions writes it, lower case) -> boto3's client name, where they differ.
SDK_CLIENTS: dict[str, str] = {
    "sfn": "stepfunctions",
    "eventbridge": "events",
    "cloudwatchlogs": "logs",
    "cloudwatchevents": "events",
    "lambda": "lambda",
    "acmpca": "acm-pca",
    "cognitoidentityprovider": "cognito-idp",
    "cognitoidentity": "cognito-identity",
    "elasticloadbalancingv2": "elbv2",
    "elasticloadbalancing": "elb",
    "applicationautoscaling": "application-autoscaling",
    "resourcegroupstaggingapi": "resourcegroupstaggingapi",
    "iotdataplane": "iot-data",
    "rdsdata": "rds-data",
    "redshiftdata": "redshift-data",
    "sagemakerruntime": "sagemaker-runtime",
    "ssm": "ssm",
}

# The PascalCase service name of an aws-sdk error (``Sfn.InvalidTokenException``): the AWS SDK for
# Java v2's client name. Services not listed capitalise their first letter.
SDK_ERROR_PREFIX: dict[str, str] = {
    "dynamodb": "DynamoDb",
    "s3": "S3",
    "sfn": "Sfn",
    "sqs": "Sqs",
    "sns": "Sns",
    "secretsmanager": "SecretsManager",
    "eventbridge": "EventBridge",
    "lambda": "Lambda",
    "kms": "Kms",
    "ssm": "Ssm",
    "cloudwatchlogs": "CloudWatchLogs",
    "cloudwatch": "CloudWatch",
    "iam": "Iam",
    "sts": "Sts",
    "ec2": "Ec2",
    "kinesis": "Kinesis",
    "firehose": "Firehose",
    "scheduler": "Scheduler",
}

# Optimized integrations name errors after the AWS SDK for Java v1's clients.
OPTIMIZED_ERROR_PREFIX = {"dynamodb": "DynamoDB", "sqs": "SQS", "sns": "SNS", "events": "EventBridge"}
OPTIMIZED_SERVICE_NAME = {"dynamodb": "AmazonDynamoDBv2", "sqs": "AmazonSQS", "sns": "AmazonSNS",
                          "events": "AmazonCloudWatchEvents"}


@dataclass(frozen=True)
class Served:
    """How a local run serves one Task resource."""

    integration: Integration
    by_emulator: bool  # an optimized or aws-sdk call the emulator executes
    reason: str = ""  # why it cannot run locally, when it cannot

    @property
    def needs_mock(self) -> bool:
        return bool(self.reason)


def sdk_service(integration: Integration) -> str | None:
    """``s3`` for ``aws-sdk:s3``; None for other integrations."""
    return integration.service.split(":", 1)[1] if integration.service.startswith("aws-sdk:") else None


def boto3_client_name(service: str) -> str:
    return SDK_CLIENTS.get(service, service)


def serving(resource: str) -> Served:
    """Whether the emulator runs ``resource``, and if it cannot, why (for the pre-run check)."""
    integration = classify(resource)
    sdk = sdk_service(integration)
    if sdk is not None:
        if sdk in NOT_RUNNABLE:
            return Served(integration, False, f"the emulator does not run {sdk} ({_why(sdk)})")
        if integration.pattern not in ("request-response",):
            return Served(integration, False, f"aws-sdk calls have no .{integration.pattern} pattern locally")
        return Served(integration, True)
    actions = OPTIMIZED.get(integration.service)
    if actions is not None:
        if integration.action in actions and integration.pattern in ("request-response", "waitForTaskToken"):
            return Served(integration, True)
        return Served(integration, False, f"{integration.service}:{integration.action} is not run locally")
    if integration.service in NOT_RUNNABLE or integration.service.split(":")[0] in NOT_RUNNABLE:
        return Served(integration, False, f"the emulator does not run {integration.service} "
                      f"({_why(integration.service)})")
    return Served(integration, False, "")


def _why(service: str) -> str:
    if service in ("http", "apigateway"):
        return "it would call an endpoint outside this machine"
    if service.startswith("bedrock") or service == "sagemaker":
        return "it would need a model's answer"
    return "moto accepts the job but never runs it"
