"""The extension of tests/cases/valid/overrides.yaml: an output per state machine."""

from typing import Any


def add_outputs(stack: Any, resources: dict[str, Any]) -> None:
    from aws_cdk import CfnOutput
    from aws_cdk import aws_stepfunctions as sfn

    for key, construct in sorted(resources.items()):
        if isinstance(construct, sfn.StateMachine):
            CfnOutput(stack, f"{key}_arn", value=construct.state_machine_arn)
