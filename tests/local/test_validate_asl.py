"""``compiler validate`` on a bare ASL file: imported in memory, checked, located in the ASL file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.local.asl_file import looks_like_asl, to_asl_path

BAD = """\
{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "InputPath": "$..[bad", "Next": "P"},
    "P": {"Type": "Parallel", "Next": "T",
          "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "ResultPath": "$.x[", "End": true}}}]},
    "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
          "Next": "Nowhere"}
  }
}
"""


def _validate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["validate", *argv])
    return code, capsys.readouterr().out


def test_problems_point_at_the_asl_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.asl.json"
    path.write_text(BAD, "utf-8")
    code, out = _validate(capsys, str(path), "--format", "json")
    assert code == 1
    found = {(d["code"], d["line"]) for d in _diagnostics(out)}
    assert ("E320", 4) in found  # InputPath of A
    assert ("E320", 6) in found  # ResultPath of B, inside the Parallel's branch
    assert ("E302", 8) in found  # T's Next
    assert all(d["file"] == str(path) for d in _diagnostics(out))
    assert any("'InputPath' is not a valid JSONPath" in str(d["message"]) for d in _diagnostics(out))


def _diagnostics(out: str) -> list[dict[str, object]]:
    return list(json.loads(out)["diagnostics"])


def test_a_refused_definition_is_reported_where_it_sits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "zero.asl.json"
    path.write_text(BAD.replace('"Next": "Nowhere"', '"TimeoutSeconds": 0, "End": true'), "utf-8")
    code, out = _validate(capsys, str(path))
    assert code == 1
    assert f"{path}:8" in out and "timeout_seconds" in out


def test_a_valid_yaml_definition_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ok.asl.yaml"
    path.write_text("StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n", "utf-8")
    code, _ = _validate(capsys, str(path))
    assert code == 0


def test_specs_are_not_taken_for_asl(repo: Path) -> None:
    assert not looks_like_asl(repo / "workflow.yaml")


def test_spec_paths_become_asl_paths() -> None:
    assert to_asl_path(("state_machines", "m", "states", "A", "branches", 0, "states", "B", "result_path")) == (
        "States", "A", "Branches", 0, "States", "B", "ResultPath")
    assert to_asl_path(("state_machines", "m", "states", "T", "invoke")) == ("States", "T", "Resource")
    assert to_asl_path(("resources", "f", "existing")) == ()


CHOICE = """\
{
  "Comment": "a bad Default in a state whose name is not one capitalized word",
  "StartAt": "Check Status",
  "States": {
    "Check Status": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.status",
          "StringEquals": "DONE",
          "Next": "Done"
        }
      ],
      "Default": "Nowhere"
    },
    "Done": {"Type": "Succeed"}
  }
}
"""


def test_state_names_are_kept_verbatim_when_locating(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "choice.asl.json"
    path.write_text(CHOICE, "utf-8")
    _, out = _validate(capsys, str(path))
    assert out.startswith(f"{path}:14:18: error[E302]")


def test_a_one_line_definition_prints_a_window_around_the_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(CHOICE)
    data["Comment"] = "x" * 5000
    path = tmp_path / "one.asl.json"
    path.write_text(json.dumps(data), "utf-8")
    _, out = _validate(capsys, str(path))
    source_line, caret_line = out.splitlines()[1:3]
    assert len(source_line) < 200 and '"Default": "Nowhere"' in source_line
    # The caret still points at the value.
    start = caret_line.index("^")
    assert source_line[start:start + len('"Nowhere"')] == '"Nowhere"'


def test_keys_inside_free_form_values_are_kept() -> None:
    assert to_asl_path(("state_machines", "m", "states", "get item", "parameters", "table_name")) == (
        "States", "get item", "Parameters", "table_name")
