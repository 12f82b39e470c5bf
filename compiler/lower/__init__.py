"""Lower a validated spec to the program: resolve parameters and emit each machine's ASL once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.ir import Machine, Program
from compiler.lower.asl import render_machine
from compiler.model.spec import Spec
from compiler.source import Path


def lower(spec: Spec, overrides: Mapping[str, str] | None = None) -> Program:
    parameters: dict[str, str | int | None] = {name: p.default for name, p in spec.parameters.items()}
    for name, value in (overrides or {}).items():
        if name in parameters:
            parameters[name] = value
    machines: dict[str, Machine] = {}
    for key, model in spec.state_machines.items():
        definition, substitutions = render_machine(model)
        paths: dict[str, Path] = {}
        _collect_paths(model.states, ("state_machines", key, "states"), paths)
        machines[key] = Machine(key, model, definition, substitutions, paths)
    return Program(spec=spec, machines=machines, parameters=parameters)


def _collect_paths(states: Mapping[str, Any], prefix: Path, out: dict[str, Path]) -> None:
    for name, state in states.items():
        path = (*prefix, name)
        out.setdefault(name, path)
        for index, branch in enumerate(getattr(state, "branches", None) or []):
            _collect_paths(branch.states, (*path, "branches", index, "states"), out)
        for field in ("item_processor", "iterator"):
            processor = getattr(state, field, None)
            if processor is not None:
                _collect_paths(processor.states, (*path, field, "states"), out)
