"""What test cases run against: a compiled spec (any of its machines) or a bare ASL file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.diagnostics import Report
from compiler.local.errors import LocalError
from compiler.local.setup import LocalSetup


@dataclass
class Target:
    path: Path
    program: Any = None  # compiler.ir.Program for a spec
    asl: dict[str, Any] | None = None  # the definition of an ASL file
    error: str | None = None  # why nothing can run
    reports: list[Report] = field(default_factory=list)
    _setups: dict[str | None, LocalSetup] = field(default_factory=dict)

    def setup(self, machine: str | None) -> LocalSetup:
        """The run setup of ``machine`` (spec key or state_machine_name; None: as compiler run chooses)."""
        found = self._setups.get(machine)
        if found is None:
            found = self._setups[machine] = self._build(machine)
        return found

    def _build(self, machine: str | None) -> LocalSetup:
        from compiler.local.setup import choose_machine, from_asl, from_program

        if self.asl is not None:
            setup = from_asl(self.path, self.asl)
            if machine is not None and machine != setup.machine_name:
                raise LocalError(f"--machine {machine}: the ASL file holds one machine, '{setup.machine_name}'")
            return setup
        return from_program(self.program, choose_machine(self.program, machine), self.path.parent)

    def machines(self) -> dict[str, dict[str, Any]]:
        """Every machine by its name (state_machine_name, or the ASL file's stem) -> definition."""
        if self.asl is not None:
            setup = self.setup(None)
            return {setup.machine_name: setup.definition}
        any_setup = self.setup(next(iter(self.program.machines)))
        return {self.program.machines[key].name: definition
                for key, definition in zip(self.program.machines, _definitions(any_setup, self.program), strict=True)}

    def buckets(self) -> list[str]:
        from compiler.local.setup import new_buckets

        return new_buckets(self.program) if self.program is not None else []


def _definitions(setup: LocalSetup, program: Any) -> list[dict[str, Any]]:
    from compiler.refs import Ref

    return [setup.state_machines[program.local_value(Ref(key, "arn"))] for key in program.machines]


def load_target(path: Path) -> Target:
    from compiler.local.asl_file import read_asl

    target = Target(path)
    try:
        definition = read_asl(path)
    except LocalError as exc:
        target.error = exc.message
        return target
    if definition is not None:
        target.asl = definition
        return target
    from compiler.pipeline import compile_spec

    compiled = compile_spec(path)
    if compiled.program is None:
        target.reports.append(compiled.report)
        target.error = "the spec has errors" if not compiled.report.unreadable else "cannot read the spec"
        return target
    target.program = compiled.program
    return target
