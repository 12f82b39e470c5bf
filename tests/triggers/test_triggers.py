"""Triggers: the events they deliver, EventBridge's input transformer, `compiler run --trigger`,
and the CloudFormation resources (golden template of tests/cases/valid/triggers.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import main
from compiler.model.triggers import InputTransformer
from compiler.triggers.events import TransformError, matching_event, transform
from compiler.triggers.patterns import s3_pattern
from tests.golden.regen import CASE_TEMPLATES, case_template_path, synth_case_template

CASE = CASE_TEMPLATES["triggers"]
HINT = "stale golden file; regenerate with `python -m tests.golden.regen` and review the diff"


def test_a_placeholder_inside_a_string_takes_the_text_and_elsewhere_the_json() -> None:
    event = {"detail": {"key": "in/a.csv", "size": 5, "tags": ["x"]}}
    transformer = InputTransformer(input_paths_map={"key": "$.detail.key", "size": "$.detail.size",
                                                    "tags": "$.detail.tags"},
                                   input_template='{"path": "s3://b/<key>", "key": <key>, "n": <size>, "t": <tags>}')
    assert transform(transformer, event) == {"path": "s3://b/in/a.csv", "key": "in/a.csv", "n": 5, "t": ["x"]}


def test_a_template_that_is_not_json_is_a_string_input() -> None:
    transformer = InputTransformer(input_paths_map={"key": "$.detail.key"}, input_template="uploaded <key>")
    assert transform(transformer, {"detail": {"key": "k"}}) == 'uploaded "k"'


def test_an_undefined_placeholder_is_refused() -> None:
    with pytest.raises(TransformError, match="<size>"):
        transform(InputTransformer(input_template="<size>"), {})


def test_the_event_built_from_a_pattern_matches_it() -> None:
    event = matching_event({"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 100]}],
                                                               "sku": [{"prefix": "A-"}]}})
    assert event["source"] == "shop.orders" and event["detail"] == {"total": 101, "sku": "A-example"}


def test_prefix_and_suffix_together_are_one_wildcard() -> None:
    assert s3_pattern("b", "in*/", ".csv")["detail"]["object"] == {"key": [{"wildcard": "in\\*/*.csv"}]}
    assert s3_pattern("b", "in/", None)["detail"]["object"] == {"key": [{"prefix": "in/"}]}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(["run", str(CASE), "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        ("nightly", {"mode": "full"}),
        # The bucket has no bucket_name (CloudFormation makes one): locally its key stands in.
        ("uploaded", {"source": "s3://uploads/incoming/example.csv", "key": "incoming/example.csv"}),
        ("ingest_api", {"order": 7}),
    ],
)
def test_run_trigger_starts_the_machine_with_what_the_trigger_delivers(
        capsys: pytest.CaptureFixture[str], trigger: str, expected: Any) -> None:
    extra = ["--input", '{"order": 7}'] if trigger == "ingest_api" else []
    code, result, err = _run(capsys, "--trigger", trigger, *extra)
    assert code == 0, err
    assert f"trigger '{trigger}' starts ingest with " in err
    started = result["executions"][0]["input"]
    assert started == expected


def test_run_trigger_of_an_event_rule_reports_the_event_and_the_alias(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--trigger", "orders")
    assert code == 0, err
    assert '"source": "shop.orders"' in err and "starts ingest:live with" in err


def test_an_unknown_trigger_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--trigger", "nope")
    assert code == 2 and "ingest.nightly" in err


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    text = synth_case_template(CASE)
    assert case_template_path("triggers").read_text(encoding="utf-8") == text, HINT
    found: dict[str, Any] = json.loads(text)["Resources"]
    return found


def _of(resources: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in resources.values() if r["Type"] == kind]


def test_each_trigger_kind_is_emitted(resources: dict[str, Any]) -> None:
    (schedule,) = _of(resources, "AWS::Scheduler::Schedule")
    assert schedule["ScheduleExpressionTimezone"] == "Asia/Tokyo"
    assert schedule["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
    assert json.loads(schedule["Target"]["Input"]) == {"mode": "full"}
    rules = _of(resources, "AWS::Events::Rule")
    assert len(rules) == 2
    s3_rule = next(r for r in rules if r["EventPattern"]["source"] == ["aws.s3"])
    assert s3_rule["EventPattern"]["detail"]["object"] == {"key": [{"wildcard": "incoming/*.csv"}]}
    assert "InputTransformer" in s3_rule["Targets"][0]
    (bucket,) = _of(resources, "AWS::S3::Bucket")
    assert bucket["NotificationConfiguration"] == {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    integrations = {i["IntegrationSubtype"] for i in _of(resources, "AWS::ApiGatewayV2::Integration")}
    assert integrations == {"StepFunctions-StartExecution", "StepFunctions-StartSyncExecution"}
    assert {r["AuthorizationType"] for r in _of(resources, "AWS::ApiGatewayV2::Route")} == {"AWS_IAM"}


def test_each_trigger_role_may_only_start_its_machine(resources: dict[str, Any]) -> None:
    roles = {k: r for k, r in resources.items() if r["Type"] == "AWS::IAM::Role" and "_trigger" in
             r["Metadata"]["aws:cdk:path"]}
    principals = sorted(r["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
                        for r in roles.values())
    assert principals == ["apigateway.amazonaws.com"] * 2 + ["events.amazonaws.com"] * 2 + [
        "scheduler.amazonaws.com"]
    policies = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
                and any(role["Ref"] in roles for role in r["Properties"]["Roles"])]
    statements = [s for p in policies for s in p["PolicyDocument"]["Statement"]]
    assert len(statements) == 5
    assert {s["Action"] for s in statements} == {"states:StartExecution", "states:StartSyncExecution"}
    assert all(isinstance(s["Resource"], dict) for s in statements)  # the machine's own ARN, no wildcard
    assert sum("Condition" in s for s in statements) == 1  # the alias: states:StateMachineQualifier


def test_the_golden_file_is_in_place() -> None:
    assert Path(case_template_path("triggers")).is_file()
