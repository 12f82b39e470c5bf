"""``compiler graph``: state machines drawn as Mermaid, Graphviz DOT or SVG, from the emitted ASL.

Nothing here imports ``aws_cdk``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.graph.model import Graph, MachineInput, build
from compiler.ir import Machine, Program
from compiler.refs import REFERENCE, fill

__all__ = ["Graph", "build", "machine_inputs", "program_graph", "resolved_definition"]


def resolved_definition(machine: Machine) -> dict[str, Any]:
    """The definition with each ``${placeholder}`` written as its reference (``${sub.arn}``)."""
    result = fill(machine.definition, {name: str(ref) for name, ref in machine.substitutions.items()})
    assert isinstance(result, dict)
    return result


def title(machine: Machine) -> str:
    return machine.key if machine.name == machine.key else f"{machine.key} ({machine.name})"


def machine_inputs(program: Program, keys: list[str] | None = None) -> list[MachineInput]:
    chosen = keys if keys is not None else list(program.machines)
    return [(k, title(program.machines[k]), resolved_definition(program.machines[k])) for k in chosen]


def child_resolver(program: Program) -> Any:
    def resolve(arn: str) -> tuple[str | None, str]:
        match = REFERENCE.fullmatch(arn)
        if match is None:
            return None, arn.rsplit(":", 1)[-1]
        key = match.group(1)
        if key in program.machines:
            return key, program.machines[key].name
        resource = program.spec.resources.get(key)
        if resource is not None and resource.type == "state_machine":
            return None, program.local_value(program_ref(key))
        return None, key

    return resolve


def program_ref(key: str) -> Any:
    from compiler.refs import Ref

    return Ref(key, "name")


def program_graph(program: Program, keys: list[str] | None = None,
                  definitions: Mapping[str, Mapping[str, Any]] | None = None) -> Graph:
    """The graph of ``keys`` (default: every machine); ``definitions`` overrides some machines'
    definitions (the diff draws a head definition with the removed states put back)."""
    inputs = machine_inputs(program, keys)
    if definitions:
        inputs = [(k, t, definitions.get(k, d)) for k, t, d in inputs]
    return build(inputs, child_resolver(program))
