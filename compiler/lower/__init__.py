"""Lower a validated spec to the program (compiler/ir.py): parameter values with their origin, each
machine's ASL rendered once (compiler/lower/asl.py), and every Task's integration classified once."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from compiler.asl.definition import iter_states
from compiler.asl.tasks import Integration, classify, target_text
from compiler.ir import Machine, ParameterValue, Program, Task, TaskTarget, substitute_parameters
from compiler.lower.asl import render_machine
from compiler.model.spec import Spec
from compiler.refs import REFERENCE, Ref, refs_in, unfill
from compiler.source import Path


def lower(spec: Spec, overrides: Mapping[str, str] | None = None) -> Program:
    """The program of a spec the checks accepted; ``overrides`` (``-c name=value``) win over defaults.

    Names in ``overrides`` that are not spec parameters are ignored (a CDK app's context holds more).
    """
    parameters = parameter_values(spec, overrides or {})
    machines: dict[str, Machine] = {}
    for key, model in spec.state_machines.items():
        definition, substitutions = render_machine(model)
        paths: dict[str, Path] = {}
        _collect_paths(model.states, ("state_machines", key, "states"), paths)
        tasks = tuple(_tasks(spec, unfill(definition, substitutions), paths, parameters))
        machines[key] = Machine(key, model, definition, MappingProxyType(substitutions), MappingProxyType(paths), tasks)
    return Program(spec=spec, machines=MappingProxyType(machines), parameters=MappingProxyType(parameters))


def parameter_values(spec: Spec, overrides: Mapping[str, str]) -> dict[str, ParameterValue]:
    values: dict[str, ParameterValue] = {}
    for name, parameter in spec.parameters.items():
        if name in overrides:
            values[name] = ParameterValue(name, overrides[name], "override", ("parameters", name))
        else:
            values[name] = ParameterValue(name, parameter.default, "default", ("parameters", name, "default"))
    return values


def _tasks(
    spec: Spec, definition: Mapping[str, Any], paths: Mapping[str, Path], parameters: Mapping[str, ParameterValue]
) -> list[Task]:
    """Every Task of a definition whose placeholders are back to ``${key.attr}`` references."""
    tasks = []
    for name, state in iter_states(definition):
        resource = state.get("Resource")
        if state.get("Type") != "Task" or not isinstance(resource, str):
            continue
        integration = _classify(spec, resource, parameters)
        text, at_run_time = target_text(state, integration)
        tasks.append(Task(name, paths.get(name, ()), integration, _target(integration, text, at_run_time, parameters)))
    return tasks


def _classify(spec: Spec, resource: str, parameters: Mapping[str, ParameterValue]) -> Integration:
    whole = REFERENCE.fullmatch(resource)
    if whole and whole.group(2) == "arn":
        kind = getattr(spec.resources.get(whole.group(1)), "type", None)
        if kind == "function":  # a function of the spec as the Resource (invoke_style: function_arn)
            return Integration(resource, "lambda", "function", "request-response")
    found = classify(str(substitute_parameters(resource, parameters)))
    return Integration(resource, found.service, found.action, found.pattern)


def _target(
    integration: Integration, text: str | None, at_run_time: bool, parameters: Mapping[str, ParameterValue]
) -> TaskTarget | None:
    field = integration.target_field
    if field is None or text is None:
        return None
    if at_run_time:
        return TaskTarget(field, "run_time", value=text)
    spec_refs: list[Ref] = [ref for ref, _ in refs_in(text) if not ref.is_parameter]
    if spec_refs:
        return TaskTarget(field, "spec", ref=spec_refs[0])
    return TaskTarget(field, "literal", value=str(substitute_parameters(text, parameters)))


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
