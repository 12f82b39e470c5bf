"""Import diagnostics not covered elsewhere: several machines with --name (M508), values kept as written (M550)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.cli import main

MACHINE = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def template(*names: str) -> dict[str, object]:
    return {
        "Resources": {
            name: {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": MACHINE}}
            for name in names
        }
    }


def test_name_with_several_machines_is_ambiguous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "template.json"
    source.write_text(json.dumps(template("First", "Second"), indent=2), encoding="utf-8")
    assert main(["import", str(source), "--name", "orders"]) == 1
    err = capsys.readouterr().err
    assert "error[M508]" in err and "leave --name out" in err
    assert main(["import", str(source)]) == 0


def test_unknown_placeholder_is_kept_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definition = {"StartAt": "A", "States": {"A": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": "${OrdersQueue}", "MessageBody.$": "$"}, "End": True}}}
    source = tmp_path / "machine.asl.json"
    source.write_text(json.dumps(definition, indent=2), encoding="utf-8")
    # Written, but exit 1: a parameter without a default has no value where it is read (E364).
    assert main(["import", str(source)]) == 1
    out, err = capsys.readouterr()
    assert "warning[M550]" in err and "error[E364]" in err
    # It becomes a spec parameter without a default: the value is not invented.
    assert "OrdersQueue" in out and "${params.OrdersQueue}" in out


def test_merging_into_a_spec_with_errors_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "workflow.yaml"
    target.write_text("version: 1\nstate_machines:\n  old:\n    states:\n      A: {type: pass, next: Nowhere}\n",
                      encoding="utf-8")
    source = tmp_path / "machine.asl.json"
    source.write_text(json.dumps(MACHINE), encoding="utf-8")
    assert main(["import", str(source), "--into", str(target), "--name", "new", "-o", str(tmp_path / "out.yaml")]) == 0
    err = capsys.readouterr().err
    assert "warning[M551]" in err and "1 error(s) of its own" in err and "[E302]" in err
