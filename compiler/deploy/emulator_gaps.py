"""What the emulator's CloudFormation (moto 5.2.5) accepts in a template but does not apply.

The verification reads each deployed resource back (``compiler.deploy.checks``); a property listed
in GAPS whose deployed value is absent gives the row "not supported by the emulator" instead of a
failure, and a resource type in UNSUPPORTED_TYPES is reported as such instead of missing.
"""

from __future__ import annotations

from compiler.deploy.stand_ins import ACTIVITY_REASON
from compiler.deploy.stand_ins import REASON as STAND_IN_REASON

# (resource type, property) -> why the emulator's CloudFormation does not apply it.
GAPS: dict[tuple[str, str], str] = {
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration"): "bucket public access block",
    ("AWS::S3::Bucket", "VersioningConfiguration"): "bucket versioning",
    ("AWS::IAM::Role", "ManagedPolicyArns"): "role managed-policy attachments",
    ("AWS::Lambda::Function", "Layers"): "function layers",
    ("AWS::Lambda::Function", "Architectures"): "function architecture",
    ("AWS::StepFunctions::StateMachine", "StateMachineType"): "state machine type",
    ("AWS::DynamoDB::Table", "SSESpecification"): "table encryption settings",
    ("AWS::DynamoDB::Table", "SSESpecification.KMSMasterKeyId"): "table encryption key",
    ("AWS::DynamoDB::Table", "PointInTimeRecoverySpecification"): "table point-in-time recovery",
    ("AWS::DynamoDB::Table", "TimeToLiveSpecification"): "table time to live",
}
# Resource types the emulator's CloudFormation skips (it warns and creates nothing).
UNSUPPORTED_TYPES = {
    "AWS::S3::BucketPolicy": "bucket policies (the TLS-only policy is not created)",
    "AWS::CDK::Metadata": "CDK metadata (no AWS resource in any case)",
    "AWS::StepFunctions::StateMachineVersion": "state machine versions (moto 5.2.5's CloudFormation has no handler)",
    "AWS::StepFunctions::StateMachineAlias": "state machine aliases (moto 5.2.5's CloudFormation has no handler)",
    "AWS::CloudWatch::Alarm": "CloudWatch alarms (moto 5.2.5's CloudFormation has no handler)",
    "AWS::Scheduler::Schedule": "EventBridge Scheduler schedules (moto 5.2.5's CloudFormation has no handler)",
    "AWS::ApiGatewayV2::Api": "HTTP APIs (moto 5.2.5's CloudFormation has no handler)",
    "AWS::ApiGatewayV2::Integration": "HTTP API integrations (moto 5.2.5's CloudFormation has no handler)",
    "AWS::ApiGatewayV2::Route": "HTTP API routes (moto 5.2.5's CloudFormation has no handler)",
    "AWS::ApiGatewayV2::Stage": "HTTP API stages (moto 5.2.5's CloudFormation has no handler)",
    "AWS::SQS::QueuePolicy": "queue policies (the TLS-only policy is not created)",
    "AWS::SNS::TopicPolicy": "topic policies (the TLS-only policy is not created)",
    "AWS::SecretsManager::Secret": "secrets (the emulator's CloudFormation does not create them)",
    "AWS::Events::Connection": STAND_IN_REASON,
    "AWS::StepFunctions::Activity": ACTIVITY_REASON,
}
