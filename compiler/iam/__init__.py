"""IAM registry: the least-privilege statements a state machine's role needs, read from its ASL.

One small module per integration family (like serverless-step-functions' iamStrategies), picked
by the service part of the Task's resource (``arn:aws:states:::SERVICE:ACTION.PATTERN``). The
registry reads only the definition (Resource plus Parameters *and* Arguments) and its
substitutions, so it works for imported definitions too. A Task no module knows raises
``UnsupportedIntegration``: a missing permission is an error at the task's line, found by
``compiler validate``, not a failed execution later. Every generated action is checked against
AWS's authorization data (``compiler.iam.data``).

This package sits below ``checks`` and ``emit``: it imports neither, nor aws_cdk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.asl.definition import iter_states
from compiler.iam import ecs, map_state
from compiler.iam.base import PLACEHOLDER, Context, Statement, TaskDefinitionFacts, UnsupportedIntegration
from compiler.iam.data import index
from compiler.iam.families import FAMILIES, parse, task_notes, task_statements
from compiler.ir import Machine, Program
from compiler.model.resources_compute import TaskDefinition
from compiler.refs import Ref, replace_refs

__all__ = [
    "FAMILIES",
    "Context",
    "Statement",
    "UnsupportedIntegration",
    "collect",
    "machine_statements",
    "merge",
    "parse",
    "statements",
]


def collect(definition: Mapping[str, Any], substitutions: Mapping[str, Ref], ctx: Context,
            parameters: Mapping[str, Any] | None = None,
            unsupported: list[UnsupportedIntegration] | None = None) -> list[Statement]:
    """Every statement each state needs, unmerged (each names its state). The first unsupported
    integration raises, unless ``unsupported`` collects them all (validate reports each one)."""
    found: list[Statement] = []
    for state_name, state in iter_states(_with_refs(definition, substitutions, parameters or {})):
        kind = state.get("Type")
        try:
            if kind == "Task":
                found.extend(_named(task_statements(state_name, state, ctx), state_name))
            elif kind == "Map":
                found.extend(_named(map_state.statements(state_name, state, ctx), state_name))
        except UnsupportedIntegration as exc:
            if unsupported is None:
                raise
            unsupported.append(exc)
    _check_actions(found)
    return found


def statements(definition: Mapping[str, Any], substitutions: Mapping[str, Ref], ctx: Context,
               parameters: Mapping[str, Any] | None = None) -> list[Statement]:
    """Every statement the definition needs, merged by action set and sorted (deterministic)."""
    return merge(collect(definition, substitutions, ctx, parameters))


def machine_statements(program: Program, machine: Machine) -> list[Statement]:
    return statements(machine.definition, machine.substitutions, context_for(program, machine.key), program.parameters)


def machine_collect(program: Program, machine: Machine,
                    unsupported: list[UnsupportedIntegration] | None = None) -> list[Statement]:
    return collect(machine.definition, machine.substitutions, context_for(program, machine.key), program.parameters,
                   unsupported)


def machine_notes(program: Program, machine: Machine) -> list[tuple[str, str, str]]:
    """(state, message, hint) for each grant the spec could narrow by naming what the ASL does not say."""
    ctx = context_for(program, machine.key)
    definition = _with_refs(machine.definition, machine.substitutions, program.parameters)
    return [(name, message, hint) for name, state in iter_states(definition) if state.get("Type") == "Task"
            for message, hint in task_notes(name, state, ctx)]


def context_for(program: Program, machine_key: str) -> Context:
    kinds = {key: resource.type for key, resource in program.spec.resources.items()}
    kinds.update({key: "state_machine" for key in program.machines})
    keys: dict[str, str] = {}
    task_definitions: dict[str, TaskDefinitionFacts] = {}
    for key, resource in program.spec.resources.items():
        encrypted_by = getattr(resource, "key", None)  # kinds that take a KMS `key`
        encryption = getattr(resource, "encryption", None)  # an activity: `encryption: {key: ...}`
        if isinstance(encrypted_by, str):
            keys[key] = encrypted_by
        elif encryption is not None and isinstance(getattr(encryption, "key", None), str):
            keys[key] = encryption.key
        if isinstance(resource, TaskDefinition):
            task_definitions[key] = ecs.facts(resource, lambda text: str(program.with_parameters(text)))
    return Context(machine=machine_key, kinds=kinds, keys=keys, task_definitions=task_definitions)


def merge(found: list[Statement]) -> list[Statement]:
    """Statements with the same actions and conditions become one, their resources united."""
    groups: dict[tuple[tuple[str, ...], tuple[Any, ...]], list[Statement]] = {}
    for statement in found:
        groups.setdefault((tuple(sorted(set(statement.actions))), statement.conditions), []).append(statement)
    out = []
    for (actions, conditions), members in groups.items():
        resources = sorted({r for s in members for r in s.resources})
        if "*" in resources:
            resources = ["*"]
        out.append(Statement(
            actions, tuple(resources), conditions,
            states=tuple(sorted({n for s in members for n in s.states})),
            reasons=tuple(sorted({r for s in members for r in s.reasons})),
            runtime=tuple(sorted({r for s in members for r in s.runtime})),
        ))
    return sorted(out)


def _named(found: list[Statement], state: str) -> list[Statement]:
    return [Statement(s.actions, s.resources, s.conditions, s.states or (state,), s.reasons, s.runtime) for s in found]


def _check_actions(found: list[Statement]) -> None:
    data = index()
    for statement in found:
        for action in statement.actions:
            known = data.action(action)
            if known is None or str(known) != action:
                raise ValueError(f"generated IAM action {action!r} is not in AWS's authorization data"
                                 + (f" (it spells it {known})" if known else ""))


def _with_refs(value: Any, substitutions: Mapping[str, Ref], parameters: Mapping[str, Any]) -> Any:
    """The definition with each ``${name}`` placeholder turned back into its ``${key.attr}``, and
    each spec parameter with a value replaced by it (a value known at synth time, like a literal)."""
    if isinstance(value, str):
        if "${" not in value:
            return value
        text = PLACEHOLDER.sub(lambda m: str(substitutions[m.group(1)]) if m.group(1) in substitutions else m.group(0), value)
        return replace_refs(text, lambda ref: _parameter(ref, parameters))
    if isinstance(value, Mapping):
        return {k: _with_refs(v, substitutions, parameters) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_refs(v, substitutions, parameters) for v in value]
    return value


def _parameter(ref: Ref, parameters: Mapping[str, Any]) -> str:
    if not ref.is_parameter:
        return str(ref)
    found = parameters.get(ref.attr)
    value = getattr(found, "value", found)  # the IR's ParameterValue, or a plain value
    return str(ref) if value is None else str(value)
