"""IAM registry: the least-privilege statements a state machine's role needs, read from its ASL.

One small module per integration (like serverless-step-functions' iamStrategies), tried in the
explicit order of ``INTEGRATIONS``. The registry reads only the definition (Resource plus
Parameters *and* Arguments) and its substitutions, so it works for imported definitions too. A
Task no module knows raises ``UnsupportedIntegration``: a missing permission must be an error
at synth time, not a failed execution later.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

from compiler.asl.definition import iter_states
from compiler.emit.iam import activity, aws_sdk, lambda_invoke, map_state, optimized, start_execution
from compiler.emit.iam.base import PLACEHOLDER, Context, Statement, Task, UnsupportedIntegration
from compiler.ir import Machine, Program
from compiler.refs import Ref

__all__ = ["INTEGRATIONS", "Context", "Statement", "UnsupportedIntegration", "machine_statements", "statements"]

INTEGRATIONS: tuple[ModuleType, ...] = (lambda_invoke, start_execution, aws_sdk, optimized, activity)


def statements(definition: Mapping[str, Any], substitutions: Mapping[str, Ref], ctx: Context) -> list[Statement]:
    """Every statement the definition needs, merged by action set and sorted (deterministic)."""
    found: list[Statement] = []
    for state_name, state in iter_states(_with_refs(definition, substitutions)):
        kind = state.get("Type")
        if kind == "Task":
            found.extend(_task_statements(state_name, state, ctx))
        elif kind == "Map":
            found.extend(map_state.statements(state, ctx))
    return merge(found)


def machine_statements(program: Program, machine: Machine) -> list[Statement]:
    return statements(machine.definition, machine.substitutions, context_for(program, machine.key))


def context_for(program: Program, machine_key: str) -> Context:
    kinds = {key: resource.type for key, resource in program.spec.resources.items()}
    kinds.update({key: "state_machine" for key in program.machines})
    return Context(machine=machine_key, kinds=kinds)


def merge(found: list[Statement]) -> list[Statement]:
    by_actions: dict[tuple[str, ...], set[str]] = {}
    for statement in found:
        by_actions.setdefault(tuple(sorted(set(statement.actions))), set()).update(statement.resources)
    return sorted(Statement(actions, tuple(sorted(resources))) for actions, resources in by_actions.items())


def _task_statements(name: str, state: Mapping[str, Any], ctx: Context) -> list[Statement]:
    resource = state.get("Resource")
    if not isinstance(resource, str):
        raise UnsupportedIntegration(name, repr(resource))
    payload = state.get("Parameters")
    if payload is None:
        payload = state.get("Arguments")
    task = Task(name, resource, payload if isinstance(payload, Mapping) else {})
    for integration in INTEGRATIONS:
        if integration.matches(task, ctx):
            result: list[Statement] = integration.statements(task, ctx)
            return result
    raise UnsupportedIntegration(name, resource)


def _with_refs(value: Any, substitutions: Mapping[str, Ref]) -> Any:
    """The definition with each ``${name}`` placeholder turned back into its ``${key.attr}``."""
    if isinstance(value, str):
        if "${" not in value:
            return value
        return PLACEHOLDER.sub(lambda m: str(substitutions[m.group(1)]) if m.group(1) in substitutions else m.group(0), value)
    if isinstance(value, Mapping):
        return {k: _with_refs(v, substitutions) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_refs(v, substitutions) for v in value]
    return value
