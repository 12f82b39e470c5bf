"""``compiler iam [SPEC] [--machine KEY] [--format text|json]``: each machine's generated policy.

For review, and for teams that hand a policy to their security team: per state machine, the
statements of its generated role with the states that need each one; every wildcard resource is
listed with the reason it could not be narrower.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from compiler.commands.options import EXIT_OK, program_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", type=Path, default=Path("workflow.yaml"),
                        help="the spec (default: workflow.yaml); '-' reads it from standard input")
    parser.add_argument("--machine", action="append", metavar="KEY",
                        help="only this state machine (repeatable; default: all)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from compiler.iam import machine_statements, observability
    from compiler.iam.wildcards import wildcards

    program, code = program_of("iam", args.spec, args.machine)
    if program is None:
        return code
    machines: dict[str, Any] = {}
    for key, machine in program.machines.items():
        if args.machine and key not in args.machine:
            continue
        if machine.model.role is not None:
            machines[key] = {"role": machine.model.role, "statements": [], "wildcards": []}
            continue
        found = machine_statements(program, machine) + observability.statements(machine)
        machines[key] = {"role": None, "statements": [_statement(s) for s in found], "wildcards": wildcards(found)}
    if args.format == "json":
        sys.stdout.write(json.dumps({"machines": machines}, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(_text(machines))
    return EXIT_OK


def _statement(statement: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "effect": "Allow",
        "actions": list(statement.actions),
        "resources": list(statement.resources),
        "states": list(statement.states),
    }
    if statement.conditions:
        out["conditions"] = statement.condition_block()
    return out


def _text(machines: dict[str, Any]) -> str:
    lines: list[str] = []
    for key, entry in machines.items():
        if entry["role"] is not None:
            lines.append(f"state machine {key}: uses the role '{entry['role']}'; nothing is generated")
            lines.append("")
            continue
        lines.append(f"state machine {key}: {len(entry['statements'])} generated statement(s)")
        for statement in entry["statements"]:
            lines.append(f"  allow {', '.join(statement['actions'])}")
            for resource in statement["resources"]:
                lines.append(f"    on {resource}")
            for operator, conditions in statement.get("conditions", {}).items():
                for name, value in conditions.items():
                    lines.append(f"    when {operator} {name} = {json.dumps(value)}")
            if statement["states"]:
                lines.append(f"    for {', '.join(statement['states'])}")
        if entry["wildcards"]:
            lines.append("  wildcard resources:")
            for item in entry["wildcards"]:
                lines.append(f"    {item['resource']} ({', '.join(item['actions'])})")
                for reason in item["reasons"]:
                    lines.append(f"      because {reason}")
        lines.append("")
    return "\n".join(lines)
