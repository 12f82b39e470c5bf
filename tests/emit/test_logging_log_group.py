"""logging: {log_group: <key>} writes to the spec's log_group resource (tests/cases/valid/logging_log_group.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler.pipeline import compile_spec
from tests.golden.regen import synth_case_template

CASE = Path(__file__).resolve().parents[1] / "cases" / "valid" / "logging_log_group.yaml"


def test_the_machine_logs_to_the_spec_group_with_its_retention_and_key() -> None:
    resources: dict[str, Any] = json.loads(synth_case_template(CASE))["Resources"]
    groups = {k: r["Properties"] for k, r in resources.items() if r["Type"] == "AWS::Logs::LogGroup"}
    (group_id,) = groups  # no second group made for the machine
    assert group_id.startswith("executionlogs")
    assert groups[group_id]["RetentionInDays"] == 90
    key_id = next(k for k, r in resources.items() if r["Type"] == "AWS::KMS::Key")
    assert groups[group_id]["KmsKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}
    # The key's policy lets CloudWatch Logs use it for log groups of this account and region only.
    policy = json.dumps(resources[key_id]["Properties"]["KeyPolicy"])
    assert "kms:EncryptionContext:aws:logs:arn" in policy and "logs." in policy
    (machine,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::StepFunctions::StateMachine"]
    assert machine["LoggingConfiguration"] == {
        "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": [group_id, "Arn"]}}}],
        "IncludeExecutionData": True, "Level": "ALL"}
    # The role's log-delivery actions, which take no resource-level permission.
    statements = [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
                  for s in r["Properties"]["PolicyDocument"]["Statement"]]
    assert any("logs:CreateLogDelivery" in s["Action"] for s in statements)


def test_the_group_counts_as_used() -> None:
    codes = [d.code for d in compile_spec(CASE).report.diagnostics]
    assert "W401" not in codes, codes


def test_a_key_that_is_no_log_group_is_reported_at_its_line() -> None:
    case = CASE.parents[1] / "invalid" / "e303_logging_log_group.yaml"
    found = [(d.code, d.span.line, d.message) for d in compile_spec(case).report.sorted()]
    assert found == [
        ("E303", 10, "'data_key' is a KMS key, but 'logging.log_group' needs a log group"),
        ("E300", 15, "unknown resource 'executon_logs' in 'logging.log_group'"),
    ]
