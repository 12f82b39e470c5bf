"""Before running: every Task resource must have something local to serve it.

The runner would fail the execution at the first unserved task ("No local implementation ...");
checking the whole definition first names every missing resource at once, with the flags
that supply it, and runs nothing.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from compiler.asl.definition import iter_states
from compiler.asl.tasks import classify, target_text
from compiler.local.errors import LocalError
from compiler.run import LambdaFunction, find_function
from compiler.run.service_catalog import serving


@dataclass(frozen=True)
class Missing:
    resource: str  # what the flags must name
    state: str
    machine: str
    is_lambda: bool
    reason: str = ""  # why the emulator cannot run it (ECS, Glue, HTTP, ...)


def task_states(definition: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every Task state, in branches and Map iterations too."""
    return ((name, state) for name, state in iter_states(definition) if state.get("Type") == "Task")


def find_missing(
    machines: Mapping[str, Mapping[str, Any]],
    functions: Mapping[str, LambdaFunction],
    state_machines: Mapping[str, Any],
    served: Mapping[str, Any],
    mocked: Mapping[str, Collection[str]] | None = None,
    *,
    emulator: bool = False,
) -> list[Missing]:
    """Resources of ``machines`` (name -> definition) that nothing serves.

    ``served`` maps resources (or globs) that mocks and invokers answer; a key naming a
    function (its name or ARN) serves that function wherever the runner would find it.
    A target chosen at run time (``FunctionName.$``, a JSONata expression) cannot be checked
    here; the runner reports it if it turns out to be unknown. An activity needs nothing here:
    without a worker's answer its task waits, as in AWS. ``mocked`` (machine name -> state
    names) are states answered by name (a test case), whatever their resource. With ``emulator``,
    the service integrations it runs (``compiler.run.service_catalog``) are served.
    """
    missing: list[Missing] = []
    for machine, definition in machines.items():
        skipped = (mocked or {}).get(machine, ())
        for state_name, state in task_states(definition):
            if state_name in skipped:
                continue
            resource = state.get("Resource")
            if not isinstance(resource, str) or _matches(resource, served):
                continue
            if classify(resource).service == "activity":
                continue  # its worker's answer comes at run time (--task-answer), or the task waits as in AWS
            service = serving(resource)
            if emulator and service.by_emulator:
                continue
            target = _target(resource, state)
            if target is None:
                continue
            name, is_lambda, is_machine = target
            # The runner's own lookup, for functions and for mocks by function name or ARN alike.
            if is_lambda and (_matches(name, served) or _finds(functions, name) or _finds(served, name)):
                continue
            if is_machine and (name in state_machines or name.rsplit(":", 1)[-1] in state_machines):
                continue
            missing.append(Missing(name, state_name, machine, is_lambda, service.reason))
    return missing


def _target(resource: str, state: Mapping[str, Any]) -> tuple[str, bool, bool] | None:
    """``(name to supply, is a Lambda function, is a state machine)``, or None when it is chosen at run time."""
    integration = classify(resource)
    if (integration.service, integration.action) == ("lambda", "invoke") or integration.starts_execution:
        name, at_run_time = target_text(state, integration)
        return (name, not integration.starts_execution, integration.starts_execution) if name and not at_run_time else None
    return resource, integration.is_lambda_function, False


def _matches(resource: str, patterns: Mapping[str, Any]) -> bool:
    return resource in patterns or any(fnmatch.fnmatchcase(resource, p) for p in patterns if "*" in p or "?" in p)


def _finds(table: Mapping[str, Any], name: str) -> bool:
    return find_function(table, name) is not None


def check_served(missing: list[Missing], *, mocked_by_state: bool = False) -> None:
    """Raise one LocalError naming every unserved resource and how to supply it."""
    if not missing:
        return
    lines = [f"  {m.resource}  (state '{m.state}' of {m.machine}" + (f": {m.reason})" if m.reason else ")")
             for m in missing]
    any_lambda = any(m.is_lambda for m in missing)
    example = missing[0].resource
    hint = (f"--mock {example}='{{\"result\": 1}}' answers every call with that JSON (or @file.json)")
    if any_lambda:
        example = next(m.resource for m in missing if m.is_lambda)
        hint = (f"run a Python function for it with --handler {example}=path/to/file.py:function "
                f"(or =module:function), or fix its result with --mock {example}='{{...}}' (or =@file.json)")
    if mocked_by_state:
        hint = f"map the state to a mocked response in the test case (or in a YAML case's mocks:), or {hint}"
    elif any(m.reason for m in missing):
        hint += ("; or run a test case of an AWS MockConfigFile with --mock-config FILE --test-case NAME, or give "
                 "the state a response in a compiler test case's mocks: (see docs/testing.md)")
    noun = "resource has" if len(missing) == 1 else "resources have"
    raise LocalError(f"{len(missing)} task {noun} no local implementation:\n" + "\n".join(lines), hint=hint)
