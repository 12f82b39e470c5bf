"""Mistakes in a MockConfigFile are diagnostics with line and column; nothing runs (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.testing.mock_config import load_mock_config
from tests.testing.conftest import AWS_EXAMPLE, Ran

ASL = str(AWS_EXAMPLE / "LambdaSQSIntegration.asl.json")


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "MockConfigFile.json"
    path.write_text(text, "utf-8")
    return path


def _codes(path: Path) -> list[tuple[str, int, int]]:
    report = load_mock_config(path).report
    return [(d.code, d.span.line, d.span.col) for d in report.sorted()]


def test_the_documented_file_is_sound() -> None:
    assert _codes(AWS_EXAMPLE / "MockConfigFile.json") == []


def test_unknown_response_name(tmp_path: Path) -> None:
    path = _config(tmp_path, """{
  "StateMachines": {"M": {"TestCases": {"C": {
    "S": "MockedLambdaSucess"}}}},
  "MockedResponses": {"MockedLambdaSuccess": {"0": {"Return": 1}}}
}""")
    report = load_mock_config(path).report
    [found] = report.diagnostics
    assert (found.code, found.span.line, found.span.col) == ("T813", 3, 10)
    assert found.hint == "did you mean 'MockedLambdaSuccess'?"


def test_overlapping_ranges_and_malformed_keys(tmp_path: Path) -> None:
    path = _config(tmp_path, """{
  "MockedResponses": {"R": {
    "0-2": {"Return": 1},
    "2": {"Return": 2},
    "3-1": {"Return": 3}
  }}
}""")
    assert _codes(path) == [("T815", 4, 5), ("T814", 5, 5)]


def test_return_and_throw_exclude_each_other_and_throw_needs_an_error(tmp_path: Path) -> None:
    path = _config(tmp_path, """{"MockedResponses": {"R": {
  "0": {"Return": 1, "Throw": {"Error": "E"}},
  "1": {"Throw": {"Cause": "c"}}
}}}""")
    assert [c for c, _, _ in _codes(path)] == ["T804", "T800"]


def test_unknown_top_level_field_suggests_the_right_one(tmp_path: Path) -> None:
    path = _config(tmp_path, '{"MockedResponse": {}}')
    report = load_mock_config(path).report
    [found] = report.diagnostics
    assert found.code == "T801"
    assert found.hint == "did you mean 'MockedResponses'?"


def _aws_config(tmp_path: Path, case: dict[str, str]) -> Path:
    doc = json.loads((AWS_EXAMPLE / "MockConfigFile.json").read_text("utf-8"))
    doc["StateMachines"]["LambdaSQSIntegration"]["TestCases"]["Mine"] = case
    return _config(tmp_path, json.dumps(doc, indent=2))


@pytest.mark.parametrize(("case", "code", "words"), [
    ({"LambdaStat": "MockedLambdaSuccess"}, "T811", "did you mean 'LambdaState'?"),
])
def test_unknown_state_when_run(cli: Callable[..., Ran], tmp_path: Path, case: dict[str, str], code: str,
                                words: str) -> None:
    path = _aws_config(tmp_path, case)
    ran = cli("run", ASL, "--mock-config", str(path), "--test-case", "Mine")
    assert ran.code == 2
    assert f"error[{code}]" in ran.err
    assert words in ran.err
    assert f"{path}:" in ran.err


def test_a_mock_for_a_state_that_is_not_a_task(cli: Callable[..., Ran], tmp_path: Path) -> None:
    definition = {"StartAt": "Wait", "States": {"Wait": {"Type": "Pass", "End": True}}}
    asl = tmp_path / "Machine.asl.json"
    asl.write_text(json.dumps(definition), "utf-8")
    path = _config(tmp_path, json.dumps({"StateMachines": {"Machine": {"TestCases": {"C": {"Wait": "R"}}}},
                                         "MockedResponses": {"R": {"0": {"Return": 1}}}}))
    ran = cli("run", str(asl), "--mock-config", str(path), "--test-case", "C")
    assert ran.code == 2
    assert "error[T812] 'Wait' is a Pass state; only Task states can be mocked" in ran.err


def test_a_machine_not_in_the_file(cli: Callable[..., Ran], tmp_path: Path) -> None:
    asl = tmp_path / "Other.asl.json"
    asl.write_text((AWS_EXAMPLE / "LambdaSQSIntegration.asl.json").read_text("utf-8"), "utf-8")
    ran = cli("run", str(asl), "--mock-config", str(AWS_EXAMPLE / "MockConfigFile.json"), "--test-case", "HappyPath")
    assert ran.code == 2
    assert "no state machine 'Other' under StateMachines (it has: LambdaSQSIntegration)" in ran.err
