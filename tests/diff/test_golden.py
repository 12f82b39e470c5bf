"""Golden cases: tests/diff/cases/<scenario>/{base,head}.yaml -> expected.md and expected.json.

Regenerate with ``python -m tests.diff.regen`` (see tests/diff/README.md) and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import main
from tests.diff.golden import case_dirs, render_case

CASES = case_dirs()
REQUIRED = {"path_changed", "catch_removed", "state_renamed", "parallel_branch_state_added",
            "iam_action_added", "bucket_renamed", "reformatted"}


def test_required_scenarios_exist() -> None:
    assert {c.name for c in CASES} >= REQUIRED


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_golden(case: Path) -> None:
    for name, text in render_case(case).items():
        expected = (case / name).read_text(encoding="utf-8")
        assert text == expected, f"{case.name}/{name} is stale: run python -m tests.diff.regen {case.name}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cli_prints_the_golden_output(case: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(case)
    changed = json.loads((case / "expected.json").read_text())["changed"]
    for fmt, name in (("markdown", "expected.md"), ("json", "expected.json")):
        code = main(["diff", "base.yaml", "head.yaml", "--format", fmt, "--exit-code"])
        assert capsys.readouterr().out == (case / name).read_text(encoding="utf-8")
        assert code == (1 if changed else 0)


def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).parent / "cases" / name / "expected.json").read_text())
    return data


def _flags(name: str, category: str) -> list[dict[str, Any]]:
    return [f for f in _expected(name)["flags"] if f["category"] == category]


def test_reformatting_is_no_change() -> None:
    data = _expected("reformatted")
    assert data["changed"] is False
    assert data["flags"] == data["resources"] == data["iam"] == data["machines"] == []


def test_path_change_is_one_field() -> None:
    [machine] = _expected("path_changed")["machines"]
    [state] = machine["states"]
    assert (state["name"], state["kind"]) == ("Second Task", "changed")
    assert state["fields"] == [{"kind": "changed", "path": "/ResultPath",
                                "before": "$.second_result", "after": "$.second_output"}]


def test_catch_removal_is_flagged() -> None:
    [flag] = _flags("catch_removed", "error_handling")
    assert flag["subject"] == "sub › Third Task"
    assert "Catch removed" in flag["message"] and "States.ALL" in flag["message"]


def test_rename_is_detected_not_remove_and_add() -> None:
    [machine] = _expected("state_renamed")["machines"]
    [state] = machine["states"]
    assert (state["kind"], state["old_name"], state["name"]) == ("renamed", "Third Task", "Third Step")
    assert state["transitions"] == [] and state["fields"] == []


def test_state_added_in_a_parallel_branch() -> None:
    [machine] = _expected("parallel_branch_state_added")["machines"]
    added = [s for s in machine["states"] if s["kind"] == "added"]
    assert [(s["name"], s["where"]) for s in added] == [("Prepare Sub Task 2", "Parallel Task / branch 2")]


def test_iam_action_added_is_flagged() -> None:
    data = _expected("iam_action_added")
    assert [c["permission"]["action"] for c in data["iam"] if c["kind"] == "gained"] == ["s3:GetObject"]
    [flag] = _flags("iam_action_added", "iam")
    assert "gains `s3:GetObject`" in flag["message"]


def test_bucket_rename_flags_the_replacement_and_its_cost() -> None:
    [change] = _expected("bucket_renamed")["resources"]
    assert change["replacement"]["properties"] == ["BucketName"]
    [flag] = _flags("bucket_renamed", "replacement")
    assert "left behind" in flag["message"] and "`removal_policy: retain`" in flag["message"]


def test_new_task_shows_the_generated_permissions() -> None:
    gained = [c["permission"] for c in _expected("task_added")["iam"] if c["kind"] == "gained"]
    assert {(p["principal"], p["action"]) for p in gained} == {("state_machine main", "lambda:InvokeFunction")}


def test_removed_state_is_drawn_as_removed() -> None:
    text = (Path(__file__).parent / "cases" / "state_removed" / "expected.md").read_text(encoding="utf-8")
    assert '["Third Task"]' in text and "classDef removed" in text
    [machine] = _expected("state_removed")["machines"]
    assert [(s["name"], s["kind"]) for s in machine["states"]] == [("Second Task", "changed"), ("Third Task", "removed")]


def test_trigger_changes_say_whether_cloudformation_replaces_or_updates_in_place() -> None:
    [change] = _expected("trigger_schedule_changed")["resources"]
    applied = {line.split(" (", 1)[0]: line for line in change["applied"]}
    # Scheduler's UpdateSchedule takes every property but Name: the schedule keeps its ARN.
    assert "updated in place" in applied["trigger sub.nightly"] and "replaced" not in applied["trigger sub.nightly"]
    assert "ScheduleExpression ← `expression`" in applied["trigger sub.nightly"]
    # A renamed key is a new logical id: a new schedule, the old one deleted.
    assert "replaced: its key was `hourly`" in applied["trigger sub.every_hour"]
    # EventBusName is in the rule schema's conditionalCreateOnlyProperties.
    assert "conditionally create-only" in applied["trigger sub.orders"]
    flagged = {f["subject"] for f in _flags("trigger_schedule_changed", "replacement")}
    assert flagged == {"trigger sub.every_hour", "trigger sub.orders"}


def test_a_removed_alarm_and_notification_are_flagged() -> None:
    flags = {f["subject"]: f["message"] for f in _flags("alarm_removed", "monitoring")}
    assert set(flags) == {"alarm sub.failures", "notification sub.failed"}
    assert "no longer reaches `alerts`" in flags["alarm sub.failures"]
    assert "alias `live` no longer rolls back on it" in flags["alarm sub.failures"]
    assert "FAILED, TIMED_OUT, ABORTED are no longer sent to `alerts`" in flags["notification sub.failed"]
