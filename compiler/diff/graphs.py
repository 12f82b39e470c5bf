"""Mermaid graphs of the changed machines: head's definition with the removed states put back
(drawn dashed in red), added and changed states coloured."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from compiler.diff.engine import resolved
from compiler.diff.records import Diff, MachineDiff
from compiler.graph import mermaid, program_graph
from compiler.ir import Program


def change_graphs(base: Program | None, head: Program | None, diff: Diff) -> dict[str, str]:
    out: dict[str, str] = {}
    for machine in diff.machines:
        program = head if machine.kind != "removed" else base
        if program is None:
            continue
        definition = resolved(program.machines[machine.key])
        if machine.kind == "changed" and base is not None and machine.key in base.machines:
            definition = _with_removed(resolved(base.machines[machine.key]), definition, machine)
        graph = program_graph(program, [machine.key], {machine.key: definition})
        out[machine.key] = mermaid.render(graph, {machine.key: _status(machine)})
    return out


def _status(machine: MachineDiff) -> dict[str, str]:
    if machine.kind != "changed":
        return {s.name: machine.kind for s in machine.states}
    return {s.name: "changed" if s.kind == "renamed" else s.kind for s in machine.states}


def _with_removed(base: Mapping[str, Any], head: Mapping[str, Any], machine: MachineDiff) -> dict[str, Any]:
    """``head`` plus each removed state, in the container it had in base (or the top level when
    that container is gone), transitions renamed as in head."""
    renames = {s.old_name: s.name for s in machine.states if s.kind == "renamed" and s.old_name}
    removed = {s.name for s in machine.states if s.kind == "removed"}
    merged = copy.deepcopy(dict(head))
    containers = _containers(merged)
    for path, states in _containers(dict(base)).items():
        for name, state in states.items():
            if name in removed:
                target = containers.get(tuple(renames.get(p, p) if isinstance(p, str) else p for p in path))
                (target if target is not None else merged["States"])[name] = _retarget(state, renames)
    return merged


def _containers(definition: dict[str, Any], path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Every ``States`` mapping, keyed by (state name, branch index, ...) from the top."""
    states = definition.get("States")
    if not isinstance(states, dict):
        return {}
    out = {path: states}
    for name, state in states.items():
        for index, branch in enumerate(state.get("Branches") or []):
            out.update(_containers(branch, (*path, name, index)))
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                out.update(_containers(state[key], (*path, name, key)))
    return out


def _retarget(state: dict[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    from compiler.diff.states import retarget

    return retarget(state, renames)
