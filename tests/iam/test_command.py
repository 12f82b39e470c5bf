"""``compiler iam``: per machine, the generated statements with their states; JSON lists; every
wildcard resource with its reason; spec parameters become the ARN a literal would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler.cli import main

SPEC = """\
version: 1
parameters:
  bus: {default: orders-bus}
  queue_url: {default: "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"}
state_machines:
  orders:
    states:
      Emit:
        type: task
        resource: arn:aws:states:::events:putEvents
        parameters:
          Entries:
            - EventBusName: ${params.bus}
              Source: orders
              DetailType: placed
              Detail.$: $
      Enqueue:
        type: task
        resource: arn:aws:states:::sqs:sendMessage
        parameters:
          QueueUrl: ${params.queue_url}
          MessageBody.$: $
      Query:
        type: task
        resource: arn:aws:states:::aws-sdk:dynamodb:query
        parameters:
          TableName.$: $.table
          KeyConditionExpression: pk = :pk
"""


def _run(tmp_path: Path, capsys, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    spec = tmp_path / "workflow.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    code = main(["iam", str(spec), *args])
    return code, capsys.readouterr().out


def test_json_lists_statements_states_and_wildcards(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = _run(tmp_path, capsys, "--format", "json")
    assert code == 0
    machine = json.loads(out)["machines"]["orders"]
    by_action = {tuple(s["actions"]): s for s in machine["statements"]}
    # A spec parameter is a value known at synth time: the same ARN a literal gives.
    assert by_action[("events:PutEvents",)]["resources"] == [
        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/orders-bus"]
    assert by_action[("sqs:SendMessage",)]["resources"] == ["arn:${AWS::Partition}:sqs:eu-west-1:111122223333:jobs"]
    assert by_action[("sqs:SendMessage",)]["states"] == ["Enqueue"]
    query = by_action[("dynamodb:Query",)]
    assert query["resources"] == ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*"]
    [wildcard] = machine["wildcards"]
    assert wildcard["actions"] == ["dynamodb:Query"]
    assert wildcard["reasons"] == ["state 'Query': TableName is chosen at run time"]


def test_text_names_states_and_reasons(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = _run(tmp_path, capsys, "--machine", "orders")
    assert code == 0
    assert "allow sqs:SendMessage\n    on arn:${AWS::Partition}:sqs:eu-west-1:111122223333:jobs\n    for Enqueue" in out
    assert "because state 'Query': TableName is chosen at run time" in out


def test_unknown_machine_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _ = _run(tmp_path, capsys, "--machine", "nope")
    assert code == 2


def _machine(tmp_path: Path, capsys, settings: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    spec = tmp_path / "workflow.yaml"
    spec.write_text(f"version: 1\nstate_machines:\n  m:\n{settings}    states: {{A: {{type: pass}}}}\n", encoding="utf-8")
    assert main(["iam", str(spec), "--format", "json"]) == 0
    machine: dict[str, Any] = json.loads(capsys.readouterr().out)["machines"]["m"]
    return machine


def test_tracing_grants_the_x_ray_actions_on_every_resource(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    machine = _machine(tmp_path, capsys, "    tracing: true\n")
    xray = [s for s in machine["statements"] if s["actions"][0].startswith("xray:")]
    # X-Ray's actions take no resource-level permission (the service authorization reference)
    assert [(s["actions"], s["resources"]) for s in xray] == [
        (["xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"],
         ["*"])]
    assert [w["reasons"] for w in machine["wildcards"]] == [
        ["X-Ray actions take no resource-level permission (added by CDK with `tracing`)"]]


def test_logging_grants_the_log_delivery_actions_on_every_resource_unless_off(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    machine = _machine(tmp_path, capsys, "    logging: {level: error}\n")
    # CloudWatch Logs' vended-log delivery actions take no resource-level permission ("Logging using
    # CloudWatch Logs" in the Step Functions guide lists them on "*").
    assert [(s["actions"], s["resources"]) for s in machine["statements"]] == [
        (["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
          "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery"], ["*"])]
    assert [w["reasons"] for w in machine["wildcards"]] == [
        ["log delivery actions take no resource-level permission (added by CDK with `logging`)"]]
    assert _machine(tmp_path, capsys, "    logging: {level: 'off'}\n")["statements"] == []
