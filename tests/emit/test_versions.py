"""Versions and aliases: AWS::StepFunctions::StateMachineVersion / StateMachineAlias (L1), an alias as a
start_execution target, and the golden template of tests/cases/valid/versions_aliases.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.golden.regen import CASE_TEMPLATES, case_template_path, synth_case_template

HINT = "stale golden file; regenerate with `python -m tests.golden.regen` and review the diff"


@pytest.fixture(scope="module")
def text() -> str:
    return synth_case_template(CASE_TEMPLATES["versions_aliases"])


@pytest.fixture(scope="module")
def resources(text: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(text)["Resources"]
    return found


def _of(resources: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in resources.values() if r["Type"] == kind]


def test_the_template_matches_its_golden_file(text: str) -> None:
    assert case_template_path("versions_aliases").read_text(encoding="utf-8") == text, HINT


def test_a_version_is_published_per_revision_and_kept_on_replacement(resources: dict[str, Any]) -> None:
    (version,) = _of(resources, "AWS::StepFunctions::StateMachineVersion")
    machine = next(k for k, r in resources.items() if r["Type"] == "AWS::StepFunctions::StateMachine"
                   and r["Properties"].get("StateMachineName") == "orders")
    assert version["Properties"]["StateMachineArn"] == {"Ref": machine}
    assert version["Properties"]["StateMachineRevisionId"] == {"Fn::GetAtt": [machine, "StateMachineRevisionId"]}
    assert version["UpdateReplacePolicy"] == version["DeletionPolicy"] == "Retain"


def test_aliases_route_or_shift(resources: dict[str, Any]) -> None:
    aliases = {r["Properties"]["Name"]: r["Properties"] for r in _of(resources, "AWS::StepFunctions::StateMachineAlias")}
    version = next(k for k, r in resources.items() if r["Type"] == "AWS::StepFunctions::StateMachineVersion")
    assert aliases["live"]["DeploymentPreference"] == {
        "StateMachineVersionArn": {"Fn::GetAtt": [version, "Arn"]},
        "Type": "CANARY", "Percentage": 10, "Interval": 5, "Alarms": ["orders-executions-failed"]}
    beta = aliases["beta"]["RoutingConfiguration"]
    assert [route["Weight"] for route in beta] == [80, 20]
    assert "Fn::Join" in beta[1]["StateMachineVersionArn"]  # <machine arn>:1
    assert "DeploymentPreference" not in aliases["pinned"]


def test_a_parent_starts_the_alias_with_the_qualifier_in_its_policy(resources: dict[str, Any]) -> None:
    nightly = next(r for r in _of(resources, "AWS::StepFunctions::StateMachine")
                   if "Run Orders" in json.dumps(r["Properties"]["DefinitionString"]))
    assert "${orders_arn}:live" in json.dumps(nightly["Properties"]["DefinitionString"])
    statements = [s for r in _of(resources, "AWS::IAM::Policy") for s in r["Properties"]["PolicyDocument"]["Statement"]]
    start = next(s for s in statements if s["Action"] == "states:StartExecution")
    assert start["Condition"] == {"StringEquals": {"states:StateMachineQualifier": "live"}}


def test_the_golden_file_exists_for_every_case_template() -> None:
    assert all(Path(case_template_path(name)).is_file() for name in CASE_TEMPLATES)
