"""State machines: the emitted ASL as the definition, and the registry's IAM on the role.

``DefinitionBody.from_string`` adds no IAM (TOOLCHAIN), so the role gets exactly the statements
the IAM registry derives from the same ASL, nothing more.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn

from compiler import iam as registry
from compiler.asl.definition import to_json
from compiler.emit.stack_resolve import Resolver, SynthError
from compiler.ir import Machine, Program

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
        logs=_logs(stack, machine) if model.logging is not None else None,
        tracing_enabled=model.tracing or None,
    )
    for statement in statements:
        state_machine.add_to_role_policy(
            iam.PolicyStatement(
                actions=list(statement.actions),
                resources=[resolver.string(r) for r in statement.resources],
                conditions=statement.condition_block() or None,
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
    resolver.self_refs.pop(machine.key, None)
    return state_machine


def _self_ref(stack: Stack, name: str) -> Any:
    def attribute(attr: str) -> str:
        if attr == "name":
            return name
        return stack.format_arn(
            service="states", resource="stateMachine", resource_name=name, arn_format=ArnFormat.COLON_RESOURCE_NAME
        )

    return attribute


def _logs(stack: Stack, machine: Machine) -> sfn.LogOptions:
    logging = machine.model.logging
    assert logging is not None
    group = logs.LogGroup(stack, f"{machine.key}_logs")
    return sfn.LogOptions(
        destination=group,
        level=getattr(sfn.LogLevel, LOG_LEVELS[logging.level]),
        include_execution_data=logging.include_execution_data,
    )


__all__ = ["SynthError", "build_machine", "register_machines"]
