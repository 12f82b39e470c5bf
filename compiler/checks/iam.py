"""The IAM registry run at validate time: what synth would refuse is said here, at the task's line.

A late check: it reads the lowered program (each machine's ASL, spec parameters substituted), so it
runs only when the earlier checks found no error. An integration no rule knows is E380 at the
state's ``resource:`` (with the closest known one); a resource the registry can only grant as a
wildcard because the call's target is chosen at run time is W420, naming the state and field; a
grant the spec could narrow by naming what the ASL does not say (an ECS task definition's roles) is
W422, with what to declare.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.iam import UnsupportedIntegration, machine_collect, machine_notes
from compiler.ir import Machine, Program
from compiler.source import Path


def check(ctx: CheckContext) -> Iterator[Finding]:
    program = ctx.program
    assert program is not None
    for machine in program.machines.values():
        if machine.model.role is not None:
            continue  # the user's own role carries the permissions: nothing is generated
        yield from _machine(program, machine)


def _machine(program: Program, machine: Machine) -> Iterator[Finding]:
    unsupported: list[UnsupportedIntegration] = []
    found = machine_collect(program, machine, unsupported)
    for exc in unsupported:
        hint = f"did you mean '{_full(exc.suggestion)}'?" if exc.suggestion else (
            "use an integration Step Functions documents (see `compiler iam`), "
            "or give the machine a 'role' that allows the call"
        )
        message = f"state '{exc.state}': no IAM rule for the integration '{exc.resource}'"
        yield Finding(codes.E_INTEGRATION, message + (f": {exc.detail}" if exc.detail else ""),
                      _resource_path(machine, exc.state), hint)
    for state, message, hint in machine_notes(program, machine):
        yield Finding(codes.W_UNNAMED_ROLES, message, _resource_path(machine, state), hint)
    seen: set[tuple[str, str]] = set()
    for statement in found:
        for state in statement.states:
            for field in statement.runtime:
                if (state, field) in seen:
                    continue
                seen.add((state, field))
                yield Finding(
                    codes.W_RUNTIME_TARGET,
                    f"state '{state}': {field} is chosen at run time, so {', '.join(statement.actions)} is granted "
                    f"on {', '.join(statement.resources)}",
                    _resource_path(machine, state),
                    "name the target in the spec (a literal, a spec resource or a spec parameter) to scope the "
                    "permission, or add a narrower statement to the machine's own 'role'",
                )


def _resource_path(machine: Machine, state: str) -> Path:
    base = machine.state_paths.get(state, ("state_machines", machine.key))
    return (*base, "resource")


def _full(suggestion: str) -> str:
    return suggestion if suggestion.startswith(("arn:", "${")) else f"arn:aws:states:::{suggestion}"
