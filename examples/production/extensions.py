"""The extension of examples/production/workflow.yaml (stack.extensions): outputs for operators."""

from typing import Any


def add_outputs(stack: Any, resources: dict[str, Any]) -> None:
    from aws_cdk import CfnOutput

    CfnOutput(stack, "orders_arn", value=resources["orders"].state_machine_arn)
    CfnOutput(stack, "uploads_bucket", value=resources["uploads"].bucket_name)
