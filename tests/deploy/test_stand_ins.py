"""The emulator's copy of a template: resources it cannot create left out, references to them
replaced by stand-ins of the same shape, the synthesized template untouched."""

from __future__ import annotations

import copy
from typing import Any

from compiler.deploy.stand_ins import STAND_IN, for_emulator, left_out

TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Conn": {"Type": "AWS::Events::Connection", "Properties": {"AuthorizationType": "API_KEY"}},
        "Policy": {
            "Type": "AWS::IAM::Policy",
            "DependsOn": ["Conn", "Role"],
            "Properties": {"Statement": [{"Resource": [{"Fn::GetAtt": ["Conn", "Arn"]},
                                                       {"Fn::GetAtt": ["Conn", "SecretArn"]}]}]},
        },
        "Machine": {"Type": "AWS::StepFunctions::StateMachine", "DependsOn": "Conn",
                    "Properties": {"DefinitionSubstitutions": {"c": {"Ref": "Conn"}, "r": {"Ref": "Role"}}}},
        "Role": {"Type": "AWS::IAM::Role"},
    },
    "Outputs": {"ConnArn": {"Value": {"Fn::GetAtt": ["Conn", "Arn"]}}},
}


def _text(value: Any) -> str:
    return "".join(p if isinstance(p, str) else f"<{p['Ref']}>" for p in value["Fn::Join"][1])


def test_the_connection_is_left_out_and_every_reference_gets_a_stand_in() -> None:
    original = copy.deepcopy(TEMPLATE)
    out = for_emulator(TEMPLATE)
    assert original == TEMPLATE  # verification reads the synthesized template, unchanged
    assert left_out(TEMPLATE) == ["Conn"] and left_out(out) == []
    policy = out["Resources"]["Policy"]
    assert policy["DependsOn"] == ["Role"]
    arn, secret = (_text(v) for v in policy["Properties"]["Statement"][0]["Resource"])
    assert arn == f"arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:connection/Conn/{STAND_IN}"
    assert secret.startswith("arn:<AWS::Partition>:secretsmanager:") and secret.endswith(f"connection/Conn/{STAND_IN}")
    machine = out["Resources"]["Machine"]
    assert "DependsOn" not in machine
    assert machine["Properties"]["DefinitionSubstitutions"] == {"c": f"Conn-{STAND_IN}", "r": {"Ref": "Role"}}
    assert _text(out["Outputs"]["ConnArn"]["Value"]).endswith(f"connection/Conn/{STAND_IN}")


def test_a_template_the_emulator_can_create_is_sent_as_it_is() -> None:
    template = {"Resources": {"Role": {"Type": "AWS::IAM::Role"}}}
    assert for_emulator(template) is template


def test_an_activity_is_left_out_and_referenced_by_the_arn_aws_gives_its_name() -> None:
    from compiler.deploy.stand_ins import derived_refs

    template: dict[str, Any] = {"Resources": {
        "Act": {"Type": "AWS::StepFunctions::Activity", "Properties": {"Name": "approve-order"}},
        "Machine": {"Type": "AWS::StepFunctions::StateMachine", "DependsOn": ["Act"], "Properties": {
            "DefinitionSubstitutions": {"a": {"Ref": "Act"}, "n": {"Fn::GetAtt": ["Act", "Name"]}}}},
    }}
    out = for_emulator(template)
    assert left_out(template) == ["Act"] and "Act" not in out["Resources"]
    machine = out["Resources"]["Machine"]
    assert machine["DependsOn"] == []
    substitutions = machine["Properties"]["DefinitionSubstitutions"]
    assert _text(substitutions["a"]) == "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:activity:approve-order"
    assert substitutions["n"] == "approve-order"
    # Verification resolves the same Ref to the same ARN.
    assert derived_refs(template, "aws", "us-east-1", "123456789012") == {
        "Act": "arn:aws:states:us-east-1:123456789012:activity:approve-order"}
