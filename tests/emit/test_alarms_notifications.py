"""Alarms and notifications (tests/cases/valid/alarms_notifications.yaml): the CloudWatch alarms on
AWS/States metrics with their topic actions, the status-change rule and its targets' permissions,
and an alias's rollback alarm named by its key."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.golden.regen import CASE_TEMPLATES, case_template_path, synth_case_template


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    text = synth_case_template(CASE_TEMPLATES["alarms_notifications"])
    assert case_template_path("alarms_notifications").read_text(encoding="utf-8") == text, \
        "regenerate: python -m tests.golden.regen"
    found: dict[str, Any] = json.loads(text)["Resources"]
    return found


def _of(resources: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in resources.values() if r["Type"] == kind]


def test_one_alarm_per_metric_with_its_actions(resources: dict[str, Any]) -> None:
    alarms = {a["MetricName"]: a for a in _of(resources, "AWS::CloudWatch::Alarm")}
    assert set(alarms) == {"ExecutionsFailed", "ExecutionsTimedOut", "ExecutionThrottled", "ExecutionsAborted",
                           "ExecutionTime"}
    assert all(a["Namespace"] == "AWS/States" and a["Dimensions"][0]["Name"] == "StateMachineArn"
               for a in alarms.values())
    assert alarms["ExecutionTime"]["Statistic"] == "Maximum" and alarms["ExecutionTime"]["Threshold"] == 60000
    assert alarms["ExecutionThrottled"]["EvaluationPeriods"] == 3 and alarms["ExecutionThrottled"]["Period"] == 60
    topic = next(k for k, r in resources.items() if r["Type"] == "AWS::SNS::Topic")
    assert alarms["ExecutionsFailed"]["AlarmActions"] == [{"Ref": topic}]
    assert "AlarmActions" not in alarms["ExecutionsAborted"]


def test_the_alias_rolls_back_on_the_alarm_named_by_its_key(resources: dict[str, Any]) -> None:
    (alias,) = _of(resources, "AWS::StepFunctions::StateMachineAlias")
    failed = next(k for k, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"
                  and r["Properties"]["MetricName"] == "ExecutionsFailed")
    assert alias["DeploymentPreference"]["Alarms"] == [{"Ref": failed}]


def test_status_changes_reach_a_topic_a_queue_and_a_machine(resources: dict[str, Any]) -> None:
    rules = _of(resources, "AWS::Events::Rule")
    failed = next(r for r in rules if r["EventPattern"]["detail"]["status"] == ["FAILED", "TIMED_OUT", "ABORTED"])
    assert failed["EventPattern"]["detail-type"] == ["Step Functions Execution Status Change"]
    assert len(failed["Targets"]) == 4
    assert any("RoleArn" in t for t in failed["Targets"])  # the machine target: a role EventBridge assumes
    assert _of(resources, "AWS::SNS::TopicPolicy") and _of(resources, "AWS::SQS::QueuePolicy")
    # The function target: EventBridge may invoke it, from this rule only.
    (permission,) = _of(resources, "AWS::Lambda::Permission")
    assert permission["Principal"] == "events.amazonaws.com" and permission["Action"] == "lambda:InvokeFunction"
    rule_id = next(k for k, r in resources.items() if r["Type"] == "AWS::Events::Rule"
                   and r["Properties"]["EventPattern"]["detail"]["status"] == ["FAILED", "TIMED_OUT", "ABORTED"])
    assert permission["SourceArn"] == {"Fn::GetAtt": [rule_id, "Arn"]}


def test_every_target_gets_the_input_transformer_as_written(resources: dict[str, Any]) -> None:
    rules = _of(resources, "AWS::Events::Rule")
    failed = next(r for r in rules if r["EventPattern"]["detail"]["status"] == ["FAILED", "TIMED_OUT", "ABORTED"])
    assert {json.dumps(t["InputTransformer"], sort_keys=True) for t in failed["Targets"]} == {json.dumps({
        "InputPathsMap": {"execution": "$.detail.executionArn", "status": "$.detail.status"},
        "InputTemplate": '{"execution": <execution>, "status": <status>}'}, sort_keys=True)}
    succeeded = next(r for r in rules if r["EventPattern"]["detail"]["status"] == ["SUCCEEDED"])
    assert all("InputTransformer" not in t for t in succeeded["Targets"])
