"""A machine's published version and its aliases, as CloudFormation resources (CDK has no L2).

The version resource reads the machine's ``StateMachineRevisionId``: each change of the definition
replaces it, which publishes a new version; ``UpdateReplacePolicy: Retain`` keeps the old one, so
an alias can still route to it or shift from it gradually.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnDeletionPolicy, Fn, Stack
from aws_cdk import aws_stepfunctions as sfn

from compiler.emit.stack_resolve import Resolver
from compiler.model.spec import StateMachine
from compiler.model.versions import Alias

DEPLOYMENT_TYPES = {"all_at_once": "ALL_AT_ONCE", "canary": "CANARY", "linear": "LINEAR"}


def add_versions(stack: Stack, resolver: Resolver, key: str, model: StateMachine,
                 machine: sfn.StateMachine, alarms: dict[str, Any] | None = None) -> None:
    version = None
    if model.publish_version:
        version = sfn.CfnStateMachineVersion(
            stack, f"{key}_version",
            state_machine_arn=machine.state_machine_arn,
            state_machine_revision_id=machine.state_machine_revision_id,
            description=resolver.string(model.version_description) if model.version_description else None,
        )
        # Both (cfn-lint W3011): deleting the machine deletes its versions anyway.
        version.cfn_options.update_replace_policy = CfnDeletionPolicy.RETAIN
        version.cfn_options.deletion_policy = CfnDeletionPolicy.RETAIN
    for name, alias in model.aliases.items():
        _alias(stack, resolver, key, name, alias, machine, version, alarms or {})


def _alias(stack: Stack, resolver: Resolver, key: str, name: str, alias: Alias, machine: sfn.StateMachine,
           version: sfn.CfnStateMachineVersion | None, alarms: dict[str, Any]) -> sfn.CfnStateMachineAlias:
    def version_arn(value: Any) -> str:
        if value == "current":
            assert version is not None, "checks/versions.py: an alias on 'current' needs publish_version"
            arn: str = version.attr_arn
            return arn
        if isinstance(value, int):
            return Fn.join(":", [machine.state_machine_arn, str(value)])
        return resolver.string(value)

    routing = None
    if alias.routing is not None:
        routing = [sfn.CfnStateMachineAlias.RoutingConfigurationVersionProperty(
            state_machine_version_arn=version_arn(route.version), weight=route.weight) for route in alias.routing]
    preference = None
    if alias.deployment_preference is not None:
        p = alias.deployment_preference
        preference = sfn.CfnStateMachineAlias.DeploymentPreferenceProperty(
            state_machine_version_arn=version_arn("current"),
            type=DEPLOYMENT_TYPES[p.type],
            percentage=p.percentage,
            interval=p.interval,
            # An alarm of the machine's own `alarms:` by its key, else a CloudWatch alarm name.
            alarms=[alarms[a].alarm_name if a in alarms else resolver.string(a) for a in p.alarms] or None,
        )
    return sfn.CfnStateMachineAlias(
        stack, f"{key}_alias_{name}",
        name=name,
        description=resolver.string(alias.description) if alias.description else None,
        routing_configuration=routing,
        deployment_preference=preference,
    )
