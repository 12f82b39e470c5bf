"""What ``execute()`` needs for one run, built from a compiled spec or from a bare ASL file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.asl.tasks import classify, target_text
from compiler.ir import Machine, Program
from compiler.local.errors import LocalError, UsageError
from compiler.local.functions import spec_functions
from compiler.local.resources import task_states
from compiler.local.spec_resources import LocalResource, spec_resources
from compiler.refs import Ref, fill
from compiler.run import EXPRESS, STANDARD, LambdaFunction


@dataclass
class LocalSetup:
    """One machine to run, and every function and machine its tasks may reach."""

    label: str  # for people: the spec key, or the file
    definition: dict[str, Any]
    machine_name: str
    machine_type: str = STANDARD
    functions: dict[str, LambdaFunction] = field(default_factory=dict)
    state_machines: dict[str, dict[str, Any]] = field(default_factory=dict)  # local ARN -> filled definition
    buckets: list[str] = field(default_factory=list)  # new buckets of the spec, by name
    no_code: list[str] = field(default_factory=list)  # function keys that cannot run in-process
    # Physical names of the spec's resources (bucket, table, queue, topic, bus names) -> spec key.
    resource_keys: dict[str, str] = field(default_factory=dict)
    # The spec's keys, tables, queues, topics, buses (and existing buckets) to create in the emulator.
    resources: list[LocalResource] = field(default_factory=list)

    def names(self) -> dict[str, str]:
        return dict(self.resource_keys)

    def all_definitions(self) -> dict[str, dict[str, Any]]:
        """Every definition of the run by state machine ARN, and the run's own machine by name."""
        return {**self.state_machines, self.machine_name: self.definition}

    def reachable(self) -> dict[str, dict[str, Any]]:
        """The machine and every registered machine it may start (name -> definition), for checks."""
        found = {self.machine_name: self.definition}
        pending = [self.definition]
        while pending:
            for _, state in task_states(pending.pop()):
                integration = classify(str(state.get("Resource", "")))
                if not integration.starts_execution:
                    continue
                arn, _ = target_text(state, integration)
                definition = self.state_machines.get(arn) if arn is not None else None
                name = str(arn).rsplit(":", 1)[-1]
                if definition is not None and name not in found:
                    found[name] = definition
                    pending.append(definition)
        return found


def choose_machine(program: Program, wanted: str | None) -> Machine:
    """``--machine`` by spec key or state_machine_name; by default the only machine no other one starts."""
    machines = program.machines
    listing = ", ".join(f"{key} ({m.name})" for key, m in machines.items())
    if not machines:
        raise LocalError("the spec has no state machines to run")
    if wanted is not None:
        for key, machine in machines.items():
            if wanted in (key, machine.name):
                return machine
        raise UsageError(f"--machine {wanted}: no such state machine; the spec has: {listing}")
    if len(machines) == 1:
        return next(iter(machines.values()))
    started = {ref.key for m in machines.values() for ref in m.substitutions.values() if ref.key in machines}
    roots = [m for key, m in machines.items() if key not in started]
    if len(roots) == 1:
        return roots[0]
    raise UsageError(f"the spec has {len(machines)} state machines; choose one with --machine: {listing}")


def from_program(program: Program, machine: Machine, spec_dir: Path) -> LocalSetup:
    definitions = {key: fill(m.definition, program.local_substitutions(m)) for key, m in program.machines.items()}
    functions, no_code = spec_functions(program, spec_dir)
    return LocalSetup(
        label=machine.key,
        definition=definitions[machine.key],
        machine_name=machine.name,
        machine_type=EXPRESS if machine.model.type == "express" else STANDARD,
        functions=functions,
        state_machines={program.local_value(Ref(key, "arn")): definitions[key] for key in program.machines},
        buckets=new_buckets(program),
        no_code=no_code,
        resource_keys=resource_names(program),
        resources=spec_resources(program),
    )


def new_buckets(program: Program) -> list[str]:
    """The buckets the spec creates (not ``existing`` ones), by their local names."""
    return [program.local_value(Ref(key, "name")) for key, r in program.spec.resources.items()
            if r.type == "bucket" and getattr(r, "existing", None) is None]


def resource_names(program: Program) -> dict[str, str]:
    """Each resource's local name -> its spec key (the run's report names changes by key)."""
    names: dict[str, str] = {}
    for key in program.spec.resources:
        try:
            names[str(program.local_value(Ref(key, "name")))] = key
        except (KeyError, ValueError, AttributeError):
            continue  # a kind without a name attribute
    return names


def from_asl(path: Path, definition: Mapping[str, Any]) -> LocalSetup:
    # "definition.asl.json" -> "definition": the name a deploy would most likely give it.
    name = path.name.split(".")[0] or "LocalStateMachine"
    return LocalSetup(label=str(path), definition=dict(definition), machine_name=name)


def apply_handlers(setup: LocalSetup, handlers: Mapping[str, LambdaFunction]) -> dict[str, Any]:
    """Add ``--handler`` functions; returns invokers for keys that are not function ARNs or names.

    A resource such as ``${first_arn}`` (an unfilled placeholder in an ASL file) is not routed to
    Lambda by the runner, so it gets its own invoker for exactly that resource.
    """
    from compiler.run import LambdaInvoker

    invokers: dict[str, Any] = {}
    for key, function in handlers.items():
        setup.functions[key] = function
        if not key.startswith("arn:") and _used_as_resource(setup, key):
            invokers[key] = LambdaInvoker({key: function})
    return invokers


def _used_as_resource(setup: LocalSetup, key: str) -> bool:
    return any(state.get("Resource") == key for d in setup.reachable().values() for _, state in task_states(d))
