"""Encryption with a key of the spec and logging with a retention (tests/cases/valid/encryption_logging.yaml)."""

from __future__ import annotations

import json
from typing import Any

from tests.golden.regen import CASE_TEMPLATES, case_template_path, synth_case_template


def test_the_machine_is_encrypted_and_its_role_may_use_the_key_only_for_it() -> None:
    text = synth_case_template(CASE_TEMPLATES["encryption_logging"])
    assert case_template_path("encryption_logging").read_text(encoding="utf-8") == text, \
        "regenerate: python -m tests.golden.regen"
    resources: dict[str, Any] = json.loads(text)["Resources"]
    (machine,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::StepFunctions::StateMachine"]
    key = next(k for k, r in resources.items() if r["Type"] == "AWS::KMS::Key")
    assert machine["EncryptionConfiguration"] == {
        "KmsKeyId": {"Fn::GetAtt": [key, "Arn"]}, "KmsDataKeyReusePeriodSeconds": 600,
        "Type": "CUSTOMER_MANAGED_KMS_KEY"}
    statements = [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
                  for s in r["Properties"]["PolicyDocument"]["Statement"]]
    kms = [s for s in statements if any(a.startswith("kms:") for a in ([s["Action"]] if isinstance(s["Action"], str)
                                                                      else s["Action"]))]
    # Every kms: grant is conditioned: the machine's data by its ARN, log delivery by its source.
    assert kms and all("Condition" in s for s in kms)
    assert any("kms:EncryptionContext:aws:states:stateMachineArn" in json.dumps(s["Condition"]) for s in kms)
    (group,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Logs::LogGroup"]
    assert group["RetentionInDays"] == 30
    assert machine["LoggingConfiguration"]["Level"] == "ALL"
    assert machine["LoggingConfiguration"]["IncludeExecutionData"] is True
