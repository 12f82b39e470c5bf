"""Verify a deployed stack: every template resource exists with its properties, and every state
machine runs the definition ``compiler run`` executes locally.

The emulator accepts what AWS would reject (an empty code package, an invalid definition,
unknown types), so "the deploy succeeded" proves little; this reads each resource back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from compiler.asl.definition import to_json
from compiler.deploy.assembly import StackArtifact
from compiler.deploy.checks import CHECKS, attribute
from compiler.deploy.emulator_gaps import UNSUPPORTED_TYPES
from compiler.deploy.intrinsics import Resolver, Unresolved
from compiler.deploy.readback import Clients, compare
from compiler.deploy.report import Row
from compiler.deploy.stand_ins import derived_refs
from compiler.ir import Machine, Program
from compiler.refs import fill

DEFINITION_NOTE = (
    "state machine definitions are compared with fill(emitted ASL, deployed values): "
    "the same definitions `compiler run` executes locally"
)
STACK_OK = {"CREATE_COMPLETE", "UPDATE_COMPLETE"}


@dataclass
class Deployed:
    """What one stack deployed: logical id -> (type, physical id)."""

    stack_name: str
    stack_status: str
    resources: dict[str, tuple[str, str]] = field(default_factory=dict)

    def physical(self, kind: str) -> set[str]:
        return {phys for t, phys in self.resources.values() if t == kind and phys}


@dataclass
class Verification:
    deployed: Deployed
    rows: list[Row]
    substitutions: dict[str, dict[str, str]] = field(default_factory=dict)  # machine key -> values


def describe(c: Clients, stack_name: str) -> Deployed:
    stack = c.cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    deployed = Deployed(stack_name, stack["StackStatus"])
    paginator = c.cfn.get_paginator("list_stack_resources")
    for page in paginator.paginate(StackName=stack_name):
        for summary in page["StackResourceSummaries"]:
            # moto lists the types it skipped with an empty logical id: nothing was created.
            if summary.get("LogicalResourceId"):
                deployed.resources[summary["LogicalResourceId"]] = (
                    summary["ResourceType"], summary.get("PhysicalResourceId") or "")
    deployed.resources["__stack__"] = ("AWS::CloudFormation::Stack", stack["StackId"])
    _layer_ids(c, deployed)
    return deployed


def _layer_ids(c: Clients, deployed: Deployed) -> None:
    """moto 5.2.5 reports no physical id for a layer version: find it by the name it generated for it."""
    missing = [logical for logical, (kind, physical) in deployed.resources.items()
               if kind == "AWS::Lambda::LayerVersion" and not physical]
    if not missing:
        return
    layers = c.lambda_.list_layers()["Layers"]
    for logical in missing:
        found = [layer["LatestMatchingVersion"]["LayerVersionArn"] for layer in layers
                 if f"-{logical}-" in layer["LayerName"]]
        if len(found) == 1:
            deployed.resources[logical] = ("AWS::Lambda::LayerVersion", found[0])


def verify(session: Any, stack: StackArtifact, program: Program | None) -> Verification:
    c = Clients(session)
    try:
        deployed = describe(c, stack.name)
    except ClientError:
        row = Row("AWS::CloudFormation::Stack", stack.name, "")
        row.mismatch("stack does not exist")
        return Verification(Deployed(stack.name, "MISSING"), [row])
    _physical_from_names(deployed, stack)
    stack_row = Row("AWS::CloudFormation::Stack", stack.name, deployed.resources["__stack__"][1])
    if deployed.stack_status not in STACK_OK:
        stack_row.mismatch(f"stack status {deployed.stack_status}")
    account = _account(session)
    # Left out of the emulator's copy, but with the Ref AWS would give them (stand_ins: activities).
    derived = derived_refs(stack.template, "aws", session.region_name, account)
    resolver = Resolver(
        account=account,
        region=session.region_name,
        stack_name=stack.name,
        stack_id=deployed.resources["__stack__"][1],
        physical={**{k: v[1] for k, v in deployed.resources.items()}, **derived},
        attribute=lambda logical, attr: attribute(c, *_kind_physical(deployed, stack, derived, logical), attr),
        parameters=_parameters(stack, c),
    )
    machines = _machines_by_logical_id(stack, program)
    result = Verification(deployed, [stack_row])
    for logical, resource in stack.resources.items():
        kind = resource["Type"]
        physical = deployed.resources.get(logical, (kind, ""))[1]
        row = Row(kind, logical, physical)
        result.rows.append(row)
        if kind in UNSUPPORTED_TYPES and kind not in CHECKS:
            row.gap(UNSUPPORTED_TYPES[kind])
            continue
        if kind.startswith("Custom::") and logical in deployed.resources:
            row.gap("custom resources (their handler does not run: it needs Docker)")
            continue
        if logical not in deployed.resources and kind not in UNSUPPORTED_TYPES:
            row.mismatch("not created")
            continue
        try:
            if kind == "AWS::StepFunctions::StateMachine":
                values = check_state_machine(c, resolver, row, resource.get("Properties", {}), machines.get(logical))
                if logical in machines:
                    result.substitutions[machines[logical].key] = values
            elif kind in CHECKS:
                CHECKS[kind](c, resolver, row, resource.get("Properties", {}))
            else:
                row.notes.append("exists (properties not checked for this type)")
        except Unresolved as exc:
            skipped = stack.resources.get(exc.logical or "", {}).get("Type")
            if skipped in UNSUPPORTED_TYPES and exc.logical not in deployed.resources:
                # It names a resource the emulator does not create: nothing deployed to compare with.
                row.gap(f"refers to {exc.logical} ({skipped}), which the emulator does not create")
            else:
                row.mismatch(str(exc))
        except ClientError as exc:
            row.mismatch(f"cannot be read back: {exc.response.get('Error', {}).get('Message', exc)}")
    return result


def check_state_machine(
    c: Clients, r: Resolver, row: Row, props: dict[str, Any], machine: Machine | None
) -> dict[str, str]:
    """The deployed definition against fill(emitted ASL, deployed values); returns the values."""
    answer = c.sfn.describe_state_machine(stateMachineArn=row.physical_id)
    if "StateMachineName" in props:
        compare(row, "StateMachineName", props["StateMachineName"], answer["name"])
    compare(row, "RoleArn", r.resolve(props["RoleArn"]), answer["roleArn"])
    compare(row, "StateMachineType", props.get("StateMachineType", "STANDARD"), answer.get("type"),
            default="STANDARD")
    template_definition = r.resolve(props.get("DefinitionString", ""))
    template_subs = props.get("DefinitionSubstitutions", {})
    values = {name: str(r.resolve(value)) for name, value in template_subs.items()}
    if machine is not None:
        if template_definition != to_json(machine.definition):
            row.mismatch("the template's definition is not the emitted ASL")
        if set(template_subs) != set(machine.substitutions):
            row.mismatch(f"substitutions {sorted(template_subs)} != emitted {sorted(machine.substitutions)}")
        expected = fill(machine.definition, values)
    else:
        expected = fill(json.loads(template_definition), values)
    actual = json.loads(answer["definition"])
    if actual == expected:
        row.notes.append("definition = emitted ASL, substituted")
    elif values and fill(actual, values) == expected:
        # moto stores DefinitionString as given; AWS applies DefinitionSubstitutions. The
        # stored text is our ASL byte for byte, and the values are the deployed resources'.
        row.notes.append("definition = emitted ASL; substitutions applied here (the emulator stores them unapplied)")
    else:
        row.mismatch("deployed definition differs from fill(emitted ASL, deployed values)")
    if values:
        row.notes.append(", ".join(f"{k}={v}" for k, v in sorted(values.items())))
    return values


# Types whose physical id is their literal name, which the emulator leaves empty (moto 5.2.5
# lists an event bus with no physical id): the verification reads it from the template.
NAMED_BY_TEMPLATE = {"AWS::Events::EventBus": "Name"}


def _kind_physical(deployed: Deployed, stack: StackArtifact, derived: dict[str, str], logical: str) -> tuple[str, str]:
    """(type, physical id) of a deployed resource, or of one left out whose Ref is derived."""
    if logical in deployed.resources:
        return deployed.resources[logical]
    return str(stack.resources[logical]["Type"]), derived[logical]


def _physical_from_names(deployed: Deployed, stack: StackArtifact) -> None:
    for logical, (kind, physical) in list(deployed.resources.items()):
        name = stack.resources.get(logical, {}).get("Properties", {}).get(NAMED_BY_TEMPLATE.get(kind, ""))
        if not physical and isinstance(name, str):
            deployed.resources[logical] = (kind, name)


def _machines_by_logical_id(stack: StackArtifact, program: Program | None) -> dict[str, Machine]:
    if program is None:
        return {}
    found = {}
    for key, machine in program.machines.items():
        logical = stack.logical_id(f"{key}/Resource")
        if logical is not None:
            found[logical] = machine
    return found


def _parameters(stack: StackArtifact, c: Clients) -> dict[str, str]:
    """Template parameters as deployed (the CDK bootstrap version comes from SSM)."""
    values = {}
    for name, parameter in stack.template.get("Parameters", {}).items():
        if parameter.get("Type", "").startswith("AWS::SSM::Parameter::Value"):
            try:
                values[name] = c.ssm.get_parameter(Name=parameter["Default"])["Parameter"]["Value"]
            except ClientError:
                continue
        elif "Default" in parameter:
            values[name] = str(parameter["Default"])
    return values


def _account(session: Any) -> str:
    account: str = session.client("sts").get_caller_identity()["Account"]
    return account
