"""State machines: the emitted ASL as the definition, and the registry's IAM on the role.

``DefinitionBody.from_string`` adds no IAM (TOOLCHAIN), so the role gets exactly the statements
the IAM registry derives from the same ASL, nothing more.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Acknowledgment, ArnFormat, Duration, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn

from compiler import iam as registry
from compiler.asl.definition import to_json
from compiler.emit.stack_monitoring import add_alarms, add_notifications
from compiler.emit.stack_resolve import Resolver, SynthError
from compiler.emit.stack_triggers import add_triggers
from compiler.emit.stack_versions import add_versions
from compiler.iam.versions import function_versions_key
from compiler.ir import Machine, Program
from compiler.model.resources import Role

LOG_LEVELS = {"all": "ALL", "error": "ERROR", "fatal": "FATAL", "off": "OFF"}
MAX_NAME = 80


def register_machines(stack: Stack, resolver: Resolver, program: Program) -> None:
    for key, machine in program.machines.items():
        resolver.register(key, _builder(stack, resolver, program, machine), _attribute)


def _attribute(machine: sfn.StateMachine, attr: str) -> str:
    value: str = machine.state_machine_arn if attr == "arn" else machine.state_machine_name
    return value


def _builder(stack: Stack, resolver: Resolver, program: Program, machine: Machine) -> Any:
    def build() -> sfn.StateMachine:
        return build_machine(stack, resolver, program, machine)

    return build


def build_machine(stack: Stack, resolver: Resolver, program: Program, machine: Machine) -> sfn.StateMachine:
    model = machine.model
    try:
        statements = registry.machine_statements(program, machine)
    except registry.UnsupportedIntegration as exc:
        if model.role is None:
            raise SynthError(
                f"state machine '{machine.key}': {exc}; give the machine a 'role' that allows it",
                machine.state_paths.get(exc.state, ("state_machines", machine.key)),
            ) from exc
        statements = []  # the user's own role carries the permissions; nothing we can add
    name = resolver.string(model.state_machine_name) if model.state_machine_name is not None else None
    needs_self = any(f"${{{machine.key}." in r for s in statements for r in s.resources) or any(
        ref.key == machine.key for ref in machine.substitutions.values()
    )
    if needs_self and name is None:
        # Its own ARN is needed before it exists: fix the name so the ARN can be built from it.
        name = f"{program.spec.stack.name}-{machine.key}"[:MAX_NAME]
    if needs_self:
        resolver.self_refs[machine.key] = _self_ref(stack, name or machine.key)
    substitutions = {placeholder: resolver.token(ref) for placeholder, ref in machine.substitutions.items()}
    role = resolver.get(model.role) if model.role is not None else None
    state_machine = sfn.StateMachine(
        stack,
        machine.key,
        state_machine_name=name,
        state_machine_type=sfn.StateMachineType.EXPRESS if model.type == "express" else sfn.StateMachineType.STANDARD,
        definition_body=sfn.DefinitionBody.from_string(to_json(machine.definition)),
        definition_substitutions=substitutions or None,
        role=role,
        logs=_logs(stack, resolver, machine) if model.logging is not None else None,
        tracing_enabled=model.tracing or None,
        encryption_configuration=_encryption(resolver, model.encryption) if model.encryption is not None else None,
    )
    for statement in statements:
        state_machine.add_to_role_policy(
            iam.PolicyStatement(
                actions=list(statement.actions),
                resources=[resolver.string(r) for r in statement.resources],
                conditions=_resolved(resolver, statement.condition_block()) or None,
            )
        )
    for extra in model.statements:  # the spec's own additions to the generated role
        state_machine.add_to_role_policy(
            iam.PolicyStatement(
                effect=iam.Effect.DENY if extra.effect == "deny" else iam.Effect.ALLOW,
                actions=list(extra.actions),
                resources=[resolver.string(r) for r in extra.resources],
                conditions=dict(extra.conditions) if extra.conditions else None,
            )
        )
    # What the tool adds to the machine's role is acknowledged on that role (the generated one is the machine's).
    scope = state_machine if role is None else role
    _acknowledge_versions(stack, resolver, program, scope, statements)
    if model.logging is not None or model.tracing:
        _acknowledge_delivery(program, machine, scope, statements)
    resolver.self_refs.pop(machine.key, None)
    alarms = add_alarms(stack, resolver, machine.key, model, state_machine, dict(program.spec.resources))
    add_notifications(stack, resolver, machine.key, model, state_machine, dict(program.spec.resources))
    add_versions(stack, resolver, machine.key, model, state_machine, alarms)
    add_triggers(stack, resolver, machine.key, model, state_machine)
    return state_machine


def _resolved(resolver: Resolver, block: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A condition block with its ``${key.attr}`` values as tokens (an activity's ARN in the
    encryption context of its key's grant)."""
    def value(v: Any) -> Any:
        return [resolver.string(x) for x in v] if isinstance(v, list) else resolver.string(v)

    return {operator: {key: value(v) for key, v in keys.items()} for operator, keys in block.items()}


