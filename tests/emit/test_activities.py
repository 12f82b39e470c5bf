"""Activities (tests/cases/valid/activities.yaml): CDK's Activity with the spec key, the key policy
that lets Step Functions use the key for that activity only, and the machine role's grant."""

from __future__ import annotations

import json
from typing import Any

from tests.golden.regen import CASE_TEMPLATES, case_template_path, synth_case_template

CONTEXT = "kms:EncryptionContext:aws:states:activityArn"


def test_an_encrypted_activity_its_key_policy_and_the_roles_grant() -> None:
    text = synth_case_template(CASE_TEMPLATES["activities"])
    assert case_template_path("activities").read_text(encoding="utf-8") == text, \
        "regenerate: python -m tests.golden.regen"
    resources: dict[str, Any] = json.loads(text)["Resources"]
    activities = {r["Properties"]["Name"]: (k, r["Properties"]) for k, r in resources.items()
                  if r["Type"] == "AWS::StepFunctions::Activity"}
    assert "ship-order" not in activities  # imported: nothing is created
    logical, approve = activities["approve-order"]
    key = next(k for k, r in resources.items() if r["Type"] == "AWS::KMS::Key")
    assert approve["EncryptionConfiguration"] == {
        "KmsKeyId": {"Fn::GetAtt": [key, "Arn"]}, "KmsDataKeyReusePeriodSeconds": 120,
        "Type": "CUSTOMER_MANAGED_KMS_KEY"}
    (pack,) = [props for name, (_, props) in activities.items() if name != "approve-order"]
    assert "EncryptionConfiguration" not in pack  # an AWS-owned key
    # The key policy: Step Functions may use the key for this activity only.
    (service,) = [s for s in resources[key]["Properties"]["KeyPolicy"]["Statement"]
                  if s.get("Principal") == {"Service": "states.amazonaws.com"}]
    assert sorted(service["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert json.dumps(service["Condition"]["StringEquals"][CONTEXT]).endswith(':activity:approve-order"]]}')
    # The machine's role: the same two actions on the key, conditioned on the activity's ARN.
    (grant,) = [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
                for s in r["Properties"]["PolicyDocument"]["Statement"]]
    assert grant["Resource"] == {"Fn::GetAtt": [key, "Arn"]}
    assert grant["Condition"] == {"StringEquals": {CONTEXT: {"Ref": logical}}}
    (machine,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::StepFunctions::StateMachine"]
    assert machine["DefinitionSubstitutions"]["approve_arn"] == {"Ref": logical}
