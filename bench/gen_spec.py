"""Generate a workflow spec of N states (a chain of pass/choice states ending in succeed).

    python bench/gen_spec.py N [-o FILE]            # our workflow.yaml format
    python bench/gen_spec.py N --asl [-o FILE]      # the same machine as ASL JSON
    python bench/gen_spec.py N --cfn [-o FILE]      # a CloudFormation template holding that ASL
                                                    # as a plain-string definition (cfn-lint checks it)

N counts all states, `Done` included. Even positions are pass states that store ``{i: k}`` at
``$.rk``; odd positions are choice states testing the preceding pass state's result (always
true), with the same state as rule target and default. The same machine is written with typed
CDK constructs by bench/gen_typed_app.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def state_names(n: int) -> list[str]:
    if n < 2:
        raise ValueError("N must be at least 2 (one state plus Done)")
    width = max(4, len(str(n)))
    return [f"S{i:0{width}d}" for i in range(n - 1)] + ["Done"]


def spec_text(n: int, machine: str = "big") -> str:
    names = state_names(n)
    out = [
        "version: 1",
        "stack:",
        f"  name: {machine}",
        "  nag_acknowledgements:",
        "    - rule: AwsSolutions-SF1",
        "      reason: Generated benchmark machine; it keeps no execution logs.",
        "    - rule: AwsSolutions-SF2",
        "      reason: Generated benchmark machine; X-Ray tracing is off.",
        "state_machines:",
        f"  {machine}:",
        "    states:",
    ]
    for i, name in enumerate(names[:-1]):
        nxt = names[i + 1]
        out.append(f"      {name}:")
        if i % 2 == 0:
            out += ["        type: pass", f"        result: {{i: {i}}}", f"        result_path: $.r{i}"]
        else:
            out += [
                "        type: choice",
                "        choices:",
                f"          - variable: $.r{i - 1}.i",
                f"            numeric_equals: {i - 1}",
                f"            next: {nxt}",
                f"        default: {nxt}",
            ]
    out += ["      Done:", "        type: succeed", ""]
    return "\n".join(out)


def asl_definition(n: int) -> dict[str, Any]:
    names = state_names(n)
    states: dict[str, Any] = {}
    for i, name in enumerate(names[:-1]):
        nxt = names[i + 1]
        if i % 2 == 0:
            states[name] = {"Type": "Pass", "Result": {"i": i}, "ResultPath": f"$.r{i}", "Next": nxt}
        else:
            states[name] = {
                "Type": "Choice",
                "Choices": [{"Variable": f"$.r{i - 1}.i", "NumericEquals": i - 1, "Next": nxt}],
                "Default": nxt,
            }
    states["Done"] = {"Type": "Succeed"}
    return {"StartAt": names[0], "States": states}


def cfn_template(n: int, machine: str = "big") -> dict[str, Any]:
    """A minimal template with the machine's definition as a plain string (cfn-lint checks those)."""
    definition = json.dumps(asl_definition(n), separators=(",", ":"))
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "states.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                },
            },
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {
                    "StateMachineName": machine,
                    "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                    "DefinitionString": definition,
                },
            },
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of states, Done included")
    fmt = ap.add_mutually_exclusive_group()
    fmt.add_argument("--asl", action="store_true", help="write the ASL definition (JSON)")
    fmt.add_argument("--cfn", action="store_true", help="write a CloudFormation template (JSON)")
    ap.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = ap.parse_args(argv)
    if args.asl:
        text = json.dumps(asl_definition(args.n), indent=1) + "\n"
    elif args.cfn:
        text = json.dumps(cfn_template(args.n), indent=1) + "\n"
    else:
        text = spec_text(args.n)
    if args.output:
        args.output.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