def _acknowledge_delivery(program: Program, machine: Machine, scope: Any, statements: list[Any]) -> None:
    """CDK grants log delivery (``logs:CreateLogDelivery``, ...) and X-Ray (``xray:PutTraceSegments``,
    ...) on '*', the only resource those actions take, to the machine's role (the generated one or the
    spec's). Acknowledged here only while no other Allow of that role is on '*' itself: then the
    finding is the spec's own (W411 at validate), and stays visible."""
    model = machine.model
    resources = [r for s in statements for r in s.resources]
    resources += [r for s in model.statements if s.effect == "allow" for r in s.resources]
    spec_role = program.spec.resources.get(model.role) if model.role is not None else None
    if isinstance(spec_role, Role) and spec_role.existing is None:
        resources += [r for s in spec_role.statements if s.effect == "allow" for r in s.resources]
    if "*" not in resources:
        Validations.of(scope).acknowledge(Acknowledgment(
            id="AwsSolutions-IAM5[Resource::*]",
            reason="CloudWatch Logs delivery and X-Ray tracing actions, which take only Resource '*'",
        ))


def _acknowledge_versions(stack: Stack, resolver: Resolver, program: Program, scope: Any,
                          statements: list[Any]) -> None:
    """The one wildcard the tool grants on its own: ``lambda:InvokeFunction`` on ``<function ARN>:*``.

    A task may name a version or an alias of its function (a qualified ARN), and CDK's LambdaInvoke
    grants the same. cdk-nag's IAM5 flags it; it is acknowledged here, for exactly that resource of
    exactly the machine's role, with the reason, so a spec never has to accept IAM5 wholesale.
    """
    for statement in statements:
        if "lambda:InvokeFunction" not in statement.actions:
            continue
        for resource in statement.resources:
            key = function_versions_key(resource)
            if key is None or program.spec.resources.get(key) is None:
                continue
            function = resolver.get(key)
            child = function.node.default_child
            if child is None:  # an existing function: no construct of this stack to name
                continue
            logical_id = stack.resolve(stack.get_logical_id(child))
            Validations.of(scope).acknowledge(Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>:*]",
                reason=f"lambda:InvokeFunction on the versions and aliases of function '{key}' only (a task may "
                       "invoke a qualified ARN), as CDK's LambdaInvoke grants",
            ))


def _self_ref(stack: Stack, name: str) -> Any:
    def attribute(attr: str) -> str:
        if attr == "name":
            return name
        return stack.format_arn(
            service="states", resource="stateMachine", resource_name=name, arn_format=ArnFormat.COLON_RESOURCE_NAME
        )

    return attribute


def _logs(stack: Stack, resolver: Resolver, machine: Machine) -> sfn.LogOptions:
    logging = machine.model.logging
    assert logging is not None
    group: logs.ILogGroup
    if logging.log_group is not None:  # a log_group resource: its name, retention and key are its own
        group = resolver.get(logging.log_group)
    else:
        group = logs.LogGroup(stack, f"{machine.key}_logs", log_group_name=logging.log_group_name)
        if logging.retention_days is not None:
            group.node.default_child.retention_in_days = logging.retention_days
    return sfn.LogOptions(
        destination=group,
        level=getattr(sfn.LogLevel, LOG_LEVELS[logging.level]),
        include_execution_data=logging.include_execution_data,
    )


def _encryption(resolver: Resolver, encryption: Any) -> sfn.EncryptionConfiguration:
    # CDK grants the role kms:Decrypt/GenerateDataKey conditioned on
    # kms:EncryptionContext:aws:states:stateMachineArn, and the log delivery's use of the key.
    return sfn.CustomerManagedEncryptionConfiguration(
        resolver.get(encryption.key), Duration.seconds(encryption.data_key_reuse_seconds))


__all__ = ["SynthError", "build_machine", "register_machines"]
