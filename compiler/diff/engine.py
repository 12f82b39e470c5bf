"""``diff_programs``: the whole comparison of two compiled specs, as typed records."""

from __future__ import annotations

from typing import Any

from compiler.diff.iam import diff_permissions, permissions
from compiler.diff.machines import diff_machine
from compiler.diff.records import Diff, Flag, MachineDiff
from compiler.diff.resources import diff_resources
from compiler.ir import Machine, Program
from compiler.refs import fill

# Flags are listed by what they can cost: data first, then access, then behaviour.
FLAG_ORDER = {"data_loss": 0, "replacement": 1, "iam": 2, "error_handling": 3, "monitoring": 4}


def resolved(machine: Machine) -> dict[str, Any]:
    """The definition with each ``${placeholder}`` written as the reference it stands for
    (``${first.arn}``): placeholder names are allocated per definition and may shift."""
    result = fill(machine.definition, {name: str(ref) for name, ref in machine.substitutions.items()})
    assert isinstance(result, dict)
    return result


def definitions(program: Program | None) -> dict[str, dict[str, Any]]:
    return {} if program is None else {key: resolved(m) for key, m in program.machines.items()}


def diff_programs(base: Program | None, head: Program | None, base_label: str = "base",
                  head_label: str = "head") -> Diff:
    """Compare two programs (``None``: the spec does not exist on that side)."""
    old_defs, new_defs = definitions(base), definitions(head)
    resources, flags = diff_resources(base, head)
    approximated: set[str] = set()
    iam, iam_flags = diff_permissions(permissions(base, old_defs, approximated),
                                      permissions(head, new_defs, approximated))
    machines: list[MachineDiff] = []
    machine_flags: list[Flag] = []
    for key in [*new_defs, *(k for k in old_defs if k not in new_defs)]:
        program = head if key in new_defs else base
        assert program is not None
        change, found = diff_machine(key, program.machines[key].name, old_defs.get(key), new_defs.get(key))
        machine_flags.extend(found)
        if change is not None:
            machines.append(change)
    all_flags = sorted([*flags, *iam_flags, *machine_flags], key=lambda f: FLAG_ORDER[f.category])
    touched = {c.permission.principal.removeprefix("state_machine ") for c in iam}
    notes = tuple(
        f"the permissions of state machine {key} are approximated by the integrations its tasks use "
        "(the IAM registry does not cover them)"
        for key in sorted(approximated & touched)
    )
    return Diff(base_label, head_label, tuple(resources), tuple(iam), tuple(machines), tuple(all_flags), notes)
