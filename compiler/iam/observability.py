"""What a machine's role needs for logging and X-Ray when they are enabled.

CDK's ``StateMachine`` adds these itself when given ``logs``/``tracing_enabled``, so the stack does
not add them again; ``compiler iam`` lists them so the printed policy is the whole policy. Both
sets take no resource-level permission (the Step Functions guide: "IAM policies for logging to
CloudWatch Logs" and "IAM policies for X-Ray").
"""

from __future__ import annotations

from compiler.iam.base import Statement
from compiler.ir import Machine

LOGGING = (
    "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
)
TRACING = ("xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments")


def statements(machine: Machine) -> list[Statement]:
    out = []
    if machine.model.logging is not None and machine.model.logging.level != "off":
        out.append(Statement(LOGGING, ("*",), reasons=(
            "log delivery actions take no resource-level permission (added by CDK with `logging`)",)))
    if machine.model.tracing:
        out.append(Statement(TRACING, ("*",), reasons=(
            "X-Ray actions take no resource-level permission (added by CDK with `tracing`)",)))
    return out
